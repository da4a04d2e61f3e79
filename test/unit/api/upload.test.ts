// File bodies (issue 10 §4, the shared upload contract): every wrapping a client or API Gateway
// may use reaches a files route as the same table, and nothing else gets through.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApp } from '../../../functions/api/app';
import type { ApiDeps } from '../../../functions/api/deps';
import { defineRoute, type RouteRequest } from '../../../functions/api/route';
import { createRouter } from '../../../functions/api/router';
import { MAX_FILE_BYTES, XLSX_MEDIA_TYPE } from '../../../functions/api/upload';
import { readUpload } from '../../../functions/api/upload-reader';

const GBK_CSV = iconv.encode('交易日期,借方发生额,贷方发生额,余额,摘要\n2026-10-02,,500.50,1500.50,财政注资\n', 'gbk');
const problemOf = async (promise: Promise<unknown>): Promise<{ status: number; errors?: unknown }> => {
  try {
    await promise;
  } catch (error) {
    return error as { status: number };
  }
  throw new Error('expected a refusal');
};

const xlsxBytes = async (rows: unknown[][]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('对账单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const multipartBody = (parts: { name: string; value: string | Buffer; fileName?: string; type?: string }[]): { body: Buffer; contentType: string } => {
  const boundary = '----fundledger7f3a';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`}\r\n`));
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value) : part.value, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
};

describe('readUpload', () => {
  it('reads GBK CSV by its charset parameter, and by detection without one', async () => {
    for (const type of ['text/csv; charset=GBK', 'text/csv']) {
      const table = await readUpload(type, GBK_CSV, { month: '2026-10' });
      expect(table).toMatchObject({ format: 'csv', encoding: 'gb18030', fields: { month: '2026-10' }, headerLine: 1 });
      expect(table.header).toEqual(['交易日期', '借方发生额', '贷方发生额', '余额', '摘要']);
      expect(table.rows).toEqual([{ line: 2, cells: ['2026-10-02', '', '500.50', '1500.50', '财政注资'] }]);
    }
  });

  it('hashes the bytes as sent, so the same file hashes the same in any wrapping', async () => {
    const raw = await readUpload('text/csv', GBK_CSV, {});
    const { body, contentType } = multipartBody([{ name: 'file', value: GBK_CSV, fileName: '对账单.csv', type: 'text/csv' }]);
    const form = await readUpload(contentType, body, {});
    expect(form.sha256).toBe(raw.sha256);
    expect(form.fileName).toBe('对账单.csv');
    const other = await readUpload('text/csv', Buffer.concat([GBK_CSV, Buffer.from('\n')]), {});
    expect(other.sha256).not.toBe(raw.sha256);
  });

  it('reads the first worksheet of an XLSX with sheet row numbers, dates as YYYY-MM-DD and numbers as typed', async () => {
    const bytes = await xlsxBytes([['账号', '6222000011112222'], [], ['交易日期', '金额', '余额'], [new Date(Date.UTC(2026, 9, 2)), 500.5, 1500.5]]);
    const table = await readUpload(XLSX_MEDIA_TYPE, bytes, {});
    expect(table.format).toBe('xlsx');
    expect(table.header).toEqual(['账号', '6222000011112222']);
    expect(table.rows).toEqual([
      { line: 3, cells: ['交易日期', '金额', '余额'] },
      { line: 4, cells: ['2026-10-02', '500.5', '1500.5'] },
    ]);
  });

  it('takes a multipart file part and text fields, form fields winning over the query', async () => {
    const xlsx = await xlsxBytes([['日期', '金额'], ['2026-10-02', '1.00']]);
    const { body, contentType } = multipartBody([
      { name: 'month', value: '2026-10' },
      { name: 'openingBalance', value: '0.00' },
      { name: 'file', value: xlsx, fileName: 'statement.xlsx', type: 'application/octet-stream' },
    ]);
    const table = await readUpload(contentType, body, { month: '2026-09', closingBalance: '1.00' });
    expect(table).toMatchObject({ format: 'xlsx', fileName: 'statement.xlsx', fields: { month: '2026-10', openingBalance: '0.00', closingBalance: '1.00' } });
    expect(table.rows[0]?.cells).toEqual(['2026-10-02', '1.00']);
  });

  it('refuses what is not a file it can read: 415 other kinds of file, 400 a form without file or a broken workbook, 413 past 5 MB', async () => {
    expect((await problemOf(readUpload('application/pdf', Buffer.from('%PDF'), {}))).status).toBe(415);
    const form = multipartBody([{ name: 'month', value: '2026-10' }]);
    expect(await problemOf(readUpload(form.contentType, form.body, {}))).toMatchObject({ status: 400, extra: { errors: [{ field: 'form.file' }] } });
    expect(await problemOf(readUpload(XLSX_MEDIA_TYPE, Buffer.from('PK\x03\x04 not really'), {}))).toMatchObject({ status: 415, extra: { actual: 'a ZIP archive that is not an XLSX workbook' } });
    const cut = await xlsxBytes([['日期', '金额']]);
    expect(await problemOf(readUpload(XLSX_MEDIA_TYPE, cut.subarray(0, cut.length - 30), {}))).toMatchObject({ status: 400, extra: { errors: [{ field: 'body' }] } });
    expect(await problemOf(readUpload('text/csv; charset=utf-8', GBK_CSV, {}))).toMatchObject({ status: 400 });
    expect((await problemOf(readUpload('text/csv', Buffer.alloc(MAX_FILE_BYTES + 1, 0x41), {}))).status).toBe(413);
  });
});

describe('files routes in the API pipeline', () => {
  const seen: RouteRequest<{ n: string } | undefined, unknown>[] = [];
  const route = defineRoute<{ n: string } | undefined, { month?: string }>({
    method: 'POST',
    path: '/uploads',
    summary: '',
    tag: 't',
    roles: ['finance-bureau'],
    successStatus: 201,
    files: true,
    body: z.object({ n: z.string() }),
    query: z.strictObject({ month: z.string().optional() }),
    handler: async (req) => {
      seen.push(req);
      return { status: 201, body: { rows: req.file?.rows.length ?? -1 } };
    },
  });
  const plain = defineRoute({ method: 'POST', path: '/json-only', summary: '', tag: 't', roles: ['finance-bureau'], successStatus: 201, handler: async () => ({ status: 201, body: {} }) });
  const app = createApp({
    router: createRouter([route, plain]),
    verify: async () => ({ subject: 'u', roles: ['finance-bureau'], funds: [], city: 'liaocheng' as const }),
    deps: async () => ({}) as ApiDeps,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    readUpload,
  });
  // What API Gateway (HTTP API, payload 2.0) sends for a binary body: base64 and the flag.
  const gatewayEvent = (path: string, bytes: Buffer, contentType: string, query?: Record<string, string>): APIGatewayProxyEventV2 =>
    ({
      version: '2.0',
      rawPath: path,
      headers: { authorization: 'Bearer t', 'content-type': contentType, 'idempotency-key': 'k-1' },
      queryStringParameters: query,
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      requestContext: { requestId: 'gw', http: { method: 'POST', path } },
    }) as unknown as APIGatewayProxyEventV2;

  it('hands a base64 GBK CSV from API Gateway to the handler as a table, with a request hash over the bytes and fields', async () => {
    seen.length = 0;
    expect((await app(gatewayEvent('/uploads', GBK_CSV, 'text/csv', { month: '2026-10' }))).statusCode).toBe(201);
    await app(gatewayEvent('/uploads', GBK_CSV, 'text/csv', { month: '2026-10' }));
    await app(gatewayEvent('/uploads', GBK_CSV, 'text/csv', { month: '2026-11' }));
    await app(gatewayEvent('/uploads', Buffer.concat([GBK_CSV, GBK_CSV.subarray(-10)]), 'text/csv', { month: '2026-10' }));
    const [first, same, otherField, otherBytes] = seen;
    expect(first?.file?.header[0]).toBe('交易日期');
    expect(first?.body).toBeUndefined();
    expect(first?.query).toEqual({ month: '2026-10' });
    expect(same?.requestHash).toBe(first?.requestHash);
    expect(otherField?.requestHash).not.toBe(first?.requestHash);
    expect(otherBytes?.requestHash).not.toBe(first?.requestHash);
  });

  it('still takes JSON on a files route, and answers 415 to a CSV on a JSON-only route', async () => {
    seen.length = 0;
    const json = await app({ ...gatewayEvent('/uploads', Buffer.from('{"n":"x"}'), 'application/json'), isBase64Encoded: true });
    expect(json.statusCode).toBe(201);
    expect(seen[0]?.body).toEqual({ n: 'x' });
    expect(seen[0]?.file).toBeUndefined();
    expect((await app(gatewayEvent('/json-only', GBK_CSV, 'text/csv'))).statusCode).toBe(415);
  });

  it('answers 413 for a file past 5 MB before the handler runs', async () => {
    seen.length = 0;
    const result = await app(gatewayEvent('/uploads', Buffer.alloc(MAX_FILE_BYTES + 1, 0x41), 'text/csv'));
    expect(result.statusCode).toBe(413);
    expect(seen).toHaveLength(0);
  });
});
