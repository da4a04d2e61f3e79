// The user guide's tasks (docs/guide), walked in Debian's headless Chromium against the local stack,
// step by step as the guide tells them, writing each screenshot the guide shows into
// docs/guide/screenshots/ (committed: GitHub shows them, the build copies them into the served
// guide). The names come from the one list in guide-screenshots.ts; the last test fails when a
// listed picture was not taken. Then the served guide itself: /guide, its chapters and pictures,
// the dashboard's 帮助 link, and axe-core on the guide's pages.
//
// The books are the demo's, as a newcomer sees them after `npm run demo`: the stack is seeded by
// the demo's CLI at a small scale (DEMO_ARGS: Liaocheng's four funds, January to March 2024, the
// subsidy budget with one grant left pending, the guidance fund's February with a bank charge and
// its refund unexplained). What a chapter quotes from those books (amounts, references, names) is
// checked here against what the page shows (`quoted`), so a guide that drifts from its pictures fails.
//
// Deterministic pictures: the demo's books are the same for the same seed and scale, the page's
// clock is frozen on GUIDE_TODAY, charts are waited for until they stop moving. What the server
// stamps (when a request was made or approved, the hashes covering those times) differs per run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../scripts/build-web';
import { GUIDE_DIR, GUIDE_SCREENSHOT_DIR, writeGuide } from '../../scripts/guide-html';
import type { LocalStack } from '../../infra/local/stack';
import { GUARANTEE_COLUMNS } from '../../functions/registers/register-columns';
import { formatDigits } from '../../web/src/format/amount';
import { BAD_CHECK_CREDIT_CODE, CREDIT_CODE, eventually } from '../e2e/api-support';
import { blocking, runAxe } from './axe';
import { startDemoBrowserStack } from './browser-stack';
import { DEMO_FUNDS } from './demo-seed';
import { GUIDE_SCREENSHOTS, type GuideScreenshot } from './guide-screenshots';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/guide');
/** The demo the guide's pictures show (docs/guide/README.md names it): 2024, January to March, 5 % of the volumes. */
const DEMO_ARGS = ['--scale', '0.05', '--months', '3'] as const;
const YEAR = 2024;
/** The day the guide's pictures are taken on: early May, so month end is about April. */
const GUIDE_TODAY = '2024-05-06';
const PAGE_CLOCK = new Date(`${GUIDE_TODAY}T10:00:00+08:00`);
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const { pool: POOL, guide: GUIDANCE } = DEMO_FUNDS;

type Role = 'finance-bureau' | 'fund-manager' | 'auditor' | 'province';
type JournalLine = { streamId: string; version: number; eventType: string; occurredOn: string; account: string; debit: string; credit: string; reference: string };

let stack: LocalStack;
let browser: Browser;
const written = new Set<GuideScreenshot>();

const api = async (pathname: string): Promise<Record<string, unknown>> => {
  const response = await fetch(`${stack.url}${pathname}`, { headers: { authorization: `Bearer ${await stack.token('finance-bureau')}` } });
  return (await response.json()) as Record<string, unknown>;
};

/** A request as a named bureau user, answered with status and JSON body. */
const send = async (user: string, pathname: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${stack.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('finance-bureau', [], user)}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const journal = async (fundId: string): Promise<JournalLine[]> => (await api(`/v1/funds/${fundId}/journal?limit=500`)).items as JournalLine[];

/** A chapter of the guide, as written. */
const chapter = (name: string): string => readFileSync(path.join(GUIDE_DIR, `${name}.md`), 'utf8');

/** What the chapter quotes from the demo's books is what the page shows. */
const quoted = async (name: string, shown: Locator, figures: string[]): Promise<void> => {
  const text = chapter(name);
  const onPage = await shown.innerText();
  for (const figure of figures) {
    expect(text, `docs/guide/${name}.md should quote ${figure}`).toContain(figure);
    expect(onPage, `the page of docs/guide/${name}.md should show ${figure}`).toContain(figure);
  }
};

/** Yuan grouped by thousands, as pages and the guide write them ("609,615.00"). */
const grouped = (fen: bigint): string => formatDigits(`${fen < 0n ? '-' : ''}${(fen < 0n ? -fen : fen) / 100n}.${String((fen < 0n ? -fen : fen) % 100n).padStart(2, '0')}`);
const fenOf = (text: string): bigint => BigInt(text.replace('.', ''));
const plain = (fen: bigint): string => grouped(fen).replace(/,/g, '');

/** A fresh browser (own storage, page clock frozen on the guide's day) on the sign-in page. */
const openSignIn = async (viewport = DESKTOP): Promise<Page> => {
  // Chinese date and file inputs, Beijing time, as a bureau's browser shows them.
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.clock.setFixedTime(PAGE_CLOCK);
  await page.goto(stack.url);
  await page.locator('#sign-in-form').waitFor();
  return page;
};

/** 登录: pick the role (and a fund manager's funds), optionally a user name, press 登录. */
const signIn = async (role: Role, funds: string[] = [], options: { user?: string; viewport?: typeof DESKTOP } = {}): Promise<Page> => {
  const page = await openSignIn(options.viewport);
  await page.locator(`input[name=role][value=${role}]`).check();
  for (const fundId of funds) await page.locator(`input[name=fund][value=${fundId}]`).check();
  if (options.user !== undefined) await page.locator('#sign-in-form input[name=user]').fill(options.user);
  await page.locator('#sign-in-form button[type=submit]').click();
  await page.locator('main[aria-busy=false]').waitFor();
  return page;
};

/** Clicks a link of the header's navigation (by its label, as the guide names it) and waits for the page. */
const go = async (page: Page, label: string, pageName: string): Promise<void> => {
  await page.locator('header nav a', { hasText: label }).click();
  await page.locator(`main[data-page="${pageName}"][aria-busy=false]`).waitFor();
};

/** Waits (bounded) until every chart has stopped animating: two looks 300 ms apart draw the same pixels. */
const chartsSettled = async (page: Page): Promise<void> => {
  const look = (): Promise<string> => page.evaluate("[...document.querySelectorAll('.chart canvas')].map((c) => c.toDataURL()).join('|')") as Promise<string>;
  let previous = '';
  await expect
    .poll(async () => {
      const now = await look();
      const same = now !== '' && now === previous;
      previous = now;
      return same;
    }, { timeout: 15_000, interval: 300 })
    .toBe(true);
};

/** Writes one of the guide's screenshots: the viewport, a whole page, or one part of it. */
const shot = async (page: Page, name: GuideScreenshot, target?: Locator | 'full-page'): Promise<void> => {
  const file = path.join(GUIDE_SCREENSHOT_DIR, `${name}.png`);
  // No blinking caret, no animation half way.
  const options = { path: file, animations: 'disabled' as const, caret: 'hide' as const };
  if (target === undefined || target === 'full-page') await page.screenshot({ ...options, fullPage: target === 'full-page' });
  else {
    await target.scrollIntoViewIfNeeded();
    await target.screenshot(options);
  }
  written.add(name);
};

beforeAll(async () => {
  mkdirSync(GUIDE_SCREENSHOT_DIR, { recursive: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  // The browser's own controls (file input, date fields) in Chinese: Chromium on Linux takes its
  // language from LANGUAGE (the strings from Debian's chromium-l10n). Not LANG/LC_ALL=zh_CN: that
  // locale is not installed, and without it Chromium drops files with Chinese names.
  const started = performance.now();
  let demo;
  ({ stack, browser, demo } = await startDemoBrowserStack(DEMO_ARGS, {
    browserArgs: ['--font-render-hinting=none', '--lang=zh-CN'],
    browserEnv: { ...process.env, LANGUAGE: 'zh_CN:zh', LANG: 'C.UTF-8' },
  }));
  console.log(`guide stack: the demo (${DEMO_ARGS.join(' ')}) took ${demo.seconds.toFixed(1)} s, the stack with it ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the guide’s tasks, walked as the guide tells them (docs/guide)', () => {
  it('README: signing in (登录); the demo’s funds the guide names', async () => {
    const page = await openSignIn();
    await page.locator('input[name=role][value=finance-bureau]').check();
    await shot(page, 'sign-in');
    await page.context().close();
    const funds = (await api('/v1/funds')).items as { fundId: string; name: string }[];
    for (const fund of funds) expect(chapter('README'), `README should name ${fund.name} (${fund.fundId})`).toContain(`${fund.name}（\`${fund.fundId}\`）`);
  });

  it('bureau-overview: the funds on 总览 (desktop and phone) and one fund’s page (查看)', async () => {
    const page = await signIn('finance-bureau');
    await page.locator('.fund-card').nth(3).waitFor();
    await chartsSettled(page);
    await shot(page, 'bureau-overview');
    await quoted('bureau-overview', page.locator(`.fund-card[data-fund="${POOL}"]`), ['3.68 亿元', '368,279,793.60']);
    await page.locator(`.fund-card[data-fund="${POOL}"] a.button`).click();
    await page.locator('#journal tbody tr').first().waitFor();
    await chartsSettled(page);
    await shot(page, 'bureau-fund');
    await page.context().close();

    const phone = await signIn('finance-bureau', [], { viewport: PHONE });
    await phone.locator('.fund-card').nth(3).waitFor();
    await chartsSettled(phone);
    await shot(phone, 'bureau-overview-phone');
    await phone.context().close();
  });

  it('manager-registers: download the template, check the file (校验), import the valid rows', async () => {
    const page = await signIn('fund-manager', [POOL]);
    await page.locator('.fund-card').first().waitFor();
    await chartsSettled(page);
    await shot(page, 'manager-overview');
    await go(page, '台账导入', 'registers');
    const row = (id: string, code: string): string => `${id},冠县融资担保有限公司,聊城市冠县某合作社,${code},涉农,冠县,聊城农村商业银行,"1,500,000.00",8,${YEAR}-03-12,${YEAR + 1}-03-11`;
    const file = path.join(ARTIFACTS, '担保业务台账.csv');
    // Line 3 has a credit code with a wrong check character: the check names it, the others import.
    writeFileSync(file, iconv.encode([GUARANTEE_COLUMNS.map((c) => c.header).join(','), row('GX2024-031', CREDIT_CODE), row('GX2024-032', BAD_CHECK_CREDIT_CODE), row('GX2024-033', CREDIT_CODE)].join('\r\n'), 'gbk'));
    await page.locator('#register-file').setInputFiles(file);
    await page.locator('#register-form button', { hasText: '校验' }).click();
    await page.locator('#register-rows').waitFor();
    expect(await page.locator('#register-summary').innerText()).toBe('共 3 行：2 行有效，1 行有误');
    await shot(page, 'manager-registers-check', page.locator('main'));
    await page.locator('#register-confirm').click();
    await expect.poll(() => page.locator('#register-result-summary').innerText().catch(() => ''), { timeout: 20_000 }).toBe('导入完成：受理 2 行，拒绝 0 行');
    await shot(page, 'manager-registers-done', page.locator('main'));
    await page.context().close();
  });

  it('manager-journal: the fund’s journal, filtered by date, on a desktop and a phone', async () => {
    await eventually(() => journal(POOL), (lines) => lines.some((line) => line.reference === 'GX2024-033'));
    const page = await signIn('fund-manager', [POOL]);
    await page.locator(`.fund-card[data-fund="${POOL}"] a.button`).click();
    await page.locator('#journal tbody tr').first().waitFor();
    await page.locator('#journal-form input[name=from]').fill(`${YEAR}-03-10`);
    await page.locator('#journal-form input[name=to]').fill(`${YEAR}-03-12`);
    await page.locator('#journal-form button[type=submit]').click();
    await expect.poll(() => page.locator('#journal tbody tr').count()).toBeLessThan(20);
    await shot(page, 'manager-journal', page.locator('#journal').locator('xpath=ancestor::section[1]'));
    await page.context().close();

    const phone = await signIn('fund-manager', [POOL], { viewport: PHONE });
    await phone.goto(`${stack.url}/#/fund/${POOL}`);
    await phone.locator('#journal tbody tr').first().waitFor();
    // The journal's heading at the top of the screen.
    await phone.evaluate("document.querySelector('#journal').closest('section').scrollIntoView()");
    await shot(phone, 'manager-journal-phone');
    await phone.context().close();
  });

  it('manager-post-business: the chapter’s guarantee, sent from the API reference at /docs with the manager’s token', async () => {
    // The chapter's curl example: its fund, Idempotency-Key and body are what the reference sends.
    const example = chapter('manager-post-business');
    const fundId = /\/v1\/funds\/([^/]+)\/guarantees -H/.exec(example)?.[1] ?? '';
    const key = /-H 'Idempotency-Key: ([^']+)'/.exec(example)?.[1] ?? '';
    const body = JSON.parse(/-d '(\{[\s\S]*?\})'/.exec(example)?.[1] ?? 'null') as { guaranteeId: string; startsOn: string };
    expect([fundId, key, body.guaranteeId]).toEqual([POOL, body.guaranteeId, key]);
    expect(example).toContain(`fund-manager ${POOL})`);
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${stack.url}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(await stack.token('fund-manager', [POOL]));
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    const operation = page.locator('[id$="-postV1FundsFundIdGuarantees"]');
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('.try-out__btn').click();
    await operation.locator('input[placeholder="fundId"]').fill(fundId);
    await operation.locator('input[placeholder="Idempotency-Key"]').fill(key);
    await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    // The operation's head, its parameters and the body at the top of the screen (its answers below).
    await operation.evaluate((element) => element.scrollIntoView());
    await shot(page, 'manager-api-reference');
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('201');
    await context.close();
  });

  it('bureau-approvals: the demo’s grant left pending, approved in 审批 by a second person', async () => {
    const checker = await signIn('finance-bureau', [], { user: 'zhaomin' });
    await go(checker, '审批', 'approvals');
    const card = checker.locator('.approval[data-kind="grantSubsidy"]').first();
    await card.waitFor();
    await quoted('bureau-approvals', card, ['财政补贴发放', '东昌府融资担保有限公司', '900,000.00', `${YEAR}-03-29`]);
    await card.locator('textarea[name=note]').fill('担保费补贴标准、金额核对无误，同意');
    await shot(checker, 'bureau-approvals', card);
    const approvalId = (await card.getAttribute('data-approval')) ?? '';
    await card.locator('[data-action=approve]').click();
    await expect.poll(() => checker.locator(`.approval[data-approval="${approvalId}"]`).count(), { timeout: 20_000 }).toBe(0);
    await checker.context().close();
  });

  it('bureau-corrections: 更正 on an entry, the reason, 提交审批; approved in 审批 by another person; the 红字 entry', async () => {
    // A guarantee of the demo with nothing after its issue (no fee, release or default): the last one issued.
    const lines = await journal(POOL);
    const followed = new Set(lines.filter((line) => line.version > 1).map((line) => line.streamId));
    const issued = lines.filter((line) => line.eventType === 'GuaranteeIssued' && /^DB2024-\d{4}$/.test(line.reference) && !followed.has(line.streamId)).at(-1);
    expect(issued).toBeDefined();
    const maker = await signIn('finance-bureau', [], { user: 'wangli' });
    await maker.goto(`${stack.url}/#/fund/${POOL}?from=${issued?.occurredOn}&to=${issued?.occurredOn}`);
    await maker.locator(`.correct-button[data-entry="${issued?.streamId}@${issued?.version}"]`).click();
    // 更正编号: the bureau's own numbering (the form proposes a random one).
    await maker.locator('#correction-id').fill('GZ-2024-05-001');
    await maker.locator('#correction-reason').fill('担保金额录入错误，整笔冲销');
    await maker.locator('#correction-submit').click();
    const held = maker.locator('#correction-held');
    await held.waitFor({ timeout: 20_000 });
    const approvalId = (await held.getAttribute('data-approval')) ?? '';
    await shot(maker, 'bureau-correction-form', maker.locator('#correction-dialog'));
    await maker.context().close();

    const checker = await signIn('finance-bureau', [], { user: 'zhaomin' });
    await go(checker, '审批', 'approvals');
    const card = checker.locator(`.approval[data-approval="${approvalId}"]`);
    await card.locator('textarea[name=note]').fill('核对原始凭证无误，同意冲销');
    await card.locator('[data-action=approve]').click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    await checker.context().close();

    await eventually(() => api(`/v1/funds/${POOL}/journal?limit=500`), (body) => JSON.stringify(body.items).includes('"reverses"'));
    const page = await signIn('finance-bureau');
    await page.goto(`${stack.url}/#/fund/${POOL}?from=${GUIDE_TODAY}&to=${GUIDE_TODAY}`);
    await page.locator('#journal tr.red-entry').first().waitFor();
    await shot(page, 'bureau-correction-red', page.locator('#journal').locator('xpath=ancestor::section[1]'));
    await page.context().close();
  });

  it('bureau-policy: 提议修改参数, 提交审批', async () => {
    const page = await signIn('finance-bureau', [], { user: 'wangli' });
    await go(page, '政策参数', 'policy');
    await page.locator('#proposal-policyId').fill('liaocheng-2024-06');
    await page.locator('#proposal-effectiveFrom').fill(`${YEAR}-06-01`);
    await page.locator('#proposal-reason').fill('转贷资金占用费调整为日万分之二');
    await page.locator('#param-bridge-feeBpsPerDay').fill('0.02');
    await page.locator('#policy-form button[type=submit]').click();
    await page.locator('#policy-form [data-approval]').waitFor({ timeout: 20_000 });
    await shot(page, 'bureau-policy-proposal', page.locator('#policy-form'));
    await page.context().close();
  });

  it('bureau-month-end: 运行对账 for April, upload the pool’s bank statement; February’s charge and refund 勾对', async () => {
    const page = await signIn('finance-bureau', [], { user: 'wangli' });
    await go(page, '月末对账', 'month-end');
    expect(await page.locator('#month').inputValue()).toBe(`${YEAR}-04`);
    await page.locator('#run-reconciliation').click();
    const pool = page.locator(`.report[data-fund="${POOL}"]`);
    await expect.poll(() => pool.locator('.discrepancies').innerText().catch(() => ''), { timeout: 30_000 }).toContain('缺少银行对账单');
    await shot(page, 'bureau-month-end-run');

    // The pool's bank in April: its cash lines (1001) of the month, opening with March's closing balance.
    const cash = (await journal(POOL)).filter((line) => line.account === '1001');
    const net = (line: JournalLine): bigint => fenOf(line.debit) - fenOf(line.credit);
    const opening = cash.filter((line) => line.occurredOn < `${YEAR}-04-01`).reduce((sum, line) => sum + net(line), 0n);
    const april = cash.filter((line) => line.occurredOn.startsWith(`${YEAR}-04`));
    const closing = april.reduce((sum, line) => sum + net(line), opening);
    const file = path.join(ARTIFACTS, `资金池对账单${YEAR}04.csv`);
    writeFileSync(file, iconv.encode(['交易日期,金额,流水号,摘要', ...april.map((line) => `${line.occurredOn},${plain(net(line))},${line.reference},${net(line) < 0n ? '代偿支付' : '追偿收回'}`)].join('\r\n'), 'gbk'));
    const form = page.locator('#statement-form');
    await form.locator('select[name=fundId]').selectOption(POOL);
    await form.locator('input[name=file]').setInputFiles(file);
    await form.locator('input[name=openingBalance]').fill(plain(opening));
    await form.locator('input[name=closingBalance]').fill(plain(closing));
    await shot(page, 'bureau-month-end-upload', form.locator('xpath=ancestor::section[1]'));
    await form.locator('button[type=submit]').click();
    await expect.poll(() => pool.locator('[data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    await shot(page, 'bureau-month-end-clean', pool);
    // The chapter names the April movements the file holds, and the balances the card shows.
    for (const line of april) expect(chapter('bureau-month-end')).toContain(`${Number(line.occurredOn.slice(8))} 日${net(line) < 0n ? '代偿支付' : '追偿收回'} ${grouped(net(line) < 0n ? -net(line) : net(line))} 元`);
    await quoted('bureau-month-end', pool, [grouped(opening), grouped(closing)]);

    // February: the guidance fund's bank charged 25.00 and refunded it the next day, two lines the books lack.
    await page.locator('#month').fill(`${YEAR}-02`);
    await page.locator('#month').dispatchEvent('change');
    const guide = page.locator(`.report[data-fund="${GUIDANCE}"]`);
    await expect.poll(() => guide.locator('.unmatched-statement tbody tr').count(), { timeout: 30_000 }).toBe(2);
    await quoted('bureau-month-end', guide.locator('.unmatched-statement'), ['SXF-0001', 'SXF-0001-TH', '-25.00', '25.00']);
    // Tick both bank lines: −25.00 + 25.00 = 0.00 against no book entry.
    for (const box of await guide.locator('input[name=match-bank]').all()) await box.check();
    const match = guide.locator('form.match-form');
    await match.locator('input[name=note]').fill('手续费及其退回，相互抵销');
    await shot(page, 'bureau-month-end-match', guide);
    await match.locator('button[type=submit]').click();
    await expect.poll(() => guide.locator('[data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    await guide.locator('.manual-match-list').waitFor();
    await page.context().close();
  });

  it('bureau-close-month: February, every fund now clean, 结账 and 确认', async () => {
    const page = await signIn('finance-bureau');
    await page.goto(`${stack.url}/#/month-end?month=${YEAR}-02`);
    await page.locator('main[data-page="month-end"][aria-busy=false]').waitFor();
    await page.locator('#close-month').click();
    const dialog = page.locator('#close-dialog');
    await shot(page, 'bureau-close-month');
    await dialog.locator('#close-confirm').click();
    await expect.poll(() => dialog.locator('.status').innerText(), { timeout: 30_000 }).toBe(`${YEAR}-02 已结账`);
    await page.context().close();
  });

  it('bureau-year-end: 年终结账 on 年度报表, approved in 审批 by a second person; the year shows closed', async () => {
    // Step 1 of the chapter, done here through the API: the months of 2024 the demo left open
    // (March, and April to December without business or statements) closed with a reason.
    for (let month = 3; month <= 12; month += 1) {
      const closed = await send('wangli', `/v1/periods/${YEAR}-${String(month).padStart(2, '0')}/close`, { overrideReason: '年度结账：其余月份无银行对账单，经批准结账' });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    }
    const maker = await signIn('finance-bureau', [], { user: 'wangli' });
    await go(maker, '年度报表', 'annual');
    const panel = maker.locator('#year-close');
    expect(await panel.locator('[data-status="open"]').count()).toBe(4);
    await maker.locator('#close-year').click();
    const dialog = maker.locator('#year-close-dialog');
    expect(await dialog.locator('#year-close-reason').inputValue()).toBe(`${YEAR} 年度结账`);
    await dialog.locator('#year-close-submit').click();
    const held = dialog.locator('#year-close-held');
    await held.waitFor({ timeout: 20_000 });
    const approvalIds = ((await held.getAttribute('data-approvals')) ?? '').split(' ');
    expect(approvalIds).toHaveLength(4);
    await shot(maker, 'bureau-year-close', dialog);
    await maker.context().close();

    const checker = await signIn('finance-bureau', [], { user: 'zhaomin' });
    await go(checker, '审批', 'approvals');
    for (const [index, approvalId] of approvalIds.entries()) {
      const card = checker.locator(`.approval[data-approval="${approvalId}"]`);
      await card.waitFor();
      await card.locator('textarea[name=note]').fill('年度决算已审核，同意结账');
      if (index === 0) await shot(checker, 'bureau-year-end-approval', card);
      await card.locator('[data-action=approve]').click();
      await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    }

    // 年度报表: every fund's year closed, approved by the second person; then one fund's accounts.
    await go(checker, '年度报表', 'annual');
    await expect
      .poll(async () => {
        await checker.reload();
        await checker.locator('main[data-page="annual"][aria-busy=false]').waitFor();
        return checker.locator('#year-close [data-status="closed"]').count();
      }, { timeout: 30_000 })
      .toBe(4);
    expect(await checker.locator('#year-close').innerText()).toContain('zhaomin');
    await shot(checker, 'bureau-year-closed', checker.locator('#year-close'));
    await checker.locator('#annual-fund').selectOption(POOL);
    await checker.locator('#annual-form button[type=submit]').click();
    await checker.waitForURL(new RegExp(`fund=${POOL}`));
    await checker.locator('main[data-page="annual"][aria-busy=false]').waitFor();
    await expect.poll(() => checker.locator('main').innerText(), { timeout: 20_000 }).toContain('聊城市政府性融资担保风险补偿资金池');
    await shot(checker, 'bureau-annual-report');
    await checker.context().close();
  });

  it('auditor-verify: the fund’s events and its hash chain', async () => {
    const page = await signIn('auditor');
    await page.goto(`${stack.url}/#/fund/${POOL}`);
    await page.locator('#chain-status').waitFor();
    expect(await page.locator('#chain-status').getAttribute('class')).toBe('ok');
    await shot(page, 'auditor-chain', page.locator('#events').locator('xpath=ancestor::section[1]'));
    await page.context().close();
  });

  it('province-overview: 全省, the sixteen cities ranked, and one city opened read-only', async () => {
    const page = await signIn('province');
    expect(await page.locator('main').getAttribute('data-page')).toBe('province');
    // Sixteen cities and the total row; the demo's books are liaocheng's, so liaocheng ranks first by cash.
    await expect.poll(() => page.locator('#province-cities tbody tr').count()).toBe(17);
    expect(await page.locator('#province-cities tbody tr').first().locator('a[data-city]').getAttribute('data-city')).toBe('liaocheng');
    await shot(page, 'province-overview', 'full-page');
    await page.locator('#province-cities a[data-city=liaocheng]').click();
    await page.locator('main[data-page="overview"][aria-busy=false]').waitFor();
    await page.locator('.fund-card').nth(3).waitFor();
    expect(await page.locator('header .who').innerText()).toContain('聊城市');
    expect(await page.locator('.ack-form').count()).toBe(0);
    await chartsSettled(page);
    await shot(page, 'province-city');
    await page.context().close();
  });

  it('took every screenshot the guide may show, and no other', () => {
    expect([...written].sort()).toEqual([...GUIDE_SCREENSHOTS].sort());
  });
});

describe('the guide served beside the dashboard', () => {
  it('opens from the dashboard’s 帮助 link on the page’s chapter, shows its pictures, and passes axe at 1280 and 390 px', async () => {
    // The pictures were taken after the build: copy them in as the next build would.
    writeGuide(path.join(WEB_DIST, 'guide'));
    const page = await signIn('finance-bureau');
    await go(page, '月末对账', 'month-end');
    await page.locator('header a#help').click();
    await page.waitForURL(`${stack.url}/guide/bureau-month-end.html`);
    expect(await page.locator('main.guide h1').innerText()).toContain('月末对账');
    const images = page.locator('main.guide img');
    expect(await images.count()).toBeGreaterThan(0);
    // Every picture loaded (naturalWidth 0 is a broken image).
    expect(await page.evaluate("[...document.querySelectorAll('main.guide img')].filter((img) => img.naturalWidth === 0).map((img) => img.getAttribute('src'))")).toEqual([]);
    const chapters = await page.evaluate("[...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))") as string[];
    expect(chapters).toContain('index.html');

    await page.context().close();

    // The pages carry the dashboard's CSP (no inline script): the test's axe engine is let in past it.
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const reader = await context.newPage();
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await reader.setViewportSize(viewport);
      for (const chapter of ['/guide', '/guide/bureau-month-end.html', '/guide/manager-registers.html', '/guide/admin-install.html']) {
        await reader.goto(`${stack.url}${chapter}`);
        await reader.locator('main.guide h1').waitFor();
        const result = await runAxe(reader);
        console.log(`axe-core on ${chapter} @${viewport.width} px (nodes by impact): ${JSON.stringify(result.counts)}`);
        problems.push(...blocking(result).map((v) => `${chapter} @${viewport.width}: ${v.id} ${v.help} — ${v.targets.join(', ')}`));
        const overflow = (await reader.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        if (overflow > 0) problems.push(`${chapter} @${viewport.width}: scrolls sideways by ${overflow} px`);
      }
    }
    await reader.screenshot({ path: path.join(ARTIFACTS, 'guide-admin-install-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
