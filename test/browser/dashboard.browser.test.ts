// The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against
// the local stack serving the built bundle, with a small book posted through the HTTP API.
// Screenshots of each page go to test-artifacts/ (not committed).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigits } from '../../web/src/format/amount';
import type { LocalStack } from '../../infra/local/stack';
import { BAD_CHECK_CREDIT_CODE, CREDIT_CODE, eventually } from '../e2e/api-support';
import { sweepOverdue } from '../../functions/jobs/overdue-sweep';
import { GUARANTEE_COLUMNS } from '../../functions/registers/register-columns';
import * as answers from '../../functions/api/responses';
import { type AxeResult, blocking, runAxe } from './axe';
import { ARTIFACTS, startBrowserStack } from './browser-stack';
import type { Fixture } from './fixture';

let stack: LocalStack;
let browser: Browser;
let fixture: Fixture;

const api = async (pathname: string, role: 'finance-bureau' | 'fund-manager' = 'finance-bureau', funds: string[] = []): Promise<Record<string, unknown>> => {
  const response = await fetch(`${stack.url}${pathname}`, { headers: { authorization: `Bearer ${await stack.token(role, funds)}` } });
  return (await response.json()) as Record<string, unknown>;
};

const DESKTOP = { width: 1280, height: 900 };
/** A leader's phone (issue 22 §4). */
const PHONE = { width: 390, height: 844 };

/**
 * A fresh browser context (own storage), signed in through the page's pick-a-role form; `user`
 * names the person (two bureau users are two people for maker-checker).
 */
const signIn = async (role: 'finance-bureau' | 'fund-manager' | 'auditor', funds: string[] = [], options: { user?: string; viewport?: typeof DESKTOP } = {}): Promise<Page> => {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(stack.url);
  await page.locator(`input[name=role][value=${role}]`).check();
  for (const fundId of funds) await page.locator(`input[name=fund][value=${fundId}]`).check();
  if (options.user !== undefined) await page.locator('#sign-in-form input[name=user]').fill(options.user);
  await page.locator('#sign-in-form button[type=submit]').click();
  await page.locator('main[aria-busy=false]').waitFor();
  return page;
};

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  ({ stack, browser, fixture } = await startBrowserStack());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the answers the dashboard is typed against', () => {
  it('match what the API sends (the documented response schemas parse them)', async () => {
    const reads: [string, { parse(value: unknown): unknown }][] = [
      ['/v1/funds', answers.fundListResponse],
      ['/v1/funds/pool', answers.fundResponse],
      ['/v1/funds/pool/balances', answers.balancesResponse],
      ['/v1/funds/pool/journal?limit=5', answers.journalResponse],
      ['/v1/funds/pool/events', answers.eventsResponse],
      ['/v1/funds/pool/guarantees', answers.guaranteeListResponse],
      ['/v1/funds/bridge/bridge-loans', answers.bridgeLoanListResponse],
      ['/v1/funds/guide/commitments', answers.commitmentListResponse],
      ['/v1/alerts', answers.alertListResponse],
      ['/v1/kpis', answers.kpisResponse],
    ];
    for (const [pathname, schema] of reads) {
      const body = await api(pathname);
      expect(() => schema.parse(body), pathname).not.toThrow();
    }
    // Cash at the end of the fixture's month is the capital injected on its second day.
    const cash = answers.cashByMonthResponse.parse(await api(`/v1/funds/pool/cash-by-month?year=${fixture.month.slice(0, 4)}`));
    expect(cash.months.find((m) => m.month === fixture.month)).toEqual({ month: fixture.month, cash: 12345678901n });
  });
});

describe('the dashboard in Chromium', () => {
  it('signs the bureau in and shows every fund with the API’s cash to the fen', async () => {
    const page = await signIn('finance-bureau');
    const { items } = (await api('/v1/funds')) as { items: { fundId: string; cash: string }[] };
    expect(items.map((f) => f.fundId).sort()).toEqual(['bridge', 'guide', 'pool']);
    for (const fund of items) {
      const card = page.locator(`.fund-card[data-fund="${fund.fundId}"]`);
      // The card's figure carries the API's string, and its exact line shows it to the fen.
      await expect.poll(() => card.locator('.cash .amount').getAttribute('data-amount')).toBe(fund.cash);
      expect(await card.locator('.cash').innerText()).toContain(formatDigits(fund.cash, 'yuan'));
    }
    // 123,456,789.01 yuan is 1.2345678901 亿元: the headline shows 1.23 亿元, the exact yuan under it.
    const poolCash = await page.locator('.fund-card[data-fund="pool"] .cash').innerText();
    expect(poolCash).toContain('1.23 亿元');
    expect(poolCash).toContain('123,456,789.01 元');
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, 'overview');
    await page.context().close();
  });

  it('opens a fund and pages through its journal', async () => {
    const page = await signIn('finance-bureau');
    await page.locator('.fund-card[data-fund="pool"] a.button').click();
    await page.locator('#journal tbody tr').first().waitFor();
    expect(await page.locator('#journal tbody tr').count()).toBe(20);
    expect(await page.locator('#chain-status').getAttribute('class')).toBe('ok');
    // 凭证号 and 摘要 as the API states them; no English event type in the Chinese page.
    const first = ((await api('/v1/funds/pool/journal?limit=1')).items as { voucherNo: string | null; summary: string }[])[0];
    const firstRow = await page.locator('#journal tbody tr').first().innerText();
    expect(first?.summary).not.toBe('');
    expect(firstRow).toContain(first?.summary ?? '');
    expect(firstRow).toContain(first?.voucherNo ?? '');
    expect(await page.locator('#journal').innerText()).not.toMatch(/GuaranteeIssued|CapitalInjected/);
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, 'fund');
    await page.locator('#journal-next').click();
    await expect.poll(() => page.locator('#journal-page').innerText()).toContain('2');
    // 26 lines: 20 on the first page, 6 on the second, and no third.
    expect(await page.locator('#journal tbody tr').count()).toBe(6);
    expect(await page.locator('#journal-next').isDisabled()).toBe(true);
    await page.locator('#journal-prev').click();
    await expect.poll(() => page.locator('#journal tbody tr').count()).toBe(20);
    await page.context().close();
  });

  it('switches to English and remembers it after a reload', async () => {
    const page = await signIn('auditor');
    expect(await page.locator('header nav').innerText()).toContain('总览');
    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('header nav').innerText()).toContain('Overview');
    await page.reload();
    await page.locator('main[aria-busy=false]').waitFor();
    expect(await page.locator('header nav').innerText()).toContain('Month end');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });

  it('uploads a GBK CSV bank statement and shows the reconciliation turn clean', async () => {
    const bureau = await stack.token('finance-bureau');
    const run = await fetch(`${stack.url}/v1/reconciliations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bureau}`, 'idempotency-key': 'first-run' },
      body: JSON.stringify({ month: fixture.month }),
    });
    expect(run.status).toBe(202);
    const page = await signIn('finance-bureau');
    // Month end opens on the month before today: the fixture's.
    await page.locator('header nav a[href="#/month-end"]').click();
    const pool = page.locator('.report[data-fund="pool"]');
    await pool.waitFor();
    // No statement yet: the pool's report lists it missing.
    expect(await pool.locator('[data-clean]').getAttribute('data-clean')).toBe('false');
    expect(await pool.locator('.discrepancies').innerText()).toContain('缺少银行对账单');

    const file = path.join(ARTIFACTS, 'statement-gbk.csv');
    writeFileSync(file, iconv.encode(['交易日期,金额,流水号,摘要', `${fixture.day(2)},${fixture.poolCapital},INJ-pool,财政注资`].join('\r\n'), 'gbk'));
    await page.locator('#statement-form select[name=fundId]').selectOption('pool');
    await page.locator('#statement-form input[name=file]').setInputFiles(file);
    await page.locator('#statement-form input[name=openingBalance]').fill('0.00');
    await page.locator('#statement-form input[name=closingBalance]').fill(fixture.poolCapital);
    await page.locator('#statement-form button[type=submit]').click();
    await expect.poll(() => pool.locator('[data-clean]').getAttribute('data-clean'), { timeout: 20_000 }).toBe('true');
    // The bank reconciliation statement: books and bank agree at the capital injected.
    expect(await pool.locator('.reconciliation').innerText()).toContain(formatDigits(fixture.poolCapital));
    await shot(page, 'month-end');
    await page.context().close();
  });

  it('downloads the monthly report as XLSX that reads back with the API’s figures', async () => {
    const page = await signIn('auditor');
    await page.goto(`${stack.url}/#/month-end?month=${fixture.month}`);
    await page.locator('#download-xlsx').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`fund-ledger-${fixture.month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0];
    // The pool's cash row (wherever the sheet's columns put fund and account) carries the API's figure.
    const values = (r: ExcelJS.Row): string[] => (Array.isArray(r.values) ? r.values : []).map((v) => String(v));
    const poolCash = sheet?.getRows(1, 200)?.find((r) => values(r).includes('pool') && values(r).includes('1001'));
    expect(values(poolCash as ExcelJS.Row)).toContain('123456789.01');
    await page.context().close();
  });

  it('takes a register with one bad row, names that row, and imports the others', async () => {
    const page = await signIn('fund-manager', ['pool']);
    await page.locator('header nav a[href="#/registers"]').click();
    await page.locator('#register-form').waitFor();
    const row = (id: string, code: string): string => `${id},冠县融资担保有限公司,聊城市冠县某合作社,${code},涉农,冠县,聊城农村商业银行,"1,500,000.00",8,${fixture.day(12)},${Number(fixture.month.slice(0, 4)) + 1}-03-01`;
    const file = path.join(ARTIFACTS, 'register.csv');
    // Line 3 has a credit code with a wrong check character.
    writeFileSync(file, iconv.encode([GUARANTEE_COLUMNS.map((c) => c.header).join(','), row('R1', CREDIT_CODE), row('R2', BAD_CHECK_CREDIT_CODE), row('R3', CREDIT_CODE)].join('\r\n'), 'gbk'));
    await page.locator('#register-file').setInputFiles(file);
    await page.locator('#register-form button[type=submit]').click();
    await page.locator('#register-rows').waitFor();
    expect(await page.locator('#register-summary').innerText()).toBe('共 3 行：2 行有效，1 行有误');
    const bad = page.locator('#register-rows tbody tr', { has: page.locator('.row-errors') });
    expect(await bad.count()).toBe(1);
    expect(await bad.locator('td').first().innerText()).toBe('3');
    expect(await bad.innerText()).toContain('统一社会信用代码');
    await page.locator('#register-confirm').click();
    await expect.poll(() => page.locator('#register-result-summary').innerText().catch(() => ''), { timeout: 20_000 }).toBe('导入完成：受理 2 行，拒绝 0 行');
    await shot(page, 'registers');
    await page.context().close();
  });

  it('adopts a new bridge fee proposed on the policy page and approved in the inbox; a loan repaid afterwards pays it', async () => {
    const maker = await signIn('finance-bureau', [], { user: 'bob' });
    await maker.locator('header nav a[href="#/policy"]').click();
    await maker.locator('#policy-form').waitFor();
    const today = stack.deps.today();
    await maker.locator('#proposal-policyId').fill('bridge-fee-2bp');
    await maker.locator('#proposal-effectiveFrom').fill(today);
    await maker.locator('#proposal-reason').fill('转贷资金占用费调整为日万分之二');
    // 0.02 % a day = 2 bp a day, typed as a finance officer writes it.
    await maker.locator('#param-bridge-feeBpsPerDay').fill('0.02');
    await maker.locator('#policy-form button[type=submit]').click();
    const held = maker.locator('#policy-form [data-approval]');
    await held.waitFor({ timeout: 20_000 });
    const approvalId = (await held.getAttribute('data-approval')) ?? '';
    await shot(maker, 'policy');
    await maker.context().close();

    await approveInInbox('carol', approvalId, '按局务会决定');
    const inForce = await eventually(() => api(`/v1/policies/in-force?on=${today}`), (body) => body.policyId === 'bridge-fee-2bp');
    expect((inForce.version as { bridge: { feeBpsPerDay: number } }).bridge.feeBpsPerDay).toBe(2);

    // L3: 5,000,000.00 disbursed on the fixture month's 15th (before the new version), repaid today:
    // fee = 5,000,000.00 × 2 bp × days.
    const manager = await stack.token('fund-manager', ['bridge']);
    const repaid = await send(manager, 'POST', '/v1/funds/bridge/bridge-loans/L3/repayments', { repaidOn: today });
    expect(repaid.status).toBe(201);
    const days = Number(repaid.body.daysUsed);
    expect(days).toBe(Math.round((Date.parse(today) - Date.parse(fixture.day(15))) / 86_400_000));
    // 5,000,000.00 yuan × 0.0002 = 1,000.00 yuan a day
    expect(repaid.body.fee).toBe(`${days * 1000}.00`);

    const page = await signIn('auditor');
    await page.goto(`${stack.url}/#/policy`);
    await page.locator('#policy-history').waitFor();
    expect(await page.locator('#policy-history [data-changed="bridge.feeBpsPerDay"]').innerText()).toContain('0.02%');
    await page.context().close();
  });

  it('acknowledges an overdue loan’s alert with a note, and the API then reports it acknowledged', async () => {
    // L2 fell due on the fixture month's 25th and is unpaid: today's sweep marks it overdue and
    // raises its alert (an event stream, so the bureau may acknowledge it).
    const { deps } = stack;
    expect((await sweepOverdue({ queries: deps.queries, commands: deps.commands, today: deps.today(), requestId: 'browser-sweep' })).marked).toEqual([{ fundId: 'bridge', loanId: 'L2' }]);
    type Alert = { alertId: string; kind?: string; status: string; acknowledgedBy?: string; note?: string };
    const alerts = async (): Promise<Alert[]> => (await api('/v1/alerts?fundId=bridge')).items as Alert[];
    const raised = await eventually(alerts, (items) => items.some((a) => a.kind === 'bridge-loan-overdue'));
    const alertId = raised.find((a) => a.kind === 'bridge-loan-overdue')?.alertId ?? '';

    // Neither an auditor nor a fund manager is offered the action (the route is the bureau's).
    for (const [role, funds] of [['auditor', []], ['fund-manager', ['bridge']]] as const) {
      const reader = await signIn(role, [...funds]);
      await reader.locator(`#alerts [data-alert="${alertId}"]`).waitFor();
      expect(await reader.locator('.ack-form').count()).toBe(0);
      await reader.context().close();
    }

    const page = await signIn('finance-bureau');
    const form = page.locator(`.ack-form[data-alert="${alertId}"]`);
    await form.locator('input[name=note]').fill('已联系借款企业');
    await form.locator('button[type=submit]').click();
    // The page reloads the list: the row now says who acknowledged it, and the form is gone.
    const row = page.locator('#alerts tr', { has: page.locator(`[data-alert="${alertId}"]`) });
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 20_000 }).toBe('acknowledged');
    // Who and when, in Beijing time to the minute (not the raw ISO instant); the value names the loan.
    expect(await row.innerText()).toMatch(/local-finance-bureau 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 确认/);
    expect(await row.innerText()).toMatch(/贷款 \S+/);
    expect(await row.innerText()).toContain('已联系借款企业');
    expect(await form.count()).toBe(0);
    expect((await alerts()).find((a) => a.alertId === alertId)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'local-finance-bureau', note: '已联系借款企业' });
    await shot(page, 'overview-acknowledged');
    await page.context().close();
  });

  it('measures the overview’s first load: navigation start → every fund’s figure painted', async () => {
    const page = await signIn('finance-bureau');
    const samples: number[] = [];
    // Signed in (the token is in sessionStorage), so each reload is a cold start of the page: the
    // bundle, /config.json, and the overview's API reads. Time read at the first frame with the figures.
    for (let run = 0; run < 5; run += 1) {
      await page.reload();
      samples.push(
        await (
          await page.waitForFunction("document.querySelectorAll('.fund-card .cash .amount').length === 3 ? performance.now() : false", undefined, { polling: 'raf', timeout: 30_000 })
        ).jsonValue() as number,
      );
    }
    samples.sort((a, b) => a - b);
    const figure = { samplesMs: samples.map(Math.round), medianMs: Math.round(samples[2] ?? 0) };
    writeFileSync(path.join(ARTIFACTS, 'first-load.json'), JSON.stringify(figure));
    console.log(`dashboard first load (navigation start → figures painted): ${JSON.stringify(figure)}`);
    // A figure, never a timing assertion: the page did paint every fund's cash each time.
    expect(samples.every((ms) => ms > 0)).toBe(true);
    await page.context().close();
  });

  it('fits a 390 px phone: cards stack, tables scroll in their box, the page itself never scrolls sideways', async () => {
    const page = await signIn('finance-bureau', [], { viewport: PHONE });
    await page.locator('.fund-card').first().waitFor();
    const pageWidth = async (): Promise<number> => (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    // One card per row: every card starts at the same left edge.
    const lefts = await page.locator('.fund-card').evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, 'phone-overview');
    await page.goto(`${stack.url}/#/fund/pool`);
    await page.locator('#journal tbody tr').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-fund');
    await page.context().close();
  });

  it('holds a subsidy grant for a second person: its maker sees it without buttons, another bureau user approves it with a note', async () => {
    const bob = await stack.token('finance-bureau', [], 'bob');
    const post = async (pathname: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await fetch(`${stack.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bob}`, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await post('/v1/funds', { fundId: 'subsidy', kind: 'subsidy-budget', name: '财政补贴资金', openedOn: fixture.day(1) })).status).toBe(201);
    expect((await post('/v1/funds/subsidy/capital-injections', { amount: '1000000.00', occurredOn: fixture.day(2), source: 'city', reference: 'YS-1' })).status).toBe(201);
    // 50 % of a 50,000.00 evaluation fee = 25,000.00, cut to the 20,000.00 per-item cap.
    const firm = { name: '聊城某科技有限公司', creditCode: CREDIT_CODE };
    const held = await post('/v1/funds/subsidy/subsidies', { subsidyId: 'fee-1', programme: 'ip-pledge-fee', firm, occurredOn: fixture.day(10), details: { loanReference: 'ZL-1', feeKind: 'evaluation', fee: '50000.00' } });
    expect(held.status).toBe(202);
    const approvalId = String(held.body.approvalId);

    // The maker: the request with its figures, and no button.
    const maker = await signIn('finance-bureau', [], { user: 'bob' });
    await maker.locator('header nav a[href="#/approvals"]').click();
    const mine = maker.locator(`.approval[data-approval="${approvalId}"]`);
    await mine.waitFor();
    expect(await mine.locator('.own-request').count()).toBe(1);
    expect(await mine.locator('button').count()).toBe(0);
    expect(await mine.locator('h3').innerText()).toBe('财政补贴发放');
    expect(await mine.locator('[data-figure=amount] .amount').getAttribute('data-amount')).toBe('20000.00');
    expect(await mine.locator('[data-figure=uncutAmount]').innerText()).toContain('25,000.00');
    expect(await mine.locator('[data-figure=programme]').innerText()).toBe('知识产权质押融资费用补贴');
    await maker.context().close();

    // Another bureau user approves it with a note; a rejection without a note is stopped in the page.
    const checker = await signIn('finance-bureau', [], { user: 'carol' });
    await checker.goto(`${stack.url}/#/approvals`);
    const card = checker.locator(`.approval[data-approval="${approvalId}"]`);
    await card.waitFor();
    await card.locator('[data-action=reject]').click();
    expect(await card.locator('.status').innerText()).toContain('驳回须填写审批意见');
    await shot(checker, 'approvals');
    await card.locator('textarea[name=note]').fill('材料齐全');
    await card.locator('[data-action=approve]').click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    const row = checker.locator('#decided tr', { has: checker.locator(`[data-approval="${approvalId}"]`) });
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('approved');
    expect(await row.innerText()).toContain('carol');
    expect(await row.innerText()).toContain('材料齐全');
    await checker.context().close();
    // The API agrees: granted by carol, the fund's cash down by the 20,000.00.
    const grant = await eventually(() => api('/v1/funds/subsidy/subsidies/fee-1'), (body) => body.status === 'granted');
    expect(grant).toMatchObject({ amountGranted: '20000.00', requested: { by: 'bob' }, granted: { by: 'carol' } });
    expect((await api('/v1/funds/subsidy')).cash).toBe('980000.00');

    // The subsidy fund's page: the year's budget by programme as /v1/kpis states it, the grant the
    // per-item cap cut (25,000.00 → 20,000.00), and nothing left waiting.
    const kpis = await api(`/v1/kpis?year=${fixture.month.slice(0, 4)}`);
    const fee = (kpis.subsidies as { byProgramme: Record<string, { granted: { count: number; amount: string } }> }).byProgramme['ip-pledge-fee'];
    expect(fee?.granted).toEqual({ count: 1, amount: '20000.00' });
    const reader = await signIn('finance-bureau');
    await reader.goto(`${stack.url}/#/fund/subsidy`);
    const programmes = reader.locator('#subsidy-programmes');
    await programmes.waitFor();
    const feeRow = programmes.locator('tr', { hasText: '知识产权质押融资费用补贴' });
    expect(await feeRow.locator('td').evaluateAll((cells) => cells.map((c) => c.textContent?.trim()))).toEqual(expect.arrayContaining(['1', expect.stringContaining('20,000.00')]));
    const capRow = reader.locator('#subsidy-caps tbody tr');
    expect(await capRow.count()).toBe(1);
    expect(await capRow.innerText()).toMatch(/聊城某科技有限公司[\s\S]*单笔[\s\S]*25,000\.00[\s\S]*20,000\.00/);
    expect(await reader.locator('#subsidy-pending').innerText()).toContain('0 笔');
    await shot(reader, 'fund-subsidy');
    await reader.context().close();
  });

  it('signs a fund manager in and shows only that fund', async () => {
    const page = await signIn('fund-manager', ['bridge']);
    await page.locator('.fund-card').first().waitFor();
    expect(await page.locator('.fund-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-fund')))).toEqual(['bridge']);
    expect(await page.locator('header nav').innerText()).not.toContain('月末');
    await page.context().close();
  });
});

/** A request as a named person, answered with status and JSON body. */
const send = async (token: string, method: 'POST' | 'GET', pathname: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${stack.url}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Approves the request `approvalId` in the approvals inbox as `user`, with a note, and waits until it is decided. */
const approveInInbox = async (user: string, approvalId: string, note: string): Promise<void> => {
  const checker = await signIn('finance-bureau', [], { user });
  await checker.goto(`${stack.url}/#/approvals`);
  const card = checker.locator(`.approval[data-approval="${approvalId}"]`);
  await card.waitFor();
  await card.locator('textarea[name=note]').fill(note);
  await card.locator('[data-action=approve]').click();
  await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
  expect(await checker.locator(`#decided [data-approval="${approvalId}"]`).getAttribute('data-status')).toBe('approved');
  await checker.context().close();
};

describe('correcting and completing the books from the dashboard', () => {
  it('reverses a guarantee issued in error: asked by one user, approved by another, shown as 红字 with the API’s balances', async () => {
    const bureau = await stack.token('finance-bureau');
    const issued = ((await api('/v1/funds/pool/journal?limit=500')).items as { streamId: string; version: number; eventType: string; occurredOn: string }[]).find(
      (line) => line.eventType === 'GuaranteeIssued' && line.streamId.endsWith('g24'),
    );
    expect(issued).toBeDefined();
    const entry = `${issued?.streamId}@${issued?.version}`;
    const maker = await signIn('finance-bureau', [], { user: 'bob' });
    await maker.goto(`${stack.url}/#/fund/pool?from=${issued?.occurredOn}&to=${issued?.occurredOn}`);
    await maker.locator(`.correct-button[data-entry="${entry}"]`).click();
    await maker.locator('#correction-reason').fill('担保金额录入错误，整笔冲销');
    await maker.locator('#correction-submit').click();
    const held = maker.locator('#correction-held');
    await held.waitFor({ timeout: 20_000 });
    const approvalId = (await held.getAttribute('data-approval')) ?? '';
    await shot(maker, 'correction-form');
    await maker.context().close();

    await approveInInbox('carol', approvalId, '核对原始凭证无误，同意冲销');

    // The API's journal holds the reversal: the original's lines negated, linked both ways.
    type Line = { streamId: string; version: number; debit: string; credit: string; account: string; occurredOn: string; reverses?: { streamId: string; version: number }; reversedBy?: unknown };
    const lines = (await eventually(() => api('/v1/funds/pool/journal?limit=500'), (body) => (body.items as Line[]).some((l) => l.reverses?.streamId === issued?.streamId))).items as Line[];
    const red = lines.filter((l) => l.reverses?.streamId === issued?.streamId);
    expect(red.length).toBeGreaterThan(0);
    const page = await signIn('finance-bureau', [], { user: 'carol' });
    const day = red[0]?.occurredOn ?? '';
    await page.goto(`${stack.url}/#/fund/pool?from=${day}&to=${day}`);
    await page.locator('#journal tr.red-entry').first().waitFor();
    const shownRed = await page.locator('#journal tr.red-entry .amount').evaluateAll((spans) => spans.map((s) => s.getAttribute('data-amount')));
    expect(shownRed.sort()).toEqual(red.flatMap((l) => [l.debit, l.credit]).filter((a) => a !== '0.00').sort());
    // Balances on the page are the API's, account by account.
    const balances = (await send(bureau, 'GET', '/v1/funds/pool/balances')).body as { accounts: { code: string; balance: string }[] };
    for (const account of balances.accounts.filter((a) => a.balance !== '0.00')) {
      expect(await page.locator('#balances tr', { hasText: account.code }).locator('.amount').last().getAttribute('data-amount')).toBe(account.balance);
    }
    // Guarantees outstanding by county are named from the signed-in city's list (GET /v1/city).
    const counties = await page.locator('#by-county tr td:first-child').allInnerTexts();
    expect(counties).toEqual(expect.arrayContaining(['东昌府区', '茌平区', '临清市']));
    await shot(page, 'fund-red-entry');
    await page.context().close();
  });

  it('books a bank charge from the month-end page and the month turns clean', async () => {
    const bureau = await stack.token('finance-bureau');
    // The guidance fund's bank: the injection, the capital call paid, and a 25.00 charge the books lack.
    const csv = ['交易日期,金额,流水号,摘要', `${fixture.day(2)},200000000.00,INJ-guide,财政注资`, `${fixture.day(10)},-30000000.00,K1,子基金出资`, `${fixture.day(20)},-25.00,SXF-1,手续费`].join('\r\n');
    const recorded = await send(bureau, 'POST', '/v1/funds/guide/bank-statements', { month: fixture.month, openingBalance: '0.00', closingBalance: '169999975.00', csv: Buffer.from(csv).toString('base64') });
    expect(recorded.status).toBe(201);
    const page = await signIn('finance-bureau', [], { user: 'bob' });
    await page.goto(`${stack.url}/#/month-end?month=${fixture.month}`);
    await page.locator('#run-reconciliation').click();
    const guide = page.locator('.report[data-fund="guide"]');
    await expect.poll(() => guide.locator('.unmatched-statement tbody tr').count(), { timeout: 20_000 }).toBe(1);
    expect(await guide.locator('[data-clean]').getAttribute('data-clean')).toBe('false');
    await guide.locator('.book-button').click();
    const form = guide.locator('form.book-line');
    // Prefilled from the bank line: a charge of 25.00 on the 20th with its reference.
    expect(await form.locator('input[name=amount]').inputValue()).toBe('25.00');
    expect(await form.locator('input[name=reference]').inputValue()).toBe('SXF-1');
    expect(await form.locator('input[name=occurredOn]').inputValue()).toBe(fixture.day(20));
    await shot(page, 'month-end-book');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.report[data-fund="guide"] [data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    const report = (await api(`/v1/reconciliations/${fixture.month}`)) as { funds: { fundId: string; clean: boolean }[] };
    expect(report.funds.find((f) => f.fundId === 'guide')?.clean).toBe(true);
    expect((await api('/v1/funds/guide')).cash).toBe('169999975.00');
    await page.context().close();
  });


  it('勾对: a charge and its refund matched from the month-end page turn the month clean; 撤销勾对 undoes it', async () => {
    const bureau = await stack.token('finance-bureau');
    // The guide statement again (a new version wins), now with a 25.00 charge and its refund the books never saw:
    // 200,000,000.00 − 30,000,000.00 − 25.00 (SXF-1, booked above) − 25.00 + 25.00 = 169,999,975.00.
    const csv = [
      '交易日期,金额,流水号,摘要',
      `${fixture.day(2)},200000000.00,INJ-guide,财政注资`,
      `${fixture.day(10)},-30000000.00,K1,子基金出资`,
      `${fixture.day(20)},-25.00,SXF-1,手续费`,
      `${fixture.day(21)},-25.00,SXF-2,手续费`,
      `${fixture.day(22)},25.00,SXF-2R,手续费退回`,
    ].join('\r\n');
    const recorded = await send(bureau, 'POST', '/v1/funds/guide/bank-statements', { month: fixture.month, openingBalance: '0.00', closingBalance: '169999975.00', csv: Buffer.from(csv).toString('base64') });
    expect(recorded.status).toBe(201);
    const page = await signIn('finance-bureau', [], { user: 'bob' });
    await page.goto(`${stack.url}/#/month-end?month=${fixture.month}`);
    await page.locator('#run-reconciliation').click();
    const guide = () => page.locator('.report[data-fund="guide"]');
    await expect.poll(() => guide().locator('.unmatched-statement tbody tr').count(), { timeout: 20_000 }).toBe(2);
    expect(await guide().locator('[data-clean]').getAttribute('data-clean')).toBe('false');
    // Tick both bank lines: −25.00 + 25.00 = 0.00 against no book entry.
    for (const box of await guide().locator('input[name=match-bank]').all()) await box.check();
    const form = guide().locator('form.match-form');
    await form.locator('input[name=note]').fill('手续费及退回，互相抵销');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => guide().locator('[data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    await guide().locator('.manual-match-list').waitFor();
    const report = (await api(`/v1/reconciliations/${fixture.month}`)) as { funds: { fundId: string; clean: boolean; bank: { manualMatches?: { note: string; matchedBy: string }[] } }[] };
    const reported = report.funds.find((f) => f.fundId === 'guide');
    expect(reported?.clean).toBe(true);
    expect(reported?.bank.manualMatches?.[0]).toMatchObject({ note: '手续费及退回，互相抵销' });
    await shot(page, 'month-end-match');
    // 撤销勾对: the two lines are unexplained again.
    await guide().locator('button.undo-match').click();
    await expect.poll(() => guide().locator('[data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('false');
    await expect.poll(() => guide().locator('.unmatched-statement tbody tr').count(), { timeout: 20_000 }).toBe(2);
    await page.context().close();
  });
});

describe('accessibility: axe-core (WCAG 2.1 A and AA) on every page, in Chinese and English', () => {
  it('finds no serious or critical violation', async () => {
    // A pending request, so the approvals page shows its decision form.
    const bob = await stack.token('finance-bureau', [], 'bob');
    const held = await fetch(`${stack.url}/v1/funds/subsidy/subsidies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob}`, 'idempotency-key': 'axe-fee-2' },
      body: JSON.stringify({ subsidyId: 'fee-2', programme: 'ip-pledge-fee', firm: { name: '聊城某科技有限公司', creditCode: CREDIT_CODE }, occurredOn: fixture.day(11), details: { loanReference: 'ZL-2', feeKind: 'evaluation', fee: '8000.00' } }),
    });
    expect(held.status).toBe(202);
    await eventually(() => api('/v1/approvals?status=pending'), (body) => (body.items as unknown[]).length > 0);

    const results: Record<string, AxeResult> = {};
    const setLanguage = (language: string): string => `localStorage.setItem('fund-ledger.lang', ${JSON.stringify(language)})`;
    const audit = async (page: Page, name: string): Promise<void> => {
      const language = await page.evaluate('document.documentElement.lang');
      results[`${name} (${language})`] = await runAxe(page);
    };
    /** Opens a page by its hash (#/fund/pool is the page "fund") and audits it as the hash names it. */
    const visit = async (page: Page, hash: string): Promise<void> => {
      // Same document, new hash: wait for the new page, not the one it replaces.
      await page.evaluate("document.querySelector('main')?.setAttribute('data-stale', '')");
      const target = `${stack.url}/${hash}`;
      if (page.url() === target) await page.reload();
      else await page.goto(target);
      await page.locator(`main[data-page="${hash.slice(2).split(/[/?]/)[0] ?? ''}"][aria-busy=false]:not([data-stale])`).waitFor();
      await audit(page, hash.slice(2).split('?')[0] ?? hash);
    };
    const PAGES: { role: 'finance-bureau' | 'fund-manager'; funds: string[]; user?: string; visits: string[] }[] = [
      {
        role: 'finance-bureau',
        funds: [],
        user: 'carol',
        visits: ['#/overview', '#/fund/pool', '#/fund/bridge', '#/fund/guide', '#/fund/subsidy', `#/month-end?month=${fixture.month}`, '#/approvals', '#/policy', `#/annual?year=${fixture.month.slice(0, 4)}`],
      },
      { role: 'fund-manager', funds: ['pool'], visits: ['#/registers'] },
    ];
    for (const language of ['zh-CN', 'en']) {
      // The sign-in page, before anyone is signed in.
      const context = await browser.newContext({ viewport: DESKTOP });
      const first = await context.newPage();
      await first.goto(stack.url);
      await first.evaluate(setLanguage(language));
      await first.reload();
      await first.locator('#sign-in-form').waitFor();
      await audit(first, 'sign-in');
      await context.close();
      for (const who of PAGES) {
        const page = await signIn(who.role, who.funds, who.user === undefined ? {} : { user: who.user });
        await page.evaluate(setLanguage(language));
        await page.reload();
        for (const hash of who.visits) await visit(page, hash);
        await page.context().close();
      }
    }
    writeFileSync(path.join(ARTIFACTS, 'axe.json'), JSON.stringify(results, null, 2));
    const summary = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.counts]));
    console.log(`axe-core violations (nodes by impact): ${JSON.stringify(summary)}`);
    const refused = Object.entries(results).flatMap(([name, r]) => blocking(r).map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`));
    expect(refused).toEqual([]);
    // 20 page loads with an axe run each: minutes on a shared 2-core machine.
  }, 240_000);
});
