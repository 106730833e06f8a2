import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter, callSafely } from '../../src/core/emitter.ts';

interface Events {
  message: (text: string, n: number) => void;
  close: () => void;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Emitter', () => {
  it('calls every listener of a type with the arguments, in the order they were added', () => {
    const emitter = new Emitter<Events>();
    const calls: string[] = [];
    emitter.on('message', (text, n) => calls.push(`first ${text} ${n}`));
    emitter.on('message', (text, n) => calls.push(`second ${text} ${n}`));
    const close = vi.fn();
    emitter.on('close', close);
    emitter.emit('message', 'hi', 2);
    expect(calls).toEqual(['first hi 2', 'second hi 2']);
    expect(close).not.toHaveBeenCalled();
    expect(emitter.listenerCount('message')).toBe(2);
    expect(emitter.listenerCount('close')).toBe(1);
  });

  it('the function returned by on removes exactly that listener', () => {
    const emitter = new Emitter<Events>();
    const a = vi.fn();
    const b = vi.fn();
    const offA = emitter.on('close', a);
    emitter.on('close', b);
    offA();
    offA();
    emitter.emit('close');
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount('close')).toBe(1);
  });

  it('a listener removed during an emit still gets that emit, a listener added during it does not', () => {
    const emitter = new Emitter<Events>();
    const late = vi.fn();
    const second = vi.fn();
    let offSecond = (): void => undefined;
    emitter.on('close', () => {
      offSecond();
      emitter.on('close', late);
    });
    offSecond = emitter.on('close', second);
    emitter.emit('close');
    expect(second).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
  });

  it('a throwing listener does not stop the others, and its error is rethrown asynchronously', async () => {
    const emitter = new Emitter<Events>();
    const after = vi.fn();
    const boom = new Error('listener failed');
    emitter.on('close', () => {
      throw boom;
    });
    emitter.on('close', after);
    const microtasks: (() => void)[] = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((cb) => {
      microtasks.push(cb);
    });
    expect(() => emitter.emit('close')).not.toThrow();
    spy.mockRestore();
    expect(after).toHaveBeenCalledTimes(1);
    expect(microtasks).toHaveLength(1);
    expect(() => microtasks[0]?.()).toThrow(boom);
  });

  it('emitting a type without listeners does nothing, and clear removes every listener', () => {
    const emitter = new Emitter<Events>();
    expect(() => emitter.emit('close')).not.toThrow();
    const listener = vi.fn();
    emitter.on('message', listener);
    emitter.clear();
    emitter.emit('message', 'x', 1);
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.listenerCount('message')).toBe(0);
  });
});

describe('callSafely', () => {
  it('passes the arguments through', () => {
    const fn = vi.fn();
    callSafely(fn, 1, 'two');
    expect(fn).toHaveBeenCalledWith(1, 'two');
  });
});
