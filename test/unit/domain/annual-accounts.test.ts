import { describe, expect, it } from 'vitest';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { ACCOUNTING_STANDARDS, DEFAULT_STANDARD, mapAccount, STATEMENT_LINES, unmappedAccounts } from '../../../domain/accounting-standards';
import { annualAccounts, type DatedFundEvent, ratio } from '../../../domain/annual-accounts';
import { closingEntries } from '../../../domain/year-end';
import { foldLines } from '../../../domain/ledger';
import { postingsFor } from '../../../domain/posting-rules';
import { reversalEvents } from '../../../domain/reversal';
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

  describe('business of the year leaves out what was reversed (冲正)', () => {
    /** The EntryReversed of one stored event, dated `on`. */
    const reversal = (original: DatedFundEvent, on: string, streamId: string): DatedFundEvent => {
      const [event] = reversalEvents([{ streamId, version: 1, occurredOn: original.occurredOn, recordedAt: `${original.occurredOn}T02:00:00Z`, event: original.event }], { fundId: 'p1', correctionId: 'c1', approvalId: 'a1', reason: '录入错误' }).get(streamId) ?? [];
      if (event === undefined) throw new Error('no reversal');
      return at(on, event);
    };

    it('a guarantee issued in error and reversed counts neither as issued nor as outstanding', () => {
      const wrong = at('2024-06-01', issued('g9', 4_000_000_00n));
      const a = annualAccounts(FUND, 2024, 'government', [...history, wrong, reversal(wrong, '2024-06-10', 'guarantee-g9')]);
      // issued: g2 3,000,000.00 only (g9's 4,000,000.00 reversed); outstanding 3,000,000.00 as before.
      expect(a.business).toMatchObject({ riskPool: { issued: { count: 1, amount: 3_000_000_00n }, outstandingEnd: 3_000_000_00n, amplification: '0.30' } });
    });

    it('a reversed default and its compensation count neither as defaulted nor as paid, and the rate follows', () => {
      const events = [...history];
      const defaulted = events[5] as DatedFundEvent;
      const paid = events[6] as DatedFundEvent;
      const a = annualAccounts(FUND, 2024, 'government', [...events, reversal(paid, '2024-10-01', 'fund-p1'), reversal(defaulted, '2024-10-01', 'guarantee-g1')]);
      expect(a.business).toMatchObject({ riskPool: { defaulted: { count: 0, amount: 0n }, compensations: { count: 0, amount: 0n }, compensationRatePercent: null } });
      // The books take the 200,000.00 back too: expenditure 0.00, cash 10,062,345.67.
      expect(a.incomeStatement.totalExpense).toBe(0n);
      expect(a.balanceSheet.end.balanced).toBe(true);
    });

    it('a reversed repayment counts neither as repaid nor in the days used; lent stays', () => {
      const BRIDGE = { fundId: 'p1', kind: 'bridge-fund' as const, name: '应急转贷基金', openedOn: '2024-01-01' };
      const lent = (loanId: string, on: string, amount: bigint): DatedFundEvent => at(on, { type: 'BridgeLoanDisbursed', data: { fundId: 'p1', loanId, amount } });
      const repaid = (loanId: string, on: string, principal: bigint, fee: bigint, daysUsed: number): DatedFundEvent => at(on, { type: 'BridgeLoanRepaid', data: { fundId: 'p1', loanId, principal, fee, daysUsed, wasOverdue: false } });
      const wrongRepayment = repaid('L2', '2024-03-05', 5_000_000_00n, 2_000_00n, 4);
      const events = [
        at('2024-01-01', { type: 'CapitalInjected', data: { fundId: 'p1', amount: 20_000_000_00n, source: 'city', reference: 'I' } } as DomainEvent),
        lent('L1', '2024-02-01', 8_000_000_00n),
        // 8,000,000.00 × 1 bp × 3 days = 2,400.00
        repaid('L1', '2024-02-04', 8_000_000_00n, 2_400_00n, 3),
        lent('L2', '2024-03-01', 5_000_000_00n),
        wrongRepayment,
        reversal(wrongRepayment, '2024-03-06', 'fund-p1'),
      ];
      const a = annualAccounts(BRIDGE, 2024, 'enterprise', events);
      // 2 uses, 13,000,000.00 lent; repaid: L1 only, 3 days; fee income 2,400.00 (L2's 2,000.00 reversed).
      expect(a.business).toMatchObject({ bridgeFund: { uses: 2, lent: 13_000_000_00n, repaid: { count: 1, amount: 8_000_000_00n }, averageDays: '3.0', feeIncome: 2_400_00n } });
      // L2 is receivable again: 1201 5,000,000.00; cash 20,000,000.00 − 13,000,000.00 + 8,002,400.00 = 15,002,400.00.
      expect(a.balanceSheet.end).toMatchObject({ assets: 20_002_400_00n, balanced: true });
    });

    it('a commitment made in error and reversed counts neither as committed nor in the leverage nor as a green fund', () => {
      const GUIDE = { fundId: 'p1', kind: 'guidance-fund' as const, name: '政府引导基金', openedOn: '2024-01-01' };
      const commitment = (commitmentId: string, amount: bigint, size: bigint, green: boolean): DatedFundEvent =>
        at('2024-04-01', { type: 'CommitmentMade', data: { fundId: 'p1', commitmentId, subFund: { name: commitmentId, size, prioritySector: false, green, manager: { name: 'GP', paidInCapital: 20_000_000_00n } }, amount, committedOn: '2024-04-01' } } as DomainEvent);
      const kept = commitment('C1', 100_000_000_00n, 400_000_000_00n, false);
      const wrong = commitment('C2', 50_000_000_00n, 100_000_000_00n, true);
      const a = annualAccounts(GUIDE, 2024, 'enterprise', [kept, wrong, reversal(wrong, '2024-04-02', 'commitment-p1:C2')]);
      // 400,000,000.00 ÷ 100,000,000.00 = 4.00 (C2's 100,000,000.00 ÷ 50,000,000.00 gone with it); no green fund.
      expect(a.business).toMatchObject({ guidanceFund: { committed: { count: 1, amount: 100_000_000_00n }, subFundSize: 400_000_000_00n, leverage: '4.00', greenFunds: 0 } });
    });

    it('a reversal in this year of an event of an earlier year leaves this year’s counts alone', () => {
      const g1 = history[2] as DatedFundEvent;
      const a = annualAccounts(FUND, 2024, 'government', [...history.filter((e) => e.event.type !== 'GuaranteeDefaulted' && e.event.type !== 'CompensationPaid' && e.event.type !== 'RecoveryReceived'), reversal(g1, '2024-02-01', 'guarantee-g1')]);
      // g1 was issued in 2023: 2024 issued stays g2 only (never −1); outstanding at end drops by g1's 2,000,000.00.
      expect(a.business).toMatchObject({ riskPool: { issued: { count: 1, amount: 3_000_000_00n }, outstandingStart: 2_000_000_00n, outstandingEnd: 3_000_000_00n } });
    });
  });
});

