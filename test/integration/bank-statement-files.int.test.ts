// Bank statements as the bank exports them, through the Lambda handlers exactly as API Gateway
// (HTTP API, payload 2.0) invokes them: binary bodies arrive base64-encoded, GBK bytes included.
// Statements go to the apiFiles function, the fund is created by the main API (docs/deploy.md).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { signLocalToken } from '../../functions/api/auth';
import { handler as apiHandler } from '../../functions/api/handler';
import { handler as filesHandler } from '../../functions/api/files-handler';
import { XLSX_MEDIA_TYPE } from '../../functions/api/upload';
import { createEventStore } from '../../functions/store/event-store';
import { useDynamoLocal } from '../support/dynamo';
import { FIXTURES, fixture, formBody } from '../support/file-fixtures';
import { storeFingerprint } from '../support/in-process-api';

const db = useDynamoLocal();
const SECRET = 'statement-files-secret-statement-files';
const FUND = 'sf1';
const MONTH = '2026-10';
let token = '';
let n = 0;

const call = async (input: { method?: string; path: string; body?: Buffer | string; contentType?: string; query?: Record<string, string>; key?: string }) => {
  const binary = Buffer.isBuffer(input.body);
  const event = {
    version: '2.0',
    rawPath: input.path,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': input.key ?? `k-${(n += 1)}`, ...(input.contentType === undefined ? {} : { 'content-type': input.contentType }) },
    queryStringParameters: input.query,
    body: binary ? (input.body as Buffer).toString('base64') : input.body,
    isBase64Encoded: binary,
    requestContext: { requestId: `gw-${n}`, http: { method: input.method ?? 'POST', path: input.path } },
  } as unknown as APIGatewayProxyEventV2;
  const statement = input.path.endsWith('/bank-statements');
  const handler = statement ? filesHandler : apiHandler;
  const result = (await handler(event, { awsRequestId: 'aws', functionName: statement ? 'api-files' : 'api' } as Context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
};

// A GBK export: 借方 = money out, 贷方 = money in; 余额 gives opening 0.00 and closing 1,001,234.56.
const GBK_EXPORT = iconv.encode(
  ['交易日期,凭证号,摘要,借方发生额,贷方发生额,余额', `${MONTH}-02,INJ-1,财政注资,,"1,000,000.00","1,000,000.00"`, `${MONTH}-09,INT-1,利息收入,,1234.56,1001234.56`, '合计,,,0.00,1001234.56,'].join('\r\n'),
  'gbk',
);

describe('bank statement files through the Lambda handler', () => {
  beforeAll(async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('LOCAL_JWT_SECRET', SECRET);
    vi.stubEnv('DYNAMODB_ENDPOINT', db.endpoint);
    vi.stubEnv('EVENTS_TABLE_NAME', db.eventsTableName);
    vi.stubEnv('READ_TABLE_NAME', db.readTableName);
    token = await signLocalToken(SECRET, { role: 'finance-bureau' });
    const created = await call({ path: '/v1/funds', body: JSON.stringify({ fundId: FUND, kind: 'bridge-fund', name: '应急转贷基金' }), contentType: 'application/json' });
    expect(created.status).toBe(201);
  });

  it('records a base64 GBK CSV, month and balances read off the file, and replays it for the same key', async () => {
    const first = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: GBK_EXPORT, contentType: 'text/csv; charset=gbk', key: 'gbk-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ month: MONTH, lineCount: 2, openingBalance: '0.00', closingBalance: '1001234.56', format: 'csv', encoding: 'gb18030', version: 1 });
    const again = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: GBK_EXPORT, contentType: 'text/csv', key: 'gbk-1' });
    expect(again.body).toMatchObject({ version: 1 });
    const otherFile = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: Buffer.concat([GBK_EXPORT, Buffer.from('\r\n')]), contentType: 'text/csv', key: 'gbk-1' });
    expect(otherFile.status).toBe(422);
    const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    const [stored] = await store.readStream(streamIds.statement(FUND, MONTH));
    expect(stored?.data).toMatchObject({ closingBalance: '1001234.56', lines: [{ lineNo: 2, reference: 'INJ-1', amount: '1000000.00' }, { lineNo: 3, amount: '1234.56' }] });
  });

  it('records an XLSX sent as multipart with the month as a form field', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('明细');
    sheet.addRows([['记账日期', '金额', '流水号', '用途'], [`${MONTH}-20`, '-200.00', 'FEE-1', '手续费']]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const form = new FormData();
    form.append('month', MONTH);
    form.append('openingBalance', '1001234.56');
    form.append('closingBalance', '1001034.56');
    form.append('file', new Blob([xlsx], { type: XLSX_MEDIA_TYPE }), '对账单.xlsx');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const result = await call({ path: `/v1/funds/${FUND}/bank-statements`, body, contentType: request.headers.get('content-type') ?? '' });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ format: 'xlsx', lineCount: 1, version: 2 });
  });

  it('records an Excel 97–2003 .xls (LibreOffice, cover sheet first) sent as the body and as a browser form part, by its bytes', async () => {
    const xls = fixture(FIXTURES.statementXls);
    // 0.00 + 1,000,000.00 − 25.50 + 1,234.56 = 1,001,209.06, read off the 余额 column of sheet 交易明细.
    const direct = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: xls, contentType: 'application/vnd.ms-excel' });
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({ month: '2024-06', lineCount: 3, openingBalance: '0.00', closingBalance: '1001209.06', format: 'xls', version: 1 });
    // A browser sends an unknown extension as application/octet-stream: the bytes still say XLS.
    const { body, contentType } = await formBody({ bytes: xls, name: '交易明细.xls', type: 'application/octet-stream' }, { month: '2024-06' });
    const form = await call({ path: `/v1/funds/${FUND}/bank-statements`, body, contentType });
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({ month: '2024-06', lineCount: 3, format: 'xls', fileSha256: direct.body.fileSha256, version: 2 });
    // The same bytes base64 in JSON (for clients that cannot send a file) are read as XLS too, never as CSV.
    const inJson = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: JSON.stringify({ csv: xls.toString('base64') }), contentType: 'application/json' });
    expect(inJson.status).toBe(201);
    expect(inJson.body).toMatchObject({ month: '2024-06', lineCount: 3, closingBalance: '1001209.06', version: 3 });
    const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    const [stored] = await store.readStream(streamIds.statement(FUND, '2024-06'));
    expect(stored?.data).toMatchObject({ lines: [{ lineNo: 5, reference: '2024060300012', amount: '1000000.00' }, { lineNo: 6, amount: '-25.50' }, { lineNo: 7, amount: '1234.56' }] });
  });

  it('answers 415 problem+json naming a PDF or an image, whatever it was called, storing nothing', async () => {
    const pdf = await formBody({ bytes: Buffer.from('%PDF-1.4\n\u0000\u0001\u0002 stream'), name: '对账单.xls', type: 'application/vnd.ms-excel' }, { month: '2024-05' });
    const cases = [
      { body: pdf.body, contentType: pdf.contentType, actual: 'a PDF document' },
      { body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), contentType: 'application/vnd.ms-excel', actual: 'a PNG image' },
      { body: JSON.stringify({ csv: Buffer.from('%PDF-1.4\n\u0000').toString('base64'), month: '2024-05' }), contentType: 'application/json', actual: 'a PDF document' },
    ];
    const before = await storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);
    for (const { body, contentType, actual } of cases) {
      const answer = await call({ path: `/v1/funds/${FUND}/bank-statements`, body, contentType });
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({ type: expect.stringContaining('unsupported-media-type'), code: 'unsupported-file-format', actual, limit: expect.arrayContaining(['application/vnd.ms-excel']) });
    }
    expect(await storeFingerprint(db.client, [db.eventsTableName, db.readTableName])).toBe(before);
  });

  it('answers 400 naming missing columns and bad rows, storing nothing', async () => {
    const noAmount = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: iconv.encode('交易日期,摘要\n2026-11-02,x\n', 'gbk'), contentType: 'text/csv' });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.errors).toEqual([{ field: 'line 1: header', message: expect.stringContaining('金额') }]);
    const badRow = await call({ path: `/v1/funds/${FUND}/bank-statements`, body: Buffer.from('date,amount\n2026-11-02,1.00\n2026-11-03,1.234\n'), contentType: 'text/csv', query: { openingBalance: '0.00', closingBalance: '1.00' } });
    expect(badRow.status).toBe(400);
    expect(badRow.body.errors).toEqual([{ field: 'line 3: amount', message: expect.any(String) }]);
    const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    expect(await store.readHead(streamIds.statement(FUND, '2026-11'))).toBeUndefined();
  });
});
