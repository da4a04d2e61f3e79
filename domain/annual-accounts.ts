import type { DomainEvent } from '../events/registry';
import type { FundKind } from '../events/primitives';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, type AccountCode } from './accounts';
import { type AccountingStandard, mapAccount, STATEMENT_LINES, type StatementSection } from './accounting-standards';
import { type Balances, balanceOnNormalSide, foldLines } from './ledger';
import { postingsFor } from './posting-rules';
import { originalOf } from './reversal';
import { isExpense, isIncome } from './year-end';

// The annual accounts of one fund (年度决算, issue 21 §2), pure: from the fund's events up to 31
// December, the balance sheet at the start and end of the year, the year's income and expenditure,
// and the business of the year by fund kind. The statements are laid out on the lines of the
// standard the fund reports under (domain/accounting-standards.ts).

export interface DatedFundEvent {
  occurredOn: string;
  event: DomainEvent;
}

export interface SheetAccount {
  account: AccountCode;
  nameZh: string;
  standardCode: string;
  standardName: string;
  line: string;
  /** On the account's normal side (a contra-asset such as 1204 is positive when it reduces assets). */
  amount: bigint;
}

export interface BalanceSheet {
  assets: bigint;
  liabilities: bigint;
  /** 3001 + 3101 + income − expense not yet carried to 3101 (本年结余 while the year is open). */
  netAssets: bigint;
  /** Income less expense not yet closed to 3101 (zero once the year is closed). */
  uncarriedSurplus: bigint;
  balanced: boolean;
  accounts: SheetAccount[];
  /** The standard's balance-sheet lines with their amounts, in print order. */
  lines: { id: string; name: string; section: StatementSection; amount: bigint }[];
}

export interface IncomeStatement {
  income: SheetAccount[];
  expense: SheetAccount[];
  totalIncome: bigint;
  totalExpense: bigint;
  /** income − expense: what the closing entries carry to 3101. */
  surplus: bigint;
  lines: { id: string; name: string; section: StatementSection; amount: bigint }[];
}

export type CountAmount = { count: number; amount: bigint };
const ca = (): CountAmount => ({ count: 0, amount: 0n });
const add = (c: CountAmount, amount: bigint, sign: 1 | -1 = 1): void => {
  c.count += sign;
  c.amount += BigInt(sign) * amount;
};

export interface RiskPoolYear {
  outstandingStart: bigint;
  issued: CountAmount;
  released: CountAmount;
  defaulted: CountAmount;
  outstandingEnd: bigint;
  compensations: CountAmount;
  recoveries: CountAmount;
  /** 代偿率: principal defaulted ÷ principal that left the book in the year (released + defaulted), %. */
  compensationRatePercent: string | null;
  /** 放大倍数: guarantees outstanding at year end ÷ pool capital (3001) at year end. */
  amplification: string | null;
}
export interface BridgeYear {
  uses: number;
  lent: bigint;
  repaid: CountAmount;
  averageDays: string | null;
  averageCapital: bigint;
  /** 周转次数: amount lent ÷ average capital ((3001 at start + at end) ÷ 2). */
  turnover: string | null;
  feeIncome: bigint;
  overdueAtYearEnd: bigint;
}
export interface GuidanceYear {
  committed: CountAmount;
  subFundSize: bigint;
  called: CountAmount;
  paid: CountAmount;
  distributed: { count: number; returnOfCapital: bigint; gain: bigint };
  /** 撬动倍数: sub-fund size ÷ government commitment, of the year's commitments. */
  leverage: string | null;
  greenFunds: number;
}
export interface SubsidyYear {
  programmes: { programme: string; granted: CountAmount; paid: CountAmount; clawedBack: CountAmount; budget: bigint | null; usedPercent: string | null }[];
}
export type Business =
  | { kind: 'risk-pool'; riskPool: RiskPoolYear }
  | { kind: 'bridge-fund'; bridgeFund: BridgeYear }
  | { kind: 'guidance-fund'; guidanceFund: GuidanceYear }
  | { kind: 'subsidy-budget'; subsidyBudget: SubsidyYear };

export interface AnnualFundAccounts {
  fundId: string;
  kind: FundKind;
  name: string;
  openedOn: string;
  year: number;
  standard: AccountingStandard;
  balanceSheet: { start: BalanceSheet; end: BalanceSheet };
  incomeStatement: IncomeStatement;
  business: Business;
}

/** n ÷ d to `decimals` places, half up, as a decimal string; null when d is zero. Exact (bigint). */
export function ratio(n: bigint, d: bigint, decimals = 2): string | null {
  if (d === 0n) return null;
  const scale = 10n ** BigInt(decimals);
  const negative = n < 0n !== d < 0n && n !== 0n;
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const scaled = (an * scale * 2n + ad) / (ad * 2n);
  const text = scaled.toString().padStart(decimals + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

const percent = (n: bigint, d: bigint): string | null => ratio(n * 100n, d);

const sheetAccount = (standard: AccountingStandard, code: AccountCode, amount: bigint): SheetAccount => {
  const mapped = mapAccount(standard, code);
  return { account: code, nameZh: CHART_OF_ACCOUNTS[code].nameZh, standardCode: mapped.code, standardName: mapped.name, line: mapped.line, amount };
};

/** Signed contribution of an account to its section's total: a contra account (normal side opposite to its section's) subtracts. */
const sectionSign = (code: AccountCode): bigint => (code === '1204' ? -1n : 1n);

/** Our account's own section: income reported on an expense line (利息收入 on 财务费用) nets against it. */
const naturalSection = (code: AccountCode): StatementSection =>
  code.startsWith('1') ? 'assets' : code.startsWith('2') ? 'liabilities' : code.startsWith('3') ? 'net-assets' : isIncome(code) ? 'income' : 'expense';

const linesOf = (standard: AccountingStandard, accounts: readonly SheetAccount[], sections: readonly StatementSection[]) =>
  STATEMENT_LINES[standard]
    .filter((line) => sections.includes(line.section))
    .map((line) => ({
      ...line,
      amount: accounts.filter((a) => a.line === line.id).reduce((sum, a) => sum + (naturalSection(a.account) === line.section ? 1n : -1n) * sectionSign(a.account) * a.amount, 0n),
    }));

export function balanceSheetOf(standard: AccountingStandard, balances: Balances): BalanceSheet {
  let assets = 0n;
  let liabilities = 0n;
  let equity = 0n;
  let uncarried = 0n;
  const accounts: SheetAccount[] = [];
  for (const code of ACCOUNT_CODES) {
    if (CHART_OF_ACCOUNTS[code].memo) continue;
    const amount = balanceOnNormalSide(code, balances[code]);
    if (amount === 0n) continue;
    if (code.startsWith('1')) assets += sectionSign(code) * amount;
    else if (code.startsWith('2')) liabilities += amount;
    else if (code.startsWith('3')) equity += amount;
    else if (isIncome(code)) uncarried += amount;
    else if (isExpense(code)) uncarried -= amount;
    if (/^[123]/.test(code)) accounts.push(sheetAccount(standard, code, amount));
  }
  const netAssets = equity + uncarried;
  const lines = linesOf(standard, accounts, ['assets', 'liabilities', 'net-assets']);
  // The uncarried surplus of an open year sits on the line 3101 maps to (未分配利润 / 累计盈余 / 专用基金结余).
  const surplusLine = mapAccount(standard, '3101').line;
  for (const line of lines) if (line.id === surplusLine) line.amount += uncarried;
  return { assets, liabilities, netAssets, uncarriedSurplus: uncarried, balanced: assets === liabilities + netAssets, accounts, lines };
}

export function annualAccounts(fund: { fundId: string; kind: FundKind; name: string; openedOn: string }, year: number, standard: AccountingStandard, events: Iterable<DatedFundEvent>, budgets: Partial<Record<string, bigint>> = {}): AnnualFundAccounts {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const opening: Balances = {};
  const closing: Balances = {};
  const movements: Balances = {};
  const rp = { issued: ca(), released: ca(), defaulted: ca(), compensations: ca(), recoveries: ca() };
  const bf = { uses: 0, lent: 0n, repaid: ca(), days: 0 };
  const gf = { committed: ca(), subFundSize: 0n, called: ca(), paid: ca(), distributed: { count: 0, returnOfCapital: 0n, gain: 0n }, green: 0 };
  const sb = new Map<string, { granted: CountAmount; paid: CountAmount; clawedBack: CountAmount }>();
  const programme = (p: string) => {
    const found = sb.get(p);
    if (found !== undefined) return found;
    const row = { granted: ca(), paid: ca(), clawedBack: ca() };
    sb.set(p, row);
    return row;
  };

  /** Counts an event in the year's business; sign −1 takes back one that was reversed. */
  const tally = (event: DomainEvent, sign: 1 | -1): void => {
    const big = BigInt(sign);
    switch (event.type) {
      case 'GuaranteeIssued':
        add(rp.issued, event.data.principal, sign);
        break;
      case 'GuaranteeReleased':
        add(rp.released, event.data.principal, sign);
        break;
      case 'GuaranteeDefaulted':
        add(rp.defaulted, event.data.principal, sign);
        break;
      case 'CompensationPaid':
        add(rp.compensations, event.data.amount, sign);
        break;
      case 'RecoveryReceived':
        add(rp.recoveries, event.data.amount, sign);
        break;
      case 'BridgeLoanDisbursed':
        if (event.data.migratedOn === undefined) {
          bf.uses += sign;
          bf.lent += big * event.data.amount;
        }
        break;
      case 'BridgeLoanRepaid':
        add(bf.repaid, event.data.principal, sign);
        bf.days += sign * event.data.daysUsed;
        break;
      case 'CommitmentMade':
        add(gf.committed, event.data.amount, sign);
        gf.subFundSize += big * event.data.subFund.size;
        if (event.data.subFund.green) gf.green += sign;
        break;
      case 'CapitalCalled':
        add(gf.called, event.data.amount, sign);
        break;
      case 'CapitalCallPaid':
        add(gf.paid, event.data.amount, sign);
        break;
      case 'DistributionReceived':
        gf.distributed.count += sign;
        gf.distributed.returnOfCapital += big * event.data.returnOfCapital;
        gf.distributed.gain += big * event.data.gain;
        break;
      case 'SubsidyPaid': {
        // A grant is paid from the budget account as it is granted (domain/posting-rules.ts).
        const p = programme(event.data.programme);
        add(p.granted, event.data.amount, sign);
        add(p.paid, event.data.amount, sign);
        break;
      }
      case 'SubsidyClawbackReceived':
        add(programme(event.data.programme).clawedBack, event.data.amount, sign);
        break;
      default:
        break;
    }
  };

  for (const { occurredOn, event } of events) {
    if (occurredOn > end) continue;
    const lines = postingsFor(event);
    foldLines(lines, closing);
    if (occurredOn < start) {
      foldLines(lines, opening);
      continue;
    }
    // The year's own closing entries are not income or expenditure of the year.
    if (event.type !== 'YearClosingPosted') foldLines(lines, movements);
    if (event.type === 'EntryReversed') {
      // 冲正: what was reversed does not count in the year's business. A reversal of an event of
      // an earlier (closed) year leaves that year's figures as they were reported; its lines are
      // in this year's books all the same.
      if (event.data.reverses.occurredOn >= start) tally(originalOf(event.data), -1);
    } else tally(event, 1);
  }

  const startSheet = balanceSheetOf(standard, opening);
  const endSheet = balanceSheetOf(standard, closing);
  const income: SheetAccount[] = [];
  const expense: SheetAccount[] = [];
  for (const code of ACCOUNT_CODES) {
    if (!isIncome(code) && !isExpense(code)) continue;
    const amount = balanceOnNormalSide(code, movements[code]);
    if (amount === 0n) continue;
    (isIncome(code) ? income : expense).push(sheetAccount(standard, code, amount));
  }
  const totalIncome = income.reduce((s, a) => s + a.amount, 0n);
  const totalExpense = expense.reduce((s, a) => s + a.amount, 0n);
  const capital = (b: Balances) => balanceOnNormalSide('3001', b['3001']);
  const memo = (b: Balances, code: AccountCode) => balanceOnNormalSide(code, b[code]);

  const business = ((): Business => {
    switch (fund.kind) {
      case 'risk-pool': {
        const outstandingEnd = memo(closing, '9001');
        return {
          kind: 'risk-pool',
          riskPool: {
            outstandingStart: memo(opening, '9001'),
            ...rp,
            outstandingEnd,
            compensationRatePercent: percent(rp.defaulted.amount, rp.released.amount + rp.defaulted.amount),
            amplification: ratio(outstandingEnd, capital(closing)),
          },
        };
      }
      case 'bridge-fund': {
        const averageCapital = (capital(opening) + capital(closing)) / 2n;
        return {
          kind: 'bridge-fund',
          bridgeFund: {
            uses: bf.uses,
            lent: bf.lent,
            repaid: bf.repaid,
            averageDays: ratio(BigInt(bf.days), BigInt(bf.repaid.count), 1),
            averageCapital,
            turnover: ratio(bf.lent, averageCapital),
            feeIncome: balanceOnNormalSide('4002', movements['4002']),
            overdueAtYearEnd: balanceOnNormalSide('1203', closing['1203']),
          },
        };
      }
      case 'guidance-fund':
        return { kind: 'guidance-fund', guidanceFund: { committed: gf.committed, subFundSize: gf.subFundSize, called: gf.called, paid: gf.paid, distributed: gf.distributed, leverage: ratio(gf.subFundSize, gf.committed.amount), greenFunds: gf.green } };
      case 'subsidy-budget':
        return {
          kind: 'subsidy-budget',
          subsidyBudget: {
            programmes: [...new Set([...sb.keys(), ...Object.keys(budgets)])].sort().map((p) => {
              const row = programme(p);
              const budget = budgets[p] ?? null;
              return { programme: p, ...row, budget, usedPercent: budget === null ? null : percent(row.granted.amount - row.clawedBack.amount, budget) };
            }),
          },
        };
    }
  })();

  return {
    ...fund,
    year,
    standard,
    balanceSheet: { start: startSheet, end: endSheet },
    incomeStatement: { income, expense, totalIncome, totalExpense, surplus: totalIncome - totalExpense, lines: linesOf(standard, [...income, ...expense], ['income', 'expense']) },
    business,
  };
}
