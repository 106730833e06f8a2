/**
 * A forced disconnect in real Chromium against the real gateway and emulator: the resumed log has
 * every line the emulator wrote exactly once, in order, with one marker where the connection broke.
 */
import { cleanup, render, waitFor } from '@testing-library/react';
import { useEffect, type ReactNode } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { LogLine } from '../../src/core/index.ts';
import { KubeVisionProvider, useLogStream, type LogStreamView } from '../../src/react/index.ts';

const baseUrl = inject('realGatewayUrl');
const token = inject('realGatewayToken');

afterEach(() => cleanup());

const latest: { view: LogStreamView | null } = { view: null };

function Probe(): ReactNode {
  const stream = useLogStream({ cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', tail: 30 });
  useEffect(() => {
    latest.view = stream;
  });
  return null;
}

function view(): LogStreamView {
  if (!latest.view) throw new Error('the probe has not rendered');
  return latest.view;
}

const lines = (): LogLine[] => [...view().lines].filter((e): e is LogLine => e.kind === 'line');

describe('log resume against the real gateway', () => {
  it('loses and repeats no line across a dropped connection', async () => {
    render(
      <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
        <Probe />
      </KubeVisionProvider>,
    );
    await waitFor(() => expect(lines().length).toBeGreaterThanOrEqual(40), { timeout: 15_000 });
    await commands.dropRealGatewaySockets();
    await waitFor(() => expect([...view().lines].some((e) => e.kind === 'disconnect')).toBe(true), { timeout: 10_000 });
    const before = lines().length;
    await waitFor(() => expect(view().status.state).toBe('streaming'), { timeout: 15_000 });
    // Enough lines after the resume that a gap or a replay would show.
    await waitFor(() => expect(lines().length).toBeGreaterThanOrEqual(before + 20), { timeout: 15_000 });

    const held = lines().map((l) => `${l.timestamp ?? ''} ${l.text}`);
    const emulator = (await commands.emulatorLog('prod-us', 'default', 'my-pod', 'app')).split('\n').filter((l) => l !== '');
    const start = emulator.indexOf(held[0] ?? '');
    expect(start, 'the first held line is in the emulator log').toBeGreaterThanOrEqual(0);
    expect(held).toEqual(emulator.slice(start, start + held.length));
    expect(new Set(held).size).toBe(held.length);
    expect([...view().lines].filter((e) => e.kind === 'disconnect')).toHaveLength(1);
  });
});
