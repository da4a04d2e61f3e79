// once: what a module sets up lazily is built on the first call only, and never before it.
import { describe, expect, it } from 'vitest';
import { once } from '../../../domain/once';

describe('once', () => {
  it('builds on the first call, not before, and returns that same value afterwards', () => {
    let builds = 0;
    const value = once(() => ({ build: ++builds }));
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(first).toEqual({ build: 1 });
    expect(builds).toBe(1);
  });

  it('keeps an undefined result rather than building again', () => {
    let builds = 0;
    const value = once(() => {
      builds += 1;
      return undefined;
    });
    value();
    value();
    expect(builds).toBe(1);
  });
});
