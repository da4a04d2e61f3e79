// The annual accounts of every fund (年度决算, issue 21 §2), as the API serves them: computed from the
// store's events (month index, from the first fund's opening month to December) for a year still
// open (a draft marked 未结账), and for a closed year the version stored when it was first built
// after the close, which every later read returns unchanged.
import { type AnnualFundAccounts, annualAccounts, type DatedFundEvent } from '../../domain/annual-accounts';
import { NO_STANDARD_OVERRIDES, STANDARD_NAMES, standardOf } from '../../domain/accounting-standards';
import { monthsBetween } from '../../domain/dates';
import { policyInForce } from '../../domain/policy-book';
import { readPolicyBook } from '../commands/policy-stream';
import { formatYuan, parseYuan } from '../../events/money';
import { decodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { knownFunds } from '../month-end/coverage';
import { kpisForYear, kpisToJson } from '../month-end/kpis';
import type { AnnualReports } from '../store/annual-reports';
import type { EventStore } from '../store/event-store';
import { readMonthsAhead } from '../store/read-months-ahead';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { JsonObject, JsonValue } from '../store/types';

export interface AnnualReportDeps {
  store: Pick<EventStore, 'readMonth' | 'readStream' | 'readHead'>;
  queries: Pick<ReadModelQueries, 'listFunds'>;
  /** Where closed years' accounts are kept; without it a closed year is computed on every read. */
  reports?: AnnualReports;
}

/** Wire form: every bigint fen as a decimal yuan string, the rest as it is. */
export function toWire(value: unknown): JsonValue {
  if (typeof value === 'bigint') return formatYuan(value);
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value as JsonValue;
}

export const STATUS_ZH = { closed: '已结账', draft: '未结账' } as const;

/** One fund's accounts on the wire, with its standing. */
export type FundAccountsWire = JsonObject & { fundId: string; status: 'closed' | 'draft' };

const sumOf = (funds: readonly JsonObject[], path: readonly string[]): string =>
  formatYuan(
    funds.reduce((sum, fund) => {
      let v: JsonValue | undefined = fund;
      for (const key of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
      return sum + (typeof v === 'string' ? parseYuan(v, path.join('.'), { signed: true }) : 0n);
    }, 0n),
  );

/** All funds together: the totals of the statements (each fund's lines follow its own standard, so only totals add up). */
export function totalsOf(funds: readonly JsonObject[]): JsonObject {
  const sheet = (at: 'start' | 'end') => ({
    assets: sumOf(funds, ['balanceSheet', at, 'assets']),
    liabilities: sumOf(funds, ['balanceSheet', at, 'liabilities']),
    netAssets: sumOf(funds, ['balanceSheet', at, 'netAssets']),
  });
  return {
    balanceSheet: { start: sheet('start'), end: sheet('end') },
    incomeStatement: {
      totalIncome: sumOf(funds, ['incomeStatement', 'totalIncome']),
      totalExpense: sumOf(funds, ['incomeStatement', 'totalExpense']),
      surplus: sumOf(funds, ['incomeStatement', 'surplus']),
    },
  };
}

export async function annualReport(deps: AnnualReportDeps, year: number, today: string, visible: (fundId: string) => boolean = () => true): Promise<JsonObject> {
  const { store } = deps;
  const yearEnd = `${year}-12-31`;
  const funds = [...(await knownFunds(store, deps.queries))].filter(([fundId, f]) => f.openedOn <= yearEnd && visible(fundId)).sort(([a], [b]) => a.localeCompare(b));
  const closed = new Set<string>();
  await Promise.all(funds.map(async ([fundId]) => ((await store.readHead(streamIds.year(fundId, year))) === undefined ? undefined : closed.add(fundId))));
  const stored = deps.reports === undefined ? new Map<string, JsonObject>() : await deps.reports.listYear(year);
  const toBuild = funds.filter(([fundId]) => !(closed.has(fundId) && stored.has(fundId)));

  const events = new Map<string, DatedFundEvent[]>(toBuild.map(([fundId]) => [fundId, []]));
  if (toBuild.length > 0) {
    const first = toBuild.reduce((m, [, f]) => (f.openedOn.slice(0, 7) < m ? f.openedOn.slice(0, 7) : m), `${year}-12`);
    for await (const e of readMonthsAhead(store, monthsBetween(first, `${year}-12`))) {
      const list = typeof e.data.fundId === 'string' ? events.get(e.data.fundId) : undefined;
      if (list !== undefined) list.push({ occurredOn: e.occurredOn, event: decodeEvent(e) });
    }
  }
  // The year's budgets and each fund's accounting standard from the version the bureau adopted for its last day (the policy stream, issue 20).
  const policy = policyInForce(await readPolicyBook(store), yearEnd);
  const budgets = policy?.subsidy.annualBudgets ?? {};
  const standards = policy?.accountingStandards ?? NO_STANDARD_OVERRIDES;
  const out: FundAccountsWire[] = [];
  for (const [fundId, info] of funds) {
    const kept = closed.has(fundId) ? stored.get(fundId) : undefined;
    if (kept !== undefined) {
      out.push(kept as FundAccountsWire);
      continue;
    }
    const accounts: AnnualFundAccounts = annualAccounts({ fundId, ...info }, year, standardOf(info.kind, standards[fundId]), events.get(fundId) ?? [], budgets);
    const status = closed.has(fundId) ? 'closed' : 'draft';
    const wire = { ...(toWire(accounts) as JsonObject), fundId, status, statusZh: STATUS_ZH[status], standardName: STANDARD_NAMES[accounts.standard].zh } as FundAccountsWire;
    out.push(closed.has(fundId) && deps.reports !== undefined ? ((await deps.reports.putOnce(year, fundId, wire)) as FundAccountsWire) : wire);
  }
  const allClosed = out.length > 0 && out.every((f) => f.status === 'closed');
  const subsidyFunds = new Set(funds.filter(([, f]) => f.kind === 'subsidy-budget').map(([fundId]) => fundId));
  return {
    year,
    status: allClosed ? 'closed' : 'draft',
    statusZh: allClosed ? STATUS_ZH.closed : STATUS_ZH.draft,
    funds: out,
    total: totalsOf(out),
    indicators: kpisToJson(await kpisForYear(store, year, today < yearEnd ? today : yearEnd, subsidyFunds)),
  };
}
