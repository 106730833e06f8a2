/**
 * Recordings can show secrets that appeared on screen, and the audit index says who opened a shell
 * where: the directory is 0700 and every file in it, the SQLite index and its WAL files included,
 * is 0600, also when an older gateway left the index readable by others.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionRecorder } from '../../server/recording/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function modes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, (statSync(join(dir, name)).mode & 0o777).toString(8)]));
}

describe('recording directory permissions', () => {
  it('keeps the index, its WAL files and the recordings private to the gateway', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kv-perm-'));
    dirs.push(root);
    const dir = join(root, 'recordings');
    const recorder = await SessionRecorder.open({ dir, recordInput: false });
    const recording = recorder.start({ user: 'alice', cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', command: ['sh'], width: 80, height: 24 });
    recording.output(Buffer.from('hello\r\n'));
    recording.finish(0);
    await recorder.list();
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    const files = modes(dir);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['audit.sqlite', 'audit.sqlite-wal', 'audit.sqlite-shm']));
    expect(Object.values(files).every((m) => m === '600'), JSON.stringify(files)).toBe(true);
    await recorder.close();
  });

  it('closes an index an older gateway left readable by others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kv-perm-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'audit.sqlite'), '');
    chmodSync(join(dir, 'audit.sqlite'), 0o644);
    await (await SessionRecorder.open({ dir, recordInput: false })).close();
    expect((statSync(join(dir, 'audit.sqlite')).mode & 0o777).toString(8)).toBe('600');
  });
});
