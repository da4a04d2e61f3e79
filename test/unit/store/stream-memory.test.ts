import { describe, expect, it } from 'vitest';
import { withCity } from '../../../functions/shared/city-scope';
import { createStreamMemory } from '../../../functions/store/stream-memory';

describe('stream memory', () => {
  it('keeps each city\'s stream apart: the same id names another stream in another city', () => {
    const memory = createStreamMemory<{ version: number; tag: string }>();
    withCity('liaocheng', () => memory.remember('policy', { version: 3, tag: 'liaocheng' }));
    withCity('jinan', () => memory.remember('policy', { version: 7, tag: 'jinan' }));
    expect(withCity('liaocheng', () => memory.get('policy'))).toEqual({ version: 3, tag: 'liaocheng' });
    expect(withCity('jinan', () => memory.get('policy'))).toEqual({ version: 7, tag: 'jinan' });
    expect(withCity('heze', () => memory.get('policy'))).toBeUndefined();
  });

  it('never goes back to an earlier version (a slow read answered after an append), and takes the same version again', () => {
    const memory = createStreamMemory<{ version: number; next: number }>();
    memory.remember('s', { version: 5, next: 1 });
    memory.remember('s', { version: 4, next: 9 });
    expect(memory.get('s')).toEqual({ version: 5, next: 1 });
    memory.remember('s', { version: 5, next: 2 });
    expect(memory.get('s')).toEqual({ version: 5, next: 2 });
    memory.forget('s');
    expect(memory.get('s')).toBeUndefined();
  });

  it('starts over when full instead of growing without bound', () => {
    const memory = createStreamMemory<{ version: number }>(3);
    for (const id of ['a', 'b', 'c']) memory.remember(id, { version: 1 });
    memory.remember('a', { version: 2 });
    expect(memory.get('b')).toEqual({ version: 1 });
    memory.remember('d', { version: 1 });
    expect([memory.get('a'), memory.get('b'), memory.get('c'), memory.get('d')]).toEqual([undefined, undefined, undefined, { version: 1 }]);
  });
});
