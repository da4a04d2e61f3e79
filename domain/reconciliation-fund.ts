// One fund's replay for a month-end run: opening balances (every event before the month), the
// month's movements, positions, and the month's cash movements fed to the bank matcher as they
// stream past. Holds aggregates only, never the events, so memory does not grow with the month.
import type { DomainEvent } from '../events/registry';
import { entryKey } from './bank-match';
import { addDays } from './dates';
import { type Balances, foldLines } from './ledger';
import { postingsFor } from './posting-rules';
import { originalOf } from './reversal';
import { type BankLine, type BankMatcher, type CashMovement, type MatchResult, cashEffect, createBankMatcher } from './reconciliation';
import { type FundPositions, createPositionsAccumulator } from './reconciliation-positions';

export interface EventPosition {
  streamId: string;
  version: number;
  /** Business date YYYY-MM-DD. */
  occurredOn: string;
}

export interface FundReplayResult {
  opening: Balances;
  movements: Balances;
  closing: Balances;
  eventsInMonth: number;
  positions: FundPositions;
  /** Undefined when no statement was attached. */
  match: MatchResult | undefined;
}

export interface FundReplay {
  readonly fundId: string;
  /** Events of any month up to the reported one, in stream order within each stream. */
  apply(event: DomainEvent, at: EventPosition): void;
  /**
   * Starts bank matching; call before the first event of the reported month. `manual` are the
   * lines (by number) and entries (by entryKey) a person matched (人工勾对): they count as matched
   * and are kept out of the automatic matching.
   */
  attachStatement(lines: readonly BankLine[], manual?: { lineNos: ReadonlySet<number>; entries: ReadonlySet<string> }): void;
  finish(): FundReplayResult;
}

/** The reference a bank line would quote for an event: its own reference, else the record's id. */
export function movementReference(event: DomainEvent): string {
  // A reversal (冲正) is a cash movement of its own, quoting its original's reference.
  if (event.type === 'EntryReversed') return movementReference(originalOf(event.data));
  const data = event.data as Record<string, unknown>;
  for (const key of ['reference', 'bankReference', 'loanId', 'callId', 'distributionId', 'guaranteeId', 'commitmentId', 'subsidyId']) {
    const value = data[key];
    if (typeof value === 'string') return value;
  }
  return '';
}

export interface FundReplayOptions {
  fundId: string;
  /** YYYY-MM of the reported month. */
  month: string;
  toleranceDays: number;
  listLimit?: number;
}

export function createFundReplay({ fundId, month, toleranceDays, listLimit }: FundReplayOptions): FundReplay {
  const monthStart = `${month}-01`;
  // Last month's final days: a payment made then may clear the bank in this month.
  const carryFrom = addDays(monthStart, -toleranceDays);
  const opening: Balances = {};
  const movements: Balances = {};
  const positions = createPositionsAccumulator();
  const carryIn: CashMovement[] = [];
  let matcher: BankMatcher | undefined;
  let manualEntries: ReadonlySet<string> = new Set();
  let eventsInMonth = 0;

  return {
    fundId,
    apply(event, at) {
      const lines = postingsFor(event);
      const inMonth = at.occurredOn >= monthStart;
      if (inMonth && at.occurredOn.slice(0, 7) !== month) throw new Error(`${at.streamId}@${at.version} is dated after ${month}`);
      positions.apply(event, inMonth);
      // The opening cash (期初余额) is the bank's balance on openedOn, not a movement a bank line shows.
      const cash = event.type === 'OpeningBalanceRecorded' ? 0n : cashEffect(lines);
      const movement = (): CashMovement => ({
        streamId: at.streamId,
        version: at.version,
        date: at.occurredOn,
        amount: cash,
        reference: movementReference(event),
        ...(event.type === 'EntryReversed' ? { reverses: entryKey(event.data.reverses) } : {}),
      });
      if (!inMonth) {
        foldLines(lines, opening);
        if (cash !== 0n && at.occurredOn >= carryFrom) carryIn.push(movement());
        return;
      }
      eventsInMonth += 1;
      foldLines(lines, movements);
      if (cash !== 0n && !manualEntries.has(entryKey(at))) matcher?.offer(movement());
    },
    attachStatement(lines, manual) {
      manualEntries = manual?.entries ?? new Set();
      const manualLines = manual?.lineNos ?? new Set();
      matcher = createBankMatcher(
        lines.filter((l) => !manualLines.has(l.lineNo)),
        { toleranceDays, ...(listLimit === undefined ? {} : { listLimit }) },
      );
      for (const m of carryIn) matcher.offer(m, { optional: true });
      carryIn.length = 0;
    },
    finish() {
      const closing: Balances = {};
      for (const b of [opening, movements]) {
        for (const [code, totals] of Object.entries(b)) {
          const into = (closing[code as keyof Balances] ??= { debit: 0n, credit: 0n });
          into.debit += totals.debit;
          into.credit += totals.credit;
        }
      }
      return { opening, movements, closing, eventsInMonth, positions: positions.result(), match: matcher?.finish() };
    },
  };
}
