// What every dashboard browser test starts with: the built bundle served by a local stack, Debian's
// headless Chromium, and the small book of fixture.ts posted through the API. Artifacts
// (screenshots, PDFs) go to test-artifacts/ (not committed).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ensureWebBuilt, WEB_DIST } from '../../scripts/build-web';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { type Fixture, seed } from './fixture';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export const startBrowserStack = async (): Promise<{ stack: LocalStack; browser: Browser; fixture: Fixture }> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureWebBuilt(() => undefined);
  const stack = await startLocalStack({ logLevel: 'SILENT', dashboardDir: WEB_DIST });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const fixture = await seed(stack.url, (role, funds) => stack.token(role, funds), stack.deps.today());
  return { stack, browser, fixture };
};
