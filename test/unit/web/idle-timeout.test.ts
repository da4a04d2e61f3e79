// The dashboard's idle sign-out (issue 23 §3; GB/T 22239-2019 8.1.4.1 b 登录连接超时自动退出), with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_MINUTES, idleMillis, watchIdle } from '../../../web/src/auth/idle-timeout';

const MINUTE = 60_000;

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-07T08:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('idle sign-out', () => {
  it('signs out after 15 minutes without activity, not before', () => {
    const onIdle = vi.fn();
    const watch = watchIdle({ target: new EventTarget(), onIdle });
    vi.advanceTimersByTime(15 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('counts the 15 minutes from the last key, pointer, wheel, touch or scroll', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const watch = watchIdle({ target, onIdle });
    for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll']) {
      vi.advanceTimersByTime(10 * MINUTE);
      target.dispatchEvent(new Event(type));
    }
    // 50 minutes in, active every 10: still signed in; 15 minutes after the last scroll, out.
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('signs out at once when the page is seen again after sleeping past the deadline', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    let clock = Date.now();
    const watch = watchIdle({ target, onIdle, now: () => clock });
    // The machine slept: the clock moved 20 minutes, no timer fired.
    clock += 20 * MINUTE;
    target.dispatchEvent(new Event('visibilitychange'));
    expect(onIdle).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('takes idleMinutes from the configuration, and the default for a missing or nonsensical value', () => {
    expect(idleMillis(5)).toBe(5 * MINUTE);
    for (const value of [undefined, 0, -3, 'ten', Number.NaN]) expect(idleMillis(value)).toBe(DEFAULT_IDLE_MINUTES * MINUTE);
    const onIdle = vi.fn();
    const watch = watchIdle({ target: new EventTarget(), onIdle, idleMinutes: 5 });
    vi.advanceTimersByTime(5 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('does nothing once stopped', () => {
    const onIdle = vi.fn();
    watchIdle({ target: new EventTarget(), onIdle }).stop();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
