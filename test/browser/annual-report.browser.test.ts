// The 年度报表 page (issue 21 §4) in Debian's headless Chromium against the local stack: the
// statements on the fund's standard's lines, printed to PDF by Chromium (page.pdf, the page's own
// print stylesheet and A4 page boxes), and the PDF's text, read back by poppler's pdftotext, holds
// the balance sheet totals as GET /v1/reports/annual/{year} states them, the header with the fund
// and the year, the page numbers and the signature lines. Screenshots and PDFs go to test-artifacts/.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualReportResponse } from '../../functions/api/annual-report-response';
import type { LocalStack } from '../../infra/local/stack';
import { formatDigits } from '../../web/src/format/amount';
import { eventually } from '../e2e/api-support';
import { storeFingerprint } from '../support/in-process-api';
import { blocking, runAxe } from './axe';
import { ARTIFACTS, startBrowserStack } from './browser-stack';
import type { Fixture } from './fixture';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let stack: LocalStack;
let browser: Browser;
let fixture: Fixture;
let year: string;
let report: Report;

type Report = { funds: { fundId: string; name: string; standardName: string; balanceSheet: Record<'start' | 'end', { assets: string; liabilities: string; netAssets: string }>; incomeStatement: { totalIncome: string; totalExpense: string; surplus: string } }[]; total: { balanceSheet: Record<'start' | 'end', { assets: string; liabilities: string; netAssets: string }> } };

const annual = async (): Promise<Report> => {
  const response = await fetch(`${stack.url}/v1/reports/annual/${year}?format=json`, { headers: { authorization: `Bearer ${await stack.token('finance-bureau')}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
};

const signIn = async (viewport = DESKTOP, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> => {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(stack.url);
  await page.evaluate(`localStorage.setItem('fund-ledger.lang', ${JSON.stringify(language)})`);
  await page.reload();
  await page.locator('input[name=role][value=finance-bureau]').check();
  await page.locator('#sign-in-form button[type=submit]').click();
  await page.locator('main[aria-busy=false]').waitFor();
  return page;
};

const open = async (page: Page, query: string): Promise<void> => {
  await page.evaluate("document.querySelector('main')?.setAttribute('data-stale', '')");
  await page.goto(`${stack.url}/#/annual?${query}`);
  await page.locator('main[data-page=annual][aria-busy=false]:not([data-stale])').waitFor();
  await page.locator('.annual-sheet').first().waitFor();
};

/** Chromium's PDF of the page as printed (the page's own @page size and boxes), and its text. */
const printed = async (page: Page, name: string): Promise<string> => {
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

beforeAll(async () => {
  ({ stack, browser, fixture } = await startBrowserStack());
  year = fixture.month.slice(0, 4);
  // The annual accounts list the funds the fund list projection holds.
  report = await eventually(annual, (answer) => answer.funds.length === 3);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the 年度报表 page', () => {
  it('answers the documented annual-accounts schema (the page is typed from it)', async () => {
    expect(() => annualReportResponse.parse(JSON.parse(JSON.stringify(report)))).not.toThrow();
  });

  it("lays a fund's statements out on its standard's lines and prints them to an A4 PDF holding the API's balance sheet totals", async () => {
    const pool = report.funds.find((f) => f.fundId === 'pool');
    if (pool === undefined) throw new Error('no pool in the annual accounts');
    const page = await signIn();
    await open(page, `year=${year}&fund=pool`);
    const sheet = page.locator('.annual-sheet[data-fund=pool]');
    // The risk pool reports under 政府会计制度: 货币资金 and 专用基金 are its lines.
    expect(await sheet.locator('.sheet-meta').innerText()).toContain(pool.standardName);
    const sheetText = await sheet.locator('table.balance-sheet').innerText();
    expect(sheetText).toContain('货币资金');
    expect(sheetText).toContain('专用基金');
    // The fixture injected 123,456,789.01 into the pool and nothing left it: assets = net assets.
    expect(pool.balanceSheet.end.assets).toBe(fixture.poolCapital);
    const totals = await sheet.locator('table.balance-sheet tr.row-total .amount').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-amount')));
    expect(totals).toEqual([
      pool.balanceSheet.start.assets, pool.balanceSheet.end.assets,
      pool.balanceSheet.start.liabilities, pool.balanceSheet.end.liabilities,
      pool.balanceSheet.start.netAssets, pool.balanceSheet.end.netAssets,
      pool.balanceSheet.start.netAssets, pool.balanceSheet.end.netAssets,
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'annual-pool.png'), fullPage: true });

    const text = await printed(page, 'annual-pool');
    // Header with the fund and the year, the unit, page numbers, the signature lines.
    expect(text).toContain(`${pool.name} ${year} 年度决算`);
    expect(text).toContain('单位：元');
    expect(text).toMatch(/第 1 页，共 \d+ 页/);
    for (const line of ['单位负责人', '会计机构负责人', '制表人', '日期']) expect(text).toContain(line);
    expect(text).toContain('资产负债表');
    expect(text).toContain('收入支出表');
    // The balance sheet totals in 元 to the fen, as the API states them (123,456,789.01).
    for (const figure of [pool.balanceSheet.end.assets, pool.balanceSheet.end.liabilities, pool.balanceSheet.end.netAssets]) expect(text).toContain(formatDigits(figure, 'yuan'));
    expect(text).toContain('123,456,789.01');
    // No screen chrome on paper.
    expect(text).not.toContain('打印');
    await page.context().close();
  });

  it('prints all funds: the totals first, then each fund on its own pages headed with its name, every figure as the API states it', async () => {
    const page = await signIn();
    await open(page, `year=${year}`);
    expect(await page.locator('.annual-sheet').count()).toBe(1 + report.funds.length);
    const text = await printed(page, 'annual-all');
    expect(text).toContain(`全部基金合计 ${year} 年度决算`);
    const { assets, liabilities, netAssets } = report.total.balanceSheet.end;
    for (const figure of [assets, liabilities, netAssets]) expect(text).toContain(formatDigits(figure, 'yuan'));
    for (const fund of report.funds) {
      expect(text).toContain(`${fund.name} ${year} 年度决算`);
      const end = fund.balanceSheet.end;
      for (const figure of [end.assets, end.liabilities, end.netAssets]) expect(text).toContain(formatDigits(figure, 'yuan'));
    }
    // Each fund begins a page: the form feeds poppler writes between pages outnumber the sheets.
    expect(text.split('\f').length).toBeGreaterThan(report.funds.length + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'annual-all.png'), fullPage: true });
    await page.context().close();
  });

  it('年终结账 while months of the year are open: the panel names them, the request is refused naming them, nothing is written', async () => {
    const page = await signIn();
    await open(page, `year=${year}&fund=pool`);
    const status = page.locator('#year-status [data-fund=pool]');
    expect(await status.getAttribute('data-status')).toBe('open');
    expect(await page.locator('#year-status').innerText()).toContain(fixture.month);
    await stack.flow?.drained(30_000);
    const before = await storeFingerprint(stack.client, [stack.eventsTableName, stack.readTableName]);
    await page.locator('#close-year').click();
    await page.locator('#year-close-submit').click();
    const refusal = page.locator('#year-close-dialog [role=alert]');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.innerText()).toContain(`months not closed: ${fixture.month}`);
    expect(await page.locator('#year-close-held').count()).toBe(0);
    await stack.flow?.drained(30_000);
    expect(await storeFingerprint(stack.client, [stack.eventsTableName, stack.readTableName])).toBe(before);
    await page.context().close();
  });

  it('fits a 390 px phone (the statements scroll in their box, the page never sideways) and has no serious axe violation in Chinese or English', async () => {
    const refused: string[] = [];
    for (const language of ['zh-CN', 'en'] as const) {
      const page = await signIn(PHONE, language);
      await open(page, `year=${year}&fund=bridge`);
      if (language === 'zh-CN') await page.screenshot({ path: path.join(ARTIFACTS, 'phone-annual.png'), fullPage: true });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      refused.push(...blocking(await runAxe(page)).map((v) => `${language} bridge: ${v.id} ${v.help} — ${v.targets.join(', ')}`));
      await open(page, `year=${year}`);
      refused.push(...blocking(await runAxe(page)).map((v) => `${language} all: ${v.id} ${v.help} — ${v.targets.join(', ')}`));
      await page.context().close();
    }
    expect(refused).toEqual([]);
  });
});
