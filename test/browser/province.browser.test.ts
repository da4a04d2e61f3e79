// The 全省 page in Chromium (issue 24 §3): the province role signs in, sees the sixteen cities ranked
// with the API's figures to the fen, the province's totals and every city's open alerts; a city's
// name opens that city's own pages read-only (no button that writes on any of them); desktop and
// 390 px phone screenshots (test-artifacts/province-*.png), axe-core with no serious violation.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/api/auth';
import type { CityId } from '../../events/cities';
import type { LocalStack } from '../../infra/local/stack';
import { JINAN, LIAOCHENG, postCityBook } from '../support/province-books';
import { blocking, runAxe } from './axe';
import { ARTIFACTS, startEmptyBrowserStack } from './browser-stack';

let stack: LocalStack;
let browser: Browser;
/** Last year: every date of the books is in the past whatever today is. */
const YEAR = new Date().getFullYear() - 1;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const tokenOf = (role: Role, city: CityId, funds: string[] = []): Promise<string> => stack.token(role, funds, undefined, city);

const provinceApi = async (pathname: string): Promise<Record<string, unknown>> => {
  const response = await fetch(`${stack.url}${pathname}`, { headers: { authorization: `Bearer ${await tokenOf('province', 'liaocheng')}` } });
  return (await response.json()) as Record<string, unknown>;
};

/** Signed in as the province through the pick-a-role form, on the 全省 page of YEAR. */
const signInProvince = async (viewport: typeof DESKTOP): Promise<Page> => {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(stack.url);
  await page.locator('input[name=role][value=province]').check();
  await page.locator('#sign-in-form button[type=submit]').click();
  await page.locator('main[data-page="province"][aria-busy=false]').waitFor();
  await page.goto(`${stack.url}/#/province?year=${YEAR}`);
  await page.locator('#province-cities tbody tr').nth(16).waitFor();
  return page;
};

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** What writes on the city pages (forms and buttons of the bureau and managers): none may show. */
const WRITES = ['.ack-form', '#run-reconciliation', '#close-month', '#statement-form', '.match-form', '.correct-button', '[data-action=approve]', '#policy-form', '#close-year', '#year-close-submit', '#correction-submit', '.decision'];

beforeAll(async () => {
  ({ stack, browser } = await startEmptyBrowserStack());
  for (const book of [JINAN, LIAOCHENG]) await postCityBook(stack.url, tokenOf, book, YEAR);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the 全省 page', () => {
  it('ranks the sixteen cities with the API’s figures, the province’s totals and every city’s open alerts', async () => {
    const page = await signInProvince(DESKTOP);
    expect(await page.locator('header nav').innerText()).toBe('全省');
    const rows = page.locator('#province-cities tbody tr');
    // Sixteen cities and the total row; ranked by cash: jinan (10,000,000.00) before liaocheng (5,000,000.00).
    expect(await rows.count()).toBe(17);
    expect(await rows.nth(0).locator('a[data-city]').getAttribute('data-city')).toBe('jinan');
    expect(await rows.nth(1).locator('a[data-city]').getAttribute('data-city')).toBe('liaocheng');
    expect(await rows.nth(0).innerText()).toContain('济南市');
    const funds = (await provinceApi('/v1/province/funds')) as { province: { cash: string }; cities: { cityId: string; totals: { cash: string } }[] };
    expect(await rows.nth(0).locator('td').nth(3).locator('.amount').getAttribute('data-amount')).toBe(funds.cities.find((c) => c.cityId === 'jinan')?.totals.cash);
    // The total row: 10,000,000.00 + 5,000,000.00 = 15,000,000.00.
    expect(await rows.nth(16).locator('td').nth(3).locator('.amount').getAttribute('data-amount')).toBe('15000000.00');
    expect(funds.province.cash).toBe('15000000.00');
    const alerts = (await provinceApi('/v1/province/alerts')) as { items: { cityId: string }[] };
    expect(await page.locator('#province-alerts tbody tr').count()).toBe(alerts.items.length);
    expect(await page.locator('#province-alerts tbody tr a[data-city=jinan]').count()).toBeGreaterThan(0);
    // Ranked by new guarantees: still jinan (6,000,000.00) then liaocheng (2,000,000.00).
    await page.locator('#province-rank').selectOption('guarantees');
    await page.locator('#province-form button[type=submit]').click();
    await page.waitForURL(/rank=guarantees/);
    await page.locator('main[data-page="province"][aria-busy=false]').waitFor();
    expect(await page.locator('#province-cities tbody tr').nth(1).locator('a[data-city]').getAttribute('data-city')).toBe('liaocheng');
    const axe = await runAxe(page);
    console.log(`axe-core on 全省 @1280 px (nodes by impact): ${JSON.stringify(axe.counts)}`);
    expect(blocking(axe)).toEqual([]);
    await shot(page, 'province');
    await page.context().close();
  });

  it('opens a city’s pages read-only: its funds, month end, approvals, policy and annual accounts, with no button that writes', async () => {
    const page = await signInProvince(DESKTOP);
    await page.locator('#province-cities a[data-city=jinan]').click();
    await page.locator('main[data-page="overview"][aria-busy=false]').waitFor();
    expect(await page.locator('header .who').innerText()).toContain('济南市');
    expect(await page.locator('.fund-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-fund')))).toEqual(['jn-pool']);
    expect(await page.locator('.fund-card[data-fund="jn-pool"] .cash .amount').getAttribute('data-amount')).toBe('10000000.00');
    for (const selector of WRITES) expect(await page.locator(selector).count(), `overview: ${selector}`).toBe(0);
    await shot(page, 'province-city');
    await page.locator('.fund-card[data-fund="jn-pool"] a.button').click();
    await page.locator('#journal tbody tr').first().waitFor();
    for (const selector of WRITES) expect(await page.locator(selector).count(), `fund: ${selector}`).toBe(0);
    for (const [href, name] of [['#/month-end', 'month-end'], ['#/approvals', 'approvals'], ['#/policy', 'policy'], ['#/annual', 'annual']] as const) {
      await page.locator(`header nav a[href="${href}"]`).click();
      await page.locator(`main[data-page="${name}"][aria-busy=false]`).waitFor();
      expect(await page.locator('main .error').count(), name).toBe(0);
      for (const selector of WRITES) expect(await page.locator(selector).count(), `${name}: ${selector}`).toBe(0);
    }
    // Back on 全省: no city is viewed any more.
    await page.locator('header nav a[href="#/province"]').click();
    await page.locator('main[data-page="province"][aria-busy=false]').waitFor();
    expect(await page.locator('header nav').innerText()).toBe('全省');
    await page.context().close();
  });

  it('fits a 390 px phone: the totals stack, the cities’ table scrolls in its box, axe finds nothing serious', async () => {
    const page = await signInProvince(PHONE);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(PHONE.width);
    const lefts = await page.locator('#province-totals .card').evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    const axe = await runAxe(page);
    console.log(`axe-core on 全省 @390 px (nodes by impact): ${JSON.stringify(axe.counts)}`);
    expect(blocking(axe)).toEqual([]);
    await shot(page, 'province-phone');
    // English: the cities by their pinyin names.
    await page.locator('#lang-switch').click();
    await expect.poll(() => page.locator('header nav').innerText()).toBe('Province');
    await expect.poll(() => page.locator('#province-cities a[data-city=jinan]').innerText().catch(() => '')).toBe('Jinan');
    await page.context().close();
  });
});

describe('the local sign-in of a city', () => {
  it('offers only the picked city’s funds and signs in a user of that city, who sees its funds and no other’s', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(stack.url);
    const form = page.locator('#sign-in-form');
    await form.waitFor();
    // Liaocheng is the default city: its fund is offered, Jinan's hidden.
    await expect(form.locator(`label[data-city=liaocheng] input[value=${LIAOCHENG.fundId}]`).isVisible()).resolves.toBe(true);
    await expect(form.locator(`label[data-city=jinan] input[value=${JINAN.fundId}]`).isVisible()).resolves.toBe(false);
    await form.locator('select[name=city]').selectOption('jinan');
    await expect(form.locator(`label[data-city=jinan] input[value=${JINAN.fundId}]`).isVisible()).resolves.toBe(true);
    await expect(form.locator(`label[data-city=liaocheng] input[value=${LIAOCHENG.fundId}]`).isVisible()).resolves.toBe(false);
    await form.locator('input[name=role][value=finance-bureau]').check();
    await form.locator('button[type=submit]').click();
    await page.locator('main[aria-busy=false]').first().waitFor();
    // The books name each fund "<city> 风险补偿资金池" (test/support/province-books.ts).
    await page.getByText('jinan 风险补偿资金池').first().waitFor();
    expect(await page.locator('body').innerText()).not.toContain('liaocheng 风险补偿资金池');
    expect(blocking(await runAxe(page))).toEqual([]);
    await context.close();
  });
});
