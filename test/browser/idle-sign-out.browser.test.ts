// The dashboard signs out after 15 minutes without activity (issue 23 §3; GB/T 22239-2019 8.1.4.1 b),
// in Chromium with Playwright's fake clock: activity restarts the count, silence ends the session.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { startEmptyBrowserStack } from './browser-stack';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  // No book needed: the overview of an empty store is enough to be signed in on.
  ({ stack, browser } = await startEmptyBrowserStack({ eventFlow: false }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signedIn = async (page: Page): Promise<boolean> => (await page.locator('#sign-out').count()) > 0;

describe('idle sign-out in the browser', () => {
  it('keeps an active session past 15 minutes and signs out 15 minutes after the last activity', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.clock.install();
    await page.goto(stack.url);
    await page.locator('input[name=role][value=auditor]').check();
    await page.locator('#sign-in-form button[type=submit]').click();
    await page.locator('main[aria-busy=false]').waitFor();
    expect(await signedIn(page)).toBe(true);

    await page.clock.runFor('14:00');
    await page.keyboard.press('Shift');
    await page.clock.runFor('14:00');
    // 28 minutes in, a key pressed at 14: still signed in.
    expect(await signedIn(page)).toBe(true);
    await page.clock.runFor('01:01');
    await page.locator('#sign-in-form').waitFor();
    expect(await signedIn(page)).toBe(false);
  });
});
