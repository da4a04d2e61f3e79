// Builds valid fund-stream events for event-flow tests and benches and folds the store's cash.
import { SCHEMA_VERSIONS } from '../../events/registry';
import type { EventStore } from '../../functions/store/event-store';
import type { NewEvent } from '../../functions/store/types';

export const testMeta = { actor: 'flow-test', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };

export const fundCreated = (fundId: string): NewEvent => ({
  type: 'FundCreated',
  schemaVersion: SCHEMA_VERSIONS.FundCreated,
  data: { fundId, kind: 'risk-pool', name: `Fund ${fundId}` },
  occurredOn: '2026-11-02',
});

/** `fen` as a yuan string: 12345n -> "123.45". */
const yuan = (fen: bigint): string => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

export const capitalInjected = (fundId: string, fen: bigint, reference: string): NewEvent => ({
  type: 'CapitalInjected',
  schemaVersion: SCHEMA_VERSIONS.CapitalInjected,
  data: { fundId, amount: yuan(fen), source: 'city', reference },
  occurredOn: '2026-11-03',
});

/** Appends the next event to a fund stream, reading its head for the expected version. */
export const appendToFund = async (store: EventStore, fundId: string, event: NewEvent): Promise<void> => {
  const head = await store.readHead(`fund-${fundId}`);
  await store.append([{ streamId: `fund-${fundId}`, expectedVersion: head?.version ?? 0, events: [event] }], { meta: testMeta });
};

/** Cash of a fund folded straight from its stream: the truth the books must equal. */
export const foldCash = async (store: EventStore, fundId: string): Promise<bigint> => {
  let cash = 0n;
  for (const event of await store.readStream(`fund-${fundId}`)) {
    if (event.type !== 'CapitalInjected') continue;
    const [whole = '0', cents = '00'] = String(event.data.amount).split('.');
    cash += BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'));
  }
  return cash;
};

/** Appends an event at a known version (the caller owns the stream: no head read). */
export const appendToFundAt = async (store: EventStore, fundId: string, version: number, event: NewEvent): Promise<void> => {
  await store.append([{ streamId: `fund-${fundId}`, expectedVersion: version - 1, events: [event] }], { meta: testMeta });
};
