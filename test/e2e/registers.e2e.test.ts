// A register through the validation route and the ordinary command routes, as npm run import and
// the dashboard do it: the bad row is named, the valid rows are posted, a row the rules refuse is
// reported with its reason, and importing the same file again adds nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { postValidatedRows, validateRegisterFile } from '../../client/register-import';
import { streamIds } from '../../events/stream-ids';
import { GUARANTEE_COLUMNS } from '../../functions/registers/register-columns';
import { FIXTURES, fixture, formBody } from '../support/file-fixtures';
import { BAD_CHECK_CREDIT_CODE, CREDIT_CODE, client, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);
const FUND = 'reg-pool';

const header = GUARANTEE_COLUMNS.map((c) => c.header).join(',');
const row = (id: string, code: string, startsOn: string): string => `${id},冠县融资担保有限公司,聊城市冠县某合作社,${code},涉农,冠县,聊城农村商业银行,"1,500,000.00",8,${startsOn},2025-03-01`;
// Line 1 is the header; line 3 has a wrong check character; line 5 is dated before the fund opened.
const REGISTER = [header, row('R1', CREDIT_CODE, '2024-03-02'), row('R2', BAD_CHECK_CREDIT_CODE, '2024-03-03'), row('R3', CREDIT_CODE, '2024-03-04'), row('R4', CREDIT_CODE, '2023-12-20')].join('\r\n');

describe('register import', () => {
  it('offers the template, names the bad row, posts the valid rows, and adds nothing on a second import', async () => {
    const bureau = await api.token('finance-bureau');
    const manager = await api.token('fund-manager', FUND);
    expect((await api.post('/v1/funds', { fundId: FUND, kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);

    const template = await api.get('/v1/registers/templates/guarantees?format=csv', { token: manager });
    expect(template.status).toBe(200);
    // fetch's text() drops the BOM the file starts with (the unit test checks it is there).
    expect(template.text).toBe(`${header}\r\n`);
    expect(template.headers.get('content-type')).toBe('text/csv; charset=utf-8');

    const baseUrl = local.stack.url;
    const file = { bytes: iconv.encode(REGISTER, 'gbk'), contentType: 'text/csv' };
    const validation = await validateRegisterFile({ baseUrl, token: manager, fundId: FUND, kind: 'guarantees', file });
    expect(validation.summary).toEqual({ total: 4, valid: 3, invalid: 1 });
    expect(validation.rows.filter((r) => r.errors.length > 0)).toEqual([{ line: 3, errors: [{ field: '统一社会信用代码', message: expect.stringContaining('check character') }] }]);

    const first = await postValidatedRows(validation, { baseUrl, token: manager, kind: 'guarantees' });
    expect(first.accepted.map((a) => a.line)).toEqual([2, 4]);
    expect(first.refused).toEqual([{ line: 5, reason: expect.stringContaining('before-fund-opened'), outcome: expect.objectContaining({ status: 422 }) }]);
    const heads = await Promise.all(['R1', 'R3'].map((id) => local.stack.deps.store.readHead(streamIds.guarantee(FUND, id))));
    expect(heads.every((h) => h?.version === 1)).toBe(true);

    // The second import goes through the command-line tool itself.
    const dir = await mkdtemp(path.join(tmpdir(), 'register-'));
    await writeFile(path.join(dir, '担保登记簿.csv'), file.bytes);
    const cli = await promisify(execFile)('npx', ['tsx', 'scripts/import.ts', path.join(dir, '担保登记簿.csv'), '--fund', FUND, '--kind', 'guarantees', '--url', baseUrl, '--token', manager]).catch((error: { code: number; stdout: string }) => error);
    expect('code' in cli ? cli.code : 0).toBe(1);
    expect(cli.stdout).toContain('line 3: 统一社会信用代码');
    expect(cli.stdout).toContain('accepted 2, refused 1, invalid 1 (of 4 rows)');
    expect(await Promise.all(['R1', 'R3'].map((id) => local.stack.deps.store.readHead(streamIds.guarantee(FUND, id))))).toEqual(heads);
    const listed = await eventually(
      () => api.get(`/v1/funds/${FUND}/guarantees`, { token: manager }),
      (r) => (r.body.items?.length ?? 0) >= 2,
    );
    expect(listed.body.items?.map((g) => g.guaranteeId).sort()).toEqual(['R1', 'R3']);
  });

  it('imports an Excel 97–2003 .xls (cover sheet first, title row) as the body and as a form part, and the openpyxl register with its title row', async () => {
    const fund = 'reg-xls';
    const bureau = await api.token('finance-bureau');
    const manager = await api.token('fund-manager', fund);
    expect((await api.post('/v1/funds', { fundId: fund, kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
    const baseUrl = local.stack.url;
    const xls = fixture(FIXTURES.registerXls);

    const direct = await validateRegisterFile({ baseUrl, token: manager, fundId: fund, kind: 'guarantees', file: { bytes: xls, contentType: 'application/vnd.ms-excel' } });
    expect(direct.summary).toEqual({ total: 2, valid: 2, invalid: 0 });
    const posted = await postValidatedRows(direct, { baseUrl, token: manager, kind: 'guarantees' });
    expect(posted.accepted.map((a) => a.line)).toEqual([3, 4]);
    const heads = await Promise.all(['X1', 'X2'].map((id) => local.stack.deps.store.readHead(streamIds.guarantee(fund, id))));
    expect(heads.map((h) => h?.version)).toEqual([1, 1]);

    // The same file from a browser form (octet-stream): the same rows and keys, so posting again adds nothing.
    const form = await formBody({ bytes: xls, name: '担保登记簿.xls', type: 'application/octet-stream' });
    const viaForm = await validateRegisterFile({ baseUrl, token: manager, fundId: fund, kind: 'guarantees', file: { bytes: form.body, contentType: form.contentType } });
    expect(viaForm.rows.map((r) => r.request?.idempotencyKey)).toEqual(direct.rows.map((r) => r.request?.idempotencyKey));
    await postValidatedRows(viaForm, { baseUrl, token: manager, kind: 'guarantees' });
    expect(await Promise.all(['X1', 'X2'].map((id) => local.stack.deps.store.readHead(streamIds.guarantee(fund, id))))).toEqual(heads);

    // Refused before issue 19: the title 聊城市融资担保业务登记簿（2024年6月） in row 1, the headers in row 2.
    const titled = await validateRegisterFile({ baseUrl, token: manager, fundId: fund, kind: 'guarantees', file: { bytes: fixture(FIXTURES.registerTitleRow), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(titled.rows.map((r) => [r.line, r.errors, (r.request?.body as { guaranteeId?: string } | undefined)?.guaranteeId])).toEqual([
      [3, [], 'T1'],
      [4, [], 'T2'],
    ]);
  });

  it('answers 400 naming the columns a file lacks, and 415 for a JSON body', async () => {
    const manager = await api.token('fund-manager', FUND);
    const path_ = `/v1/funds/${FUND}/registers/bridge-loans/validations`;
    const missing = await api.post(path_, undefined, { token: manager, rawBody: '转贷编号,企业名称\r\nZ1,某公司', headers: { 'content-type': 'text/csv' } });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.errors)).toContain('header: 转贷金额(元)');
    expect((await api.post(path_, { rows: [] }, { token: manager })).status).toBe(415);
  });
});
