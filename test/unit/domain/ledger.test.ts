import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../events/envelope';
import type { DomainEvent } from '../../../events/registry';
import { balanceOnNormalSide, balancesAsOf, balancesOfEvents, foldLines, postingsForEnvelope, trialBalance } from '../../../domain/ledger';
import { SAMPLE_EVENTS } from '../events/samples';

const at = (occurredOn: string, event: DomainEvent, version: number): EventEnvelope =>
  ({
    streamId: 's',
    version,
    occurredOn,
    recordedAt: `${occurredOn}T00:00:00.000Z`,
    meta: { actor: 'a', role: 'finance-bureau', requestId: 'r', correlationId: 'c' },
    prevHash: '',
    hash: '',
    storedSchemaVersion: 1,
    ...event,
  }) as EventEnvelope;

const history = [
  at('2024-05-02', SAMPLE_EVENTS.CapitalInjected, 1), // cash +50,000,000.00
  at('2024-05-10', SAMPLE_EVENTS.GuaranteeIssued, 2), // memo 9001 +3,000,000.00
  at('2024-06-15', SAMPLE_EVENTS.CompensationPaid, 3), // cash −300,000.00
  at('2024-07-01', SAMPLE_EVENTS.RecoveryReceived, 4), // cash +90,000.00
];

describe('ledger', () => {
  it('folds lines into per-account debit and credit totals', () => {
    const balances = balancesOfEvents(history);
    // 50,000,000.00 − 300,000.00 + 90,000.00 = 49,790,000.00
    expect(balanceOnNormalSide('1001', balances['1001'])).toBe(4_979_000_000n);
    expect(balances['2202']).toEqual({ debit: 30_000_000n, credit: 30_000_000n });
    expect(balanceOnNormalSide('3001', balances['3001'])).toBe(5_000_000_000n);
    expect(balanceOnNormalSide('4003', balances['4003'])).toBe(9_000_000n);
    expect(balanceOnNormalSide('1201', undefined)).toBe(0n);
  });

  it('keeps the trial balance equal while listing memo exposure apart', () => {
    const tb = trialBalance(balancesOfEvents(history));
    expect(tb.balanced).toBe(true);
    expect(tb.totalDebit).toBe(tb.totalCredit);
    // debits: cash 49,790,000.00 + expense 300,000.00 = 50,090,000.00
    expect(tb.totalDebit).toBe(5_009_000_000n);
    expect(tb.memo).toEqual([{ code: '9001', debit: 300_000_000n, credit: 0n }]);
    expect(tb.rows.map((r) => r.code)).toEqual(['1001', '2202', '3001', '4003', '5001']);
  });

  it('gives balances as of a business date', () => {
    const lines = history.flatMap(postingsForEnvelope);
    const may = balancesAsOf(lines, '2024-05-31');
    expect(balanceOnNormalSide('1001', may['1001'])).toBe(5_000_000_000n);
    expect(may['5001']).toBeUndefined();
    expect(balancesOfEvents(history, '2024-06-15')['5001']).toEqual({ debit: 30_000_000n, credit: 0n });
  });

  it('folding twice into fresh balances gives identical results', () => {
    const lines = history.flatMap(postingsForEnvelope);
    expect(foldLines(lines)).toEqual(foldLines(lines));
  });
});
