// The store's peers for bench/append: what a team would pick instead, giving the same guarantees
// per command (optimistic concurrency on the stream, an idempotency record with the answer).
// - Castore's DynamoDB single-table adapter (@castore/event-storage-adapter-dynamodb): one
//   conditional PutItem per event, with an idempotency record written the way Powertools for AWS
//   Lambda's DynamoDBPersistenceLayer writes one: a conditional PutItem (INPROGRESS) before, an
//   UpdateItem (COMPLETED + the answer) after. Three requests per command.
// - A raw three-item TransactWriteItems (event, head, idempotency record) with the store's
//   conditions, items built without any store logic: DynamoDB's floor for what the store does.
import { CreateTableCommand, type DynamoDBClient, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBSingleTableEventStorageAdapter } from '@castore/event-storage-adapter-dynamodb';
import { GENESIS_HASH } from '../../functions/store/hash';
import { toEventItem, toHeadItem, toIdempotencyItem } from '../../functions/store/event-item';
import type { EventMeta, JsonObject, JsonValue } from '../../functions/store/types';

export const CASTORE_TABLE = 'bench-castore-events';
export const IDEMPOTENCY_TABLE = 'bench-powertools-idempotency';

/** Castore's table (aggregateId + version) and Powertools' idempotency table (id), as their docs create them. */
export const createPeerTables = async (client: DynamoDBClient): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: CASTORE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'aggregateId', AttributeType: 'S' },
        { AttributeName: 'version', AttributeType: 'N' },
        { AttributeName: 'eventStoreId', AttributeType: 'S' },
        { AttributeName: 'timestamp', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'aggregateId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'initialEvents',
          KeySchema: [
            { AttributeName: 'eventStoreId', KeyType: 'HASH' },
            { AttributeName: 'timestamp', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: IDEMPOTENCY_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
};

export interface PeerCommand {
  streamId: string;
  /** The version this command's event gets (the stream was at version - 1). */
  version: number;
  type: string;
  data: JsonObject;
  meta: EventMeta;
  idempotencyKey: string;
  requestHash: string;
  result: JsonValue;
}

const HOUR_S = 3_600;

/** Castore pushEvent between Powertools' two idempotency writes. */
export const castoreWithPowertools = (client: DynamoDBClient): ((command: PeerCommand) => Promise<void>) => {
  const adapter = new DynamoDBSingleTableEventStorageAdapter({ tableName: CASTORE_TABLE, dynamoDBClient: client });
  return async (command) => {
    const id = `fund-ledger-api#${command.idempotencyKey}`;
    const nowS = Math.floor(Date.now() / 1000);
    // Powertools DynamoDBPersistenceLayer._putRecord: claim the key unless a live record holds it.
    await client.send(
      new PutItemCommand({
        TableName: IDEMPOTENCY_TABLE,
        Item: {
          id: { S: id },
          expiration: { N: String(nowS + HOUR_S) },
          in_progress_expiration: { N: String(Date.now() + 20_000) },
          status: { S: 'INPROGRESS' },
          validation: { S: command.requestHash },
        },
        ConditionExpression: 'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
        ExpressionAttributeNames: { '#id': 'id', '#expiry': 'expiration', '#in_progress_expiry': 'in_progress_expiration', '#status': 'status' },
        ExpressionAttributeValues: { ':now': { N: String(nowS) }, ':now_in_millis': { N: String(Date.now()) }, ':inprogress': { S: 'INPROGRESS' } },
      }),
    );
    await adapter.pushEvent(
      { aggregateId: command.streamId, version: command.version, type: command.type, payload: command.data, metadata: command.meta, timestamp: new Date().toISOString() },
      { eventStoreId: 'funds' },
    );
    // Powertools _updateRecord: the answer, COMPLETED.
    await client.send(
      new UpdateItemCommand({
        TableName: IDEMPOTENCY_TABLE,
        Key: { id: { S: id } },
        UpdateExpression: 'SET #response_data = :response_data, #expiry = :expiry, #status = :status',
        ExpressionAttributeNames: { '#response_data': 'data', '#expiry': 'expiration', '#status': 'status' },
        ExpressionAttributeValues: { ':response_data': { S: JSON.stringify(command.result) }, ':expiry': { N: String(nowS + HOUR_S) }, ':status': { S: 'COMPLETED' } },
      }),
    );
  };
};

/** The store's three items, built directly, with the store's conditions, in one transaction. */
export const rawThreeItems = (client: DynamoDBClient, tableName: string): ((command: PeerCommand) => Promise<void>) => async (command) => {
  const recordedAt = new Date().toISOString();
  const { streamId, version } = command;
  const event = { streamId, version, type: command.type, schemaVersion: 1, data: command.data, meta: command.meta, occurredOn: '2024-03-15', recordedAt, prevHash: GENESIS_HASH, hash: GENESIS_HASH };
  const head = { streamId, version, lastHash: GENESIS_HASH, updatedAt: recordedAt };
  const first = version === 1;
  const putNew = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'PK' } };
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: toHeadItem(head),
            ...(first
              ? putNew
              : {
                  ConditionExpression: '#version = :previous AND #lastHash = :lastHash',
                  ExpressionAttributeNames: { '#version': 'version', '#lastHash': 'lastHash' },
                  ExpressionAttributeValues: { ':previous': { N: String(version - 1) }, ':lastHash': { S: GENESIS_HASH } },
                }),
          },
        },
        { Put: { TableName: tableName, Item: toEventItem(event, 8), ...putNew } },
        { Put: { TableName: tableName, Item: toIdempotencyItem({ key: command.idempotencyKey, requestHash: command.requestHash, result: command.result, createdAt: recordedAt }), ...putNew } },
      ],
    }),
  );
};
