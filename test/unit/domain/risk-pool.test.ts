import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/aggregate';
import { evolveFund, initialFundState } from '../../../domain/fund-book';
import {
  decideCompensation,
  decideGuarantee,
  decideRecovery,
  evolveGuarantee,
  initialGuaranteeState,
  type GuaranteeCommand,
  type GuaranteeState,
} from '../../../domain/risk-pool';
import { CREDIT_CODE, fundOf, ok, POLICY, refused, Y } from './fixtures';

const issue = (over: Partial<Extract<GuaranteeCommand, { type: 'issueGuarantee' }>> = {}): GuaranteeCommand => ({
  type: 'issueGuarantee',
  fundId: 'f1',
  guaranteeId: 'g1',
  agency: '聊城市融资担保有限公司',
  borrower: { name: '某企业', creditCode: CREDIT_CODE, category: 'small', county: 'gaotang' },
  lender: '农商银行',
  principal: Y('3,000,000.00'),
  feeRateBps: 100,
  startsOn: '2024-03-01',
  maturesOn: '2025-02-28',
  ...over,
});

const pool = fundOf('risk-pool', '1,000,000.00');

function issued(over: Partial<Extract<GuaranteeCommand, { type: 'issueGuarantee' }>> = {}): GuaranteeState {
  return fold(evolveGuarantee, initialGuaranteeState('f1', 'g1'), ok(decideGuarantee(initialGuaranteeState('f1', 'g1'), issue(over), POLICY, pool)));
}

function defaulted(loss: string): GuaranteeState {
  const g = issued();
  const d = ok(decideCompensation(g, pool, { type: 'compensateDefault', principalLoss: Y(loss) }, POLICY));
  return fold(evolveGuarantee, g, d.guarantee);
}

describe('issuing a guarantee', () => {
  it('applies the default split 40/30/20/10 when none is given', () => {
    const g = issued();
    expect(g.status).toBe('active');
    expect(g.riskShare).toEqual({ guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 });
  });

  it('accepts a split that sums to exactly 100 %', () => {
    const g = issued({ riskShare: { guarantorBps: 5000, reguarantorBps: 2500, bankBps: 2000, poolBps: 500 } });
    expect(g.riskShare.poolBps).toBe(500);
  });

  it('refuses a split of 100.01 %, stating the sum', () => {
    const error = refused(
      decideGuarantee(initialGuaranteeState(), issue({ riskShare: { guarantorBps: 4001, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 } }), POLICY, pool),
      'risk-share-not-100',
    );
    expect(error).toMatchObject({ limit: '10000 bp', actual: '10001 bp', field: 'riskShare' });
  });

  it('only a risk pool issues guarantees', () => {
    refused(decideGuarantee(initialGuaranteeState(), issue(), POLICY, fundOf('bridge-fund', '1.00')), 'wrong-fund-kind');
  });

  it('refuses a duplicate id, a zero principal and maturity before start', () => {
    refused(decideGuarantee(issued(), issue(), POLICY, pool), 'already-exists');
    refused(decideGuarantee(initialGuaranteeState(), issue({ principal: 0n }), POLICY, pool), 'invalid-amount');
    refused(decideGuarantee(initialGuaranteeState(), issue({ maturesOn: '2024-02-29' }), POLICY, pool), 'date-before-start');
  });
});

describe('fees and release', () => {
  it('records the guarantor fee on the guarantee only', () => {
    const events = ok(decideGuarantee(issued(), { type: 'collectGuaranteeFee', amount: Y('30,000.00') }, POLICY, pool));
    expect(events).toEqual([{ type: 'GuaranteeFeeCollected', data: { fundId: 'f1', guaranteeId: 'g1', amount: Y('30,000.00') } }]);
    expect(fold(evolveGuarantee, issued(), events).feesCollected).toBe(Y('30,000.00'));
  });

  it('releases an active guarantee once', () => {
    const events = ok(decideGuarantee(issued(), { type: 'releaseGuarantee' }, POLICY, pool));
    const released = fold(evolveGuarantee, issued(), events);
    expect(released.status).toBe('released');
    refused(decideGuarantee(released, { type: 'releaseGuarantee' }, POLICY, pool), 'invalid-state');
    refused(decideGuarantee(released, { type: 'collectGuaranteeFee', amount: 1n }, POLICY, pool), 'invalid-state');
    refused(decideGuarantee(initialGuaranteeState(), { type: 'releaseGuarantee' }, POLICY, pool), 'not-found');
    refused(decideGuarantee(issued(), { type: 'collectGuaranteeFee', amount: 0n }, POLICY, pool), 'invalid-amount');
  });
});

describe('compensating a default', () => {
  it('pays the pool share of the loss: 10 % of 3,000,000.00 = 300,000.00', () => {
    const d = ok(decideCompensation(issued(), pool, { type: 'compensateDefault', principalLoss: Y('3,000,000.00') }, POLICY));
    expect(d.fund).toEqual([
      { type: 'CompensationPaid', data: { fundId: 'f1', guaranteeId: 'g1', principalLoss: Y('3,000,000.00'), poolShareBps: 1000, amount: Y('300,000.00') } },
    ]);
    expect(d.guarantee[0]).toMatchObject({ type: 'GuaranteeDefaulted', data: { poolAmount: Y('300,000.00'), principal: Y('3,000,000.00') } });
    expect(fold(evolveFund, pool, d.fund).cash).toBe(Y('700,000.00'));
  });

  it('pays when the pool holds exactly its share, and refuses when it holds a fen less (never in part)', () => {
    const exact = fundOf('risk-pool', '300,000.00');
    ok(decideCompensation(issued(), exact, { type: 'compensateDefault', principalLoss: Y('3,000,000.00') }, POLICY));
    const short = fundOf('risk-pool', '299,999.99');
    const error = refused(decideCompensation(issued(), short, { type: 'compensateDefault', principalLoss: Y('3,000,000.00') }, POLICY), 'insufficient-funds');
    expect(error).toMatchObject({ limit: '299999.99', actual: '300000.00' });
  });

  it('accepts a loss equal to the principal, refuses one a fen over', () => {
    ok(decideCompensation(issued(), pool, { type: 'compensateDefault', principalLoss: Y('3,000,000.00') }, POLICY));
    refused(decideCompensation(issued(), pool, { type: 'compensateDefault', principalLoss: Y('3,000,000.01') }, POLICY), 'loss-exceeds-principal');
  });

  it('refuses to compensate twice or a guarantee that does not exist', () => {
    refused(decideCompensation(defaulted('1,000.00'), pool, { type: 'compensateDefault', principalLoss: 1n }, POLICY), 'invalid-state');
    refused(decideCompensation(initialGuaranteeState(), pool, { type: 'compensateDefault', principalLoss: 1n }, POLICY), 'not-found');
    refused(decideCompensation(issued(), pool, { type: 'compensateDefault', principalLoss: 0n }, POLICY), 'invalid-amount');
  });

  it('a pool with a 0 % share appends nothing to the fund', () => {
    const g = issued({ riskShare: { guarantorBps: 5000, reguarantorBps: 3000, bankBps: 2000, poolBps: 0 } });
    const d = ok(decideCompensation(g, initialFundState('f1'), { type: 'compensateDefault', principalLoss: Y('100.00') }, POLICY));
    expect(d.fund).toEqual([]);
  });
});

describe('recoveries', () => {
  it('returns the pool share net of costs: (1,000,000.00 − 100,000.00) × 10 % = 90,000.00', () => {
    const d = ok(decideRecovery(defaulted('3,000,000.00'), pool, { type: 'recordRecovery', grossAmount: Y('1,000,000.00'), costs: Y('100,000.00') }, POLICY));
    expect(d.fund[0]).toMatchObject({ type: 'RecoveryReceived', data: { amount: Y('90,000.00'), poolShareBps: 1000 } });
    const g = fold(evolveGuarantee, defaulted('3,000,000.00'), d.guarantee);
    expect(g.recoveredToPool).toBe(Y('90,000.00'));
    expect(g.recoveredCosts).toBe(Y('100,000.00'));
  });

  it('accepts costs equal to the amount (nothing to the pool), refuses costs a fen over', () => {
    const d = ok(decideRecovery(defaulted('1.00'), pool, { type: 'recordRecovery', grossAmount: Y('500.00'), costs: Y('500.00') }, POLICY));
    expect(d.fund).toEqual([]);
    expect(d.guarantee[0]).toMatchObject({ data: { poolAmount: 0n } });
    refused(decideRecovery(defaulted('1.00'), pool, { type: 'recordRecovery', grossAmount: Y('500.00'), costs: Y('500.01') }, POLICY), 'costs-exceed-recovery');
  });

  it('only follows a default', () => {
    refused(decideRecovery(issued(), pool, { type: 'recordRecovery', grossAmount: 1n, costs: 0n }, POLICY), 'invalid-state');
    refused(decideRecovery(initialGuaranteeState(), pool, { type: 'recordRecovery', grossAmount: 1n, costs: 0n }, POLICY), 'not-found');
    refused(decideRecovery(defaulted('1.00'), pool, { type: 'recordRecovery', grossAmount: 0n, costs: 0n }, POLICY), 'invalid-amount');
    refused(decideRecovery(defaulted('1.00'), pool, { type: 'recordRecovery', grossAmount: 5n, costs: -1n }, POLICY), 'invalid-amount');
  });
});
