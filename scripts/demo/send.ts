// Sends a demo year's ops with as many in flight as order allows. The plan is in date order; an op
// may start when
//   - the op before it in its chain has settled (a guarantee's release after its issue, a firm's
//     grants in turn, since its caps count them in order),
//   - nothing else of its fund and month is in flight: a fund's commands of one month share that
//     month's voucher counter (凭证号), so side by side they would only meet 409 concurrency-conflict
//     and be decided again (measured at scale 0.2: 16 in flight, 4 a fund, without this rule took
//     twice as long as 4 in flight, 1 a fund),
//   - nothing else of its fund that moves cash is in flight, when it moves cash itself (they share
//     the fund's stream, for the same reason),
//   - its fund has fewer than `perFund` in flight (only one while the fund is ahead in the calendar
//     of a fund with a request in flight and more to send: see `lanesOf`), and all funds fewer than
//     `concurrency`, and
//   - for money out, the fund's cash settled so far, less the money out still in flight, covers it
//     (so a payment never overtakes the capital it needs, whatever the timing).
// So a fund's guarantees of different months, and different funds, run side by side; the fund with
// the most left to send is served first (its stream is the longest path). Which runs first within
// those rules depends on timing, so only the voucher numbers (taken in commit order) and the order of
// events within a stream differ between runs: every command is the same, so the balances are the
// same to the fen (test/e2e/demo-concurrency.e2e.test.ts).
import type { DemoOp } from './demo-op';

export interface SendOptions {
  /** Ops in flight at once, over all funds. */
  concurrency: number;
  /** Ops of one fund in flight at once. */
  perFund: number;
  /** Each fund's cash before the first op (its opening capital, a year before's closing cash); 0 when absent. */
  cash?: ReadonlyMap<string, bigint>;
  /** Sends one op; `true` when its cash (`plannedCash`) moved. */
  send: (op: DemoOp) => Promise<boolean>;
}

const monthOf = (op: DemoOp): string => op.date.slice(0, 7);
/** Whether the op appends to its fund's stream (its cash), as every money movement does. */
const movesCash = (op: DemoOp): boolean => op.cash !== undefined || op.plannedCash !== 0n;

/** How far ahead of the oldest unsent op the scheduler looks for one it may start. */
const LOOKAHEAD = 2_000;

/** One fund's ops in plan order, scanned from its oldest unsent op, and what it has in flight. */
interface Queue {
  ops: number[];
  first: number;
  inFlight: number;
  cash: bigint;
  outInFlight: bigint;
  months: Set<string>;
  cashMoving: boolean;
}

const left = (queue: Queue): number => queue.ops.length - queue.first;

export const sendInOrder = (ops: readonly DemoOp[], options: SendOptions): Promise<void> => {
  // The op before each in its chain (plan order is the chain's order).
  const previous = new Array<number>(ops.length).fill(-1);
  const lastOfChain = new Map<string, number>();
  const queues = new Map<string, Queue>();
  ops.forEach((op, i) => {
    previous[i] = lastOfChain.get(op.chain) ?? -1;
    lastOfChain.set(op.chain, i);
    const queue = queues.get(op.fundId) ?? { ops: [], first: 0, inFlight: 0, cash: options.cash?.get(op.fundId) ?? 0n, outInFlight: 0n, months: new Set<string>(), cashMoving: false };
    queue.ops.push(i);
    queues.set(op.fundId, queue);
  });
  const settled = new Array<boolean>(ops.length).fill(false);
  const started = new Array<boolean>(ops.length).fill(false);
  let running = 0;
  let unsent = ops.length;
  let failure: unknown;

  const mayStart = (i: number, ignoreCash: boolean): boolean => {
    const op = ops[i] as DemoOp;
    const queue = queues.get(op.fundId);
    const before = previous[i] ?? -1;
    if (queue === undefined || (before >= 0 && !settled[before])) return false;
    if (queue.inFlight >= options.perFund) return false;
    if (queue.months.has(monthOf(op)) || (movesCash(op) && queue.cashMoving)) return false;
    if (op.plannedCash >= 0n || ignoreCash) return true;
    return queue.cash + queue.outInFlight + op.plannedCash >= 0n;
  };

  return new Promise<void>((resolve, reject) => {
    const start = (i: number): void => {
      const op = ops[i] as DemoOp;
      const queue = queues.get(op.fundId);
      if (queue === undefined) return;
      started[i] = true;
      running++;
      unsent--;
      queue.inFlight++;
      queue.months.add(monthOf(op));
      if (movesCash(op)) queue.cashMoving = true;
      if (op.plannedCash < 0n) queue.outInFlight += op.plannedCash;
      options
        .send(op)
        .then(
          (moved) => {
            if (moved) queue.cash += op.plannedCash;
          },
          (error: unknown) => {
            failure ??= error;
          },
        )
        .finally(() => {
          settled[i] = true;
          running--;
          queue.inFlight--;
          queue.months.delete(monthOf(op));
          if (movesCash(op)) queue.cashMoving = false;
          if (op.plannedCash < 0n) queue.outInFlight -= op.plannedCash;
          pump();
        });
    };
    /** The date of the fund's oldest op not yet started (undefined once all have started). */
    const frontierOf = (queue: Queue): string | undefined => {
      while (queue.first < queue.ops.length && started[queue.ops[queue.first] ?? 0]) queue.first++;
      const next = queue.ops[queue.first];
      return next === undefined ? undefined : ops[next]?.date;
    };
    // A fund ahead in the calendar of a fund that has a request in flight and more to send keeps
    // one request in flight: its second lane would only take CPU from that fund, the bridge fund
    // above all, whose money movements go one at a time on its stream and would be left to run
    // alone at the end (measured: its 1,725 ran ~10 s after the pool's). A fund with nothing in
    // flight is done or waiting for its cash or a chain, and holds nobody back.
    const lanesOf = (queue: Queue, funds: readonly Queue[]): number => {
      const own = frontierOf(queue);
      const behind = funds.some((other) => {
        const theirs = other.inFlight > 0 ? frontierOf(other) : undefined;
        return other !== queue && own !== undefined && theirs !== undefined && theirs < own;
      });
      return behind ? 1 : options.perFund;
    };
    const pump = (): void => {
      if (failure !== undefined) {
        if (running === 0) reject(failure instanceof Error ? failure : new Error(String(failure)));
        return;
      }
      if (unsent === 0) {
        if (running === 0) resolve();
        return;
      }
      // The fund with the most left to send first: it is the longest path (one fund's commands
      // serialise on its stream), so it must never wait for a slot behind the others.
      const funds = [...queues.values()].sort((a, b) => left(b) - left(a));
      const fill = (queue: Queue, lanes: number): void => {
        frontierOf(queue); // moves `first` past what has started
        const end = Math.min(queue.ops.length, queue.first + LOOKAHEAD);
        for (let k = queue.first; k < end && running < options.concurrency && queue.inFlight < lanes; k++) {
          const i = queue.ops[k] ?? 0;
          if (!started[i] && mayStart(i, false)) start(i);
        }
      };
      // Every fund's first lane, then the further lanes of the funds not ahead of one in flight.
      for (const queue of funds) fill(queue, 1);
      for (const queue of funds) fill(queue, lanesOf(queue, funds));
      // Nothing runs and nothing may start: money the plan counted on was refused. Send the rest
      // anyway, so the API's refusals say what is wrong instead of the demo hanging.
      if (running === 0) {
        const next = ops.findIndex((_, i) => !started[i] && mayStart(i, true));
        if (next >= 0) start(next);
      }
    };
    pump();
  });
};
