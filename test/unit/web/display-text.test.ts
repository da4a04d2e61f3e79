import { describe, expect, it } from 'vitest';
import { alertValue } from '../../../web/src/format/alert-value';
import { shanghaiMinute } from '../../../web/src/format/date-time';
import { discrepancyText } from '../../../web/src/format/discrepancy';

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

describe('a month-end finding', () => {
  it('is worded in Chinese from its facts', () => {
    expect(discrepancyText({ kind: 'statement-missing', detail: 'no bank statement recorded for 2026-11', facts: { month: '2026-11' } })).toBe('2026-11 未录入银行对账单');
    expect(discrepancyText({ kind: 'trial-balance', detail: '…', facts: { scope: 'month', debits: '10.00', credits: '9.99' } })).toBe('本月借方 10.00 元 ≠ 贷方 9.99 元');
  });

  it('falls back to the stored sentence for a report without facts, or missing one a message needs', () => {
    expect(discrepancyText({ kind: 'statement-missing', detail: 'no bank statement recorded for 2026-11' })).toBe('no bank statement recorded for 2026-11');
    expect(discrepancyText({ kind: 'balance-reconciliation', detail: 'adjusted ledger 1.00 ≠ adjusted bank 2.00', facts: { ledger: '1.00' } })).toBe('adjusted ledger 1.00 ≠ adjusted bank 2.00');
  });
});
