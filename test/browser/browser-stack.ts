// What every dashboard browser test starts with: the built bundle served by a local stack, Debian's
// headless Chromium, and a book the pages can show (they read projections): by default the small
// book of fixture.ts posted through the API and projected (none: startEmptyBrowserStack); for the user guide, the demo
// (`npm run demo` through its CLI, so the guide's pictures show the books a newcomer sees).
// Artifacts (screenshots, PDFs) go to test-artifacts/ (not committed).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ensureWebBuilt, WEB_DIST } from '../../scripts/build-web';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { eventually } from '../e2e/api-support';
import { type DemoRun, runDemoCli } from './demo-seed';
import { type Fixture, seed } from './fixture';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export interface BrowserStackOptions {
  /** The day the fixture is posted around (default: the stack's today). */
  today?: string;
  /** Chromium flags beside the ones every test needs. */
  browserArgs?: string[];
  /** Chromium's environment (its own controls' language comes from LANGUAGE). */
  browserEnv?: Record<string, string | undefined>;
  /** Run the stack's event flow (default true; a page that reads no projection can do without). */
  eventFlow?: boolean;
}

/** Waits (bounded) until the projections hold every posting of the fixture. */
const untilProjected = async (stack: LocalStack): Promise<void> => {
  const read = async (pathname: string): Promise<unknown> => {
    const response = await fetch(`${stack.url}${pathname}`, { headers: { authorization: `Bearer ${await stack.token('finance-bureau')}` } });
    return response.json();
  };
  await eventually(() => read('/v1/funds/pool/journal?limit=500'), (body) => ((body as { items?: unknown[] }).items ?? []).length === 26);
  await eventually(() => read('/v1/funds/guide/commitments'), (body) => JSON.stringify(body).includes('"called":"30000000.00"'));
};

/** The bundle built, a stack serving it on an empty store, Chromium launched. */
export const startEmptyBrowserStack = async (options: BrowserStackOptions = {}): Promise<{ stack: LocalStack; browser: Browser }> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureWebBuilt(() => undefined);
  const stack = await startLocalStack({ logLevel: 'SILENT', dashboardDir: WEB_DIST, ...(options.eventFlow === false ? { eventFlow: false } : {}) });
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...(options.browserArgs ?? [])],
      ...(options.browserEnv === undefined ? {} : { env: options.browserEnv }),
    });
    return { stack, browser };
  } catch (error) {
    await stack.stop();
    throw error;
  }
};

export const startBrowserStack = async (options: BrowserStackOptions = {}): Promise<{ stack: LocalStack; browser: Browser; fixture: Fixture }> => {
  const { stack, browser } = await startEmptyBrowserStack(options);
  const fixture = await seed(stack.url, (role, funds) => stack.token(role, funds), options.today ?? stack.deps.today());
  await untilProjected(stack);
  return { stack, browser, fixture };
};

/** A stack holding the demo's books (`npm run demo -- …args`), projected, and Chromium. */
export const startDemoBrowserStack = async (demoArgs: readonly string[], options: BrowserStackOptions = {}): Promise<{ stack: LocalStack; browser: Browser; demo: DemoRun }> => {
  const { stack, browser } = await startEmptyBrowserStack(options);
  const demo = await runDemoCli(stack, demoArgs);
  await stack.flow?.drained(60_000);
  return { stack, browser, demo };
};
