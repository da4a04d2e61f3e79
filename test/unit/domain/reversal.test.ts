import { describe, expect, it } from 'vitest';
import { evolveBridgeLoan, initialBridgeLoanState } from '../../../domain/bridge-fund';
import { evolveFund, initialFundState } from '../../../domain/fund-book';
import { decideCommitment, decideDistribution, evolveCommitment, initialCommitmentState } from '../../../domain/guidance-fund';
import { DEFAULT_POLICIES } from '../../../domain/policy';
import { isBalanced } from '../../../domain/posting-rules';
import { evolveGuarantee, initialGuaranteeState } from '../../../domain/risk-pool';
import { postingsFor } from '../../../domain/posting-rules';
import { dependentsOf, refuseDependents, reversalEvents, reversalKind, type StoredFact } from '../../../domain/reversal';
import type { DomainEvent } from '../../../events/registry';
import { SAMPLE_EVENTS } from '../events/samples';

let seq = 0;
const fact = (streamId: string, version: number, event: DomainEvent): StoredFact => ({ streamId, version, occurredOn: '2024-05-06', recordedAt: `2024-05-06T00:00:0${(seq += 1) % 10}.000Z`, event });
const input = { fundId: 'f', correctionId: 'c1', approvalId: 'a1', reason: '录入错误' };
const reversalsOf = (entry: StoredFact[]) => [...reversalEvents(entry, input).values()].flat();

describe('reversals (冲正)', () => {
  it('negates every line on the same account and side, so original + reversal nets every account to zero', () => {
    const repaid = fact('fund-b1', 4, SAMPLE_EVENTS.BridgeLoanRepaid);
    const [reversal] = reversalsOf([repaid]);
    if (reversal === undefined) throw new Error('no reversal');
    const original = postingsFor(repaid.event);
    const red = postingsFor(reversal);
    // 8,000,000.00 + 19,200.00 fee = 8,019,200.00 on 1001, each negated.
    expect(red.map((l) => [l.account, l.side, l.amount])).toEqual(original.map((l) => [l.account, l.side, -l.amount]));
    expect(isBalanced(red)).toBe(true);
    expect(isBalanced([...original, ...red])).toBe(true);
  });

  it('classifies an entry by its business and refuses what no user command can correct', () => {
    expect(reversalKind([fact('fund-p', 2, SAMPLE_EVENTS.InterestReceived)])).toBe('interest');
    expect(reversalKind([fact('guarantee-p:g1', 2, SAMPLE_EVENTS.GuaranteeDefaulted), fact('fund-p', 5, SAMPLE_EVENTS.CompensationPaid)])).toBe('compensation');
    expect(reversalKind([fact('fund-p', 9, SAMPLE_EVENTS.EntryReversed)])).toMatchObject({ code: 'not-reversible', events: [{ type: 'EntryReversed' }] });
    expect(reversalKind([fact('fund-s', 3, SAMPLE_EVENTS.SubsidyPaid)])).toMatchObject({ code: 'not-reversible', message: expect.stringContaining('clawback') as string });
    expect(reversalKind([fact('period-p-2024-05', 1, SAMPLE_EVENTS.PeriodClosed)])).toMatchObject({ code: 'not-reversible' });
    expect(reversalKind([fact('fund-b1', 3, SAMPLE_EVENTS.BridgeLoanWentOverdue)])).toMatchObject({ code: 'not-reversible', message: expect.stringContaining('sweep') as string });
  });

  it('finds the later events that stand on a guarantee, ignoring those already reversed', () => {
    const issued = fact('guarantee-p:g1', 1, SAMPLE_EVENTS.GuaranteeIssued);
    const fee = fact('guarantee-p:g1', 2, SAMPLE_EVENTS.GuaranteeFeeCollected);
    const stream = new Map([['guarantee-p:g1', [issued, fee]]]);
    expect(refuseDependents([issued], dependentsOf([issued], stream))).toMatchObject({ code: 'has-dependents', events: [{ streamId: 'guarantee-p:g1', version: 2, type: 'GuaranteeFeeCollected' }] });
    const [feeReversal] = reversalsOf([fee]);
    if (feeReversal === undefined) throw new Error('no reversal');
    const afterFeeReversed = new Map([['guarantee-p:g1', [issued, fee, fact('guarantee-p:g1', 3, feeReversal)]]]);
    expect(dependentsOf([issued], afterFeeReversed)).toEqual([]);
  });

  it('reverses a capital call (1501 / 2203 and memo 9002) once its payment is reversed, and undoes the call', () => {
    const made = fact('commitment-gf:c1', 1, SAMPLE_EVENTS.CommitmentMade);
    const called = fact('commitment-gf:c1', 2, SAMPLE_EVENTS.CapitalCalled);
    const settled = fact('commitment-gf:c1', 3, SAMPLE_EVENTS.CapitalCallSettled);
    expect(reversalKind([called])).toBe('capital-call');
    // Its payment stands on the call: refused until the payment is reversed.
    const before = new Map([['commitment-gf:c1', [made, called, settled]]]);
    expect(refuseDependents([called], dependentsOf([called], before))).toMatchObject({ code: 'has-dependents', events: [{ type: 'CapitalCallSettled', version: 3 }] });
    const [undoPay] = reversalsOf([settled]);
    const after = new Map([['commitment-gf:c1', [made, called, settled, fact('commitment-gf:c1', 4, undoPay as DomainEvent)]]]);
    expect(dependentsOf([called], after)).toEqual([]);
    // 红字: Dr 1501 −500,000.00, Cr 2203 −500,000.00, Cr 9002 −500,000.00 (memo), balanced.
    const [undoCall] = reversalsOf([called]);
    expect(postingsFor(undoCall as DomainEvent).map((l) => [l.account, l.side, l.amount])).toEqual([
      ['1501', 'debit', -50_000_000n],
      ['2203', 'credit', -50_000_000n],
      ['9002', 'credit', -50_000_000n],
    ]);
    const state = [SAMPLE_EVENTS.CommitmentMade, SAMPLE_EVENTS.CapitalCalled, SAMPLE_EVENTS.CapitalCallSettled, undoPay as DomainEvent, undoCall as DomainEvent].reduce(evolveCommitment, initialCommitmentState());
    // 100,000,000.00 committed, nothing called any more: the whole commitment is unfunded again.
    expect(state).toMatchObject({ called: 0n, paidIn: 0n, calls: {} });
  });

  it('voids a commitment (memo 9002 reversed) once no call stands on it, and a voided commitment takes no more business', () => {
    const made = fact('commitment-gf:c1', 1, SAMPLE_EVENTS.CommitmentMade);
    const called = fact('commitment-gf:c1', 2, SAMPLE_EVENTS.CapitalCalled);
    expect(reversalKind([made])).toBe('commitment');
    // The call stands on the commitment: refused has-dependents, naming the call.
    expect(refuseDependents([made], dependentsOf([made], new Map([['commitment-gf:c1', [made, called]]])))).toMatchObject({
      code: 'has-dependents',
      events: [{ streamId: 'commitment-gf:c1', version: 2, type: 'CapitalCalled' }],
    });
    const [undoCall] = reversalsOf([called]);
    expect(dependentsOf([made], new Map([['commitment-gf:c1', [made, called, fact('commitment-gf:c1', 3, undoCall as DomainEvent)]]]))).toEqual([]);
    // 红字: Dr 9002 −100,000,000.00 (memo: the unfunded commitment), the original's single memo line negated.
    const [voided] = reversalsOf([made]);
    expect(postingsFor(voided as DomainEvent).map((l) => [l.account, l.side, l.amount])).toEqual([['9002', 'debit', -10_000_000_000n]]);
    const state = [SAMPLE_EVENTS.CommitmentMade, SAMPLE_EVENTS.CapitalCalled, undoCall as DomainEvent, voided as DomainEvent].reduce(evolveCommitment, initialCommitmentState());
    expect(state).toMatchObject({ status: 'voided', called: 0n, calls: {} });
    const gf = { ...initialFundState('gf'), kind: 'guidance-fund' as const, cash: 100_000_000_000n };
    expect(decideCommitment(state, { type: 'callCapital', callId: 'k2', amount: 1n, calledOn: '2024-07-01', dueOn: '2024-07-10' }, DEFAULT_POLICIES[0]!, gf)).toMatchObject({ code: 'invalid-state', actual: 'voided' });
    expect(decideDistribution(state, gf, { type: 'recordDistribution', distributionId: 'd9', receivedOn: '2024-07-01', returnOfCapital: 0n, gain: 1n }, DEFAULT_POLICIES[0]!)).toMatchObject({ code: 'invalid-state' });
  });

  it('voids a guarantee, reopens a loan as it was, reopens a capital call, takes interest back out', () => {
    const g = [SAMPLE_EVENTS.GuaranteeIssued].reduce(evolveGuarantee, initialGuaranteeState());
    const [voided] = reversalsOf([fact('guarantee-p:g1', 1, SAMPLE_EVENTS.GuaranteeIssued)]);
    expect(evolveGuarantee(g, voided as DomainEvent).status).toBe('voided');

    const granted = { type: 'BridgeLoanGranted', data: { fundId: 'b1', loanId: 'l1', borrower: { name: 'x', creditCode: '91350100M000100Y43' }, bank: 'b', amount: 800_000_000n, renewalCommitment: { reference: 'r', amount: 900_000_000n }, disbursedOn: '2024-05-06', dueOn: '2024-05-16' } } as DomainEvent;
    const overdue = { type: 'BridgeLoanMarkedOverdue', data: { fundId: 'b1', loanId: 'l1', principal: 800_000_000n, dueOn: '2024-05-16' } } as DomainEvent;
    const settled = { type: 'BridgeLoanSettled', data: { fundId: 'b1', loanId: 'l1', repaidOn: '2024-05-20', principal: 800_000_000n, fee: 0n, daysUsed: 14 } } as DomainEvent;
    const repaid = [granted, overdue, settled].reduce(evolveBridgeLoan, initialBridgeLoanState());
    const [undoSettle] = reversalsOf([fact('bridge-loan-b1:l1', 3, settled)]);
    expect(evolveBridgeLoan(repaid, undoSettle as DomainEvent)).toMatchObject({ status: 'overdue', repaidOn: '', fee: 0n });

    const called = { type: 'CapitalCalled', data: { fundId: 'gf', commitmentId: 'c1', callId: 'k1', amount: 50_000_000n, calledOn: '2024-03-06', dueOn: '2024-03-20' } } as DomainEvent;
    const callSettled = { type: 'CapitalCallSettled', data: { fundId: 'gf', commitmentId: 'c1', callId: 'k1', amount: 50_000_000n, paidOn: '2024-03-08' } } as DomainEvent;
    const paid = [called, callSettled].reduce(evolveCommitment, initialCommitmentState());
    const [undoPay] = reversalsOf([fact('commitment-gf:c1', 3, callSettled)]);
    expect(evolveCommitment(paid, undoPay as DomainEvent)).toMatchObject({ paidIn: 0n, calls: { k1: { paid: false } } });

    const fund = [SAMPLE_EVENTS.CapitalInjected, SAMPLE_EVENTS.InterestReceived].reduce(evolveFund, initialFundState());
    const [undoInterest] = reversalsOf([fact('fund-pool1', 3, SAMPLE_EVENTS.InterestReceived)]);
    const after = evolveFund(fund, undoInterest as DomainEvent);
    // 50,000,000.00 + 123.45 − 123.45 = 50,000,000.00
    expect(after.cash).toBe(5_000_000_000n);
    expect(after.reversedVersions).toEqual([3]);
  });
});
