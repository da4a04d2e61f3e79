import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoScale, formatAmount, formatDigits, fromFen, toFen } from '../../../web/src/format/amount';

/**
 * Reads a formatted figure back to fen. Each scale's last place is one fen (yuan 10⁻², 万元 10⁻⁶,
 * 亿元 10⁻¹⁰), so the digits padded to that many places are the fen.
 */
const back = (digits: string, places: number): bigint => {
  const [whole = '', fraction = ''] = digits.replace(/,/g, '').replace('-', '').split('.');
  const fen = BigInt(whole + fraction.padEnd(places, '0'));
  return digits.startsWith('-') ? -fen : fen;
};

describe('the amount formatter', () => {
  it('shows yuan with thousands separators and two decimals', () => {
    expect(formatDigits('12500000.00')).toBe('12,500,000.00');
    expect(formatDigits('0.5')).toBe('0.50');
    expect(formatDigits('-1234.56')).toBe('-1,234.56');
  });

  it('keeps every digit to the fen in 万元 and 亿元', () => {
    // 12,345,678.90 yuan = 1,234.56789 万元 = 0.1234567890 亿元 (trailing zero dropped, nothing rounded)
    expect(formatDigits('12345678.90', 'wan')).toBe('1,234.56789');
    expect(formatDigits('123456789.01', 'yi')).toBe('1.2345678901');
    expect(formatDigits('5000000000.00', 'yi')).toBe('50');
    expect(formatDigits('0.01', 'wan')).toBe('0.000001');
  });

  it('picks 亿元 from 100,000,000, 万元 from 100,000, else yuan', () => {
    expect(autoScale(toFen('99999.99'))).toBe('yuan');
    expect(autoScale(toFen('100000.00'))).toBe('wan');
    expect(autoScale(toFen('99999999.99'))).toBe('wan');
    expect(autoScale(toFen('100000000.00'))).toBe('yi');
    expect(autoScale(toFen('-100000000.00'))).toBe('yi');
    expect(formatAmount('170000000.00', 'auto')).toEqual({ digits: '1.7', scale: 'yi', exactYuan: '170,000,000.00' });
  });

  it('refuses anything but a yuan decimal string', () => {
    for (const bad of ['1e5', '1.234', '', '12,000.00', 'NaN', '+1.00']) expect(() => toFen(bad)).toThrow(/not an amount/);
  });

  it('never changes a figure: every scale reads back to the API’s fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
        const text = fromFen(fen);
        expect(toFen(text)).toBe(fen);
        expect(back(formatDigits(text, 'yuan'), 2)).toBe(fen);
        expect(back(formatDigits(text, 'wan'), 6)).toBe(fen);
        expect(back(formatDigits(text, 'yi'), 10)).toBe(fen);
      }),
    );
  });
});
