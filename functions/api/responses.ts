// Wire shapes of the read routes' answers (amounts as yuan decimal strings), declared on the routes
// as `response` so the OpenAPI document — and the dashboard's client types generated from it —
// describe what each route returns. Built from the read models' own codecs where they exist, so a
// changed view changes the document with it.
import * as z from 'zod';
import { signedYuan, yuan } from '../../events/money';
import { businessDate, fundKind, id, month } from '../../events/primitives';
import { fundMonthReport } from '../month-end/report-schema';
import { hashAlgorithmSchema } from '../store/hash-algorithm';
import { approvalView, subsidyView } from '../store/read-models/grant-views';
import { alertView, bridgeLoanView, commitmentView, fundView, guaranteeView, journalLineView } from '../store/read-models/views';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const fundSummaryResponse = z.object({ fundId: id, kind: fundKind, name: z.string(), openedOn: businessDate, cash: signedYuan });
export const fundListResponse = items(fundSummaryResponse);
export const fundResponse = fundView.extend({ openedOn: businessDate, cash: signedYuan });

export const balancesResponse = z.object({
  fundId: id,
  asOf: businessDate.nullable(),
  accounts: z.array(
    z.object({ code: z.string(), name: z.string(), nameZh: z.string(), memo: z.boolean(), debit: yuan, credit: yuan, balance: signedYuan }),
  ),
  totals: z.object({ debit: yuan, credit: yuan }),
});

export const journalResponse = z.object({ items: z.array(journalLineView), nextCursor: z.string().nullable() });

export const eventsResponse = z.object({
  streamId: z.string(),
  version: z.number().int(),
  nextFrom: z.number().int().nullable(),
  items: z.array(
    z.object({
      streamId: z.string(),
      version: z.number().int(),
      type: z.string(),
      schemaVersion: z.number().int(),
      occurredOn: businessDate,
      recordedAt: z.string(),
      data: z.record(z.string(), z.unknown()),
      meta: z.record(z.string(), z.unknown()),
      /** 凭证号 of events that post journal lines (covered by the hash when present); null otherwise. */
      voucherNo: z.string().nullable(),
      /** The algorithm `hash` was computed with (HASH_ALGORITHM when stored; sha256 for events stored before the setting, which name none). */
      hashAlgorithm: hashAlgorithmSchema,
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});

export const guaranteeListResponse = items(guaranteeView);
export const bridgeLoanListResponse = items(bridgeLoanView);
export const commitmentListResponse = items(commitmentView);
export const alertListResponse = items(alertView);
/** JSON objects as open records: the recursive JSON schema of jsonObject has no place in a path's document. */
const jsonRecord = z.record(z.string(), z.unknown());
export const approvalListResponse = items(approvalView.extend({ command: approvalView.shape.command.extend({ input: jsonRecord }), figures: jsonRecord }));
export const subsidyListResponse = items(subsidyView.extend({ details: jsonRecord }));

export const reconciliationResponse = z.object({ month, funds: z.array(fundMonthReport) });

export const statementRecordedResponse = z.object({
  streamId: z.string(),
  version: z.number().int(),
  month,
  lineCount: z.number().int(),
  openingBalance: signedYuan,
  closingBalance: signedYuan,
  format: z.enum(['csv', 'xlsx']).optional(),
  fileSha256: z.string().optional(),
  encoding: z.string().optional(),
});

export const reconciliationStartResponse = z.object({
  month,
  runId: z.string(),
  status: z.enum(['accepted', 'completed']),
  summary: z.record(z.string(), z.unknown()).optional(),
});

export const closeResponse = z.object({
  month,
  funds: z.array(
    z.object({ fundId: id, status: z.enum(['closed', 'already-closed']), reconciliationClean: z.boolean(), overrideReason: z.string().optional(), policyId: z.string().optional() }),
  ),
});

const kpiAlert = z.enum(['ok', 'warn', 'alert', 'no-target']);
/** Percentages with two decimals as strings ("81.23"), like the amounts: exact, never floats. */
const percentText = z.string();
const cumulative = <T extends z.ZodType>(value: T) =>
  z.object({ target: value.nullable(), actual: value, progressPercent: percentText.nullable(), expectedPercent: percentText, alert: kpiAlert });

const countAmount = z.object({ count: z.number().int(), amount: yuan });

export const kpisResponse = z.object({
  year: z.number().int(),
  asOf: businessDate,
  policyId: z.string(),
  /** ownTargets false: the year has no plan targets of its own (targets null, alert no-target), never another year's. */
  targets: z.object({ year: z.number().int(), ownTargets: z.boolean(), policyId: z.string().nullable() }),
  indicators: z.object({
    newGuaranteeAmount: cumulative(yuan),
    inclusiveShare: z.object({ minPercent: percentText, actualPercent: percentText, alert: kpiAlert }),
    averageFeeRate: z.object({ maxPercent: percentText, actualPercent: percentText, alert: kpiAlert }),
    compensationRate: z.object({ maxPercent: percentText, actualPercent: percentText, alert: kpiAlert }),
    bridgeUses: cumulative(z.number().int()).extend({ amountLent: yuan }),
    guidanceLanded: cumulative(yuan).extend({ leverage: z.string() }),
    newGreenFunds: cumulative(z.number().int()).extend({ max: z.number().int().nullable() }),
  }),
  /** The subsidy budget of the year (issue 12 §3): appropriations, grants per programme against their budget. */
  subsidies: z.object({
    budget: yuan,
    granted: yuan,
    pending: countAmount,
    clawedBack: yuan,
    usedPercent: percentText,
    byProgramme: z.record(
      z.string(),
      z.object({ granted: countAmount, pending: countAmount, rejected: countAmount, clawedBack: countAmount, budget: yuan.nullable(), usedPercent: percentText.nullable() }),
    ),
  }),
});

export const cashByMonthResponse = z.object({
  fundId: id,
  year: z.number().int(),
  /** Cash at bank (1001) at each month's end, up to the current month. */
  months: z.array(z.object({ month, cash: signedYuan })),
});

/** The caller's city (GET /v1/city): its names and its counties, districts and zones in the official order. */
export const cityResponse = z.object({
  cityId: z.string(),
  name: z.string(),
  nameEn: z.string().optional(),
  counties: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().optional() })),
});
