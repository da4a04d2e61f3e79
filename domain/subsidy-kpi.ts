import { PROGRAMMES, type Programme } from '../events/subsidy-events';
import { yearOf } from './dates';
import type { DatedEvent } from './kpi';
import { ratioBps } from './money';
import { originalOf } from './reversal';
import type { PolicyVersion } from './policy';

// The subsidy budget's indicators for a year (issue 12 §3): per programme what was granted, what
// waits for approval and what was clawed back, against the year's budget. The budget is what was
// appropriated (capital injected) into the subsidy-budget funds in the year; a programme's own
// budget is the policy's, when it sets one.

export interface CountAmount {
  count: number;
  amount: bigint;
}

export interface ProgrammeIndicators {
  granted: CountAmount;
  pending: CountAmount;
  rejected: CountAmount;
  clawedBack: CountAmount;
  /** The policy's budget for the programme in the year; null when it sets none. */
  budget: bigint | null;
  /** (granted − clawed back) ÷ budget, bp; null without a budget. */
  usedBps: number | null;
}

export interface SubsidyIndicators {
  /** Appropriations injected into subsidy-budget funds in the year. */
  budget: bigint;
  granted: bigint;
  pending: CountAmount;
  clawedBack: bigint;
  /** (granted − clawed back) ÷ budget, bp (0 without a budget). */
  usedBps: number;
  byProgramme: Record<Programme, ProgrammeIndicators>;
}

/** (granted − clawed back) ÷ budget in bp, 0 without a budget: a city's and a province's alike. */
export const subsidyUsedBps = (granted: bigint, clawedBack: bigint, budget: bigint): number => ratioBps(granted - clawedBack, budget);

const zero = (): CountAmount => ({ count: 0, amount: 0n });
const add = (into: CountAmount, amount: bigint): void => {
  into.count += 1;
  into.amount += amount;
};

/**
 * From the year's events (any funds), as of `asOf`: grants by the date of their request, rejections
 * and clawbacks by their own date; pending = requested in the year and neither granted nor
 * rejected by `asOf` (so a past year shows what was pending at its end).
 */
export function computeSubsidyIndicators(events: Iterable<DatedEvent>, year: number, options: { asOf: string; subsidyFunds: ReadonlySet<string>; policy: PolicyVersion }): SubsidyIndicators {
  const rows = Object.fromEntries(PROGRAMMES.map((p) => [p, { granted: zero(), pending: zero(), rejected: zero(), clawedBack: zero() }])) as Record<Programme, Omit<ProgrammeIndicators, 'budget' | 'usedBps'>>;
  const open = new Map<string, { programme: Programme; amount: bigint }>();
  let budget = 0n;
  for (const e of events) {
    if (yearOf(e.occurredOn) !== year || e.occurredOn > options.asOf) continue;
    switch (e.type) {
      case 'CapitalInjected':
        if (options.subsidyFunds.has(e.data.fundId)) budget += e.data.amount;
        break;
      case 'EntryReversed': {
        // An appropriation reversed (冲正) is budget no more; grants are corrected by clawbacks, never reversed.
        const o = originalOf(e.data);
        if (o.type === 'CapitalInjected' && options.subsidyFunds.has(o.data.fundId)) budget -= o.data.amount;
        break;
      }
      case 'SubsidyRequested':
        open.set(`${e.data.fundId}:${e.data.subsidyId}`, { programme: e.data.programme, amount: e.data.amount });
        break;
      case 'SubsidyGranted':
        open.delete(`${e.data.fundId}:${e.data.subsidyId}`);
        add(rows[e.data.programme].granted, e.data.amount);
        break;
      case 'SubsidyRejected':
        open.delete(`${e.data.fundId}:${e.data.subsidyId}`);
        add(rows[e.data.programme].rejected, e.data.amount);
        break;
      case 'SubsidyClawedBack':
        add(rows[e.data.programme].clawedBack, e.data.amount);
        break;
      default:
        break;
    }
  }
  for (const { programme, amount } of open.values()) add(rows[programme].pending, amount);
  const budgets = options.policy.subsidy.annualBudgets;
  const byProgramme = Object.fromEntries(
    PROGRAMMES.map((p) => {
      const own = budgets[p];
      const net = rows[p].granted.amount - rows[p].clawedBack.amount;
      return [p, { ...rows[p], budget: own ?? null, usedBps: own === undefined ? null : ratioBps(net, own) }];
    }),
  ) as Record<Programme, ProgrammeIndicators>;
  const sum = (pick: (r: ProgrammeIndicators) => bigint): bigint => PROGRAMMES.reduce((total, p) => total + pick(byProgramme[p]), 0n);
  const granted = sum((r) => r.granted.amount);
  const clawedBack = sum((r) => r.clawedBack.amount);
  const pending = { count: PROGRAMMES.reduce((n, p) => n + byProgramme[p].pending.count, 0), amount: sum((r) => r.pending.amount) };
  return { budget, granted, pending, clawedBack, usedBps: subsidyUsedBps(granted, clawedBack, budget), byProgramme };
}
