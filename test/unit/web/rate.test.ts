import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBps, toBps } from '../../../web/src/format/rate';

describe('rates typed as % or ‰, kept in basis points', () => {
  it('converts as a finance officer writes them, exactly', () => {
    // 0.01 % a day = 1 bp (日万分之一); 3.65 % = 365 bp; 0.8 ‰ = 8 bp; 1.95 bp is not a whole bp
    expect(toBps('0.01', 'percent')).toBe(1);
    expect(toBps('3.65', 'percent')).toBe(365);
    expect(toBps(' 0.80 ', 'permille')).toBe(8);
    expect(toBps('100', 'percent')).toBe(10_000);
    expect(toBps('0.0195', 'percent')).toBeUndefined();
    expect(toBps('0.15', 'permille')).toBeUndefined();
    for (const bad of ['', 'abc', '1e2', '1,5', '.5', '0.1%']) expect(toBps(bad, 'percent')).toBeUndefined();
    expect(fromBps(365, 'percent')).toBe('3.65');
    expect(fromBps(1, 'permille')).toBe('0.1');
    expect(fromBps(8000, 'percent')).toBe('80');
    expect(fromBps(0, 'percent')).toBe('0');
  });

  it('reads back: bp → text → bp in either unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constantFrom('percent' as const, 'permille' as const), (bps, unit) => {
        expect(toBps(fromBps(bps, unit), unit)).toBe(bps);
      }),
    );
  });
});
