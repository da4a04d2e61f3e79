// The wire shape of the annual accounts (GET /v1/reports/annual/{year} as JSON), declared on the
// route so the OpenAPI document — and the dashboard's 年度报表 page typed from it — describe it.
// Amounts are yuan decimal strings (signed: a deficit or a contra balance can be negative).
import * as z from 'zod';
import { signedYuan } from '../../events/money';
import { businessDate, fundKind, id } from '../../events/primitives';
import { kpisResponse } from './responses';

const section = z.enum(['assets', 'liabilities', 'net-assets', 'income', 'expense', 'memo']);
const statementLine = z.object({ id: z.string(), name: z.string(), section, amount: signedYuan });
const sheetAccount = z.object({ account: z.string(), nameZh: z.string(), standardCode: z.string(), standardName: z.string(), line: z.string(), amount: signedYuan });

const balanceSheet = z.object({
  assets: signedYuan,
  liabilities: signedYuan,
  netAssets: signedYuan,
  uncarriedSurplus: signedYuan,
  balanced: z.boolean(),
  accounts: z.array(sheetAccount),
  lines: z.array(statementLine),
});

const countAmount = z.object({ count: z.number().int(), amount: signedYuan });
/** A business figure of the year: an amount, a count, a count with its amount, a ratio, or a list of programmes. */
const businessFigure = z.union([signedYuan, z.number(), z.null(), countAmount, z.object({ count: z.number().int(), returnOfCapital: signedYuan, gain: signedYuan }), z.array(z.record(z.string(), z.unknown()))]);

export const annualFundAccountsResponse = z.object({
  fundId: id,
  kind: fundKind,
  name: z.string(),
  openedOn: businessDate,
  year: z.number().int(),
  standard: z.string().meta({ description: 'The accounting standard the fund reports under: enterprise | government | fiscal-general' }),
  standardName: z.string().meta({ description: '企业会计准则 | 政府会计制度 | 财政总会计制度' }),
  status: z.enum(['draft', 'closed']),
  statusZh: z.string(),
  balanceSheet: z.object({ start: balanceSheet, end: balanceSheet }),
  incomeStatement: z.object({ income: z.array(sheetAccount), expense: z.array(sheetAccount), totalIncome: signedYuan, totalExpense: signedYuan, surplus: signedYuan, lines: z.array(statementLine) }),
  /** `kind` and one object named after it (riskPool, bridgeFund, guidanceFund, subsidyBudget) of the year's figures. */
  business: z.object({ kind: fundKind }).catchall(z.record(z.string(), businessFigure)),
});

const sheetTotals = z.object({ assets: signedYuan, liabilities: signedYuan, netAssets: signedYuan });

export const annualReportResponse = z.object({
  year: z.number().int(),
  status: z.enum(['draft', 'closed']),
  statusZh: z.string(),
  funds: z.array(annualFundAccountsResponse),
  total: z.object({
    balanceSheet: z.object({ start: sheetTotals, end: sheetTotals }),
    incomeStatement: z.object({ totalIncome: signedYuan, totalExpense: signedYuan, surplus: signedYuan }),
  }),
  indicators: kpisResponse.loose(),
});
