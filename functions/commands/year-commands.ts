// Closing a year (年度结账, issue 21 §1) as a held command: the finance bureau asks, a second person
// approves, and on approval the closing entries (结转) post on `year-<fundId>-<yyyy>` together with a
// YearClosed on every month's period stream of that year, in the one transaction of the approval.
// The closing entries are computed from the store's events (never the lagging read model): with
// every month of the year closed, nothing more can be dated in it, and the transaction's conditions
// on the twelve period streams make sure of it.
import * as z from 'zod';
import { monthsBetween } from '../../domain/dates';
import { isDomainError, domainError } from '../../domain/errors';
import { foldLines, type Balances } from '../../domain/ledger';
import { evolvePeriod, initialPeriodState, type PeriodState } from '../../domain/period';
import { postingsFor } from '../../domain/posting-rules';
import { closingEntries, decideYearClose, evolveYear, initialYearState, monthsOfYear, yearEnd, type YearState } from '../../domain/year-end';
import { formatYuan } from '../../events/money';
import { nonEmptyText } from '../../events/primitives';
import { decodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { fiscalYear } from '../../events/year-events';
import type { EventStore } from '../store/event-store';
import { readMonthsAhead } from '../store/read-months-ahead';
import { changeOf } from './changes';
import { type HeldCommandType, heldFundId, type HoldableSpec, type Load, runHoldable } from './maker-checker';
import { CommandRefused, type Aggregate, type CommandContext, type CommandResult, type Pipeline, type StreamChange } from './pipeline';

export const CLOSE_YEAR = 'closeYear';

const closeYearInput = z.object({ year: fiscalYear, requestedBy: nonEmptyText(200), reason: nonEmptyText(500).optional() });
type CloseYearInput = z.output<typeof closeYearInput>;

export const periodAggregate = (fundId: string, month: string): Aggregate<PeriodState> => ({ initial: initialPeriodState(fundId, month), evolve: evolvePeriod });
export const yearAggregate = (fundId: string, year: number): Aggregate<YearState> => ({ initial: initialYearState(fundId, year), evolve: evolveYear });

const WHY = 'closing a year posts its closing entries (结转) and locks every month of it: a second person approves';

/**
 * The fund's balances at 31 December from the store's month index: from January when the year
 * before is closed (its closing emptied income and expense), else from the fund's opening month.
 */
export async function balancesAtYearEnd(store: Pick<EventStore, 'readMonth' | 'readHead'>, fundId: string, openedOn: string, year: number): Promise<Balances> {
  const previousClosed = (await store.readHead(streamIds.year(fundId, year - 1))) !== undefined;
  const first = previousClosed ? `${year}-01` : openedOn.slice(0, 7);
  const balances: Balances = {};
  for await (const stored of readMonthsAhead(store, monthsBetween(first, `${year}-12`))) {
    if (stored.data.fundId !== fundId) continue;
    foldLines(postingsFor(decodeEvent(stored)), balances);
  }
  return balances;
}

/** Where one fund's year stands: its months and their state, and the year stream. */
export async function yearStanding(load: Load, fundId: string, openedOn: string, year: number) {
  const months = monthsOfYear(openedOn, year);
  const periods = await Promise.all(months.map((month) => load(streamIds.period(fundId, month), periodAggregate(fundId, month))));
  const yearLoaded = await load(streamIds.year(fundId, year), yearAggregate(fundId, year));
  return { months, periods, yearLoaded };
}

const closeYearSpec = (store: EventStore, pipeline: Pipeline, fundId: string, input: CloseYearInput): HoldableSpec => ({
  held: { name: CLOSE_YEAR, fundId, occurredOn: yearEnd(input.year), input: closeYearInput.encode(input) },
  yearEndClosing: true,
  decide: async (load, phase) => {
    const { year } = input;
    const openedOn = await pipeline.openedOn(fundId);
    if (openedOn === undefined) return domainError('not-found', `Unknown fund ${fundId}`);
    const { months, periods, yearLoaded } = await yearStanding(load, fundId, openedOn, year);
    const balances = await balancesAtYearEnd(store, fundId, openedOn, year);
    const decided = decideYearClose(
      { ...yearLoaded.state, fundId, year },
      { balances, months: periods.map((p, i) => ({ month: months[i] ?? '', closed: p.state.closed })), requestedBy: input.requestedBy, ...(input.reason === undefined ? {} : { reason: input.reason }) },
    );
    if (isDomainError(decided)) return decided;
    const { totals } = closingEntries(balances);
    const figures = { fundId, year, income: formatYuan(totals.income), expense: formatYuan(totals.expense), surplus: formatYuan(totals.surplus), lineCount: decided.closing.type === 'YearClosingPosted' ? decided.closing.data.lines.length : 0 };
    if (phase.kind === 'request') return { hold: { reason: WHY, figures, changes: [] } };
    const changes: StreamChange[] = [changeOf(yearLoaded, [decided.closing], yearAggregate(fundId, year)).change];
    decided.markers.forEach((marker, i) => {
      const period = periods[i];
      if (period === undefined) throw new Error(`no period loaded for ${marker.month}`);
      changes.push(changeOf(period, [marker.event], periodAggregate(fundId, marker.month)).change);
    });
    const lines = decided.closing.type === 'YearClosingPosted' ? decided.closing.data.lines : [];
    return {
      changes,
      result: { status: 200, body: { ...figures, status: 'closed', closingEntries: lines.map((l) => ({ account: l.account, side: l.side, amount: formatYuan(l.amount) })) } },
    };
  },
});

export const closeYearHeld = (store: EventStore, pipeline: Pipeline): HeldCommandType => ({
  build: (held) => closeYearSpec(store, pipeline, heldFundId(held), closeYearInput.parse(held.input)),
});

/** A close refused before anything is held: months still open, or the year already closed, per fund. */
export class YearCloseRefused extends Error {
  override readonly name = 'YearCloseRefused';
  constructor(
    readonly code: 'months-open' | 'year-closed',
    readonly funds: { fundId: string; months: string[] }[],
  ) {
    super(
      code === 'months-open'
        ? `months still open: ${funds.map((f) => `${f.fundId} (${f.months.join(', ')})`).join('; ')}`
        : `the year is already closed for ${funds.map((f) => f.fundId).join(', ')}`,
    );
  }
}

export const createYearCommands = (store: EventStore, pipeline: Pipeline) => ({
  /**
   * Asks to close `year` for the funds named (default: every fund whose books are open by 31
   * December and whose year is not closed). Every fund is checked before any request is held, so a
   * refusal holds none; each fund is then its own held request (a voucher per fund).
   */
  closeYear: async (input: { year: number; fundIds: string[]; explicit: boolean; reason?: string }, context: CommandContext): Promise<CommandResult> => {
    const { year } = input;
    const standings = await Promise.all(
      input.fundIds.map(async (fundId) => {
        const openedOn = await pipeline.openedOn(fundId);
        if (openedOn === undefined) throw new CommandRefused(domainError('not-found', `Unknown fund ${fundId}`));
        const { months, periods, yearLoaded } = await yearStanding(pipeline.load, fundId, openedOn, year);
        return { fundId, months, open: months.filter((_, i) => periods[i]?.state.closed !== true), closed: yearLoaded.state.closed };
      }),
    );
    // A fund opened after the year has no books in it; named explicitly, that is a refusal.
    const withBooks = standings.filter((s) => s.months.length > 0);
    const notOpen = standings.filter((s) => s.months.length === 0);
    if (input.explicit && notOpen.length > 0) throw new CommandRefused(domainError('before-fund-opened', `funds ${notOpen.map((s) => s.fundId).join(', ')} have no books in ${year}`, { field: 'fundIds' }));
    const closed = withBooks.filter((s) => s.closed);
    if (input.explicit && closed.length > 0) throw new YearCloseRefused('year-closed', closed.map((s) => ({ fundId: s.fundId, months: [] })));
    const toClose = withBooks.filter((s) => !s.closed);
    if (toClose.length === 0) throw new YearCloseRefused('year-closed', closed.map((s) => ({ fundId: s.fundId, months: [] })));
    const open = toClose.filter((s) => s.open.length > 0);
    if (open.length > 0) throw new YearCloseRefused('months-open', open.map((s) => ({ fundId: s.fundId, months: s.open })));

    const requestedBy = context.meta.actor;
    const approvals = [];
    for (const { fundId } of toClose) {
      const spec = closeYearSpec(store, pipeline, fundId, { year, requestedBy, ...(input.reason === undefined ? {} : { reason: input.reason }) });
      const { idempotencyKey } = context;
      // One request holds one approval per fund, each its own transaction with its own idempotency key.
      const result = await runHoldable(pipeline, spec, { ...context, ...(idempotencyKey === undefined ? {} : { idempotencyKey: `${idempotencyKey}:${fundId}` }) });
      approvals.push(result.body);
    }
    return { status: 202, body: { year, status: 'pending-approval', approvals } };
  },
});

