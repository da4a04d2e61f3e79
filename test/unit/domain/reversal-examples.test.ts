import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postingsFor } from '../../../domain/posting-rules';
import { reversalEvents, reversalKind, type ReversalKind, type StoredFact } from '../../../domain/reversal';
import type { DomainEvent } from '../../../events/registry';
import { SAMPLE_EVENTS } from '../events/samples';
import { Y } from './fixtures';

// docs/corrections.md gives a worked example per kind of reversal with its journal lines. Each is
// built here from its events, reversed the way the command reverses it, and its table of lines
// rendered and looked for in the document, so the document's lines are the ones the code posts.

const S = SAMPLE_EVENTS;

/** One example per kind (a Record, so a new kind needs its example); events in entry order. */
const EXAMPLES: Record<ReversalKind, { streamId: string; event: DomainEvent }[]> = {
  // 500,000.00 injected from the province.
  injection: [{ streamId: 'fund-b', event: { type: 'CapitalInjected', data: { fundId: 'b', amount: Y('500,000.00'), source: 'province', reference: 'SCZ-1' } } }],
  // Interest of the quarter posted twice: the second is reversed.
  interest: [{ streamId: 'fund-p', event: { type: 'InterestReceived', data: { fundId: 'p', amount: Y('1,234.56'), reference: 'INT-Q2' } } }],
  // A 25.00 手续费 booked twice from one statement line.
  'bank-charge': [{ streamId: 'fund-p', event: { type: 'BankChargeBooked', data: { fundId: 'p', amount: Y('25.00'), reference: 'FEE-1130', description: '跨行汇款手续费' } } }],
  // 1,000,000.00 returned to the treasury (上缴国库) from the wrong fund.
  'capital-return': [{ streamId: 'fund-b', event: { type: 'CapitalReturned', data: { fundId: 'b', amount: Y('1,000,000.00'), reference: 'JK-2024-01', to: 'treasury' } } }],
  // 300.00 of deposit interest reclassified as investment income by mistake (调整分录, no cash).
  adjustment: [
    {
      streamId: 'fund-g',
      event: { type: 'AdjustmentPosted', data: { fundId: 'g', adjustmentId: 'TZ-1', reason: '收入科目调整', lines: [{ account: '4001', side: 'debit', amount: Y('300.00') }, { account: '4004', side: 'credit', amount: Y('300.00') }] } },
    },
  ],
  // 5,600,000.00 typed for 560,000.00.
  guarantee: [{ streamId: 'guarantee-p:DB2024-0058', event: { ...S.GuaranteeIssued, data: { ...S.GuaranteeIssued.data, guaranteeId: 'DB2024-0058', principal: Y('5,600,000.00') } } }],
  // 1 % of 560,000.00 = 5,600.00, collected twice: fees are the guarantor's, so nothing is posted.
  'guarantee-fee': [{ streamId: 'guarantee-p:DB2024-0059', event: { ...S.GuaranteeFeeCollected, data: { ...S.GuaranteeFeeCollected.data, guaranteeId: 'DB2024-0059', amount: Y('5,600.00') } } }],
  // Released on the wrong guarantee.
  'guarantee-release': [{ streamId: 'guarantee-p:DB2024-0059', event: { ...S.GuaranteeReleased, data: { ...S.GuaranteeReleased.data, guaranteeId: 'DB2024-0059', principal: Y('560,000.00') } } }],
  // Pool share 10 % of a 500,000.00 loss = 50,000.00, on a guarantee of 5,600,000.00.
  compensation: [
    { streamId: 'fund-p', event: { ...S.CompensationPaid, data: { ...S.CompensationPaid.data, guaranteeId: 'g1', principalLoss: Y('500,000.00'), poolShareBps: 1000, amount: Y('50,000.00') } } },
    { streamId: 'guarantee-p:g1', event: { ...S.GuaranteeDefaulted, data: { ...S.GuaranteeDefaulted.data, guaranteeId: 'g1', principal: Y('5,600,000.00'), principalLoss: Y('500,000.00'), poolShareBps: 1000, poolAmount: Y('50,000.00') } } },
  ],
  // 10 % of (100,000.00 − 10,000.00 costs) = 9,000.00.
  recovery: [
    { streamId: 'fund-p', event: { ...S.RecoveryReceived, data: { ...S.RecoveryReceived.data, grossAmount: Y('100,000.00'), costs: Y('10,000.00'), poolShareBps: 1000, amount: Y('9,000.00') } } },
    { streamId: 'guarantee-p:g1', event: { ...S.GuaranteeRecoveryRecorded, data: { ...S.GuaranteeRecoveryRecorded.data, grossAmount: Y('100,000.00'), costs: Y('10,000.00'), poolAmount: Y('9,000.00') } } },
  ],
  disbursement: [
    { streamId: 'bridge-loan-b:L1', event: { ...S.BridgeLoanGranted, data: { ...S.BridgeLoanGranted.data, loanId: 'L1', amount: Y('800,000.00') } } },
    { streamId: 'fund-b', event: { ...S.BridgeLoanDisbursed, data: { ...S.BridgeLoanDisbursed.data, loanId: 'L1', amount: Y('800,000.00') } } },
  ],
  // 8,000,000.00 for 3 days at 8 bp/day: 8,000,000.00 × 0.0008 × 3 = 19,200.00.
  repayment: [
    { streamId: 'bridge-loan-b:L2', event: { ...S.BridgeLoanSettled, data: { ...S.BridgeLoanSettled.data, loanId: 'L2', principal: Y('8,000,000.00'), fee: Y('19,200.00'), daysUsed: 3 } } },
    { streamId: 'fund-b', event: { ...S.BridgeLoanRepaid, data: { ...S.BridgeLoanRepaid.data, loanId: 'L2', principal: Y('8,000,000.00'), fee: Y('19,200.00'), daysUsed: 3, wasOverdue: false } } },
  ],
  // 10,000,000.00 into a 40,000,000.00 sub-fund (25 %).
  commitment: [{ streamId: 'commitment-g:ZJJ-3', event: { ...S.CommitmentMade, data: { ...S.CommitmentMade.data, commitmentId: 'ZJJ-3', amount: Y('10,000,000.00'), subFund: { ...S.CommitmentMade.data.subFund, size: Y('40,000,000.00') } } } }],
  'capital-call': [{ streamId: 'commitment-g:ZJJ-2', event: { ...S.CapitalCalled, data: { ...S.CapitalCalled.data, commitmentId: 'ZJJ-2', callId: 'K9', amount: Y('3,000,000.00') } } }],
  'capital-call-payment': [
    { streamId: 'commitment-g:ZJJ-1', event: { ...S.CapitalCallSettled, data: { ...S.CapitalCallSettled.data, commitmentId: 'ZJJ-1', callId: 'K1', amount: Y('2,000,000.00') } } },
    { streamId: 'fund-g', event: { ...S.CapitalCallPaid, data: { ...S.CapitalCallPaid.data, commitmentId: 'ZJJ-1', callId: 'K1', amount: Y('2,000,000.00') } } },
  ],
  // Return of capital 200,000.00 and gain 30,000.00: 230,000.00 in.
  distribution: [
    { streamId: 'commitment-g:ZJJ-1', event: { ...S.DistributionRecorded, data: { ...S.DistributionRecorded.data, returnOfCapital: Y('200,000.00'), gain: Y('30,000.00') } } },
    { streamId: 'fund-g', event: { ...S.DistributionReceived, data: { ...S.DistributionReceived.data, returnOfCapital: Y('200,000.00'), gain: Y('30,000.00') } } },
  ],
};

/** Yuan as the document writes it: thousands separated, a true minus sign. */
const yuanText = (fen: bigint): string => {
  const abs = fen < 0n ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0n ? '−' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
};

const row = (cells: string[]): string => `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;
const rows = (label: string, event: DomainEvent): string[] =>
  postingsFor(event).map((l, i) => row([i === 0 ? label : '', l.account, l.side === 'debit' ? yuanText(l.amount) : '', l.side === 'credit' ? yuanText(l.amount) : '']));

/** The example's table: the original's lines, then the reversal's, as docs/corrections.md shows them. */
function tableOf(kind: ReversalKind): string {
  const entry: StoredFact[] = EXAMPLES[kind].map((e, i) => ({ ...e, version: i + 2, occurredOn: '2024-05-06', recordedAt: '2024-05-06T02:00:00.000Z' }));
  const reversals = [...reversalEvents(entry, { fundId: 'f', correctionId: 'CZ-1', approvalId: 'a', reason: '录入错误' }).values()].flat();
  const where = (streamId: string) => ['fund', 'guarantee', 'bridge-loan', 'commitment'].find((s) => streamId.startsWith(`${s}-`)) ?? streamId;
  return [
    '| entry | account | debit | credit |',
    '|---|---|---|---|',
    ...entry.flatMap((f) => rows(`\`${f.event.type}\` (${where(f.streamId)} stream)`, f.event)),
    ...reversals.flatMap((r) => (r.type === 'EntryReversed' ? rows(`红字 of \`${r.data.reverses.type}\``, r) : [])),
  ].join('\n');
}

const doc = readFileSync(new URL('../../../docs/corrections.md', import.meta.url), 'utf8');

describe('docs/corrections.md: a worked example per kind of reversal, with the lines the code posts', () => {
  for (const kind of Object.keys(EXAMPLES) as ReversalKind[]) {
    it(kind, () => {
      const entry = EXAMPLES[kind].map((e, i) => ({ ...e, version: i + 2, occurredOn: '2024-05-06', recordedAt: 't' }));
      expect(reversalKind(entry)).toBe(kind);
      expect(doc).toContain(`(\`kind: ${kind}\``);
      if (entry.every((f) => postingsFor(f.event).length === 0)) return; // a fee posts nothing: the document says so
      expect(doc, `the table of ${kind}:\n${tableOf(kind)}`).toContain(tableOf(kind));
    });
  }
});
