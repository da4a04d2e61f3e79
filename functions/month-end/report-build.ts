// Assembles one fund's month-end report from the replay and the checks the runner made, and counts
// its discrepancies. Pure: no I/O, so the counting rules are tested directly.
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, type AccountCode } from '../../domain/accounts';
import { type Balances, balanceOnNormalSide, trialBalance } from '../../domain/ledger';
import { balanceReconciliation, compareBalances, netDebit } from '../../domain/reconciliation';
import type { FundReplayResult } from '../../domain/reconciliation-fund';
import { formatYuan } from '../../events/money';
import type { FundKind } from '../../events/primitives';
import type { Discrepancy, DiscrepancyKind, FundMonthReport, ManualMatchReport } from './report-schema';
import { lineRefOf } from '../../domain/bank-match';

export interface StatementSummary {
  version: number;
  lineCount: number;
  openingBalance: bigint;
  closingBalance: bigint;
}

export interface FundChecks {
  fundId: string;
  kind: FundKind;
  name: string;
  openedOn: string;
  month: string;
  monthEnd: string;
  runId: string;
  generatedAt: string;
  toleranceDays: number;
  replay: FundReplayResult;
  /** The read model's balances as of month end, by account. */
  projected: ReadonlyMap<AccountCode, { debit: bigint; credit: bigint }>;
  brokenStreams: { streamId: string; brokenAtVersion: number; reason: string }[];
  streamsVerified: number;
  undecodable: { streamId: string; version: number; reason: string }[];
  /** The fund's events dated before its openedOn (the pipeline refuses them; older data may hold some). */
  beforeOpened: { streamId: string; version: number; type: string; occurredOn: string }[];
  statement: StatementSummary | null;
  /** The month's manual matches (functions/month-end/manual-matches.ts); none when absent. */
  manualMatches?: ManualMatchReport[];
}

/** Discrepancies listed one by one up to this many; the count always covers all. */
const LISTED = 200;

/** Net trial balance (domain/ledger.ts): balances on the side they fall, memo accounts excluded. */
const trial = (balances: Balances) => {
  const tb = trialBalance(balances);
  return { debits: tb.totalDebit, credits: tb.totalCredit, balanced: tb.balanced };
};

/** Gross movements of the month: every debit line against every credit line, memo accounts excluded. */
const grossTrial = (movements: Balances) => {
  let debits = 0n;
  let credits = 0n;
  for (const code of ACCOUNT_CODES) {
    if (CHART_OF_ACCOUNTS[code].memo) continue;
    debits += movements[code]?.debit ?? 0n;
    credits += movements[code]?.credit ?? 0n;
  }
  return { debits, credits, balanced: debits === credits };
};

export function buildFundReport(checks: FundChecks): FundMonthReport {
  const { replay } = checks;
  const nets = (read: (code: AccountCode) => bigint) => new Map(ACCOUNT_CODES.map((code) => [code, read(code)] as const));
  const differences = compareBalances(
    nets((code) => netDebit(replay.closing, code)),
    nets((code) => {
      const p = checks.projected.get(code);
      return p === undefined ? 0n : p.debit - p.credit;
    }),
  );
  const table = replay.match === undefined || checks.statement === null ? null : balanceReconciliation(netDebit(replay.closing, '1001'), checks.statement.closingBalance, replay.match);

  const discrepancies: Discrepancy[] = [];
  let count = 0;
  /** detail is the English sentence; facts are its figures, for a reader that words it in its own language. */
  const note = (kind: DiscrepancyKind, detail: string, facts: Record<string, string>, weight = 1): void => {
    count += weight;
    if (discrepancies.length < LISTED) discrepancies.push({ kind, detail, facts });
  };
  const monthTrial = grossTrial(replay.movements);
  const cumulativeTrial = trial(replay.closing);
  if (!monthTrial.balanced) note('trial-balance', `month debits ${formatYuan(monthTrial.debits)} ≠ credits ${formatYuan(monthTrial.credits)}`, { scope: 'month', debits: formatYuan(monthTrial.debits), credits: formatYuan(monthTrial.credits) });
  if (!cumulativeTrial.balanced) note('trial-balance', `cumulative debits ${formatYuan(cumulativeTrial.debits)} ≠ credits ${formatYuan(cumulativeTrial.credits)}`, { scope: 'cumulative', debits: formatYuan(cumulativeTrial.debits), credits: formatYuan(cumulativeTrial.credits) });
  for (const d of differences) {
    note('read-model', `account ${d.account}: read model ${formatYuan(d.projected)}, replay ${formatYuan(d.replayed)} (difference ${formatYuan(d.difference)})`, {
      account: d.account,
      projected: formatYuan(d.projected),
      replayed: formatYuan(d.replayed),
      difference: formatYuan(d.difference),
    });
  }
  for (const b of checks.brokenStreams) note('hash-chain', `stream ${b.streamId} breaks at version ${b.brokenAtVersion}: ${b.reason}`, { streamId: b.streamId, version: String(b.brokenAtVersion) });
  for (const u of checks.undecodable) note('undecodable-event', `${u.streamId} version ${u.version}: ${u.reason}`, { streamId: u.streamId, version: String(u.version) });
  for (const e of checks.beforeOpened) note('before-fund-opened', `${e.streamId} version ${e.version} (${e.type}) is dated ${e.occurredOn}, before the fund opened on ${checks.openedOn}`, {
      streamId: e.streamId,
      version: String(e.version),
      occurredOn: e.occurredOn,
      openedOn: checks.openedOn,
    });
  if (checks.statement === null) note('statement-missing', `no bank statement recorded for ${checks.month}`, { month: checks.month });
  else if (replay.match !== undefined) {
    const { unmatchedLedger, unmatchedStatement } = replay.match;
    if (unmatchedLedger.count > 0) note('unmatched-ledger', `${unmatchedLedger.count} ledger cash movements have no bank line`, { count: String(unmatchedLedger.count) }, unmatchedLedger.count);
    if (unmatchedStatement.count > 0) note('unmatched-statement', `${unmatchedStatement.count} bank lines have no ledger movement`, { count: String(unmatchedStatement.count) }, unmatchedStatement.count);
  }
  if (table !== null && !table.balanced) {
    note('balance-reconciliation', `adjusted ledger ${formatYuan(table.adjustedLedgerBalance)} ≠ adjusted bank ${formatYuan(table.adjustedStatementBalance)}`, {
      ledger: formatYuan(table.adjustedLedgerBalance),
      bank: formatYuan(table.adjustedStatementBalance),
    });
  }

  const accounts = ACCOUNT_CODES.map((code) => {
    const account = CHART_OF_ACCOUNTS[code];
    const moved = replay.movements[code];
    return {
      account: code,
      nameZh: account.nameZh,
      nameEn: account.nameEn,
      memo: account.memo,
      opening: balanceOnNormalSide(code, replay.opening[code]),
      debit: moved?.debit ?? 0n,
      credit: moved?.credit ?? 0n,
      closing: balanceOnNormalSide(code, replay.closing[code]),
    };
  });
  const emptySide = { count: 0, inflow: 0n, outflow: 0n, truncated: 0, items: [] };
  // Each unlisted bank line is named by its lineRef, which a manual match quotes.
  const unmatchedStatement = replay.match?.unmatchedStatement;
  const statementVersion = checks.statement?.version ?? 0;

  return {
    fundId: checks.fundId,
    kind: checks.kind,
    name: checks.name,
    openedOn: checks.openedOn,
    month: checks.month,
    runId: checks.runId,
    generatedAt: checks.generatedAt,
    clean: count === 0,
    discrepancyCount: count,
    discrepancies,
    eventsInMonth: replay.eventsInMonth,
    trialBalance: { month: monthTrial, cumulative: cumulativeTrial },
    accounts,
    readModel: { asOf: checks.monthEnd, differences },
    streams: { verified: checks.streamsVerified, broken: checks.brokenStreams.slice(0, LISTED) },
    undecodable: checks.undecodable.slice(0, LISTED),
    beforeOpened: checks.beforeOpened.slice(0, LISTED),
    bank: {
      toleranceDays: checks.toleranceDays,
      statement: checks.statement,
      matchedCount: replay.match?.matchedCount ?? 0,
      matchedTotal: replay.match?.matchedTotal ?? 0n,
      reversalOffsets: replay.match?.reversalOffsets ?? 0,
      unmatchedLedger: replay.match?.unmatchedLedger ?? emptySide,
      unmatchedStatement: unmatchedStatement === undefined ? emptySide : { ...unmatchedStatement, items: unmatchedStatement.items.map((l) => ({ ...l, lineRef: lineRefOf(statementVersion, l.lineNo) })) },
      manualMatches: checks.manualMatches ?? [],
      balanceReconciliation: table,
    },
    positions: replay.positions,
  };
}
