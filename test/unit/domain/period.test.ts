import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/aggregate';
import { assertPeriodOpen, decidePeriod, evolvePeriod, initialPeriodState } from '../../../domain/period';
import { ok, refused } from './fixtures';

const may = initialPeriodState('f1', '2024-05');

describe('period close', () => {
  it('closes a month whose reconciliation was clean', () => {
    const reconciled = fold(evolvePeriod, may, ok(decidePeriod(may, { type: 'completeReconciliation', clean: true, discrepancyCount: 0, reportKey: 'k' })));
    expect(reconciled.reconciliationClean).toBe(true);
    const events = ok(decidePeriod(reconciled, { type: 'closePeriod' }));
    expect(events).toEqual([{ type: 'PeriodClosed', data: { fundId: 'f1', month: '2024-05', reconciliationClean: true } }]);
    expect(fold(evolvePeriod, reconciled, events).closed).toBe(true);
  });

  it('refuses to close an unreconciled or dirty month without a reason, and records the reason', () => {
    expect(refused(decidePeriod(may, { type: 'closePeriod' }), 'reconciliation-not-clean').actual).toBe('not reconciled');
    const dirty = fold(evolvePeriod, may, ok(decidePeriod(may, { type: 'completeReconciliation', clean: false, discrepancyCount: 2, reportKey: 'k' })));
    expect(refused(decidePeriod(dirty, { type: 'closePeriod', overrideReason: '  ' }), 'reconciliation-not-clean').actual).toBe('2 discrepancies');
    expect(ok(decidePeriod(dirty, { type: 'closePeriod', overrideReason: '银行对账单延迟' }))[0]).toMatchObject({
      data: { reconciliationClean: false, overrideReason: '银行对账单延迟' },
    });
  });

  it('lets the caller state the reconciliation outcome on close', () => {
    expect(ok(decidePeriod(may, { type: 'closePeriod', reconciliationClean: true }))[0]).toMatchObject({ data: { reconciliationClean: true } });
  });

  it('refuses commands dated in a closed month, from its first to its last day, and only that month', () => {
    const closed = fold(evolvePeriod, may, ok(decidePeriod(may, { type: 'closePeriod', reconciliationClean: true })));
    expect(refused(assertPeriodOpen(closed, '2024-05-01'), 'period-closed')).toMatchObject({ actual: '2024-05-01' });
    refused(assertPeriodOpen(closed, '2024-05-31'), 'period-closed');
    expect(assertPeriodOpen(closed, '2024-06-01')).toBeUndefined();
    expect(assertPeriodOpen(may, '2024-05-15')).toBeUndefined();
    refused(decidePeriod(closed, { type: 'closePeriod', reconciliationClean: true }), 'period-closed');
  });
});
