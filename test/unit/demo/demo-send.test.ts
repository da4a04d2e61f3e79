// The demo's sender (scripts/demo/send.ts), with random plans and random answer times: every op is
// sent once, never before the op before it in its chain has settled, never more in flight than
// allowed (in all and per fund), and money out never overtakes the money in it needs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DemoOp } from '../../../scripts/demo/demo-op';
import { sendInOrder } from '../../../scripts/demo/send';

const FUNDS = ['a', 'b', 'c'];

const opArb = fc.record({ fund: fc.integer({ min: 0, max: 2 }), chain: fc.integer({ min: 0, max: 5 }), cash: fc.integer({ min: -30, max: 40 }), month: fc.integer({ min: 1, max: 4 }), delay: fc.integer({ min: 0, max: 3 }) });

const opsOf = (rows: { fund: number; chain: number; cash: number; month?: number }[]): DemoOp[] =>
  rows.map((r, i) => {
    const fundId = FUNDS[r.fund] ?? 'a';
    const date = `2024-0${r.month ?? 1}-01`;
    return { kind: 'guarantee', fundId, role: 'finance-bureau', chain: `${fundId}-${r.chain}`, date, order: i, request: { method: 'POST', path: `/op/${i}`, body: {}, idempotencyKey: `k-${i}` }, plannedCash: BigInt(r.cash), amount: 0n };
  });

describe('sendInOrder', () => {
  it('keeps chains in order, the limits in flight, one op per fund and month, one cash movement per fund, and every fund’s cash covered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 3 }), async (rows, concurrency, perFund, opening) => {
        const ops = opsOf(rows);
        const openingCash = new Map(FUNDS.map((fundId, i) => [fundId, BigInt(opening[i] ?? 0)]));
        const settled = new Set<number>();
        const sent: number[] = [];
        const inFlight = new Map<string, number>();
        const cash = new Map(openingCash);
        const outInFlight = new Map<string, bigint>();
        const monthsInFlight = new Set<string>();
        const cashMoving = new Set<string>();
        let running = 0;
        await sendInOrder(ops, {
          concurrency,
          perFund,
          cash: openingCash,
          send: async (op) => {
            const i = ops.indexOf(op);
            sent.push(i);
            running++;
            inFlight.set(op.fundId, (inFlight.get(op.fundId) ?? 0) + 1);
            expect(running).toBeLessThanOrEqual(concurrency);
            expect(inFlight.get(op.fundId)).toBeLessThanOrEqual(perFund);
            // One at a time per fund and month (the voucher counter), and per fund for money (its stream).
            const month = `${op.fundId} ${op.date.slice(0, 7)}`;
            expect(monthsInFlight.has(month)).toBe(false);
            if (op.plannedCash !== 0n) expect(cashMoving.has(op.fundId)).toBe(false);
            monthsInFlight.add(month);
            if (op.plannedCash !== 0n) cashMoving.add(op.fundId);
            const before = ops.slice(0, i).findLastIndex((o) => o.chain === op.chain);
            if (before >= 0) expect(settled.has(before)).toBe(true);
            if (op.plannedCash < 0n) {
              const available = (cash.get(op.fundId) ?? 0n) + (outInFlight.get(op.fundId) ?? 0n) + op.plannedCash;
              // Uncovered only as the last resort: nothing else in flight (the plan's money in was not enough).
              if (running > 1) expect(available).toBeGreaterThanOrEqual(0n);
              outInFlight.set(op.fundId, (outInFlight.get(op.fundId) ?? 0n) + op.plannedCash);
            }
            await new Promise((resolve) => setTimeout(resolve, rows[i]?.delay ?? 0));
            running--;
            monthsInFlight.delete(month);
            if (op.plannedCash !== 0n) cashMoving.delete(op.fundId);
            inFlight.set(op.fundId, (inFlight.get(op.fundId) ?? 1) - 1);
            if (op.plannedCash < 0n) outInFlight.set(op.fundId, (outInFlight.get(op.fundId) ?? 0n) - op.plannedCash);
            cash.set(op.fundId, (cash.get(op.fundId) ?? 0n) + op.plannedCash);
            settled.add(i);
            return true;
          },
        });
        expect([...sent].sort((x, y) => x - y)).toEqual(ops.map((_, i) => i));
      }),
      { numRuns: 60 },
    );
  });

  it('holds money out until the money in it needs has settled, and sends everything even when that money was refused', async () => {
    const ops = opsOf([
      { fund: 0, chain: 0, cash: 100 },
      { fund: 0, chain: 1, cash: -80 },
      { fund: 0, chain: 2, cash: -30 },
      { fund: 0, chain: 3, cash: 50 },
    ]);
    const order: string[] = [];
    await sendInOrder(ops, {
      concurrency: 8,
      perFund: 8,
      send: async (op) => {
        order.push(`start ${op.request.path}`);
        await new Promise((resolve) => setTimeout(resolve, op.plannedCash > 0n ? 5 : 1));
        order.push(`end ${op.request.path}`);
        // The first injection is refused: its money never arrives.
        return op.request.path !== '/op/0';
      },
    });
    // 100 in (refused) → −80 may start only once it settled; then nothing covers −80 or −30 until
    // the 50 settles; with nothing left to run, the sender sends the rest for the API to refuse.
    expect(order.indexOf('start /op/1')).toBeGreaterThan(order.indexOf('end /op/0'));
    expect(order.filter((e) => e.startsWith('start'))).toHaveLength(4);
  });

  it('counts the cash a fund has before its first op (its opening capital), so its money out goes in its turn', async () => {
    const ops = opsOf([{ fund: 0, chain: 0, cash: -80 }, ...[1, 2, 3].map((chain) => ({ fund: 1, chain, cash: 0 }))]);
    const orderOf = async (cash?: ReadonlyMap<string, bigint>): Promise<string[]> => {
      const order: string[] = [];
      await sendInOrder(ops, {
        concurrency: 2,
        perFund: 1,
        ...(cash === undefined ? {} : { cash }),
        send: async (op) => {
          order.push(op.request.path);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return true;
        },
      });
      return order;
    };
    expect((await orderOf(new Map([['a', 100n]]))).slice(0, 2)).toContain('/op/0');
    // Without it the money out waits until nothing else runs.
    expect((await orderOf()).at(-1)).toBe('/op/0');
  });

  it('keeps a fund ahead in the calendar of a fund with a request in flight and more to come to one request, and gives it its lanes otherwise', async () => {
    // Fund a: January's money movements, one at a time on its stream. Fund b: March and April, two
    // months at once when allowed. Fund c: January money out that nothing covers, sent last.
    const ops = opsOf([
      { fund: 0, chain: 0, cash: 10, month: 1 },
      { fund: 0, chain: 1, cash: 10, month: 1 },
      { fund: 0, chain: 2, cash: 10, month: 1 },
      { fund: 2, chain: 0, cash: -5, month: 1 },
      ...[3, 4, 3, 4, 3, 4, 3, 4].map((month, i) => ({ fund: 1, chain: i, cash: 0, month })),
    ]);
    let aUnstarted = 3;
    const bInFlight = { whileAWaits: 0, after: 0 };
    let b = 0;
    const order: string[] = [];
    await sendInOrder(ops, {
      concurrency: 6,
      perFund: 2,
      send: async (op) => {
        order.push(op.fundId);
        if (op.fundId === 'a') aUnstarted--;
        if (op.fundId === 'b') {
          b++;
          const key = aUnstarted > 0 ? 'whileAWaits' : 'after';
          bInFlight[key] = Math.max(bInFlight[key], b);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (op.fundId === 'b') b--;
        return true;
      },
    });
    // While a has requests to come, b has one lane; then c, behind b in the calendar but with
    // nothing in flight, does not hold b back.
    expect(bInFlight).toEqual({ whileAWaits: 1, after: 2 });
    expect(order.at(-1)).toBe('c');
  });
});
