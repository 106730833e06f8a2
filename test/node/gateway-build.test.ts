/**
 * The built gateway (npm run build:gateway) and the image recipe around it. No Docker engine runs
 * here, so the Dockerfile is checked for what it promises and the built directory is run as the
 * image runs it: copied away from the repository (no node_modules to fall back on), started with
 * plain `node`, with a read-only root filesystem imitated by checking that it writes only to its
 * recordings directory and TMPDIR.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';

const ADMIN = 'build-test-admin-token';
const root = mkdtempSync(join(tmpdir(), 'kv-gateway-build-'));
const app = join(root, 'app');
const dirs = { home: join(root, 'home'), cwd: join(root, 'cwd'), tmp: join(root, 'tmp'), recordings: join(root, 'recordings') };
let child: ChildProcess | undefined;
let output = '';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/build/bundle-gateway.ts', join(root, 'built')]);
  // Away from the repository, as in the image: nothing but the built directory to load from.
  cpSync(join(root, 'built'), app, { recursive: true });
  for (const d of Object.values(dirs)) mkdirSync(d);
}, 120_000);

afterAll(async () => {
  const running = child;
  if (running && running.exitCode === null) {
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the built gateway', () => {
  it('holds plain JavaScript and only the native addons it loads', () => {
    expect(filesUnder(app).filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(readdirSync(join(app, 'node_modules')).sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path', 'node-pty']);
    expect(filesUnder(join(app, 'node_modules')).filter((f) => /\.(cc|cpp|h|c|gyp|a|o)$/.test(f))).toEqual([]);
  });

  it('starts with node alone, prints its listening line, answers /healthz and /readyz, and writes only where it may', async () => {
    const appBefore = filesUnder(app);
    child = spawn(process.execPath, ['--enable-source-maps', join(app, 'main.js'), '--sim', '--port', '0', '--recordings', dirs.recordings], {
      cwd: dirs.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: dirs.home, TMPDIR: dirs.tmp, KUBEVISION_ADMIN_TOKEN: ADMIN, NODE_ENV: 'test' },
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => /KubeVision gateway listening on http:\/\/127\.0\.0\.1:\d+/.test(output), 'the listening line', 30_000);
    const url = /KubeVision gateway listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // A REST call through the bundled client-node to the bundled emulator.
    const pods = await fetch(`${url}/api/v1/clusters/prod-us/pods?namespace=default`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(pods.status).toBe(200);
    expect(JSON.stringify(await pods.json())).toContain('my-pod');
    // better-sqlite3 loaded: the audit index exists.
    expect(filesUnder(dirs.recordings)).toContain('audit.sqlite');
    expect(filesUnder(dirs.home)).toEqual([]);
    expect(filesUnder(dirs.cwd)).toEqual([]);
    expect(filesUnder(app)).toEqual(appBefore);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds in one stage and runs on node:20-bookworm-slim in another', () => {
    expect(lines.filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:20-bookworm AS build', 'FROM node:20-bookworm-slim AS runtime']);
    expect(stages[0]).toMatch(/npm ci\b/);
    expect(stages[0]).toMatch(/npm run build:gateway/);
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['build:gateway']).toBe('tsx server/build/bundle-gateway.ts');
  });

  it('runs the install scripts of the native addons the build keeps outside the bundle, and only those the build needs', () => {
    const rebuilt = /npm rebuild ([\w@/ -]+)$/m.exec(stages[0] ?? '')?.[1]?.trim().split(/\s+/) ?? [];
    expect(stages[0]).toMatch(/npm ci --ignore-scripts/);
    expect(rebuilt).toEqual(expect.arrayContaining(readdirSync(join(app, 'node_modules')).filter((m) => existsSync(join(app, 'node_modules', m, 'build')))));
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    for (const name of rebuilt) expect(lock.packages[`node_modules/${name}`]?.hasInstallScript, name).toBe(true);
  });

  it('copies only the built gateway into the runtime and installs nothing there', () => {
    expect(runtime).not.toMatch(/npm (ci|install)|apt-get/);
    expect(runtime.match(/^COPY .*/gm)).toEqual(['COPY --from=build /src/dist-server/ /app/']);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "--enable-source-maps", "\/app\/main\.js"\]$/m);
  });

  it('runs as a numeric non-root user', () => {
    const user = runtime.match(/^USER (.+)$/gm)?.at(-1) ?? '';
    const [uid, gid] = user.replace('USER ', '').split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
  });

  it('carries no secret and sends no local state into the build', () => {
    expect(lines.filter((l) => /^(ENV|ARG)\b/.test(l) && /(SECRET|TOKEN|PASSWORD|KEY)/i.test(l))).toEqual([]);
    const ignore = readFileSync('.dockerignore', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore.slice(1).every((l) => l.startsWith('!'))).toBe(true);
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(' '));
    expect(copied.length).toBeGreaterThan(0);
    for (const path of copied) expect(ignore.includes(`!${path}`) || ignore.includes(`!${path}/`), path).toBe(true);
  });
});
