import { defineConfig } from 'vitest/config';

// Kinds of test, told apart by file name (STYLE.md):
// *.test.ts and *.prop.test.ts are pure; *.int.test.ts talk to DynamoDB Local;
// *.e2e.test.ts drive the local stack over HTTP; *.browser.test.ts drive the dashboard in
// Chromium. Each integration/e2e file starts its own in-memory DynamoDB Local, so files can run
// in parallel without sharing state.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/**/*.e2e.test.ts', 'test/infra/**', 'test/browser/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.int.test.ts', 'test/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'infra',
          sequence: { groupOrder: 2 },
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          maxWorkers: 1,
        },
      },
      {
        // The dashboard in headless Chromium (Debian's package) on the local stack; runs last.
        test: {
          name: 'browser',
          sequence: { groupOrder: 3 },
          include: ['test/browser/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['domain/**/*.ts', 'events/**/*.ts'],
    },
  },
});
