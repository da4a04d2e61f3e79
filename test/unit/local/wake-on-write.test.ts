// The local flow's wake-up: every successful write to the events table through the stack's
// client wakes the stream poller; reads and writes to other tables do not, and undo stops it.
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { wakeOnWrite } from '../../../infra/local/wake-on-write';

/** A client whose requests never leave the process: a last middleware answers every command. */
const offlineClient = (): DynamoDBClient => {
  const client = new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: 'http://127.0.0.1:9' });
  client.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), { step: 'initialize', priority: 'low', name: 'offlineAnswer' });
  return client;
};

describe('wakeOnWrite', () => {
  it('wakes after writes to the events table only, alone or in a transaction, until undone', async () => {
    const client = offlineClient();
    let wakes = 0;
    const undo = wakeOnWrite(client, 'events', () => void (wakes += 1));
    await client.send(new PutItemCommand({ TableName: 'events', Item: { PK: { S: 'a' } } }));
    expect(wakes).toBe(1);
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'read', Item: {} } }, { Put: { TableName: 'events', Item: {} } }] }));
    expect(wakes).toBe(2);
    await client.send(new GetItemCommand({ TableName: 'events', Key: { PK: { S: 'a' } } }));
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'read', Item: {} } }] }));
    expect(wakes).toBe(2);
    undo();
    await client.send(new PutItemCommand({ TableName: 'events', Item: { PK: { S: 'b' } } }));
    expect(wakes).toBe(2);
    client.destroy();
  });
});
