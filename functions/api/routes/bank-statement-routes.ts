// POST /v1/funds/{fundId}/bank-statements (issue 6, served by apiFiles): a month's bank statement
// as the bank's file (CSV in UTF-8 or GBK, XLSX, XLS, multipart) or as JSON, recorded for month end.
import type * as z from 'zod';
import { formatYuan } from '../../../events/money';
import { headerTable } from '../../files/table';
import { isStatementHeader } from '../../month-end/statement-columns';
import { type FileSheets, readFileBytes } from '../upload-reader';
import { parseStatementJson, parseStatementTable, type StatementOutcome, type StatementValues } from '../../month-end/statement-parse';
import { recordStatement, StatementTooLarge } from '../../month-end/statements';
import type { JsonValue } from '../../store/types';
import { ApiProblem, validationProblem } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { bankStatementSpec, csvInJson } from './file-route-specs';
import { commandContext, json, requireFund } from './helpers';

const STATEMENT_FIELDS = ['month', 'openingBalance', 'closingBalance'] as const;

type StatementBody = z.infer<NonNullable<typeof bankStatementSpec.body>>;

/** The sheet with the lines (banks put a cover sheet or the account's details first), read as a statement. */
const statementOfFile = (file: Pick<FileSheets, 'sheets' | 'encoding'>, values: StatementValues): StatementOutcome =>
  parseStatementTable({ ...headerTable(file.sheets, isStatementHeader), ...(file.encoding === undefined ? {} : { encoding: file.encoding }) }, values);

/** The statement in whichever form it came: a file body, a file in JSON (`csv`, base64), or JSON lines. */
const statementOutcome = async (req: RouteRequest<StatementBody, unknown>): Promise<StatementOutcome> => {
  if (req.file !== undefined) {
    const { fields } = req.file;
    const unknown = Object.keys(fields).filter((name) => !(STATEMENT_FIELDS as readonly string[]).includes(name));
    if (unknown.length > 0) throw validationProblem(unknown.map((name) => ({ field: `fields.${name}`, message: 'is not a known field (month, openingBalance, closingBalance)' })));
    return statementOfFile(req.file, { month: fields.month, openingBalance: fields.openingBalance, closingBalance: fields.closingBalance });
  }
  const csv = csvInJson.safeParse(req.body);
  if (!csv.success) return parseStatementJson(req.body);
  const { month, openingBalance, closingBalance } = csv.data;
  // Whatever file the base64 carries is read by its bytes, as a body would be: an .xls as XLS, a PDF 415.
  return statementOfFile(await readFileBytes({ bytes: Buffer.from(csv.data.csv, 'base64') }), { month, openingBalance, closingBalance });
};

export const bankStatementRoutes: Route[] = [
  defineRoute({
    ...bankStatementSpec,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const outcome = await statementOutcome(req);
      if (!outcome.ok) throw validationProblem(outcome.errors);
      try {
        const context = commandContext(req);
        const recorded = await recordStatement(req.deps.store, {
          fundId,
          statement: outcome.statement,
          meta: context.meta,
          ...(context.idempotencyKey === undefined || context.requestHash === undefined ? {} : { idempotency: { key: context.idempotencyKey, requestHash: context.requestHash } }),
        });
        const { statement } = outcome;
        return json(
          {
            ...(recorded as Record<string, JsonValue>),
            // What was recorded, so a clerk sees the balances a file's 余额 column gave.
            openingBalance: formatYuan(statement.openingBalance),
            closingBalance: formatYuan(statement.closingBalance),
            ...(req.file === undefined ? {} : { format: req.file.format, fileSha256: req.file.sha256 }),
            ...(statement.encoding === undefined ? {} : { encoding: statement.encoding }),
          },
          201,
        );
      } catch (error) {
        if (error instanceof StatementTooLarge) throw new ApiProblem('payload-too-large', error.message);
        throw error;
      }
    },
  }),
];
