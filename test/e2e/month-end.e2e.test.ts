import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/dates';
import { streamIds } from '../../events/stream-ids';
import { lastDayOf } from '../../functions/month-end/reconcile';
import { account, client, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);
const FUND = 'me1';

const gbkCsv = (rows: string[]): string => iconv.encode(['日期,金额,流水号,摘要', ...rows].join('\r\n'), 'gbk').toString('base64');

describe('month end over HTTP on the local stack', () => {
  it('takes a statement, reconciles, closes the month, refuses postings into it and reports it', async () => {
    const bureau = await api.token('finance-bureau');
    const today = local.stack.deps.today();
    const month = today.slice(0, 7);
    const nextMonthDay = addDays(lastDayOf(month), 1);

    expect((await api.post('/v1/funds', { fundId: FUND, kind: 'risk-pool', name: '风险补偿资金池' }, { token: bureau })).status).toBe(201);
    expect((await api.post(`/v1/funds/${FUND}/capital-injections`, { amount: '1000000.00', occurredOn: today, source: 'city', reference: 'INJ-1' }, { token: bureau })).status).toBe(201);
    expect((await api.post(`/v1/funds/${FUND}/interest`, { amount: '1234.56', occurredOn: today, reference: 'INT-1' }, { token: bureau })).status).toBe(201);
    await eventually(
      () => api.get(`/v1/funds/${FUND}/balances`, { token: bureau }),
      (r) => JSON.stringify(r.body).includes('1001234.56'),
    );

    // A GBK file whose third line has a bad amount: the line is named and nothing is stored.
    const header = { month, openingBalance: '0.00', closingBalance: '1001234.56' };
    const bad = await api.post(`/v1/funds/${FUND}/bank-statements`, { ...header, csv: gbkCsv([`${today},1000000.00,INJ-1,财政注资`, `${today},12.3.4,INT-1,利息`]) }, { token: bureau });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'line 3: amount', message: expect.any(String) }]);
    expect(await local.stack.deps.store.readHead(streamIds.statement(FUND, month))).toBeUndefined();

    const other = await api.token('fund-manager', 'someone-else');
    expect((await api.post(`/v1/funds/${FUND}/bank-statements`, { ...header, csv: gbkCsv([]) }, { token: other })).status).toBe(403);

    const good = await api.post(`/v1/funds/${FUND}/bank-statements`, { ...header, csv: gbkCsv([`${today},1000000.00,INJ-1,财政注资`, `${today},1234.56,INT-1,利息收入`]) }, { token: bureau });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ version: 1, lineCount: 2, encoding: 'gb18030' });

    // The local stack runs month end in process, so the 202 already carries the summary.
    const runKey = `recon-${month}`;
    const run = await api.post('/v1/reconciliations', { month }, { token: bureau, key: runKey });
    expect(run.status).toBe(202);
    expect(run.headers.get('location')).toBe(`/v1/reconciliations/${month}`);
    expect(run.body).toMatchObject({ month, runId: `api-${runKey}`, status: 'completed', summary: { month, runId: `api-${runKey}` } });
    // Other e2e files may share this DynamoDB Local (a free-port race): assert on this file's funds only.
    expect((run.body.summary as { funds: unknown[] }).funds).toEqual(expect.arrayContaining([expect.objectContaining({ fundId: FUND, clean: true, discrepancyCount: 0 })]));
    // A retried request (same Idempotency-Key) re-runs under the same run id: no second outcome.
    const periodHead = await local.stack.deps.store.readHead(streamIds.period(FUND, month));
    expect((await api.post('/v1/reconciliations', { month }, { token: bureau, key: runKey })).status).toBe(202);
    expect(await local.stack.deps.store.readHead(streamIds.period(FUND, month))).toEqual(periodHead);
    const report = await api.get(`/v1/reconciliations/${month}`, { token: await api.token('auditor') });
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).toContain('"adjustedLedgerBalance":"1001234.56"');

    const closed = await api.post(`/v1/periods/${month}/close`, { fundIds: [FUND] }, { token: bureau });
    expect(closed.status).toBe(200);
    expect(closed.body.funds).toEqual([{ fundId: FUND, status: 'closed', reconciliationClean: true, policyId: 'liaocheng-2024' }]);

    const late = await api.post(`/v1/funds/${FUND}/capital-injections`, { amount: '5.00', occurredOn: today, source: 'city', reference: 'LATE' }, { token: bureau });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('https://fund-ledger.example/problems/period-closed');
    const next = await api.post(`/v1/funds/${FUND}/capital-injections`, { amount: '5.00', occurredOn: nextMonthDay, source: 'city', reference: 'NEXT' }, { token: bureau });
    expect(next.status).toBe(201);

    const csv = await api.get(`/v1/reports/monthly/${month}?format=csv`, { token: bureau });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain(`account,${FUND},risk-pool,1001,银行存款,cash at bank,0.00,1001234.56,0.00,1001234.56`);

    // Accept negotiates the same renderings; ?format= wins over it; nothing acceptable is 406.
    const byAccept = await api.get(`/v1/reports/monthly/${month}`, { token: bureau, headers: { accept: 'text/csv' } });
    expect(byAccept.text).toBe(csv.text);
    const queryWins = await api.get(`/v1/reports/monthly/${month}?format=json`, { token: bureau, headers: { accept: 'text/csv' } });
    expect(queryWins.headers.get('content-type')).toContain('application/json');
    const refused = await api.get(`/v1/reports/monthly/${month}`, { token: bureau, headers: { accept: 'application/pdf' } });
    expect([refused.status, refused.headers.get('content-type')]).toEqual([406, 'application/problem+json']);
    const xlsx = await fetch(`${local.stack.url}/v1/reports/monthly/${month}`, { headers: { authorization: `Bearer ${bureau}`, accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe(`科目汇总 Balances ${month}`);
    expect([sheet?.getCell('F1').value, sheet?.getCell('F2').value]).toEqual(['期初余额', 'Opening balance']);
    const cashRow = sheet?.getRows(3, 100)?.find((r) => r.getCell(1).value === FUND && r.getCell(4).value === '1001');
    expect(cashRow?.getCell(9).value).toBe(1001234.56);
    expect(cashRow?.getCell(9).numFmt).toBe('#,##0.00');
    // The fund's 明细账: each cash line with its 凭证号 and 摘要, the running balance ending on the closing one.
    const detail = book.getWorksheet(`明细账 ${FUND}`.slice(0, 31));
    const cashLines = (detail?.getRows(4, 100) ?? []).filter((r) => r.getCell(4).value === '1001').map((r) => [r.getCell(2).value, r.getCell(3).value, r.getCell(8).value]);
    expect(cashLines.at(-1)).toEqual([null, '本月合计', 1001234.56]);
    expect(cashLines.slice(1, -1).every(([voucherNo]) => typeof voucherNo === 'string' && /^记-\d{4}-\d{2}-\d{4}$/.test(voucherNo))).toBe(true);

    const json = await api.get(`/v1/reports/monthly/${month}`, { token: bureau });
    expect(json.body.funds).toEqual(expect.arrayContaining([expect.objectContaining({ fundId: FUND, reconciliationClean: true })]));

    const kpis = await api.get(`/v1/kpis?year=${month.slice(0, 4)}`, { token: bureau });
    expect(kpis.status).toBe(200);
    // The shipped defaults hold plan targets for 2024 only: this year has none of its own, and says so.
    expect(kpis.body).toMatchObject({ year: Number(month.slice(0, 4)), targets: { ownTargets: false }, indicators: { bridgeUses: { target: null, actual: 0, alert: 'no-target' } } });
  });

  it('reconciles a fund opened in the past whose history is posted later (issue 10): clean, listed, reported, closed', async () => {
    // Runs after the test above: that run's month (today's) would otherwise also cover this fund.
    const bureau = await api.token('finance-bureau');
    const manager = await api.token('fund-manager', 'hist');
    const created = await api.post('/v1/funds', { fundId: 'hist', kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2024-01-01' }, { token: bureau });
    expect(created.body).toMatchObject({ openedOn: '2024-01-01', createdOn: local.stack.deps.today() });
    expect((await api.post('/v1/funds/hist/capital-injections', { amount: '5000000.00', occurredOn: '2024-01-15', source: 'city', reference: 'INJ-2024' }, { token: bureau })).status).toBe(201);
    const loan = { borrower: { name: '某机械公司', creditCode: '91371500MA3C5X7Y0E' }, bank: '工商银行聊城分行', amount: '1000000.00', renewalCommitment: { reference: 'RC-1', amount: '2000000.00' } };
    expect((await api.post('/v1/funds/hist/bridge-loans', { ...loan, loanId: 'L1', disbursedOn: '2024-05-06', dueOn: '2024-05-16' }, { token: manager })).status).toBe(201);
    // 1,000,000.00 × 1 bp × 3 days = 300.00
    expect((await api.post('/v1/funds/hist/bridge-loans/L1/repayments', { repaidOn: '2024-05-09' }, { token: manager })).body).toMatchObject({ fee: '300.00' });
    await eventually(() => api.get('/v1/funds/hist/balances', { token: bureau }), (r) => JSON.stringify(r.body).includes('5000300.00'));
    // May: 5,000,000.00 − 1,000,000.00 + 1,000,300.00 = 5,000,300.00
    const statement = {
      month: '2024-05',
      openingBalance: '5000000.00',
      closingBalance: '5000300.00',
      lines: [
        { date: '2024-05-06', amount: '-1000000.00', reference: 'L1', description: '转贷放款' },
        { date: '2024-05-09', amount: '1000300.00', reference: 'L1', description: '转贷收回' },
      ],
    };
    expect((await api.post('/v1/funds/hist/bank-statements', statement, { token: bureau })).status).toBe(201);

    const run = await api.post('/v1/reconciliations', { month: '2024-05' }, { token: bureau });
    expect(run.body).toMatchObject({ status: 'completed', summary: { unplacedCount: 0 } });
    const funds = (run.body.summary as { funds: { fundId: string }[] }).funds;
    expect(funds.find((f) => f.fundId === 'hist')).toEqual({ fundId: 'hist', openedOn: '2024-01-01', clean: true, discrepancyCount: 0, reportKey: 'RECON#2024-05/hist' });
    const report = await api.get('/v1/reconciliations/2024-05', { token: bureau });
    expect(report.status).toBe(200);
    // capital 2024-01 before the month; in May the disbursement and the repayment, each on two streams
    expect((report.body.funds as { fundId: string }[]).find((f) => f.fundId === 'hist')).toMatchObject({ openedOn: '2024-01-01', clean: true, eventsInMonth: 4 });
    const closed = await api.post('/v1/periods/2024-05/close', { fundIds: ['hist'] }, { token: bureau });
    expect(closed.body.funds).toEqual([{ fundId: 'hist', status: 'closed', reconciliationClean: true, policyId: 'liaocheng-2024' }]);
    const late = await api.post('/v1/funds/hist/bridge-loans', { ...loan, loanId: 'L2', disbursedOn: '2024-05-20', dueOn: '2024-05-30' }, { token: manager });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('period-closed');
  });

  it('migrates running funds on their openedOn: opening cash, a live loan, a guarantee and a commitment, then works on them (docs/migration.md)', async () => {
    const bureau = await api.token('finance-bureau');
    const opened = '2024-06-01';
    for (const [fundId, kind] of [['mig-b', 'bridge-fund'], ['mig-p', 'risk-pool'], ['mig-g', 'guidance-fund']] as const) {
      expect((await api.post('/v1/funds', { fundId, kind, name: fundId, openedOn: opened }, { token: bureau })).status).toBe(201);
    }
    const manager = await api.token('fund-manager', 'mig-b', 'mig-p', 'mig-g');
    const opening = (fundId: string, cash: string, capital: string, occurredOn = opened) => api.post(`/v1/funds/${fundId}/opening-balances`, { cash, capital, occurredOn }, { token: bureau });
    expect((await opening('mig-b', '4000000.00', '5000000.00', '2024-06-02')).body).toMatchObject({ code: 'not-opening-day', errors: [{ field: 'body.occurredOn' }] });
    expect((await opening('mig-b', '4000000.00', '5000000.00')).body).toMatchObject({ cash: '4000000.00', capital: '5000000.00' });
    expect((await opening('mig-b', '1.00', '1.00')).body).toMatchObject({ code: 'already-exists' });

    // Bridge fund: a loan disbursed 2024-05-25 still out on openedOn; the same 95 %/cap/15-day rules apply.
    const loan = { loanId: 'L0', borrower: { name: '某机械公司', creditCode: '91371500MA3C5X7Y0E' }, bank: '工商银行聊城分行', amount: '1000000.00', renewalCommitment: { reference: 'RC-0', amount: '2000000.00' }, disbursedOn: '2024-05-25', dueOn: '2024-06-05' };
    expect((await api.post('/v1/funds/mig-b/bridge-loans', { ...loan, migratedOn: '2024-06-02' }, { token: manager })).body).toMatchObject({ code: 'not-opening-day' });
    expect((await api.post('/v1/funds/mig-b/bridge-loans', loan, { token: manager })).body).toMatchObject({ code: 'before-fund-opened', errors: [{ field: 'body.disbursedOn' }] });
    const migratedLoan = await api.post('/v1/funds/mig-b/bridge-loans', { ...loan, migratedOn: opened }, { token: manager });
    expect(migratedLoan.body).toMatchObject({ status: 'open', disbursedOn: '2024-05-25', cash: '4000000.00' });
    // 1,000,000.00 × 1 bp × 10 days (05-25 → 06-04) = 1,000.00; cash 4,000,000.00 + 1,001,000.00
    expect((await api.post('/v1/funds/mig-b/bridge-loans/L0/repayments', { repaidOn: '2024-06-04' }, { token: manager })).body).toMatchObject({ fee: '1000.00', daysUsed: 10, cash: '5001000.00' });

    // Risk pool: a guarantee that started 2023-06-01, compensated after openedOn from the opening cash.
    await opening('mig-p', '1000000.00', '1000000.00');
    const guarantee = { guaranteeId: 'G0', agency: '聊城市融资担保有限公司', borrower: { name: '某合作社', creditCode: '91371500MA3C5X7Y0E', category: 'agri' }, lender: '聊城农商银行', principal: '2000000.00', feeRateBps: 100, startsOn: '2023-06-01', maturesOn: '2025-06-01', migratedOn: opened };
    expect((await api.post('/v1/funds/mig-p/guarantees', guarantee, { token: manager })).status).toBe(201);
    // 1,000,000.00 loss × 10 % pool share = 100,000.00
    expect((await api.post('/v1/funds/mig-p/guarantees/G0/compensations', { occurredOn: '2024-06-10', principalLoss: '1000000.00' }, { token: manager })).body).toMatchObject({ poolAmount: '100000.00', cash: '900000.00' });

    // Guidance fund: a 2023 commitment with one call paid before openedOn and one called but unpaid.
    await opening('mig-g', '3000000.00', '5000000.00');
    const subFund = { name: '聊城新动能子基金', size: '20000000.00', prioritySector: false, manager: { name: '某基金管理公司', paidInCapital: '10000000.00' } };
    expect((await api.post('/v1/funds/mig-g/commitments', { commitmentId: 'C0', subFund, amount: '5000000.00', committedOn: '2023-03-01', migratedOn: opened }, { token: manager })).status).toBe(201);
    expect((await api.post('/v1/funds/mig-g/commitments/C0/capital-calls', { callId: 'K1', amount: '2000000.00', calledOn: '2023-04-01', dueOn: '2023-04-15', migratedOn: opened }, { token: manager })).status).toBe(201);
    expect((await api.post('/v1/funds/mig-g/commitments/C0/capital-calls/K1/payments', { paidOn: '2023-04-10', migratedOn: opened }, { token: manager })).body).toMatchObject({ cash: '3000000.00' });
    expect((await api.post('/v1/funds/mig-g/commitments/C0/capital-calls', { callId: 'K2', amount: '1000000.00', calledOn: '2024-05-20', dueOn: '2024-06-20', migratedOn: opened }, { token: manager })).status).toBe(201);
    expect((await api.post('/v1/funds/mig-g/commitments/C0/capital-calls/K2/payments', { paidOn: '2024-06-15' }, { token: manager })).body).toMatchObject({ cash: '2000000.00', paidIn: '3000000.00', unfunded: '2000000.00' });

    // Books complete from openedOn: 1001 2,000,000.00 + 1501 3,000,000.00 = 3001 5,000,000.00; 3101 and 2203 net to zero.
    const books = await eventually(() => api.get('/v1/funds/mig-g/balances', { token: bureau }), (r) => JSON.stringify(r.body).includes('"code":"1501"') && account(r, '1001')?.balance === '2000000.00');
    expect([account(books, '1501')?.balance, account(books, '3001')?.balance, account(books, '3101')?.balance, account(books, '2203')?.balance]).toEqual(['3000000.00', '5000000.00', '0.00', '0.00']);
    // Gross totals balance: debits 1001 3M + 1501 3M + 2203 3M + 3101 2M = credits 1001 1M + 2203 3M + 3001 5M + 3101 2M = 11M
    expect(books.body.totals).toEqual({ debit: '11000000.00', credit: '11000000.00' });
    const position = await eventually(() => api.get('/v1/funds/mig-p/guarantees/G0', { token: bureau }), (r) => r.body.status === 'defaulted');
    expect(position.body).toMatchObject({ startsOn: '2023-06-01', migratedOn: opened });

    // June's month end: the opening cash is no bank movement; the repayment matches its bank line.
    const statement = { month: '2024-06', openingBalance: '4000000.00', closingBalance: '5001000.00', lines: [{ date: '2024-06-04', amount: '1001000.00', reference: 'L0', description: '转贷收回' }] };
    expect((await api.post('/v1/funds/mig-b/bank-statements', statement, { token: bureau })).status).toBe(201);
    await eventually(() => api.get('/v1/funds/mig-b/balances', { token: bureau }), (r) => account(r, '1001')?.balance === '5001000.00');
    const run = await api.post('/v1/reconciliations', { month: '2024-06' }, { token: bureau });
    const funds = (run.body.summary as { funds: { fundId: string; clean: boolean }[] }).funds;
    expect(funds.find((f) => f.fundId === 'mig-b')).toMatchObject({ clean: true, discrepancyCount: 0 });
    expect(funds.map((f) => f.fundId)).toEqual(expect.arrayContaining(['mig-b', 'mig-p', 'mig-g']));
  });
});
