// Month-end reconciliation maths, pure: the ledger-versus-read-model comparison, bank matching of cash movements against
// statement lines, and the balance reconciliation (余额调节表). No I/O: the runner feeds events in.
import { CASH_ACCOUNT, type AccountCode, ACCOUNT_CODES } from './accounts';
import type { Balances } from './ledger';
import type { JournalLine } from './posting-rules';

/** Default matching window when no policy says otherwise (DESIGN §5: "a date window"). */
export const DEFAULT_MATCH_TOLERANCE_DAYS = 3;
/** Unmatched items listed per side; totals and counts always cover all of them (a report is one item ≤ 400 KB). */
export const DEFAULT_LIST_LIMIT = 500;

/** Net debit balance (debit − credit) of an account in a fold of domain/ledger.ts; 0 when never moved. */
export const netDebit = (balances: Balances, code: AccountCode): bigint => {
  const b = balances[code];
  return b === undefined ? 0n : b.debit - b.credit;
};

export interface BalanceDifference {
  account: AccountCode;
  /** Net debit balance replayed from the event store. */
  replayed: bigint;
  /** Net debit balance the read model shows. */
  projected: bigint;
  /** projected − replayed. */
  difference: bigint;
}

/** Every account whose projected balance differs from the replayed one (both as net debit). */
export function compareBalances(replayed: ReadonlyMap<AccountCode, bigint>, projected: ReadonlyMap<AccountCode, bigint>): BalanceDifference[] {
  const out: BalanceDifference[] = [];
  for (const account of ACCOUNT_CODES) {
    const r = replayed.get(account) ?? 0n;
    const p = projected.get(account) ?? 0n;
    if (r !== p) out.push({ account, replayed: r, projected: p, difference: p - r });
  }
  return out;
}

/** One event's cash effect: its 1001 lines netted (a repayment's principal + fee is one movement). */
export function cashEffect(lines: readonly JournalLine[]): bigint {
  let net = 0n;
  for (const line of lines) if (line.account === CASH_ACCOUNT) net += line.side === 'debit' ? line.amount : -line.amount;
  return net;
}

export interface CashMovement {
  streamId: string;
  version: number;
  /** Business date YYYY-MM-DD. */
  date: string;
  /** Signed fen: positive = money in. */
  amount: bigint;
  reference: string;
  /** A reversal (冲正): the `streamId@version` of the movement it reverses. */
  reverses?: string;
}

export interface BankLine {
  lineNo: number;
  date: string;
  amount: bigint;
  reference: string;
  description: string;
}

export interface MatchOptions {
  toleranceDays: number;
  listLimit?: number;
}

/** Items on one side that found no partner, with totals over all of them and a capped list. */
export interface UnmatchedSide<T> {
  count: number;
  inflow: bigint;
  outflow: bigint;
  items: T[];
  truncated: number;
}

export interface MatchResult {
  matchedCount: number;
  matchedTotal: bigint;
  unmatchedLedger: UnmatchedSide<CashMovement>;
  unmatchedStatement: UnmatchedSide<BankLine>;
  /**
   * Pairs of a movement and its reversal, both in the month, that no bank line shows: the error
   * never reached the bank, so the two offset each other and need no bank line (docs/corrections.md).
   */
  reversalOffsets: number;
}

const DAY_MS = 86_400_000;
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** References compare without case and whitespace; a bank may wrap ours in its own text. */
export const normaliseReference = (reference: string): string => reference.replace(/\s+/g, '').toUpperCase();

function referenceFit(a: string, b: string): 'same' | 'open' | 'clash' {
  const x = normaliseReference(a);
  const y = normaliseReference(b);
  if (x === '' || y === '') return 'open';
  return x === y || x.includes(y) || y.includes(x) ? 'same' : 'clash';
}

const emptySide = <T>(): UnmatchedSide<T> => ({ count: 0, inflow: 0n, outflow: 0n, items: [], truncated: 0 });

function addUnmatched<T extends { amount: bigint }>(side: UnmatchedSide<T>, item: T, limit: number): void {
  side.count += 1;
  if (item.amount >= 0n) side.inflow += item.amount;
  else side.outflow += -item.amount;
  if (side.items.length < limit) side.items.push(item);
  else side.truncated += 1;
}

/** Takes out each unmatched reversal together with its unmatched original of the opposite amount. */
function offsetReversals(unmatched: readonly CashMovement[]): { rest: CashMovement[]; offsets: number } {
  const byKey = new Map(unmatched.map((m) => [`${m.streamId}@${m.version}`, m]));
  const offset = new Set<CashMovement>();
  for (const reversal of unmatched) {
    const original = reversal.reverses === undefined ? undefined : byKey.get(reversal.reverses);
    if (original === undefined || offset.has(original) || original.amount !== -reversal.amount) continue;
    offset.add(original).add(reversal);
  }
  return { rest: unmatched.filter((m) => !offset.has(m)), offsets: offset.size / 2 };
}

export interface BankMatcher {
  /**
   * Offer one ledger cash movement; call in any order. An optional movement (one of the previous
   * month's last days, possibly still in transit then) may match a line but is never listed unmatched.
   */
  offer(movement: CashMovement, options?: { optional?: boolean }): void;
  finish(): MatchResult;
}

/**
 * Streaming matcher. Statement lines are indexed by amount up front (a statement is bounded);
 * a ledger movement whose amount no line has is settled as unmatched at once, so only movements
 * that could match are held until the end. A pair needs the same amount, dates within the window
 * and references that do not clash (either empty, or one contains the other); among candidates a
 * reference match wins, then the nearer date, then the earlier line.
 */
export function createBankMatcher(lines: readonly BankLine[], options: MatchOptions): BankMatcher {
  const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const linesByAmount = new Map<bigint, BankLine[]>();
  for (const line of lines) {
    const bucket = linesByAmount.get(line.amount);
    if (bucket === undefined) linesByAmount.set(line.amount, [line]);
    else bucket.push(line);
  }
  const pending = new Map<bigint, CashMovement[]>();
  const optional = new Set<CashMovement>();
  // Held to the end (not listed at once): a reversal may still offset one of them.
  const unmatchedMovements: CashMovement[] = [];

  return {
    offer(movement, offerOptions = {}) {
      if (movement.amount === 0n) return;
      if (!linesByAmount.has(movement.amount)) {
        if (offerOptions.optional !== true) unmatchedMovements.push(movement);
        return;
      }
      if (offerOptions.optional === true) optional.add(movement);
      const bucket = pending.get(movement.amount);
      if (bucket === undefined) pending.set(movement.amount, [movement]);
      else bucket.push(movement);
    },
    finish() {
      let matchedCount = 0;
      let matchedTotal = 0n;
      const unmatchedStatement = emptySide<BankLine>();
      const leftovers: CashMovement[] = [];
      for (const [amount, bankLines] of linesByAmount) {
        const movements = pending.get(amount) ?? [];
        const pairs: { m: number; l: number; score: number }[] = [];
        movements.forEach((movement, m) => {
          const day = dayNumber(movement.date);
          bankLines.forEach((line, l) => {
            const gap = Math.abs(dayNumber(line.date) - day);
            if (gap > options.toleranceDays) return;
            const fit = referenceFit(movement.reference, line.reference);
            if (fit === 'clash') return;
            // Lower is better: a reference match beats any date gap inside the window.
            // An optional (last month's) movement only takes a line no movement of this month wants as much.
            pairs.push({ m, l, score: (fit === 'same' ? 0 : 1_000) + (optional.has(movement) ? 500 : 0) + gap });
          });
        });
        pairs.sort((a, b) => a.score - b.score || (bankLines[a.l]?.lineNo ?? 0) - (bankLines[b.l]?.lineNo ?? 0) || a.m - b.m);
        const usedM = new Set<number>();
        const usedL = new Set<number>();
        for (const pair of pairs) {
          if (usedM.has(pair.m) || usedL.has(pair.l)) continue;
          usedM.add(pair.m);
          usedL.add(pair.l);
          matchedCount += 1;
          matchedTotal += amount < 0n ? -amount : amount;
        }
        movements.forEach((movement, m) => {
          if (!usedM.has(m) && !optional.has(movement)) leftovers.push(movement);
        });
        bankLines.forEach((line, l) => {
          if (!usedL.has(l)) addUnmatched(unmatchedStatement, line, limit);
        });
      }
      const { rest, offsets } = offsetReversals([...unmatchedMovements, ...leftovers]);
      const unmatchedLedger = emptySide<CashMovement>();
      for (const movement of rest) addUnmatched(unmatchedLedger, movement, limit);
      unmatchedStatement.items.sort((a, b) => a.lineNo - b.lineNo);
      unmatchedLedger.items.sort((a, b) => a.date.localeCompare(b.date) || a.streamId.localeCompare(b.streamId) || a.version - b.version);
      return { matchedCount, matchedTotal, unmatchedLedger, unmatchedStatement, reversalOffsets: offsets };
    },
  };
}

/**
 * 余额调节表 (bank balance reconciliation). Both sides are brought to the balance they would show
 * if each had recorded everything the other has:
 *   ledger cash + 银行已收企业未收 − 银行已付企业未付 = adjusted ledger balance
 *   statement closing + 企业已收银行未收 − 企业已付银行未付 = adjusted bank balance
 * They agree exactly when every difference is explained by an unmatched item.
 */
export interface BalanceReconciliation {
  ledgerBalance: bigint;
  /** Bank credited, ledger has not (unmatched statement inflows). */
  bankReceivedNotInLedger: bigint;
  /** Bank debited, ledger has not (unmatched statement outflows). */
  bankPaidNotInLedger: bigint;
  adjustedLedgerBalance: bigint;
  statementBalance: bigint;
  /** Deposits in transit: ledger received, bank has not (unmatched ledger inflows). */
  depositsInTransit: bigint;
  /** Payments in transit: ledger paid, bank has not (unmatched ledger outflows). */
  paymentsInTransit: bigint;
  adjustedStatementBalance: bigint;
  balanced: boolean;
}

export function balanceReconciliation(ledgerBalance: bigint, statementBalance: bigint, match: MatchResult): BalanceReconciliation {
  const adjustedLedgerBalance = ledgerBalance + match.unmatchedStatement.inflow - match.unmatchedStatement.outflow;
  const adjustedStatementBalance = statementBalance + match.unmatchedLedger.inflow - match.unmatchedLedger.outflow;
  return {
    ledgerBalance,
    bankReceivedNotInLedger: match.unmatchedStatement.inflow,
    bankPaidNotInLedger: match.unmatchedStatement.outflow,
    adjustedLedgerBalance,
    statementBalance,
    depositsInTransit: match.unmatchedLedger.inflow,
    paymentsInTransit: match.unmatchedLedger.outflow,
    adjustedStatementBalance,
    balanced: adjustedLedgerBalance === adjustedStatementBalance,
  };
}

/** Opening + Σ lines = closing, the arithmetic check a statement must pass before it is stored. */
export const statementAddsUp = (opening: bigint, lines: readonly { amount: bigint }[], closing: bigint): bigint => {
  let total = opening;
  for (const line of lines) total += line.amount;
  return total - closing;
};
