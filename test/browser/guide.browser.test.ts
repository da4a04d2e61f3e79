// The user guide's tasks (docs/guide), walked in Debian's headless Chromium against the local stack,
// step by step as the guide tells them, writing each screenshot the guide shows into
// docs/guide/screenshots/ (committed: GitHub shows them, the build copies them into the served
// guide). The names come from the one list in guide-screenshots.ts; the last test fails when a
// listed picture was not taken. Then the served guide itself: /guide, its chapters and pictures,
// the dashboard's 帮助 link, and axe-core on the guide's pages.
//
// Deterministic pictures: a fixed book (test/browser/fixture.ts seeded for a fixed "today", so its
// month is always 2026-03), the page's clock frozen on that day, charts waited for until they stop
// moving. What the server stamps (when a request was made or approved, the hashes covering those
// times) still differs from run to run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../scripts/build-web';
import { GUIDE_SCREENSHOT_DIR, writeGuide } from '../../scripts/guide-html';
import type { LocalStack } from '../../infra/local/stack';
import { GUARANTEE_COLUMNS } from '../../functions/registers/register-columns';
import { BAD_CHECK_CREDIT_CODE, CREDIT_CODE, eventually } from '../e2e/api-support';
import { blocking, runAxe } from './axe';
import { startBrowserStack } from './browser-stack';
import type { Fixture } from './fixture';
import { GUIDE_SCREENSHOTS, type GuideScreenshot } from './guide-screenshots';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/guide');
/** The day the guide's pictures are taken on: the fixture's month is the one before, 2026-03. */
const GUIDE_TODAY = '2026-04-15';
const PAGE_CLOCK = new Date(`${GUIDE_TODAY}T10:00:00+08:00`);
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

type Role = 'finance-bureau' | 'fund-manager' | 'auditor';

let stack: LocalStack;
let browser: Browser;
let fixture: Fixture;
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
  ({ stack, browser, fixture } = await startBrowserStack({
    today: GUIDE_TODAY,
    browserArgs: ['--font-render-hinting=none', '--lang=zh-CN'],
    browserEnv: { ...process.env, LANGUAGE: 'zh_CN:zh', LANG: 'C.UTF-8' },
  }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the guide’s tasks, walked as the guide tells them (docs/guide)', () => {
  it('README: signing in (登录)', async () => {
    const page = await openSignIn();
    await page.locator('input[name=role][value=finance-bureau]').check();
    await shot(page, 'sign-in');
    await page.context().close();
  });

  it('bureau-overview: the funds on 总览 (desktop and phone) and one fund’s page (查看)', async () => {
    const page = await signIn('finance-bureau');
    await page.locator('.fund-card').nth(2).waitFor();
    await chartsSettled(page);
    await shot(page, 'bureau-overview');
    await page.locator('.fund-card[data-fund="pool"] a.button').click();
    await page.locator('#journal tbody tr').first().waitFor();
    await chartsSettled(page);
    await shot(page, 'bureau-fund');
    await page.context().close();

    const phone = await signIn('finance-bureau', [], { viewport: PHONE });
    await phone.locator('.fund-card').nth(2).waitFor();
    await chartsSettled(phone);
    await shot(phone, 'bureau-overview-phone');
    await phone.context().close();
  });

  it('manager-registers: download the template, check the file (校验), import the valid rows', async () => {
    const page = await signIn('fund-manager', ['pool']);
    await page.locator('.fund-card').first().waitFor();
    await chartsSettled(page);
    await shot(page, 'manager-overview');
    await go(page, '台账导入', 'registers');
    const row = (id: string, code: string): string => `${id},冠县融资担保有限公司,聊城市冠县某合作社,${code},涉农,冠县,聊城农村商业银行,"1,500,000.00",8,${fixture.day(12)},2027-03-01`;
    const file = path.join(ARTIFACTS, '担保业务台账.csv');
    // Line 3 has a credit code with a wrong check character: the check names it, the others import.
    writeFileSync(file, iconv.encode([GUARANTEE_COLUMNS.map((c) => c.header).join(','), row('R1', CREDIT_CODE), row('R2', BAD_CHECK_CREDIT_CODE), row('R3', CREDIT_CODE)].join('\r\n'), 'gbk'));
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
    await eventually(() => api('/v1/funds/pool/journal?limit=500'), (body) => (body.items as unknown[]).length === 28);
    const page = await signIn('fund-manager', ['pool']);
    await page.locator('.fund-card[data-fund="pool"] a.button').click();
    await page.locator('#journal tbody tr').first().waitFor();
    await page.locator('#journal-form input[name=from]').fill(fixture.day(10));
    await page.locator('#journal-form input[name=to]').fill(fixture.day(12));
    await page.locator('#journal-form button[type=submit]').click();
    await expect.poll(() => page.locator('#journal tbody tr').count()).toBeLessThan(20);
    await shot(page, 'manager-journal', page.locator('#journal').locator('xpath=ancestor::section[1]'));
    await page.context().close();

    const phone = await signIn('fund-manager', ['pool'], { viewport: PHONE });
    await phone.goto(`${stack.url}/#/fund/pool`);
    await phone.locator('#journal tbody tr').first().waitFor();
    // The journal's heading at the top of the screen.
    await phone.evaluate("document.querySelector('#journal').closest('section').scrollIntoView()");
    await shot(phone, 'manager-journal-phone');
    await phone.context().close();
  });

  it('manager-post-business: the API reference at /docs, authorized with the manager’s token', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${stack.url}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(await stack.token('fund-manager', ['pool']));
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    const operation = page.locator('[id$="-postV1FundsFundIdGuarantees"]');
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('.try-out__btn').click();
    // fundId, an Idempotency-Key and the guarantee, as the chapter's curl example sends them.
    await operation.locator('input[placeholder="fundId"]').fill('pool');
    await operation.locator('input[placeholder="Idempotency-Key"]').fill('DB2026-0301');
    await operation.locator('textarea.body-param__text').fill(JSON.stringify(
      {
        guaranteeId: 'DB2026-0301',
        agency: '聊城市融资担保有限公司',
        borrower: { name: '聊城市某某农业合作社', creditCode: CREDIT_CODE, category: 'agri', county: 'guanxian' },
        lender: '聊城农商银行',
        principal: '1500000.00',
        feeRateBps: 80,
        startsOn: fixture.day(12),
        maturesOn: '2027-03-01',
      },
      null,
      2,
    ));
    // The operation's head, its parameters and the body at the top of the screen (its answers below).
    await operation.evaluate((element) => element.scrollIntoView());
    await shot(page, 'manager-api-reference');
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('201');
    await context.close();
  });

  it('bureau-corrections: 更正 on an entry, the reason, 提交审批; approved in 审批 by another person; the 红字 entry', async () => {
    type Line = { streamId: string; version: number; eventType: string; occurredOn: string };
    const issued = ((await api('/v1/funds/pool/journal?limit=500')).items as Line[]).find((line) => line.eventType === 'GuaranteeIssued' && line.streamId.endsWith('g24'));
    expect(issued).toBeDefined();
    const maker = await signIn('finance-bureau', [], { user: 'wangli' });
    await maker.goto(`${stack.url}/#/fund/pool?from=${issued?.occurredOn}&to=${issued?.occurredOn}`);
    await maker.locator(`.correct-button[data-entry="${issued?.streamId}@${issued?.version}"]`).click();
    // 更正编号: the bureau's own numbering (the form proposes a random one).
    await maker.locator('#correction-id').fill('GZ-2026-04-001');
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
    await shot(checker, 'bureau-approvals', card);
    await card.locator('[data-action=approve]').click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    await checker.context().close();

    await eventually(() => api('/v1/funds/pool/journal?limit=500'), (body) => JSON.stringify(body.items).includes('"reverses"'));
    const page = await signIn('finance-bureau');
    await page.goto(`${stack.url}/#/fund/pool?from=${GUIDE_TODAY}&to=${GUIDE_TODAY}`);
    await page.locator('#journal tr.red-entry').first().waitFor();
    await shot(page, 'bureau-correction-red', page.locator('#journal').locator('xpath=ancestor::section[1]'));
    await page.context().close();
  });

  it('bureau-policy: 提议修改参数, 提交审批', async () => {
    const page = await signIn('finance-bureau', [], { user: 'wangli' });
    await go(page, '政策参数', 'policy');
    await page.locator('#proposal-policyId').fill('liaocheng-2026-05');
    await page.locator('#proposal-effectiveFrom').fill('2026-05-01');
    await page.locator('#proposal-reason').fill('转贷资金占用费调整为日万分之二');
    await page.locator('#param-bridge-feeBpsPerDay').fill('0.02');
    await page.locator('#policy-form button[type=submit]').click();
    await page.locator('#policy-form [data-approval]').waitFor({ timeout: 20_000 });
    await shot(page, 'bureau-policy-proposal', page.locator('#policy-form'));
    await page.context().close();
  });

  it('bureau-month-end: 运行对账, upload the bank statement, 记账 a bank charge', async () => {
    const page = await signIn('finance-bureau', [], { user: 'wangli' });
    await go(page, '月末对账', 'month-end');
    expect(await page.locator('#month').inputValue()).toBe(fixture.month);
    await page.locator('#run-reconciliation').click();
    const pool = page.locator('.report[data-fund="pool"]');
    await expect.poll(() => pool.locator('.discrepancies').innerText().catch(() => ''), { timeout: 30_000 }).toContain('缺少银行对账单');
    await shot(page, 'bureau-month-end-run');

    // The pool's bank: the capital injected on the 2nd.
    const poolFile = path.join(ARTIFACTS, '资金池对账单202603.csv');
    writeFileSync(poolFile, iconv.encode(['交易日期,金额,流水号,摘要', `${fixture.day(2)},${fixture.poolCapital},INJ-pool,财政注资`].join('\r\n'), 'gbk'));
    const form = page.locator('#statement-form');
    await form.locator('select[name=fundId]').selectOption('pool');
    await form.locator('input[name=file]').setInputFiles(poolFile);
    await form.locator('input[name=openingBalance]').fill('0.00');
    await form.locator('input[name=closingBalance]').fill(fixture.poolCapital);
    await shot(page, 'bureau-month-end-upload', form.locator('xpath=ancestor::section[1]'));
    await form.locator('button[type=submit]').click();
    await expect.poll(() => pool.locator('[data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    await shot(page, 'bureau-month-end-clean', pool);

    // The guidance fund's bank: the injection, the capital call paid, and a 25.00 charge the books lack.
    const guideFile = path.join(ARTIFACTS, '引导基金对账单202603.csv');
    writeFileSync(guideFile, iconv.encode(['交易日期,金额,流水号,摘要', `${fixture.day(2)},200000000.00,INJ-guide,财政注资`, `${fixture.day(10)},-30000000.00,K1,子基金出资`, `${fixture.day(20)},-25.00,SXF-1,手续费`].join('\r\n'), 'gbk'));
    await form.locator('select[name=fundId]').selectOption('guide');
    await form.locator('input[name=file]').setInputFiles(guideFile);
    await form.locator('input[name=openingBalance]').fill('0.00');
    await form.locator('input[name=closingBalance]').fill('169999975.00');
    await form.locator('button[type=submit]').click();
    const guide = page.locator('.report[data-fund="guide"]');
    await expect.poll(() => guide.locator('.unmatched-statement tbody tr').count(), { timeout: 30_000 }).toBe(1);
    await guide.locator('.book-button').click();
    expect(await guide.locator('form.book-line input[name=amount]').inputValue()).toBe('25.00');
    await shot(page, 'bureau-month-end-book', guide);
    await guide.locator('form.book-line button[type=submit]').click();
    await expect.poll(() => page.locator('.report[data-fund="guide"] [data-clean]').getAttribute('data-clean'), { timeout: 30_000 }).toBe('true');
    await page.context().close();
  });

  it('bureau-close-month: 结账 with a reason for the fund not yet reconciled, 确认', async () => {
    const page = await signIn('finance-bureau');
    await go(page, '月末对账', 'month-end');
    await page.locator('#close-month').click();
    const dialog = page.locator('#close-dialog');
    await dialog.locator('input[name=overrideReason]').fill('转贷基金对账单待补，经批准先结账');
    await shot(page, 'bureau-close-month');
    await dialog.locator('#close-confirm').click();
    await expect.poll(() => dialog.locator('.status').innerText(), { timeout: 30_000 }).toBe(`${fixture.month} 已结账`);
    await page.context().close();
  });

  it('bureau-year-end: a fund’s year asked to close (after its months) waits in 审批 for a second person; then its 年度报表', async () => {
    // A fund of its own, opened in December 2025, so its year has one month to close.
    expect((await send('wangli', '/v1/funds', { fundId: 'pool2025', kind: 'risk-pool', name: '风险补偿资金池（2025年度）', openedOn: '2025-12-01' })).status).toBe(201);
    expect((await send('wangli', '/v1/funds/pool2025/capital-injections', { amount: '30000000.00', occurredOn: '2025-12-02', source: 'city', reference: 'INJ-2025' })).status).toBe(201);
    expect((await send('wangli', '/v1/funds/pool2025/interest', { amount: '1234.56', occurredOn: '2025-12-21', reference: 'LX-2025-12' })).status).toBeLessThan(300);
    expect((await send('wangli', '/v1/periods/2025-12/close', { fundIds: ['pool2025'], overrideReason: '年度结账演示' })).status).toBe(200);
    const asked = await send('wangli', '/v1/years/2025/close', { fundIds: ['pool2025'], reason: '2025 年度结账' });
    expect(asked.status).toBe(202);
    const approvalId = String((asked.body.approvals as { approvalId: string }[])[0]?.approvalId);
    const checker = await signIn('finance-bureau', [], { user: 'zhaomin' });
    await go(checker, '审批', 'approvals');
    const card = checker.locator(`.approval[data-approval="${approvalId}"]`);
    await card.waitFor();
    await shot(checker, 'bureau-year-end-approval', card);
    await card.locator('textarea[name=note]').fill('结转无误，同意');
    await card.locator('[data-action=approve]').click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);

    // 年度报表: the year, the fund, 查看.
    await go(checker, '年度报表', 'annual');
    await checker.locator('#annual-year').fill('2025');
    await checker.locator('#annual-fund').selectOption('pool2025');
    await checker.locator('#annual-form button[type=submit]').click();
    await checker.waitForURL(/year=2025/);
    await checker.locator('main[data-page="annual"][aria-busy=false]').waitFor();
    await expect.poll(() => checker.locator('main').innerText(), { timeout: 20_000 }).toContain('风险补偿资金池（2025年度）');
    await shot(checker, 'bureau-annual-report');
    await checker.context().close();
  });

  it('auditor-verify: the fund’s events and its hash chain', async () => {
    const page = await signIn('auditor');
    await page.goto(`${stack.url}/#/fund/pool`);
    await page.locator('#chain-status').waitFor();
    expect(await page.locator('#chain-status').getAttribute('class')).toBe('ok');
    await shot(page, 'auditor-chain', page.locator('#events').locator('xpath=ancestor::section[1]'));
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
