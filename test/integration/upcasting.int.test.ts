import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from '../../events/envelope';
import { decodeEvent, SCHEMA_VERSIONS } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { eventKey, streamKey } from '../../functions/store/event-item';
import { createEventStore } from '../../functions/store/event-store';
import { EVENTS_TABLE } from '../../functions/shared/tables';
import { useDynamoLocal } from '../support/dynamo';

// A GuaranteeIssued written before v2 (fee as a percent string, no risk split) stays stored as v1
// forever; every read upcasts it to the current shape.

const dynamo = useDynamoLocal();
const meta = { actor: 'migration', role: 'finance-bureau', requestId: 'r1', correlationId: 'c1' };

const v1Data = {
  fundId: 'pool1',
  guaranteeId: 'g-2023-7',
  agency: '聊城市融资担保有限公司',
  borrower: { name: '某农业合作社', creditCode: '91350100M000100Y43', category: 'agri', county: 'yanggu' },
  lender: '聊城农商银行',
  principal: '3000000.00',
  feeRatePercent: '1.50',
  startsOn: '2023-06-01',
  maturesOn: '2024-05-31',
};

describe('upcasting events read from DynamoDB', () => {
  it('reads a stored v1 GuaranteeIssued as v2 while the item itself stays v1', async () => {
    const store = createEventStore({ client: dynamo.client, tableName: dynamo.eventsTableName });
    const streamId = streamIds.guarantee('pool1', 'g-2023-7');
    await store.append(
      [{ streamId, expectedVersion: 0, events: [{ type: 'GuaranteeIssued', schemaVersion: 1, data: v1Data, occurredOn: '2023-06-01' }] }],
      { meta },
    );

    const [stored] = await store.readStream(streamId);
    expect(stored).toMatchObject({ schemaVersion: 1, data: { feeRatePercent: '1.50' } });

    const envelope = toEnvelope(stored!);
    expect(envelope.type).toBe('GuaranteeIssued');
    expect(envelope.storedSchemaVersion).toBe(1);
    if (envelope.type !== 'GuaranteeIssued') return;
    expect(SCHEMA_VERSIONS.GuaranteeIssued).toBe(2);
    expect(envelope.data.feeRateBps).toBe(150);
    expect(envelope.data.riskShare).toEqual({ guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 });
    expect(envelope.data.principal).toBe(300_000_000n);

    // Upcasting happens on read only: the raw item is unchanged, so the hash chain still verifies.
    const raw = await dynamo.client.send(
      new GetItemCommand({
        TableName: dynamo.eventsTableName,
        Key: { [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) }, [EVENTS_TABLE.sortKey]: { S: eventKey(1) } },
      }),
    );
    const item = unmarshall(raw.Item ?? {});
    expect(item.schemaVersion).toBe(1);
    expect(JSON.stringify(item.data)).toContain('feeRatePercent');
    expect(await store.verifyStream(streamId)).toMatchObject({ ok: true });
  });

  it('decodes a v2 event written today alongside, with no upcasting', async () => {
    const store = createEventStore({ client: dynamo.client, tableName: dynamo.eventsTableName });
    const streamId = streamIds.guarantee('pool1', 'g-2024-1');
    const { feeRatePercent: _old, ...rest } = v1Data;
    const data = { ...rest, guaranteeId: 'g-2024-1', feeRateBps: 80, riskShare: { guarantorBps: 5000, reguarantorBps: 2500, bankBps: 2000, poolBps: 500 } };
    await store.append([{ streamId, expectedVersion: 0, events: [{ type: 'GuaranteeIssued', schemaVersion: 2, data, occurredOn: '2024-02-01' }] }], { meta });
    const [stored] = await store.readStream(streamId);
    const event = decodeEvent(stored!);
    expect(event.type === 'GuaranteeIssued' && event.data.riskShare.poolBps).toBe(500);
  });
});
