import { describe, expect, it } from 'vitest';
import { computeKpis, type DatedEvent } from '../../../domain/kpi';
import { DEFAULT_POLICIES } from '../../../domain/policy';
import { type CityKpis, provinceKpis, worstState } from '../../../domain/province-kpis';
import { computeSubsidyIndicators } from '../../../domain/subsidy-kpi';
import type { DomainEvent } from '../../../events/registry';
import { SAMPLE_EVENTS } from '../events/samples';
import { Y } from './fixtures';

const POLICY = DEFAULT_POLICIES[0]!;
const on = (occurredOn: string, e: DomainEvent): DatedEvent => ({ occurredOn, ...e }) as DatedEvent;
const g = SAMPLE_EVENTS.GuaranteeIssued;
const issue = (date: string, guaranteeId: string, principal: string, feeRateBps: number, creditCode: string, category: 'small' | 'other') =>
  on(date, { type: 'GuaranteeIssued', data: { ...g.data, guaranteeId, principal: Y(principal), feeRateBps, borrower: { ...g.data.borrower, creditCode, category } } });

const city = (events: DatedEvent[], year = 2024): CityKpis => {
  const report = computeKpis(events, year);
  return { ...report, subsidies: computeSubsidyIndicators(events, year, { asOf: report.asOf, subsidyFunds: new Set(), policy: POLICY }) };
};

// Two cities: jinan issues 6,000,000.00 at 100 bp to an inclusive small borrower and loses
// 1,000,000.00 of it; liaocheng issues 2,000,000.00 at 200 bp to a borrower outside the categories.
const jinan = [
  issue('2024-02-01', 'g1', '6,000,000.00', 100, '91350100M000100Y43', 'small'),
  on('2024-06-01', { type: 'GuaranteeDefaulted', data: { ...SAMPLE_EVENTS.GuaranteeDefaulted.data, principalLoss: Y('1,000,000.00') } }),
  on('2024-05-06', SAMPLE_EVENTS.BridgeLoanDisbursed),
];
const liaocheng = [issue('2024-03-01', 'g2', '2,000,000.00', 200, '92371521MA3N5K7L13', 'other'), on('2024-05-07', SAMPLE_EVENTS.BridgeLoanDisbursed)];

describe('the province’s totals of its cities’ indicators', () => {
  const cities = [city(jinan), city(liaocheng)];
  const p = provinceKpis(cities);

  it('sums amounts and counts: 6,000,000.00 + 2,000,000.00 issued, 1 + 1 bridge uses', () => {
    expect(p.cities).toBe(2);
    expect(p.newGuaranteeAmount.actual).toBe(Y('8,000,000.00'));
    expect(p.bridgeUses.actual).toBe(2);
    expect(p.bridgeUses.amountLent).toBe(cities[0]!.bridgeAmount + cities[1]!.bridgeAmount);
  });

  it('sums the targets of the cities that have one: 5,000,000,000.00 × 2; progress 8,000,000 ÷ 10,000,000,000 = 8 bp', () => {
    expect(p.newGuaranteeAmount).toEqual({ actual: Y('8,000,000.00'), target: Y('10,000,000,000.00'), progressBps: 8, citiesWithTargets: 2 });
    expect(p.bridgeUses).toMatchObject({ target: 1600, citiesWithTargets: 2 });
  });

  it('recomputes ratios from the summed parts, never averaging the cities’ ratios', () => {
    // Inclusive share: 6,000,000 ÷ 8,000,000 = 75 % (the cities' 100 % and 0 % would average 50 %).
    expect(cities.map((c) => c.inclusiveShare.actualBps)).toEqual([10000, 0]);
    expect(p.inclusiveShareBps).toBe(7500);
    // Fee rate: (6,000,000 × 100 + 2,000,000 × 200) ÷ 8,000,000 = 125 bp (the average would be 150).
    expect(p.averageFeeRateBps).toBe(125);
    // Compensation: 1,000,000 ÷ 8,000,000 = 1,250 bp (jinan alone 1,667; the average 833).
    expect(cities[0]!.compensationRate.actualBps).toBe(1667);
    expect(p.compensationRateBps).toBe(1250);
  });

  it('counts the cities by their worst indicator (both missed the year’s guarantee target: alert)', () => {
    expect(cities.map(worstState)).toEqual(['alert', 'alert']);
    expect(p.citiesByState).toEqual({ ok: 0, warn: 0, alert: 2, 'no-target': 0 });
  });

  it('has no target where no city has one (2025 has no plan targets): actuals only', () => {
    const later = provinceKpis([city([issue('2025-02-01', 'g3', '1,000.00', 100, '91350100M000100Y43', 'small')], 2025), city([], 2025)]);
    expect(later.newGuaranteeAmount).toEqual({ actual: Y('1,000.00'), target: null, progressBps: null, citiesWithTargets: 0 });
  });

  it('is all zeros for cities without business', () => {
    const empty = provinceKpis([city([]), city([])]);
    expect(empty.newGuaranteeAmount.actual).toBe(0n);
    expect([empty.inclusiveShareBps, empty.averageFeeRateBps, empty.compensationRateBps]).toEqual([0, 0, 0]);
    expect(empty.guidanceLanded.leverage).toBe('0.00');
    expect(empty.subsidies).toEqual({ budget: 0n, granted: 0n, pending: { count: 0, amount: 0n }, clawedBack: 0n, usedBps: 0 });
  });
});
