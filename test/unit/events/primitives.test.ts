import { describe, expect, it } from 'vitest';
import {
  basisPoints,
  businessDate,
  county,
  creditCode,
  creditCodeCheckChar,
  id,
  isValidCreditCode,
  month,
} from '../../../events/primitives';

describe('ids', () => {
  it('accepts 1–64 safe characters starting with a letter or digit', () => {
    expect(id.safeParse('g-2024_001').success).toBe(true);
    expect(id.safeParse('a'.repeat(64)).success).toBe(true);
  });
  it('refuses separators, a leading dash and 65 characters', () => {
    for (const bad of ['a:b', '-a', 'a/b', '', 'a'.repeat(65), 'a#1']) expect(id.safeParse(bad).success).toBe(false);
  });
});

describe('business dates and months', () => {
  it('accepts real calendar dates including 29 February of a leap year', () => {
    expect(businessDate.safeParse('2024-02-29').success).toBe(true);
  });
  it('refuses impossible dates and other formats', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '20240101', '2024-01-01T00:00:00Z']) {
      expect(businessDate.safeParse(bad).success).toBe(false);
    }
  });
  it('months are YYYY-MM with a month 01..12', () => {
    expect(month.safeParse('2024-12').success).toBe(true);
    expect(month.safeParse('2024-13').success).toBe(false);
    expect(month.safeParse('2024-00').success).toBe(false);
  });
});

describe('basis points', () => {
  it('are whole numbers from 0 to 10000', () => {
    expect(basisPoints.safeParse(10000).success).toBe(true);
    expect(basisPoints.safeParse(10001).success).toBe(false);
    expect(basisPoints.safeParse(-1).success).toBe(false);
    expect(basisPoints.safeParse(1.5).success).toBe(false);
  });
});

describe('counties', () => {
  it("parses any city's county code (the city's list judges it in the command layer), and nothing shaped otherwise", () => {
    expect(county.safeParse('dujiaqu').success).toBe(true);
    expect(county.safeParse('lixia').success).toBe(true);
    expect(county.safeParse('Lixia').success).toBe(false);
    expect(county.safeParse('历下区').success).toBe(false);
    expect(county.safeParse('').success).toBe(false);
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  // A published example code; its check character "3" follows from the weighted sum mod 31.
  const valid = '91350100M000100Y43';

  it('accepts a code whose check character matches', () => {
    expect(isValidCreditCode(valid)).toBe(true);
    expect(creditCode.safeParse(valid).success).toBe(true);
  });

  it('refuses a code with one character changed, naming the check character', () => {
    const result = creditCode.safeParse('91350100M000100Y44');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/check character/);
  });

  it('refuses letters outside the alphabet (I, O, S, V, Z) and wrong lengths', () => {
    for (const bad of ['91350100M000100YO3', '91350100M000100Y4', '91350100M000100Y433']) {
      expect(creditCode.safeParse(bad).success).toBe(false);
    }
    expect(creditCodeCheckChar('91350100M000100YZ')).toBeUndefined();
  });

  it('maps a weighted sum divisible by 31 to check character 0', () => {
    // Seventeen zeros: sum 0 → (31 − 0) mod 31 = 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });
});
