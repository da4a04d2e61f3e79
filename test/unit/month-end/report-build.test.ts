import { describe, expect, it } from 'vitest';
import { createFundReplay } from '../../../domain/reconciliation-fund';
import { buildFundReport, type FundChecks } from '../../../functions/month-end/report-build';

const at = (version: number, occurredOn: string) => ({ streamId: 'fund-f1', version, occurredOn });

const checksWith = (withStatement: boolean, closing: bigint): FundChecks => {
  const replay = createFundReplay({ fundId: 'f1', month: '2026-10', toleranceDays: 3 });
  replay.apply({ type: 'CapitalInjected', data: { fundId: 'f1', amount: 100_000n, source: 'city', reference: 'INJ' } }, at(1, '2026-09-30'));
  // Sept 30 payment still in transit: may clear an October line, is never listed as unmatched.
  replay.apply({ type: 'BridgeLoanDisbursed', data: { fundId: 'f1', loanId: 'L1', amount: 30_000n } }, at(2, '2026-09-30'));
  if (withStatement) replay.attachStatement([{ lineNo: 2, date: '2026-10-01', amount: -30_000n, reference: 'L1', description: '' }, { lineNo: 3, date: '2026-10-09', amount: 500n, reference: 'X', description: '' }]);
  replay.apply({ type: 'InterestReceived', data: { fundId: 'f1', amount: 500n, reference: 'X' } }, at(3, '2026-10-09'));
  return {
    fundId: 'f1', kind: 'bridge-fund', name: 'f', openedOn: '2026-09-01', month: '2026-10', monthEnd: '2026-10-31', runId: 'r', generatedAt: 't', toleranceDays: 3,
    replay: replay.finish(),
    // The read model agrees: 1001 = 1,000.00 − 300.00 + 5.00; 3001, 1201, 4001 likewise.
    projected: new Map([['1001', { debit: 100_500n, credit: 30_000n }], ['3001', { debit: 0n, credit: 100_000n }], ['1201', { debit: 30_000n, credit: 0n }], ['4001', { debit: 0n, credit: 500n }]]),
    brokenStreams: [], streamsVerified: 1, undecodable: [], beforeOpened: [],
    statement: withStatement ? { version: 1, lineCount: 2, openingBalance: 100_000n, closingBalance: closing } : null,
  };
};

describe('a fund month report', () => {
  it('is clean when the statement, the replay and the read model all agree', () => {
    // bank: 1,000.00 − 300.00 (clears L1 from Sept 30) + 5.00 = 705.00
    const report = buildFundReport(checksWith(true, 70_500n));
    expect(report).toMatchObject({ clean: true, discrepancyCount: 0 });
    expect(report.bank.balanceReconciliation).toMatchObject({ ledgerBalance: 70_500n, adjustedStatementBalance: 70_500n, balanced: true });
    expect(report.accounts.find((a) => a.account === '1001')).toMatchObject({ opening: 70_000n, debit: 500n, credit: 0n, closing: 70_500n });
  });

  it('counts a missing statement as one discrepancy', () => {
    const report = buildFundReport(checksWith(false, 0n));
    expect(report.discrepancies.map((d) => d.kind)).toEqual(['statement-missing']);
  });

  it('flags a 余额调节表 that does not balance when the closing balance disagrees with the lines', () => {
    const report = buildFundReport(checksWith(true, 70_000n));
    expect(report.discrepancies.map((d) => d.kind)).toEqual(['balance-reconciliation']);
  });

  it('lists and counts each event dated before the fund opened, and shows openedOn in the header', () => {
    const checks = { ...checksWith(true, 70_500n), beforeOpened: [{ streamId: 'fund-f1', version: 9, type: 'InterestReceived', occurredOn: '2026-08-31' }] };
    const report = buildFundReport(checks);
    expect(report).toMatchObject({ openedOn: '2026-09-01', clean: false, discrepancyCount: 1, beforeOpened: checks.beforeOpened });
    expect(report.discrepancies).toEqual([
      {
        kind: 'before-fund-opened',
        detail: 'fund-f1 version 9 (InterestReceived) is dated 2026-08-31, before the fund opened on 2026-09-01',
        facts: { streamId: 'fund-f1', version: '9', occurredOn: '2026-08-31', openedOn: '2026-09-01' },
      },
    ]);
  });
});

describe('a fund month with a reversal the bank never saw', () => {
  it('offsets interest booked twice against its reversal: clean with the bank showing the one real receipt', () => {
    const replay = createFundReplay({ fundId: 'f1', month: '2026-10', toleranceDays: 3 });
    replay.apply({ type: 'CapitalInjected', data: { fundId: 'f1', amount: 100_000n, source: 'city', reference: 'INJ' } }, at(1, '2026-09-01'));
    replay.attachStatement([{ lineNo: 1, date: '2026-10-09', amount: 500n, reference: 'INT-Q3', description: '' }]);
    replay.apply({ type: 'InterestReceived', data: { fundId: 'f1', amount: 500n, reference: 'INT-Q3' } }, at(2, '2026-10-09'));
    // The same receipt typed twice, then reversed (冲正) on the 12th: neither reached the bank.
    replay.apply({ type: 'InterestReceived', data: { fundId: 'f1', amount: 500n, reference: 'INT-Q3' } }, at(3, '2026-10-10'));
    replay.apply(
      {
        type: 'EntryReversed',
        data: {
          fundId: 'f1',
          correctionId: 'CZ-1',
          approvalId: 'a1',
          reverses: { streamId: 'fund-f1', version: 3, type: 'InterestReceived', occurredOn: '2026-10-10', recordedAt: '2026-10-10T02:00:00.000Z' },
          original: { schemaVersion: 1, data: { fundId: 'f1', amount: '5.00', reference: 'INT-Q3' } },
          lines: [
            { account: '1001', side: 'debit', amount: -500n },
            { account: '4001', side: 'credit', amount: -500n },
          ],
          reason: '利息重复入账',
        },
      },
      at(4, '2026-10-12'),
    );
    const report = buildFundReport({
      fundId: 'f1', kind: 'bridge-fund', name: 'f', openedOn: '2026-09-01', month: '2026-10', monthEnd: '2026-10-31', runId: 'r', generatedAt: 't', toleranceDays: 3,
      replay: replay.finish(),
      // 1001: 1,000.00 + 5.00 + 5.00 − 5.00 = 1,005.00; 4001: 5.00 + 5.00 − 5.00 = 5.00.
      projected: new Map([['1001', { debit: 100_500n, credit: 0n }], ['3001', { debit: 0n, credit: 100_000n }], ['4001', { debit: 0n, credit: 500n }]]),
      brokenStreams: [], streamsVerified: 1, undecodable: [], beforeOpened: [],
      statement: { version: 1, lineCount: 1, openingBalance: 100_000n, closingBalance: 100_500n },
    });
    expect(report).toMatchObject({ clean: true, discrepancyCount: 0 });
    expect(report.bank).toMatchObject({ matchedCount: 1, reversalOffsets: 1, unmatchedLedger: { count: 0 }, unmatchedStatement: { count: 0 } });
  });
});
