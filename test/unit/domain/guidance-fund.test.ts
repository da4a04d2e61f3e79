import { describe, expect, it } from 'vitest';
import type { EventData } from '../../../events/registry';
import { fold } from '../../../domain/aggregate';
import { evolveFund } from '../../../domain/fund-book';
import {
  decideCapitalPayment,
  decideCommitment,
  decideDistribution,
  evolveCommitment,
  initialCommitmentState,
  unfunded,
  type CommitmentCommand,
  type CommitmentState,
} from '../../../domain/guidance-fund';
import { fundOf, ok, POLICY, refused, Y } from './fixtures';

const guidance = fundOf('guidance-fund', '500,000,000.00');

const commit = (amount: string, size: string, over: Partial<EventData<'CommitmentMade'>['subFund']> = {}, paidIn = '10,000,000.00'): CommitmentCommand => ({
  type: 'makeCommitment',
  fundId: 'f1',
  commitmentId: 'c1',
  subFund: { name: '子基金', size: Y(size), prioritySector: false, green: false, manager: { name: '管理人', paidInCapital: Y(paidIn) }, ...over },
  amount: Y(amount),
  committedOn: '2024-06-01',
});

function committed(): CommitmentState {
  return fold(evolveCommitment, initialCommitmentState(), ok(decideCommitment(initialCommitmentState(), commit('100,000,000.00', '400,000,000.00'), POLICY, guidance)));
}

function called(state: CommitmentState, callId: string, amount: string): CommitmentState {
  const events = ok(decideCommitment(state, { type: 'callCapital', callId, amount: Y(amount), calledOn: '2024-07-01', dueOn: '2024-07-15' }, POLICY, guidance));
  return fold(evolveCommitment, state, events);
}

function paid(state: CommitmentState, callId: string): CommitmentState {
  return fold(evolveCommitment, state, ok(decideCapitalPayment(state, guidance, { type: 'payCapitalCall', callId, paidOn: '2024-07-10' }, POLICY)).commitment);
}

describe('making a commitment', () => {
  it('accepts a government share of exactly 25 % and refuses 25 % plus a fen', () => {
    ok(decideCommitment(initialCommitmentState(), commit('100,000,000.00', '400,000,000.00'), POLICY, guidance));
    const error = refused(decideCommitment(initialCommitmentState(), commit('100,000,000.01', '400,000,000.00'), POLICY, guidance), 'government-share-too-high');
    expect(error).toMatchObject({ limit: '2500 bp', actual: '2500 bp', field: 'amount' });
  });

  it('allows 30 % in priority sectors, not more', () => {
    ok(decideCommitment(initialCommitmentState(), commit('120,000,000.00', '400,000,000.00', { prioritySector: true }), POLICY, guidance));
    const error = refused(decideCommitment(initialCommitmentState(), commit('124,000,000.00', '400,000,000.00', { prioritySector: true }), POLICY, guidance), 'government-share-too-high');
    expect(error).toMatchObject({ limit: '3000 bp', actual: '3100 bp' });
  });

  it('needs the manager to have paid in at least 10,000,000.00', () => {
    ok(decideCommitment(initialCommitmentState(), commit('1.00', '100.00', {}, '10,000,000.00'), POLICY, guidance));
    const error = refused(decideCommitment(initialCommitmentState(), commit('1.00', '100.00', {}, '9,999,999.99'), POLICY, guidance), 'manager-capital-too-low');
    expect(error).toMatchObject({ limit: '10000000.00', actual: '9999999.99', field: 'subFund.manager.paidInCapital' });
  });

  it('only a guidance fund commits, once per id, a positive amount', () => {
    refused(decideCommitment(initialCommitmentState(), commit('1.00', '100.00'), POLICY, fundOf('risk-pool', '1.00')), 'wrong-fund-kind');
    refused(decideCommitment(committed(), commit('1.00', '100.00'), POLICY, guidance), 'already-exists');
    refused(decideCommitment(initialCommitmentState(), commit('0', '100.00'), POLICY, guidance), 'invalid-amount');
  });
});

describe('capital calls', () => {
  it('calls up to the unfunded commitment, not a fen more', () => {
    const c = called(committed(), 'k1', '60,000,000.00');
    expect(unfunded(c)).toBe(Y('40,000,000.00'));
    const error = refused(decideCommitment(c, { type: 'callCapital', callId: 'k2', amount: Y('40,000,000.01'), calledOn: '2024-08-01', dueOn: '2024-08-15' }, POLICY, guidance), 'exceeds-unfunded-commitment');
    expect(error).toMatchObject({ limit: '40000000.00', actual: '40000000.01' });
    expect(unfunded(called(c, 'k2', '40,000,000.00'))).toBe(0n);
  });

  it('refuses a reused call id, a due date before the call and calls on a missing commitment', () => {
    const c = called(committed(), 'k1', '1.00');
    refused(decideCommitment(c, { type: 'callCapital', callId: 'k1', amount: 1n, calledOn: '2024-08-01', dueOn: '2024-08-15' }, POLICY, guidance), 'already-exists');
    refused(decideCommitment(c, { type: 'callCapital', callId: 'k2', amount: 1n, calledOn: '2024-08-01', dueOn: '2024-07-31' }, POLICY, guidance), 'date-before-start');
    refused(decideCommitment(c, { type: 'callCapital', callId: 'k3', amount: 0n, calledOn: '2024-08-01', dueOn: '2024-08-15' }, POLICY, guidance), 'invalid-amount');
    refused(decideCommitment(initialCommitmentState(), { type: 'callCapital', callId: 'k1', amount: 1n, calledOn: '2024-08-01', dueOn: '2024-08-15' }, POLICY, guidance), 'not-found');
  });

  it('pays an open call from fund cash, once', () => {
    const c = called(committed(), 'k1', '50,000,000.00');
    const d = ok(decideCapitalPayment(c, guidance, { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-10' }, POLICY));
    expect(d.fund).toEqual([{ type: 'CapitalCallPaid', data: { fundId: 'f1', commitmentId: 'c1', callId: 'k1', amount: Y('50,000,000.00') } }]);
    expect(fold(evolveFund, guidance, d.fund).cash).toBe(Y('450,000,000.00'));
    const after = fold(evolveCommitment, c, d.commitment);
    expect(after.paidIn).toBe(Y('50,000,000.00'));
    refused(decideCapitalPayment(after, guidance, { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-11' }, POLICY), 'invalid-state');
    refused(decideCapitalPayment(after, guidance, { type: 'payCapitalCall', callId: 'nope', paidOn: '2024-07-11' }, POLICY), 'not-found');
    refused(decideCapitalPayment(initialCommitmentState(), guidance, { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-11' }, POLICY), 'not-found');
  });

  it('refuses a call payment the fund cannot cover', () => {
    const c = called(committed(), 'k1', '50,000,000.00');
    ok(decideCapitalPayment(c, fundOf('guidance-fund', '50,000,000.00'), { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-10' }, POLICY));
    refused(decideCapitalPayment(c, fundOf('guidance-fund', '49,999,999.99'), { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-10' }, POLICY), 'insufficient-funds');
  });
});

describe('distributions', () => {
  const withPaidIn = () => paid(called(committed(), 'k1', '50,000,000.00'), 'k1');
  const dist = (id: string, roc: string, gain: string) => ({ type: 'recordDistribution' as const, distributionId: id, receivedOn: '2024-12-01', returnOfCapital: Y(roc), gain: Y(gain) });

  it('returns capital up to what was paid in and not yet returned', () => {
    const d = ok(decideDistribution(withPaidIn(), guidance, dist('d1', '30,000,000.00', '2,000,000.00'), POLICY));
    const after = fold(evolveCommitment, withPaidIn(), d.commitment);
    expect(after.capitalReturned).toBe(Y('30,000,000.00'));
    ok(decideDistribution(after, guidance, dist('d2', '20,000,000.00', '0'), POLICY));
    const error = refused(decideDistribution(after, guidance, dist('d2', '20,000,000.01', '0'), POLICY), 'return-exceeds-paid-in');
    expect(error).toMatchObject({ limit: '20000000.00', actual: '20000000.01' });
    refused(decideDistribution(after, guidance, dist('d1', '1.00', '0'), POLICY), 'already-exists');
  });

  it('puts cash in the fund and reduces what is invested by the capital returned', () => {
    const fund = fold(evolveFund, guidance, ok(decideCapitalPayment(called(committed(), 'k1', '50,000,000.00'), guidance, { type: 'payCapitalCall', callId: 'k1', paidOn: '2024-07-10' }, POLICY)).fund);
    const d = ok(decideDistribution(withPaidIn(), fund, dist('d1', '10,000,000.00', '1,500,000.00'), POLICY));
    const after = fold(evolveFund, fund, d.fund);
    // 450,000,000.00 + 10,000,000.00 + 1,500,000.00
    expect(after.cash).toBe(Y('461,500,000.00'));
    expect(after.invested).toBe(Y('40,000,000.00'));
  });

  it('refuses a negative gain, an empty distribution and one on a missing commitment', () => {
    refused(decideDistribution(withPaidIn(), guidance, { ...dist('d1', '1.00', '0'), gain: -1n }, POLICY), 'invalid-amount');
    refused(decideDistribution(withPaidIn(), guidance, dist('d1', '0', '0'), POLICY), 'invalid-amount');
    refused(decideDistribution(initialCommitmentState(), guidance, dist('d1', '1.00', '0'), POLICY), 'not-found');
  });
});
