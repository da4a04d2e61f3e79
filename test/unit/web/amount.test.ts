import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoScale, formatAmount, formatDigits, fromFen, headlineAmount, toFen } from '../../../web/src/format/amount';

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
    expect(formatAmount('170000000.00', 'auto')).toEqual({ digits: '1.7', scale: 'yi', exactYuan: '170,000,000.00', rounded: false });
  });

  it('picks CNY m from 1,000,000 and CNY k from 100,000 in English', () => {
    expect(autoScale(toFen('99999.99'), 'en')).toBe('yuan');
    expect(autoScale(toFen('100000.00'), 'en')).toBe('k');
    expect(autoScale(toFen('999999.99'), 'en')).toBe('k');
    expect(autoScale(toFen('1000000.00'), 'en')).toBe('m');
    expect(autoScale(toFen('-5000000000.00'), 'en')).toBe('m');
  });

  it('shows headline figures with two decimals, rounded half away from zero, the exact yuan beside', () => {
    // 401,103,523.31 yuan = 4.0110352331 亿元 → 4.01; = 401.10352331 m → 401.10
    expect(headlineAmount('401103523.31')).toEqual({ digits: '4.01', scale: 'yi', exactYuan: '401,103,523.31', rounded: true });
    expect(headlineAmount('401103523.31', 'en')).toEqual({ digits: '401.10', scale: 'm', exactYuan: '401,103,523.31', rounded: true });
    // 5,600,000.00 = 560.00 万元 exactly: not rounded
    expect(headlineAmount('5600000.00')).toEqual({ digits: '560.00', scale: 'wan', exactYuan: '5,600,000.00', rounded: false });
    // 123,450,050.00 = 1.2345005 亿元 → 1.23; 99,995.00 is below 100,000 and stays in yuan
    expect(headlineAmount('123450050.00').digits).toBe('1.23');
    expect(headlineAmount('99995.00')).toMatchObject({ digits: '99,995.00', scale: 'yuan', rounded: false });
    // 1,234,550.00 = 123.455 万元 → 123.46 (half away from zero), and -123.46 for the negative
    expect(headlineAmount('1234550.00').digits).toBe('123.46');
    expect(headlineAmount('-1234550.00').digits).toBe('-123.46');
    // 999,999,999.99 = 9.9999999999 亿元 → 10.00
    expect(headlineAmount('999999999.99').digits).toBe('10.00');
  });

  it('rounds only what it is asked to: the headline differs from the exact figure by at most half its last place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom('zh-CN' as const, 'en' as const), (fen, language) => {
        const shown = headlineAmount(fromFen(fen), language);
        const places = { yuan: 2, k: 5, wan: 6, m: 8, yi: 10 }[shown.scale];
        const unit = 10n ** BigInt(places - 2);
        const back = (digits: string): bigint => BigInt(digits.replace(/[,.-]/g, '')) * (digits.startsWith('-') ? -1n : 1n) * unit;
        const error = back(shown.digits) - fen;
        expect(2n * (error < 0n ? -error : error) <= unit).toBe(true);
        expect(shown.rounded).toBe(error !== 0n);
      }),
    );
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
