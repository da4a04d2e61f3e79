import { describe, expect, it } from 'vitest';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { ACCOUNTING_STANDARDS, DEFAULT_STANDARD, mapAccount, STATEMENT_LINES, unmappedAccounts } from '../../../domain/accounting-standards';
import { annualAccounts, type DatedFundEvent, ratio } from '../../../domain/annual-accounts';
import { closingEntries } from '../../../domain/year-end';
import { foldLines } from '../../../domain/ledger';
import { postingsFor } from '../../../domain/posting-rules';
import type { DomainEvent } from '../../../events/registry';

const FUND = { fundId: 'p1', kind: 'risk-pool' as const, name: '风险补偿资金池', openedOn: '2023-06-01' };
const at = (occurredOn: string, event: DomainEvent): DatedFundEvent => ({ occurredOn, event });
const risk = { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 };
const borrower = { name: 'B', creditCode: '91350100M000100Y43', category: 'small' as const };
const issued = (guaranteeId: string, principal: bigint): DomainEvent => ({
  type: 'GuaranteeIssued',
  data: { fundId: 'p1', guaranteeId, agency: 'A', borrower, lender: 'L', principal, feeRateBps: 100, riskShare: risk, startsOn: '2023-07-01', maturesOn: '2025-07-01' },
});

// 2023: capital 10,000,000.00, a 2,000,000.00 guarantee. 2024: interest 12,345.67, a new 3,000,000.00
// guarantee, the first defaults (pool pays 10 % of 2,000,000.00 = 200,000.00), recovery 50,000.00.
const history: DatedFundEvent[] = [
  at('2023-06-01', { type: 'FundCreated', data: { fundId: 'p1', kind: 'risk-pool', name: FUND.name, openedOn: '2023-06-01' } }),
  at('2023-06-02', { type: 'CapitalInjected', data: { fundId: 'p1', amount: 10_000_000_00n, source: 'city', reference: 'I1' } }),
  at('2023-07-01', issued('g1', 2_000_000_00n)),
  at('2024-03-01', { type: 'InterestReceived', data: { fundId: 'p1', amount: 12_345_67n, reference: 'INT' } }),
  at('2024-04-01', issued('g2', 3_000_000_00n)),
  at('2024-05-01', { type: 'GuaranteeDefaulted', data: { fundId: 'p1', guaranteeId: 'g1', principal: 2_000_000_00n, principalLoss: 2_000_000_00n, poolShareBps: 1000, poolAmount: 200_000_00n } }),
  at('2024-05-02', { type: 'CompensationPaid', data: { fundId: 'p1', guaranteeId: 'g1', principalLoss: 2_000_000_00n, poolShareBps: 1000, amount: 200_000_00n } }),
  at('2024-09-01', { type: 'RecoveryReceived', data: { fundId: 'p1', guaranteeId: 'g1', grossAmount: 500_000_00n, costs: 0n, poolShareBps: 1000, amount: 50_000_00n } }),
];

describe('annual accounts of a fund', () => {
  it('a worked example: balance sheet at both ends, income and expenditure, the pool business', () => {
    const a = annualAccounts(FUND, 2024, 'government', history);
    // start: cash 10,000,000.00 = capital 10,000,000.00
    expect(a.balanceSheet.start).toMatchObject({ assets: 10_000_000_00n, liabilities: 0n, netAssets: 10_000_000_00n, balanced: true });
    // end: cash 10,000,000.00 + 12,345.67 − 200,000.00 + 50,000.00 = 9,862,345.67; surplus 62,345.67 − 200,000.00 = −137,654.33
    expect(a.balanceSheet.end).toMatchObject({ assets: 9_862_345_67n, netAssets: 9_862_345_67n, uncarriedSurplus: -137_654_33n, balanced: true });
    expect(a.incomeStatement).toMatchObject({ totalIncome: 62_345_67n, totalExpense: 200_000_00n, surplus: -137_654_33n });
    // our 1001 is 1002 银行存款 under 政府会计制度
    expect(a.balanceSheet.end.accounts.find((x) => x.account === '1001')).toMatchObject({ standardCode: '1002', standardName: '银行存款', line: 'cash' });
    expect(a.business).toEqual({
      kind: 'risk-pool',
      riskPool: {
        outstandingStart: 2_000_000_00n,
        issued: { count: 1, amount: 3_000_000_00n },
        released: { count: 0, amount: 0n },
        defaulted: { count: 1, amount: 2_000_000_00n },
        outstandingEnd: 3_000_000_00n,
        compensations: { count: 1, amount: 200_000_00n },
        recoveries: { count: 1, amount: 50_000_00n },
        // 2,000,000.00 defaulted ÷ (0 released + 2,000,000.00 defaulted) = 100 %
        compensationRatePercent: '100.00',
        // 3,000,000.00 outstanding ÷ 10,000,000.00 capital = 0.30
        amplification: '0.30',
      },
    });
  });

  it('after the closing entries the end balance sheet holds the surplus in 3101 and still balances', () => {
    const balances = foldLines(history.flatMap((h) => postingsFor(h.event)));
    const { lines } = closingEntries(balances);
    const closing = at('2024-12-31', { type: 'YearClosingPosted', data: { fundId: 'p1', year: 2024, lines: lines.map(({ account, side, amount }) => ({ account, side, amount })), requestedBy: 'a' } });
    const a = annualAccounts(FUND, 2024, 'enterprise', [...history, closing]);
    expect(a.balanceSheet.end).toMatchObject({ netAssets: 9_862_345_67n, uncarriedSurplus: 0n, balanced: true });
    // The closing entries are not income or expenditure of the year.
    expect(a.incomeStatement.surplus).toBe(-137_654_33n);
    // 未分配利润 = −137,654.33 under 企业会计准则; 财务费用 nets the interest income: −12,345.67
    expect(a.balanceSheet.end.lines.find((l) => l.id === 'retained-earnings')?.amount).toBe(-137_654_33n);
    expect(a.incomeStatement.lines.find((l) => l.id === 'finance-expenses')?.amount).toBe(-12_345_67n);
    const next = annualAccounts(FUND, 2025, 'enterprise', [...history, closing]);
    expect(next.balanceSheet.start).toMatchObject({ assets: 9_862_345_67n, uncarriedSurplus: 0n, balanced: true });
  });

  it('ratios are exact and rounded half up', () => {
    expect(ratio(1n, 3n)).toBe('0.33');
    expect(ratio(2n, 3n)).toBe('0.67');
    expect(ratio(-1n, 8n, 2)).toBe('-0.13');
    expect(ratio(5n, 0n)).toBeNull();
  });
});

describe('accounting standards', () => {
  it.each(ACCOUNTING_STANDARDS)('maps every account of the chart under %s to a code, a name and a line of its statements', (standard) => {
    expect(unmappedAccounts(standard)).toEqual([]);
    const lines = new Set(STATEMENT_LINES[standard].map((l) => l.id));
    for (const code of ACCOUNT_CODES) {
      const mapped = mapAccount(standard, code);
      expect(mapped.code, code).not.toBe('');
      expect(mapped.name, code).not.toBe('');
      expect(lines.has(mapped.line), `${code} → ${mapped.line}`).toBe(true);
      if (CHART_OF_ACCOUNTS[code].memo) expect(mapped.line).toBe('memo');
    }
  });

  it('reads our 1001 as 银行存款 1002, never as 库存现金 1001, under the enterprise and government charts', () => {
    for (const standard of ['enterprise', 'government'] as const) expect(mapAccount(standard, '1001')).toMatchObject({ code: '1002', name: '银行存款' });
    expect(mapAccount('fiscal-general', '1001')).toMatchObject({ code: '1004', name: '其他财政存款' });
  });

  it('defaults each fund kind to a standard', () => {
    expect(DEFAULT_STANDARD).toEqual({ 'bridge-fund': 'enterprise', 'guidance-fund': 'enterprise', 'risk-pool': 'government', 'subsidy-budget': 'fiscal-general' });
  });
});
