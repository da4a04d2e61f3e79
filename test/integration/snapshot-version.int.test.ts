// Snapshots that outlive a code change (issue 13 §6): a head's snapshot carries the version of the
// state's shape; a head written by code with another shape is folded from its events, never trusted.
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { FundState } from '../../domain/fund-book';
import { streamIds } from '../../events/stream-ids';
import { createCommands } from '../../functions/commands';
import { SNAPSHOT_VERSION } from '../../functions/commands/pipeline';
import { EVENT_KEYS, EVENTS_TABLE } from '../../functions/shared/tables';
import { streamKey } from '../../functions/store/event-item';
import { createEventStore } from '../../functions/store/event-store';
import { serialize } from '../../functions/store/json';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let n = 0;
const ctx = () => ({ meta: { actor: 'tester', role: 'finance-bureau', requestId: `r${(n += 1)}`, correlationId: 'c' } });

/** Replaces a head's snapshot as older code would have left it (no version, or another one). */
const writeOldHead = async (streamId: string, snapshot: unknown, version?: number): Promise<void> => {
  await db.client.send(
    new UpdateItemCommand({
      TableName: db.eventsTableName,
      Key: marshall({ [EVENTS_TABLE.partitionKey]: streamKey(streamId), [EVENTS_TABLE.sortKey]: EVENT_KEYS.head }),
      UpdateExpression: version === undefined ? 'SET #s = :s REMOVE #v' : 'SET #s = :s, #v = :v',
      ExpressionAttributeNames: { '#s': 'snapshot', '#v': 'snapshotVersion' },
      ExpressionAttributeValues: marshall(version === undefined ? { ':s': serialize(snapshot) } : { ':s': serialize(snapshot), ':v': version }),
    }),
  );
};

describe('versioned snapshots', () => {
  const store = () => createEventStore({ client: db.client, tableName: db.eventsTableName });

  it('stores the aggregate snapshot with the code’s version', async () => {
    const commands = createCommands(store());
    await commands.createFund({ fundId: 'snap1', kind: 'bridge-fund', name: 'snap' }, '2024-05-01', ctx());
    const head = await store().readHead(streamIds.fund('snap1'));
    expect(head?.snapshotVersion).toBe(SNAPSHOT_VERSION);
    expect((head?.snapshot as FundState).kind).toBe('bridge-fund');
  });

  it('folds a stream from its events when the head holds a snapshot of an older shape, and rewrites it', async () => {
    const commands = createCommands(store());
    await commands.createFund({ fundId: 'snap2', kind: 'bridge-fund', name: 'snap' }, '2024-05-01', ctx());
    await commands.injectCapital('snap2', { amount: 100_000_00n, occurredOn: '2024-05-02', source: 'city', reference: 'A' }, ctx());
    // What a release before "cash" was a bigint field might have stored: cash under another name, in yuan text.
    const oldShape = { fundId: 'snap2', kind: 'bridge-fund', name: 'snap', balanceYuan: '100000.00', version: 2 };
    for (const version of [undefined, SNAPSHOT_VERSION - 1]) {
      await writeOldHead(streamIds.fund('snap2'), oldShape, version);
      // Trusting the old snapshot would compute cash from a missing field; folding gives 100,000.00 + 50,000.00.
      const answer = await commands.injectCapital('snap2', { amount: 50_000_00n, occurredOn: '2024-05-03', source: 'city', reference: `B${String(version)}` }, ctx());
      const cash = (answer.body as { cash: string }).cash;
      expect(cash).toBe(version === undefined ? '150000.00' : '200000.00');
      const head = await store().readHead(streamIds.fund('snap2'));
      expect(head?.snapshotVersion).toBe(SNAPSHOT_VERSION);
      expect((head?.snapshot as FundState).cash).toBe(version === undefined ? 150_000_00n : 200_000_00n);
    }
  });

  it('an aggregate whose code declares a new shape ignores snapshots of the old one', async () => {
    const s = store();
    const commands = createCommands(s);
    await commands.createFund({ fundId: 'snap3', kind: 'bridge-fund', name: 'snap' }, '2024-05-01', ctx());
    await commands.injectCapital('snap3', { amount: 1_00n, occurredOn: '2024-05-02', source: 'city', reference: 'A' }, ctx());
    // A next release's state: the number of events seen, declared as shape 2.
    const counted = await commands.pipeline.load(streamIds.fund('snap3'), { initial: 0, evolve: (count: number) => count + 1, snapshotVersion: SNAPSHOT_VERSION + 1 });
    expect(counted.state).toBe(2);
    const trusted = await commands.pipeline.load(streamIds.fund('snap3'), { initial: 0, evolve: (count: number) => count + 1 });
    expect(typeof trusted.state).toBe('object'); // same shape version: the snapshot is used as is
  });
});
