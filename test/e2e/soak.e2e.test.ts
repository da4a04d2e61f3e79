// The short soak (issue 13 §1–2, the CI version of `npm run bench -- load` and of the quick faults):
// clients post a mix of every command kind over HTTP on the local stack with its event flow; then
// clients that time out after a few milliseconds retry with the same Idempotency-Key; then every
// event is delivered again, twice, shuffled. The books must hold through all of it.
import { describe, expect, it } from 'vitest';
import { checkBooks, describeBooks } from '../support/book-checks';
import { redeliverEverything } from '../support/redelivery';
import { describeWorkload, fundIdsOf, runWorkload, setUpFunds, type Target } from '../support/workload';
import { useLocalStack } from './api-support';

const local = useLocalStack();

describe('short soak with faults', () => {
  it('loses nothing and doubles nothing under load, client timeouts with retries, and duplicated reordered deliveries', async () => {
    const stack = local.stack;
    const funds = fundIdsOf('soak', 2);
    const target: Target = { url: () => stack.url, bureau: await stack.token('finance-bureau'), manager: await stack.token('fund-manager', [...funds.pools, ...funds.bridges, ...funds.guides]) };
    await setUpFunds(target, 'soak', 2);

    const started = performance.now();
    const stats = await runWorkload(target, { clients: 6, durationMs: 8_000, prefix: 'soak' });
    // Clients that give up after 15 ms and retry with the same key: the server finishes the first
    // attempt anyway, so the retry must get the first answer back, never a second effect.
    await runWorkload(target, { clients: 4, durationMs: 3_000, prefix: 'soak', timeoutMs: 15, attempts: 40 }, stats);
    console.log(describeWorkload(stats, performance.now() - started));
    expect(stats.byOutcome['server-error']).toBe(0);
    expect(stats.byOutcome.timeout).toBeGreaterThan(0);
    expect(stats.acknowledged.size).toBeGreaterThan(10);

    await stack.flow?.drained(60_000);
    const tables = { client: stack.client, eventsTableName: stack.eventsTableName, readTableName: stack.readTableName };
    const redelivered = await redeliverEverything(tables);
    console.log(`redelivered ${redelivered.messages} messages (every event twice, shuffled): ${redelivered.failures} failures, ${redelivered.changedItems} read-model items changed`);
    expect(redelivered).toMatchObject({ failures: 0, changedItems: 0, samples: [] });

    const books = await checkBooks({ ...tables, acknowledged: stats.acknowledged });
    console.log(describeBooks(books));
    expect(books.lost).toEqual([]);
    expect(books.doubled).toEqual([]);
    expect(books).toMatchObject({ brokenChains: [], unbalancedFunds: [], balanceMismatches: [], readModelDiffs: [], monthEndProblems: [], ok: true });
  }, 180_000);
});
