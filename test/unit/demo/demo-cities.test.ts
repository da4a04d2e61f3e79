// The demo's cities (scripts/demo/cities.ts): Liaocheng's year is exactly the single-city demo's
// (a digest of every request, taken before the cities existed, pins it), another city's is the same
// catalogue from its own seed, with its own name in the texts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CITY_COUNTY_NAMES_ZH, countiesOf, isCountyOf } from '../../../events/city-counties';
import { issueGuaranteeBody } from '../../../functions/api/schemas';
import { withCity } from '../../../functions/shared/city-scope';
import { cityPlans } from '../../../scripts/demo/cities';
import { buildPlans, type DemoPlan, type PlanOptions } from '../../../scripts/demo/plan';

const options = (scale: number, months: number): PlanOptions => ({ seed: 2024, scale, months, year: 2024, withOpenedOn: true });

/** Every request, op and decision of the plans, hashed (the same text as taken at 14336be). */
const digest = (plans: DemoPlan[]): string =>
  createHash('sha256')
    .update(
      JSON.stringify(
        plans.map((p) => ({
          policy: p.policy,
          setup: p.setup.map((o) => o.request),
          ops: p.ops.map((o) => [o.kind, o.fundId, o.role, o.chain, o.date, o.order, o.request, String(o.plannedCash), String(o.amount), o.decision ?? null]),
          closeYear: p.closeYear,
        })),
      ),
    )
    .digest('hex');

describe('demo cities', () => {
  it("leaves today's demo unchanged: the same requests as before --cities, and Liaocheng's city plan is that plan", () => {
    // Taken on main at 14336be, before scripts/demo/cities.ts: full year 4,177 ops, 0.25 1,081, 0.02 × 3 months 71.
    expect(digest(buildPlans(options(1, 12)))).toBe('13c347102e9da4045e9e075a30dae8ca06634ce627cf00fabb802b0f7d33170d');
    expect(digest(buildPlans(options(0.25, 12)))).toBe('1ff659c46e3b34435e6c4c51cb39527579c7560b472a4b1b7bcf9cc3355a5f8f');
    expect(digest(buildPlans(options(0.02, 3)))).toBe('f84c0d084a3057897ae0767939987734f631f0f1774e8a41f0a9fada81d5c25a');
    expect(digest(cityPlans(options(0.25, 12), 'liaocheng'))).toBe('1ff659c46e3b34435e6c4c51cb39527579c7560b472a4b1b7bcf9cc3355a5f8f');
  });

  it("gives another city the same catalogue from its own seed, in its own name and counties, every request still valid", () => {
    const [liaocheng] = cityPlans(options(0.25, 12), 'liaocheng');
    const [jinan] = cityPlans(options(0.25, 12), 'jinan');
    if (liaocheng === undefined || jinan === undefined) throw new Error('no plan');
    const text = JSON.stringify([jinan.policy, ...jinan.setup, ...jinan.ops].map((o) => ('request' in o ? o.request : o)));
    expect(text).not.toContain('聊城');
    expect(text).toContain('济南市政府性融资担保风险补偿资金池');
    // Its own counties by code and by name: none of Liaocheng's, and the urban district leads as Liaocheng's does.
    const counties = [...text.matchAll(/"county":"([a-z]+)"/g)].map((m) => m[1] ?? '');
    expect(counties.length).toBeGreaterThan(100);
    expect(counties.every((c) => isCountyOf('jinan', c))).toBe(true);
    // By position: Liaocheng's eleven onto Jinan's first eleven (of twelve).
    expect(new Set(counties).size).toBe(Math.min(11, countiesOf('jinan').length));
    for (const name of Object.values(CITY_COUNTY_NAMES_ZH.liaocheng)) expect(text).not.toContain(name);
    expect(text).toContain('济南市历下区');
    // Its own year: other requests, about as many (a quarter of the catalogue's).
    expect(digest([jinan])).not.toBe(digest([liaocheng]));
    expect(Math.abs(jinan.ops.length - liaocheng.ops.length)).toBeLessThan(liaocheng.ops.length / 10);
    expect(jinan.setup.map((o) => o.fundId)).toEqual(liaocheng.setup.map((o) => o.fundId));
    // Judged as the API judges it, in Jinan's scope (a county is the caller's city's).
    withCity('jinan', () => {
      for (const o of jinan.ops.filter((op) => op.kind === 'guarantee')) expect(issueGuaranteeBody.safeParse(o.request.body).success).toBe(true);
    });
    // Every request keeps its own idempotency key (the keys are per city: each city's records are its own).
    expect(new Set(jinan.ops.map((o) => o.request.idempotencyKey)).size).toBe(jinan.ops.length);
  });
});
