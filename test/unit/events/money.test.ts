import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { formatYuan, MoneyFormatError, parseYuan, positiveYuan, signedYuan, yuan } from '../../../events/money';

describe('parseYuan', () => {
  it('reads yuan with zero, one or two decimals as fen', () => {
    expect(parseYuan('12500000.00')).toBe(1_250_000_000n);
    expect(parseYuan('1.5')).toBe(150n);
    expect(parseYuan('7')).toBe(700n);
    expect(parseYuan('0.01')).toBe(1n);
    expect(parseYuan('0')).toBe(0n);
  });

  it('keeps exact values far beyond float precision', () => {
    expect(parseYuan('90071992547409.93')).toBe(9_007_199_254_740_993n);
  });

  it.each([
    ['1.005', 'more than two decimals'],
    ['1e5', 'exponent'],
    ['+5.00', 'leading "+"'],
    ['-5.00', 'negative'],
    ['', 'empty'],
    ['01.00', 'decimal string'],
    ['1,000.00', 'decimal string'],
    ['.5', 'decimal string'],
    ['5.', 'decimal string'],
    [' 5', 'decimal string'],
  ])('refuses %j (%s) and names the field', (text, why) => {
    expect(() => parseYuan(text, 'principal')).toThrow(MoneyFormatError);
    expect(() => parseYuan(text, 'principal')).toThrow(new RegExp(`^principal: .*${why.replace(/[+"]/g, '.')}`));
  });

  it('accepts a sign only when asked for', () => {
    expect(parseYuan('-12.50', 'amount', { signed: true })).toBe(-1250n);
    expect(() => parseYuan('+12.50', 'amount', { signed: true })).toThrow(/leading/);
  });
});

describe('formatYuan', () => {
  it('always writes two decimals', () => {
    expect(formatYuan(1_250_000_000n)).toBe('12500000.00');
    expect(formatYuan(5n)).toBe('0.05');
    expect(formatYuan(0n)).toBe('0.00');
    expect(formatYuan(-1250n)).toBe('-12.50');
    expect(formatYuan(-5n)).toBe('-0.05');
  });
});

describe('money codecs', () => {
  const body = z.object({ amount: yuan });

  it('rejects a JSON number with a clear message at the field', () => {
    const result = body.safeParse({ amount: 12.5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['amount'], message: 'amount must be a decimal string, not a number' });
  });

  it('decodes to bigint fen and encodes back to two decimals', () => {
    expect(body.parse({ amount: '12.5' })).toEqual({ amount: 1250n });
    expect(z.encode(body, { amount: 1250n })).toEqual({ amount: '12.50' });
  });

  it('says why a malformed string is refused', () => {
    expect(body.safeParse({ amount: '1.234' }).error?.issues[0]?.message).toBe('amount has more than two decimals');
  });

  it('positiveYuan refuses zero; yuan accepts it', () => {
    expect(positiveYuan.safeParse('0.00').success).toBe(false);
    expect(positiveYuan.parse('0.01')).toBe(1n);
    expect(yuan.parse('0.00')).toBe(0n);
  });

  it('signedYuan round-trips negatives; yuan refuses them', () => {
    expect(signedYuan.parse('-0.05')).toBe(-5n);
    expect(z.encode(signedYuan, -5n)).toBe('-0.05');
    expect(yuan.safeParse('-0.05').success).toBe(false);
  });
});
