// A generated history for the month-end tests: three funds created in September 2026, a known
// October, and a bridge loan that straddles the month end. Every appended event is also returned,
// so a test can compute the expected figures on its own.
import type { DomainEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../../functions/store/event-store';
import { appender, seeded, validCreditCode } from './projectors-support';

export const FUNDS = { pool: 'rp1', bridge: 'bf1', guidance: 'gf1' } as const;
export const MONTH = '2026-10';
const Y = 100n;

export interface Appended {
  occurredOn: string;
  streamId: string;
  event: DomainEvent;
}

const COUNTIES = ['linqing', 'guanxian', 'dongchangfu'] as const;
const CATEGORIES = ['micro', 'small', 'agri', 'other'] as const;

export const appendMonthHistory = async (store: EventStore, seed = 7): Promise<Appended[]> => {
  const rnd = seeded(seed);
  const out = appender(store);
  const log: Appended[] = [];
  const put = async (occurredOn: string, parts: { streamId: string; events: DomainEvent[] }[]): Promise<void> => {
    await out.append(occurredOn, parts);
    for (const p of parts) for (const event of p.events) log.push({ occurredOn, streamId: p.streamId, event });
  };
  const day = (d: number): string => `${MONTH}-${String(d).padStart(2, '0')}`;
  const { pool, bridge, guidance } = FUNDS;

  for (const [fundId, kind] of [[pool, 'risk-pool'], [bridge, 'bridge-fund'], [guidance, 'guidance-fund']] as const) {
    await put('2026-09-01', [{ streamId: streamIds.fund(fundId), events: [{ type: 'FundCreated', data: { fundId, kind, name: `${kind} ${fundId}` } }] }]);
    await put('2026-09-02', [{ streamId: streamIds.fund(fundId), events: [{ type: 'CapitalInjected', data: { fundId, amount: 50_000_000n * Y, source: 'city', reference: `INJ-${fundId}` } }] }]);
  }

  // Risk pool: guarantees across counties and categories; two released, one defaulted and compensated.
  for (let g = 1; g <= 6; g++) {
    const guaranteeId = `G${g}`;
    const principal = BigInt(rnd.int(1_000, 9_000)) * 1_000n * Y;
    const stream = streamIds.guarantee(pool, guaranteeId);
    await put(day(g), [{
      streamId: stream,
      events: [{
        type: 'GuaranteeIssued',
        data: {
          fundId: pool, guaranteeId, agency: 'Liaocheng Guarantee', lender: 'ICBC Liaocheng', principal, feeRateBps: 100,
          borrower: { name: `Firm ${g}`, creditCode: validCreditCode(g), category: CATEGORIES[g % 4] ?? 'micro', ...(g === 6 ? {} : { county: COUNTIES[g % 3] ?? 'linqing' }) },
          startsOn: day(g), maturesOn: '2027-10-01', riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
        },
      }],
    }]);
    if (g <= 2) await put(day(10 + g), [{ streamId: stream, events: [{ type: 'GuaranteeReleased', data: { fundId: pool, guaranteeId, principal } }] }]);
    if (g === 3) {
      const principalLoss = principal / 2n;
      const amount = principalLoss / 10n;
      await put(day(15), [
        { streamId: stream, events: [{ type: 'GuaranteeDefaulted', data: { fundId: pool, guaranteeId, principal, principalLoss, poolShareBps: 1000, poolAmount: amount } }] },
        { streamId: streamIds.fund(pool), events: [{ type: 'CompensationPaid', data: { fundId: pool, guaranteeId, principalLoss, poolShareBps: 1000, amount } }] },
      ]);
      await put(day(25), [
        { streamId: stream, events: [{ type: 'GuaranteeRecoveryRecorded', data: { fundId: pool, guaranteeId, grossAmount: amount, costs: 0n, poolAmount: amount / 4n } }] },
        { streamId: streamIds.fund(pool), events: [{ type: 'RecoveryReceived', data: { fundId: pool, guaranteeId, grossAmount: amount, costs: 0n, poolShareBps: 1000, amount: amount / 4n } }] },
      ]);
    }
  }
  await put(day(21), [{ streamId: streamIds.fund(pool), events: [{ type: 'InterestReceived', data: { fundId: pool, amount: 12_345_67n, reference: 'INT-2026Q3' } }] }]);

  // Bridge fund: one loan lent on 29 Sep and repaid in October, ten lent in October, one left overdue.
  const loan = async (loanId: string, lentOn: string, repaidOn: string | undefined, days: number): Promise<void> => {
    const amount = BigInt(rnd.int(100, 900)) * 10_000n * Y;
    const loanStream = streamIds.bridgeLoan(bridge, loanId);
    await put(lentOn, [
      { streamId: loanStream, events: [{ type: 'BridgeLoanGranted', data: { fundId: bridge, loanId, borrower: { name: `Borrower ${loanId}`, creditCode: validCreditCode(100 + days) }, bank: 'Bank of Liaocheng', amount, renewalCommitment: { reference: `RC-${loanId}`, amount: amount * 2n }, disbursedOn: lentOn, dueOn: repaidOn ?? day(20) } }] },
      { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanDisbursed', data: { fundId: bridge, loanId, amount } }] },
    ]);
    if (repaidOn === undefined) {
      await put(day(21), [
        { streamId: loanStream, events: [{ type: 'BridgeLoanMarkedOverdue', data: { fundId: bridge, loanId, principal: amount, dueOn: day(20) } }] },
        { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanWentOverdue', data: { fundId: bridge, loanId, principal: amount } }] },
      ]);
      return;
    }
    const fee = (amount * 1n * BigInt(days)) / 10_000n; // 1 bp per day × days used
    await put(repaidOn, [
      { streamId: loanStream, events: [{ type: 'BridgeLoanSettled', data: { fundId: bridge, loanId, repaidOn, principal: amount, fee, daysUsed: days } }] },
      { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanRepaid', data: { fundId: bridge, loanId, principal: amount, fee, daysUsed: days, wasOverdue: false } }] },
    ]);
  };
  await loan('L0', '2026-09-29', day(2), 3);
  for (let i = 1; i <= 10; i++) await loan(`L${i}`, day(i + 1), day(i + 1 + (i % 5) + 1), (i % 5) + 1);
  await loan('L11', day(12), undefined, 0);

  // Guidance fund: a commitment, two calls, one paid, one distribution.
  const commitmentId = 'C1';
  const cStream = streamIds.commitment(guidance, commitmentId);
  await put(day(3), [{ streamId: cStream, events: [{ type: 'CommitmentMade', data: { fundId: guidance, commitmentId, subFund: { name: 'Green Fund I', size: 400_000_000n * Y, prioritySector: false, green: true, manager: { name: 'GP', paidInCapital: 20_000_000n * Y } }, amount: 100_000_000n * Y, committedOn: day(3) } }] }]);
  await put(day(5), [{ streamId: cStream, events: [{ type: 'CapitalCalled', data: { fundId: guidance, commitmentId, callId: 'K1', amount: 20_000_000n * Y, calledOn: day(5), dueOn: day(15) } }] }]);
  await put(day(9), [{ streamId: cStream, events: [{ type: 'CapitalCalled', data: { fundId: guidance, commitmentId, callId: 'K2', amount: 5_000_000n * Y, calledOn: day(9), dueOn: day(30) } }] }]);
  await put(day(14), [
    { streamId: cStream, events: [{ type: 'CapitalCallSettled', data: { fundId: guidance, commitmentId, callId: 'K1', amount: 20_000_000n * Y, paidOn: day(14) } }] },
    { streamId: streamIds.fund(guidance), events: [{ type: 'CapitalCallPaid', data: { fundId: guidance, commitmentId, callId: 'K1', amount: 20_000_000n * Y } }] },
  ]);
  await put(day(28), [
    { streamId: cStream, events: [{ type: 'DistributionRecorded', data: { fundId: guidance, commitmentId, distributionId: 'D1', receivedOn: day(28), returnOfCapital: 1_000_000n * Y, gain: 250_000_50n } }] },
    { streamId: streamIds.fund(guidance), events: [{ type: 'DistributionReceived', data: { fundId: guidance, commitmentId, distributionId: 'D1', returnOfCapital: 1_000_000n * Y, gain: 250_000_50n } }] },
  ]);
  return log;
};
