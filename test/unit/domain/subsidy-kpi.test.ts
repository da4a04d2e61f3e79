import { describe, expect, it } from 'vitest';
import type { DatedEvent } from '../../../domain/kpi';
import { DEFAULT_POLICIES, versionInForce } from '../../../domain/policy';

const policyOn = (date: string) => versionInForce(DEFAULT_POLICIES, date)!;
import { computeSubsidyIndicators } from '../../../domain/subsidy-kpi';

const FIRM = { name: 'F', creditCode: '91371500MA3C5X7Y0E' };
const requested = (subsidyId: string, amount: bigint, occurredOn = '2025-03-01'): DatedEvent => ({
  occurredOn,
  type: 'SubsidyRequested',
  data: { fundId: 'sb', subsidyId, firm: FIRM, programme: 'award', details: { awardKind: 'ipo', amount }, amount, approvalId: `a-${subsidyId}` },
});
const granted = (subsidyId: string, amount: bigint, occurredOn = '2025-03-01'): DatedEvent => ({
  occurredOn,
  type: 'SubsidyGranted',
  data: { fundId: 'sb', subsidyId, programme: 'award', creditCode: FIRM.creditCode, amount },
});

describe('subsidy indicators', () => {
  const policy = { ...policyOn('2025-12-31'), subsidy: { ...policyOn('2025-12-31').subsidy, annualBudgets: { award: 10_000_000_00n } } };
  const events: DatedEvent[] = [
    { occurredOn: '2025-01-02', type: 'CapitalInjected', data: { fundId: 'sb', amount: 20_000_000_00n, source: 'city', reference: 'YS' } },
    { occurredOn: '2025-01-02', type: 'CapitalInjected', data: { fundId: 'pool', amount: 99_000_000_00n, source: 'city', reference: 'X' } },
    requested('s1', 3_000_000_00n),
    granted('s1', 3_000_000_00n),
    requested('s2', 1_000_000_00n),
    { occurredOn: '2025-04-01', type: 'SubsidyRejected', data: { fundId: 'sb', subsidyId: 's2', programme: 'award', approvalId: 'a-s2', amount: 1_000_000_00n } },
    requested('s3', 500_000_00n, '2025-11-30'),
    { occurredOn: '2025-06-01', type: 'SubsidyClawedBack', data: { fundId: 'sb', subsidyId: 's1', programme: 'award', amount: 1_000_000_00n, reason: 'r' } },
  ];

  it('counts granted, rejected, clawed back and pending per programme against the budgets', () => {
    const s = computeSubsidyIndicators(events, 2025, { asOf: '2025-12-31', subsidyFunds: new Set(['sb']), policy });
    // budget: only the subsidy fund's appropriation; used (3,000,000.00 − 1,000,000.00) ÷ 20,000,000.00 = 10 %
    expect(s).toMatchObject({ budget: 20_000_000_00n, granted: 3_000_000_00n, clawedBack: 1_000_000_00n, usedBps: 1000, pending: { count: 1, amount: 500_000_00n } });
    // the programme's own budget 10,000,000.00: 2,000,000.00 net is 20 %
    expect(s.byProgramme.award).toMatchObject({ granted: { count: 1 }, rejected: { count: 1, amount: 1_000_000_00n }, budget: 10_000_000_00n, usedBps: 2000 });
    expect(s.byProgramme['ip-pledge-fee']).toMatchObject({ budget: null, usedBps: null, granted: { count: 0, amount: 0n } });
  });

  it('reports a request as pending on a day before its decision', () => {
    const s = computeSubsidyIndicators(events, 2025, { asOf: '2025-03-15', subsidyFunds: new Set(['sb']), policy });
    expect(s.pending).toEqual({ count: 1, amount: 1_000_000_00n });
    expect(s.clawedBack).toBe(0n);
  });
});
