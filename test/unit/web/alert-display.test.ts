import { describe, expect, it } from 'vitest';
import { alertValue } from '../../../web/src/format/alert-value';
import { shanghaiMinute } from '../../../web/src/format/date-time';

describe('an alert’s value column', () => {
  it('gives a ratio indicator its value against its threshold', () => {
    expect(alertValue({ indicator: 'compensation-rate', valueBps: 512, thresholdBps: 500 })).toBe('5.12% / 5.00%');
  });

  it('counts a reconciliation alert’s discrepancies instead of calling them a percentage', () => {
    expect(alertValue({ indicator: 'reconciliation-discrepancies', valueBps: 3, thresholdBps: 0 })).toBe('3 项差异');
  });

  it('names the loan of an overdue alert rather than showing 0.00% / 0.00%', () => {
    const value = alertValue({ indicator: 'bridge-loan-overdue', valueBps: 0, thresholdBps: 0, cause: { streamId: 'bridge-loan-bridge-lc:L-2026-007' } });
    expect(value).toBe('贷款 L-2026-007');
  });
});

describe('a recorded instant', () => {
  it('reads in Beijing time to the minute, across the date line', () => {
    expect(shanghaiMinute('2026-12-02T02:15:07.123Z')).toBe('2026-12-02 10:15');
    expect(shanghaiMinute('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
  });

  it('leaves text that is not an instant as it is', () => {
    expect(shanghaiMinute('soon')).toBe('soon');
  });
});
