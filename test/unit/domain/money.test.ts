import { describe, expect, it } from 'vitest';
import { applyBps, divRoundHalfUp, feeFor, ratioBps, sumFen } from '../../../domain/money';
import { Y } from './fixtures';

describe('basis-point arithmetic', () => {
  it('takes a share of an amount: pool 10 % of 3,000,000.00 = 300,000.00', () => {
    expect(applyBps(Y('3,000,000.00'), 1000)).toBe(Y('300,000.00'));
  });

  it('rounds half up to the fen once, at the end', () => {
    // 0.05 × 10 % = 0.005 → 0.01 (half up); 0.04 × 10 % = 0.004 → 0.00
    expect(applyBps(5n, 1000)).toBe(1n);
    expect(applyBps(4n, 1000)).toBe(0n);
  });

  it('computes a bridge fee with one rounding: 8,000,000.00 × 8 bp × 3 days = 19,200.00', () => {
    expect(feeFor(Y('8,000,000.00'), 8, 3)).toBe(Y('19,200.00'));
  });

  it('does not round per day: 0.07 × 8 bp × 10 days = 0.00056 yuan → 0.00, but 10 × (rounded per day) would differ', () => {
    // 7 fen × 8 × 10 / 10000 = 0.056 fen → 0; per-day rounding would also give 0, so use 63 fen × 8 bp × 10 days:
    // 63 × 80 / 10000 = 0.504 fen → 1 fen; per day 63 × 8 / 10000 = 0.0504 → 0 fen × 10 = 0.
    expect(feeFor(63n, 8, 10)).toBe(1n);
  });

  it('rounds negative halves away from zero', () => {
    expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfUp(-4n, 10n)).toBe(0n);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('expresses ratios in bp and sums fen', () => {
    expect(ratioBps(1n, 3n)).toBe(3333);
    expect(ratioBps(2n, 3n)).toBe(6667);
    expect(ratioBps(1n, 0n)).toBe(0);
    expect(sumFen([1n, 2n, 3n])).toBe(6n);
  });
});
