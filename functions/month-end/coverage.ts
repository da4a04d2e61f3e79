// Which funds a month-end run covers, and where each event it reads belongs (issue 10 §2). A fund is
// covered from the month of its openedOn; every event the run reads lands somewhere: in its fund's
// replay, in its fund's list of events dated before the books opened, or in the run-level list of
// events it cannot place (no fund named, or a fund that was never created). Nothing is dropped.
import { fundOpenedOn } from '../../domain/fund-book';
import type { DomainEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import type { FundKind } from '../../events/primitives';
import type { EventStore } from '../store/event-store';
import { decodeEvent } from '../../events/registry';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { StoredEvent } from '../store/types';

export interface FundInfo {
  kind: FundKind;
  name: string;
  /** The day the fund's books start (DESIGN §6 "Every fund"). */
  openedOn: string;
}

/** An event the run read but could not give to a fund's report. */
export interface UnplacedEvent {
  streamId: string;
  version: number;
  type: string;
  occurredOn: string;
  fundId: string | null;
  reason: string;
}

/** An event dated before its fund's openedOn: a discrepancy of that fund's report. */
export interface EarlyEvent {
  streamId: string;
  version: number;
  type: string;
  occurredOn: string;
}

/**
 * Every fund the read model lists, with its openedOn read from its own stream's first event (the
 * store, not the projection, decides when the books start). One read per fund per run.
 */
export async function knownFunds(store: Pick<EventStore, 'readStream'>, queries: Pick<ReadModelQueries, 'listFunds'>): Promise<Map<string, FundInfo>> {
  const funds = new Map<string, FundInfo>();
  for (const f of await queries.listFunds()) {
    const [first] = await store.readStream(streamIds.fund(f.fundId), { fromVersion: 1, toVersion: 1 });
    if (first === undefined) continue; // listed but never stored: its events, if any, are unplaced
    funds.set(f.fundId, { kind: f.kind, name: f.name, openedOn: fundOpenedOn({ data: first.data as { openedOn?: string }, occurredOn: first.occurredOn }) });
  }
  return funds;
}

/** Funds whose books are open by the month's last day, and the month the run's history starts. */
export function coverage(funds: ReadonlyMap<string, FundInfo>, month: string, monthEnd: string): { covered: string[]; firstMonth: string } {
  const covered = [...funds].filter(([, f]) => f.openedOn <= monthEnd).map(([fundId]) => fundId).sort();
  const firstMonth = covered.reduce((first, fundId) => {
    const opened = funds.get(fundId)?.openedOn.slice(0, 7) ?? month;
    return opened < first ? opened : first;
  }, month);
  return { covered, firstMonth };
}

/** Where one stored event goes. */
export type Placement =
  | { to: 'unplaced'; event: UnplacedEvent }
  | { to: 'undecodable'; fundId: string; reason: string }
  | { to: 'fund'; fundId: string; event: DomainEvent; early: boolean };

/**
 * Places a stored event (not a period-stream record). A FundCreated met on the way makes its fund
 * known (the read model may lag behind the store). Events are decoded once, here.
 */
export function placeEvent(stored: StoredEvent, funds: Map<string, FundInfo>): Placement {
  const rawFund = stored.data.fundId;
  const at = { streamId: stored.streamId, version: stored.version, type: stored.type, occurredOn: stored.occurredOn };
  if (typeof rawFund !== 'string') return { to: 'unplaced', event: { ...at, fundId: null, reason: 'the event names no fund' } };
  let event: DomainEvent;
  try {
    event = decodeEvent(stored);
  } catch (error) {
    const reason = (error as Error).message.slice(0, 300);
    if (!funds.has(rawFund)) return { to: 'unplaced', event: { ...at, fundId: rawFund, reason: `unknown fund; undecodable: ${reason}` } };
    return { to: 'undecodable', fundId: rawFund, reason };
  }
  if (event.type === 'FundCreated' && !funds.has(rawFund)) {
    funds.set(rawFund, { kind: event.data.kind, name: event.data.name, openedOn: fundOpenedOn({ data: event.data, occurredOn: stored.occurredOn }) });
  }
  const fund = funds.get(rawFund);
  if (fund === undefined) return { to: 'unplaced', event: { ...at, fundId: rawFund, reason: `fund ${rawFund} was never created` } };
  return { to: 'fund', fundId: rawFund, event, early: stored.occurredOn < fund.openedOn };
}
