// Work on one key takes turns in the order asked (never two at once); other keys run alongside.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInTurn } from '../../../functions/projectors/in-turn';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createInTurn', () => {
  it('runs work of one key one at a time, in the order asked, whatever each takes; other keys overlap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', undefined), ticks: fc.nat(3), fails: fc.boolean() }), { maxLength: 25 }), async (jobs) => {
        const inTurn = createInTurn();
        const running = new Map<string, number>();
        const order = new Map<string, number[]>();
        let overlapped = false;
        let maxAtOnce = 0;
        let atOnce = 0;
        const settled = await Promise.allSettled(
          jobs.map((job, index) =>
            inTurn(job.key, async () => {
              const key = job.key ?? `none-${index}`;
              if ((running.get(key) ?? 0) > 0) overlapped = true;
              running.set(key, (running.get(key) ?? 0) + 1);
              order.set(key, [...(order.get(key) ?? []), index]);
              atOnce += 1;
              maxAtOnce = Math.max(maxAtOnce, atOnce);
              for (let t = 0; t < job.ticks; t++) await tick();
              atOnce -= 1;
              running.set(key, (running.get(key) ?? 0) - 1);
              if (job.fails) throw new Error(`job ${index}`);
              return index;
            }),
          ),
        );
        expect(overlapped).toBe(false);
        // A failed turn passes the key on like a finished one: every job ran, and answered its own outcome.
        settled.forEach((outcome, index) => expect(outcome.status).toBe(jobs[index]?.fails === true ? 'rejected' : 'fulfilled'));
        for (const indices of order.values()) expect(indices).toEqual([...indices].sort((x, y) => x - y));
        const distinct = new Set(jobs.map((job, index) => job.key ?? `none-${index}`)).size;
        if (jobs.length > 0) expect(maxAtOnce).toBeLessThanOrEqual(distinct);
      }),
      { numRuns: 60 },
    );
  });

  it('lets two keys run at the same time', async () => {
    const inTurn = createInTurn();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = inTurn('a', () => gate);
    let bRan = false;
    await inTurn('b', async () => void (bRan = true));
    expect(bRan).toBe(true);
    release();
    await first;
  });
});
