// /docs, the interactive API reference, in Debian's headless Chromium against the local stack:
// served from our own files under the dashboard's Content-Security-Policy, it reads the live
// OpenAPI document, takes a bearer token in its Authorize box, and its "Try it out" reaches the
// API.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack';
import { ARTIFACTS, startEmptyBrowserStack } from './browser-stack';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  ({ stack, browser } = await startEmptyBrowserStack({ eventFlow: false }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The reference page, failing the test on any script error or blocked resource (CSP, CDN). */
const openReference = async (width: number): Promise<{ page: Page; problems: string[] }> => {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.url) && !request.url().startsWith('data:')) problems.push(`request off the site: ${request.url()}`);
  });
  await page.goto(`${stack.url}/docs`);
  await page.locator('.swagger-ui .opblock').first().waitFor();
  return { page, problems };
};

/** Opens one operation (deep-link ids are operations-<tag>-<operationId>), tries it and answers its status. */
const tryOperation = async (page: Page, id: string, body?: string): Promise<string> => {
  const operation = page.locator(`#${id}`);
  await operation.locator('.opblock-summary').first().click();
  await operation.locator('.try-out__btn').click();
  if (body !== undefined) {
    await operation.locator('input[placeholder="Idempotency-Key"]').fill(`docs-${Date.now()}`);
    await operation.locator('textarea.body-param__text').fill(body);
  }
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor();
  return (await status.innerText()).trim();
};

describe('the API reference at /docs', () => {
  it('lists every operation of the live document, authorizes with a token and tries a read and a command', async () => {
    const { page, problems } = await openReference(1280);
    const document = (await (await fetch(`${stack.url}/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    await expect.poll(() => page.locator('.swagger-ui .opblock').count()).toBe(operations);

    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(await stack.token('finance-bureau'));
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    expect(await tryOperation(page, 'operations-funds-postV1Funds', JSON.stringify({ fundId: 'docs-fund', kind: 'risk-pool', name: '试用资金池', openedOn: '2024-01-01' }))).toBe('201');
    expect(await page.locator('#operations-funds-postV1Funds .live-responses-table').innerText()).toContain('"fundId": "docs-fund"');
    expect(await tryOperation(page, 'operations-funds-getV1Funds')).toBe('200');
    await page.screenshot({ path: path.join(ARTIFACTS, 'api-reference.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("shows an operation's documented examples: the request body and the answer, listed by their Chinese summary", async () => {
    const { page, problems } = await openReference(1280);
    const operation = page.locator('#operations-funds-postV1Funds');
    await operation.locator('.opblock-summary').first().click();
    // The first example (functions/api/examples/fund-examples.ts) is the body shown, and its answer under 201.
    await expect.poll(() => operation.innerText()).toContain('聊城市融资担保风险补偿资金池');
    expect(await operation.locator('option', { hasText: '财政局设立风险补偿资金池' }).count()).toBeGreaterThan(0);
    expect(await operation.locator('option', { hasText: '设立应急转贷基金' }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone', async () => {
    const { page, problems } = await openReference(390);
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'api-reference-phone.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
