import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher, TIMER_FRAME_MS, defaultScheduler, timerScheduler } from '../../src/core/scheduler.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Resolves after the page's next animation frame callbacks (registered after the ones under test) ran. */
const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

describe('Batcher on requestAnimationFrame (defaultScheduler in a page)', () => {
  it('uses the page animation frame', () => {
    const spy = vi.spyOn(globalThis, 'requestAnimationFrame');
    const batcher = new Batcher(defaultScheduler(), () => undefined);
    batcher.schedule();
    expect(spy).toHaveBeenCalledTimes(1);
    batcher.dispose();
    spy.mockRestore();
  });

  it('runs one flush per frame however many schedule() calls came before it', async () => {
    const flush = vi.fn();
    const batcher = new Batcher(defaultScheduler(), flush);
    for (let i = 0; i < 1000; i++) batcher.schedule();
    expect(flush).not.toHaveBeenCalled();
    expect(batcher.pending).toBe(true);
    await nextFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(batcher.pending).toBe(false);

    await nextFrame();
    expect(flush).toHaveBeenCalledTimes(1);

    batcher.schedule();
    batcher.schedule();
    await nextFrame();
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('dispose cancels the pending flush', async () => {
    const flush = vi.fn();
    const batcher = new Batcher(defaultScheduler(), flush);
    batcher.schedule();
    batcher.dispose();
    expect(batcher.pending).toBe(false);
    await nextFrame();
    await nextFrame();
    expect(flush).not.toHaveBeenCalled();
  });
});

describe('defaultScheduler without requestAnimationFrame', () => {
  it('falls back to a timer of TIMER_FRAME_MS', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const flush = vi.fn();
    const batcher = new Batcher(defaultScheduler(), flush);
    batcher.schedule();
    vi.advanceTimersByTime(TIMER_FRAME_MS - 1);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});

describe('Batcher on timerScheduler (fake timers)', () => {
  it('coalesces every schedule() before the interval ends into one flush', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const batcher = new Batcher(timerScheduler(50), flush);
    batcher.schedule();
    vi.advanceTimersByTime(20);
    for (let i = 0; i < 100; i++) batcher.schedule();
    vi.advanceTimersByTime(29);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flushes again after a later schedule(), including one made during the flush', () => {
    vi.useFakeTimers();
    let runs = 0;
    const batcher: Batcher = new Batcher(timerScheduler(10), () => {
      runs++;
      if (runs === 1) batcher.schedule();
    });
    batcher.schedule();
    vi.advanceTimersByTime(10);
    expect(runs).toBe(1);
    expect(batcher.pending).toBe(true);
    vi.advanceTimersByTime(10);
    expect(runs).toBe(2);
    expect(batcher.pending).toBe(false);
    batcher.schedule();
    vi.advanceTimersByTime(10);
    expect(runs).toBe(3);
  });

  it('dispose cancels the pending flush and leaves no timer behind', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const batcher = new Batcher(timerScheduler(10), flush);
    batcher.schedule();
    expect(vi.getTimerCount()).toBe(1);
    batcher.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(batcher.pending).toBe(false);
    vi.advanceTimersByTime(100);
    expect(flush).not.toHaveBeenCalled();
    batcher.dispose();
  });

  it('a flush that throws does not wedge the batcher', () => {
    vi.useFakeTimers();
    let fail = true;
    const flush = vi.fn(() => {
      if (fail) throw new Error('boom');
    });
    const batcher = new Batcher(timerScheduler(10), flush);
    batcher.schedule();
    expect(() => vi.advanceTimersByTime(10)).toThrow('boom');
    fail = false;
    expect(batcher.pending).toBe(false);
    batcher.schedule();
    vi.advanceTimersByTime(10);
    expect(flush).toHaveBeenCalledTimes(2);
  });
});
