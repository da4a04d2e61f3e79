import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCap } from '../../../domain/subsidy';

// Whatever the formula gives and whatever was granted before, a grant never takes a cap past its
// limit, is never more than the formula, and is cut only when the formula passed what was left.
describe('caps', () => {
  it('never pass the limit, and cut exactly to what is left', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.bigInt({ min: 0n, max: 10n ** 10n }), (formula, limit, usedRaw) => {
        const used = usedRaw > limit ? limit : usedRaw;
        const result = applyCap({ formula, cap: { scope: 'per-firm-year', limit, key: 'k' }, basis: {} }, used);
        if ('code' in result) {
          expect(result.code).toBe('cap-exhausted');
          expect(used).toBe(limit);
          return;
        }
        expect(used + result.amount).toBeLessThanOrEqual(limit);
        expect(result.amount).toBeLessThanOrEqual(formula);
        expect(result.cut === undefined).toBe(result.amount === formula);
        if (result.cut !== undefined) expect(result.amount).toBe(limit - used);
      }),
    );
  });
});
