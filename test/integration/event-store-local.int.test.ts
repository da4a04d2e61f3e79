import { execFileSync } from 'node:child_process';
import { ListTablesCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTables } from '../../infra/local/create-tables';
import { FAST_START_JVM_OPTIONS, JAVA_MISSING_MESSAGE, startDynamoLocal } from '../../infra/local/dynamo-local';
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

  it('says in one line what to install when java is missing', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(startDynamoLocal({})).rejects.toThrow(JAVA_MISSING_MESSAGE);
    } finally {
      process.env['PATH'] = path;
    }
    expect(JAVA_MISSING_MESSAGE).not.toContain('\n');
  });

  it('keeps data in a data directory across restarts', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createDynamoClient } = await import('../../functions/store/dynamo-client');
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-'));
    try {
      for (const round of [1, 2]) {
        const local = await startDynamoLocal({ dataDir, jvmOptions: FAST_START_JVM_OPTIONS });
        const client = createDynamoClient(local.endpoint);
        if (round === 1) await createTables(client, { eventsTableName: 'kept', readTableName: 'kept-read' });
        const { TableNames } = await client.send(new ListTablesCommand({}));
        client.destroy();
        await local.stop();
        expect(TableNames).toContain('kept');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('starts DynamoDB Local with its telemetry off, and leaves our own environment as it was', async () => {
    const before = { ...process.env };
    const local = await startDynamoLocal({});
    try {
      const { readFileSync } = await import('node:fs');
      const environ = readFileSync(`/proc/${local.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('DDB_LOCAL_TELEMETRY=0');
      expect(environ.find((entry) => entry.startsWith('JAVA_TOOL_OPTIONS='))).toContain('-XX:TieredStopAtLevel=1');
      expect(process.env).toEqual(before);
    } finally {
      await local.stop();
    }
  });

  it('runs a data directory\'s DynamoDB Local (npm start\'s) with the parallel collector and the full JIT', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-'));
    const local = await startDynamoLocal({ dataDir });
    try {
      const options = readFileSync(`/proc/${local.pid}/environ`, 'utf8').split('\0').find((entry) => entry.startsWith('JAVA_TOOL_OPTIONS='));
      expect(options).toContain('-XX:+UseParallelGC');
      expect(options).not.toContain('TieredStopAtLevel');
    } finally {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
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
