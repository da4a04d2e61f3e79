import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../events/registry';
import { reversalEvents } from '../../../domain/reversal';
import { computeKpis, ratioText, type DatedEvent } from '../../../domain/kpi';
import { DEFAULT_POLICIES, type PolicyVersion, versionZeroOf } from '../../../domain/policy';
import { initialPolicyBook, versionsOf } from '../../../domain/policy-book';
import { SAMPLE_EVENTS } from '../events/samples';
import { Y } from './fixtures';

const SAMPLE_POLICY = DEFAULT_POLICIES[0]!;
const on = (occurredOn: string, e: DomainEvent): DatedEvent => ({ occurredOn, ...e }) as DatedEvent;
const g = SAMPLE_EVENTS.GuaranteeIssued;
const issue = (date: string, guaranteeId: string, principal: string, feeRateBps: number, creditCode: string, category: 'micro' | 'small' | 'agri' | 'other') =>
  on(date, { type: 'GuaranteeIssued', data: { ...g.data, guaranteeId, principal: Y(principal), feeRateBps, borrower: { ...g.data.borrower, creditCode, category } } });

// Valid GB 32100 codes for distinct borrowers.
const A = '91350100M000100Y43';
const B = '91371502MA3DF12345';
const C = '92371521MA3N5K7L13';

describe('plan indicators', () => {
  const events: DatedEvent[] = [
    issue('2024-02-01', 'g1', '6,000,000.00', 100, A, 'small'),
    issue('2024-03-01', 'g2', '5,000,000.00', 150, A, 'small'), // A's total 11,000,000.00 > 10,000,000.00: not inclusive
    issue('2024-04-01', 'g3', '8,000,000.00', 80, B, 'agri'), // inclusive
    issue('2024-05-01', 'g4', '1,000,000.00', 100, C, 'other'), // not a target category
    issue('2023-12-31', 'g0', '9,000,000.00', 500, B, 'agri'), // other year
    on('2024-06-01', { type: 'GuaranteeDefaulted', data: { ...SAMPLE_EVENTS.GuaranteeDefaulted.data, principalLoss: Y('1,000,000.00') } }),
    on('2024-05-06', SAMPLE_EVENTS.BridgeLoanDisbursed),
    on('2024-05-07', SAMPLE_EVENTS.BridgeLoanDisbursed),
    on('2024-06-01', SAMPLE_EVENTS.CommitmentMade), // 100,000,000.00 into a 400,000,000.00 green sub-fund
    on('2024-12-31', { type: 'CommitmentMade', data: { ...SAMPLE_EVENTS.CommitmentMade.data, amount: Y('50,000,000.00'), subFund: { ...SAMPLE_EVENTS.CommitmentMade.data.subFund, size: Y('250,000,000.00'), green: false } } }),
  ];
  const report = computeKpis(events, 2024);

  it('sums new guarantees in the year only: 6 + 5 + 8 + 1 = 20,000,000.00', () => {
    expect(report.newGuaranteeAmount.actual).toBe(Y('20,000,000.00'));
    expect(report.newGuaranteeAmount.target).toBe(Y('5,000,000,000.00'));
    // 20,000,000 / 5,000,000,000 = 0.4 % = 40 bp; the year is over, so the miss is an alert
    expect(report.newGuaranteeAmount).toMatchObject({ progressBps: 40, expectedBps: 10000, alert: 'alert' });
  });

  it('measures another city against no targets of Liaocheng’s shipped plan, but under its rules, until it adopts its own', () => {
    const jinan = computeKpis(events, 2024, { policies: versionZeroOf('jinan') });
    expect(jinan.newGuaranteeAmount).toMatchObject({ actual: Y('20,000,000.00'), target: null, progressBps: null, alert: 'no-target' });
    expect(jinan.policyId).toBe('liaocheng-2024');
    // Liaocheng keeps its plan's targets; an adopted version of another city keeps its own.
    expect(versionZeroOf('liaocheng')).toEqual(DEFAULT_POLICIES);
    const adopted = { ...(DEFAULT_POLICIES[0] as PolicyVersion), id: 'jinan-2024', effectiveFrom: '2024-02-01' };
    const book = initialPolicyBook('jinan');
    expect(versionsOf({ ...book, adopted: [{ version: adopted, basedOn: 'liaocheng-2024', changed: [], reason: '', proposedBy: '', proposedOn: '', approvedBy: '', adoptedOn: '', approvalId: '' }] })[1]).toBe(adopted);
  });

  it('counts only single borrowers ≤ 10,000,000.00 in micro/small/agri: 8 / 20 = 40 %', () => {
    expect(report.inclusiveShare).toEqual({ actualBps: 4000, limitBps: 8000, alert: 'alert' });
  });

  it('weights the fee rate by principal: (6×100 + 5×150 + 8×80 + 1×100) / 20 = 104.5 → 105 bp', () => {
    expect(report.averageFeeRate).toEqual({ actualBps: 105, limitBps: 100, alert: 'alert' });
  });

  it('rates compensation as loss over issued: 1,000,000.00 / 20,000,000.00 = 500 bp, at the warning line', () => {
    expect(report.compensationRate).toEqual({ actualBps: 500, limitBps: 500, alert: 'ok' });
  });

  it('counts bridge uses and amount, commitments, leverage and green funds', () => {
    expect(report.bridgeUses).toMatchObject({ actual: 2, target: 800 });
    expect(report.bridgeAmount).toBe(Y('16,000,000.00'));
    expect(report.guidanceLanded.actual).toBe(Y('150,000,000.00'));
    // (400,000,000 + 250,000,000) / 150,000,000 = 4.333… → "4.33"
    expect(report.leverage).toBe('4.33');
    expect(report.newGreenFunds).toMatchObject({ actual: 1, target: 2, max: 3, alert: 'alert' });
  });

  it('stops counting a voided commitment (冲正) in landed, leverage and green funds', () => {
    const [made] = events.filter((e) => e.type === 'CommitmentMade');
    if (made === undefined) throw new Error('no commitment');
    const [voided] = [...reversalEvents([{ streamId: 'commitment-gf:c1', version: 1, occurredOn: '2024-06-01', recordedAt: '2024-06-01T00:00:00.000Z', event: made }], { fundId: 'gf', correctionId: 'c9', approvalId: 'a9', reason: '录入错误' }).values()].flat();
    if (voided === undefined) throw new Error('no reversal');
    const reversed = on('2024-12-31', voided);
    const after = computeKpis([...events, reversed], 2024);
    // Only the 50,000,000.00 commitment into a 250,000,000.00 non-green sub-fund is left: 250 / 50 = 5.00.
    expect(after.guidanceLanded.actual).toBe(Y('50,000,000.00'));
    expect(after.leverage).toBe('5.00');
    expect(after.newGreenFunds.actual).toBe(0);
  });

  it('judges progress against the pace of the year at asOf', () => {
    const midyear = computeKpis(events, 2024, { asOf: '2024-05-31' });
    // day 152 of 366 → 4153 bp of the year gone
    expect(midyear.bridgeUses.expectedBps).toBe(4153);
    expect(midyear.bridgeUses.alert).toBe('warn');
    expect(midyear.guidanceLanded.actual).toBe(0n);
    expect(midyear.leverage).toBe('0.00');
    // A target already met is ok whatever the pace.
    const met = computeKpis(events, 2024, { asOf: '2024-06-01', policies: [{ ...SAMPLE_POLICY, targets: { '2024': { ...SAMPLE_POLICY.targets['2024']!, greenFundsMin: 1 } } }] });
    expect(met.newGreenFunds).toMatchObject({ progressBps: 10000, alert: 'ok' });
  });

  it('reports an empty year without dividing by zero', () => {
    const empty = computeKpis([], 2024, { asOf: '2024-01-01' });
    expect(empty.averageFeeRate.actualBps).toBe(0);
    expect(empty.inclusiveShare.alert).toBe('ok');
    expect(empty.compensationRate.actualBps).toBe(0);
    expect(empty.newGuaranteeAmount.alert).toBe('warn');
  });

  it('writes ratios with two decimals, rounding half up', () => {
    expect(ratioText(5n, 2n)).toBe('2.50');
    expect(ratioText(2n, 3n)).toBe('0.67');
    expect(ratioText(1n, 0n)).toBe('0.00');
  });
});
