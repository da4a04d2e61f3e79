import { execFileSync } from 'node:child_process';
import { ListTablesCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTables } from '../../infra/local/create-tables';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();

const javaAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('DynamoDB Local starter', () => {
  it('creates the events table with the month index and a NEW_IMAGE stream', async () => {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: db.eventsTableName }));
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('GSI1');
    expect(Table?.GlobalSecondaryIndexes?.[0]?.Projection?.ProjectionType).toBe('ALL');
    expect(Table?.StreamSpecification?.StreamViewType).toBe('NEW_IMAGE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('creating the tables again is a no-op', async () => {
    await createTables(db.client, { eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    const { TableNames } = await db.client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining([db.eventsTableName, db.readTableName]));
  });

  it('refuses a port that is already in use with a clear error', async () => {
    const port = Number(new URL(db.endpoint).port);
    await expect(startDynamoLocal({ port })).rejects.toThrow(`port ${port} is already in use`);
  });

  it('stop() leaves no java process behind', async () => {
    const local = await startDynamoLocal({});
    const group = (): string[] => {
      try {
        return execFileSync('pgrep', ['-g', String(local.pid)]).toString().trim().split('\n');
      } catch {
        return []; // pgrep exits 1 when nothing matches
      }
    };
    expect(group().length).toBeGreaterThan(0);
    await local.stop();
    expect(javaAlive(local.pid)).toBe(false);
    expect(group()).toEqual([]);
  });
});
