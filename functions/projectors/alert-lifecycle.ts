// The alert view of alerts kept as event streams (events/alert-events.ts), every kind since issue 20
// §3: AlertRaised puts the view and a pointer from the alertId to it; acknowledgement and resolution
// update the view the pointer names. Part of the alerts consumer, so GET /v1/alerts lists them all,
// and a rebuild of the alerts read model brings them back from the store.
import { type AttributeValue, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { EventEnvelope } from '../../events/envelope';
import { documentItem, keyOf, stringOf } from '../store/read-models/items';
import { OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';
import { type AlertView, alertView } from '../store/read-models/views';
import { ALERT_EVENT_TYPES } from '../shared/routing';
import type { ReadTable } from './cursor-projector';

const OWNER = 'alerts' as const;

export const isAlertLifecycleEvent = (event: EventEnvelope): boolean => (ALERT_EVENT_TYPES as readonly string[]).includes(event.type);

const viewKeyOf = async ({ client, tableName }: ReadTable, alertId: string): Promise<{ PK: string; SK: string }> => {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(readKeys.alertPointer(alertId)), ConsistentRead: true }));
  const sk = stringOf(Item?.viewSk);
  // The raise is the stream's first event and streams apply in order: a missing pointer is a bug.
  if (sk === undefined) throw new Error(`alert ${alertId}: no view to update (its AlertRaised was not applied)`);
  return { PK: readKeys.alertsPartition, SK: sk };
};

const update = (tableName: string, key: { PK: string; SK: string }, values: Record<string, AttributeValue>): TransactWriteItem => {
  const names = Object.keys(values);
  return {
    Update: {
      TableName: tableName,
      Key: keyOf(key),
      UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, values[n] as AttributeValue])),
    },
  };
};

/** The event named by a cause that carries its version (indicator alerts). */
const causedBy = (cause: { streamId: string; version?: number | undefined }): { streamId: string; version: number } | undefined =>
  cause.version === undefined ? undefined : { streamId: cause.streamId, version: cause.version };

export const alertLifecycleEffects = async (event: EventEnvelope, table: ReadTable): Promise<TransactWriteItem[]> => {
  const at = { M: { streamId: { S: event.streamId }, version: { N: String(event.version) } } };
  switch (event.type) {
    case 'AlertRaised': {
      const d = event.data;
      const key = readKeys.alert(event.recordedAt, d.fundId, d.kind, event.streamId, event.version);
      const view: AlertView = {
        alertId: d.alertId,
        fundId: d.fundId,
        indicator: d.kind,
        kind: d.kind,
        level: d.level,
        // An indicator alert's value and threshold; a reconciliation alert's count of discrepancies against 0.
        valueBps: d.valueBps ?? d.discrepancyCount ?? 0,
        thresholdBps: d.thresholdBps ?? 0,
        raisedAt: event.recordedAt,
        raisedOn: d.raisedOn,
        // An indicator alert is raised by the event that crossed (its cause), as before issue 20 §3.
        raisedBy: causedBy(d.cause) ?? { streamId: event.streamId, version: event.version },
        status: 'open',
        summary: d.summary,
        cause: d.cause,
        ...(d.policyId === undefined ? {} : { policyId: d.policyId }),
      };
      return [
        { Put: { TableName: table.tableName, Item: documentItem(key, OWNER, alertView, view) } },
        { Put: { TableName: table.tableName, Item: { ...keyOf(readKeys.alertPointer(d.alertId)), viewSk: { S: key.SK }, [OWNER_ATTRIBUTE]: { S: OWNER } } } },
      ];
    }
    case 'AlertAcknowledged': {
      const key = await viewKeyOf(table, event.data.alertId);
      return [update(table.tableName, key, { status: { S: 'acknowledged' }, acknowledgedAt: { S: event.recordedAt }, acknowledgedBy: { S: event.data.by }, note: { S: event.data.note } })];
    }
    case 'AlertResolved': {
      const d = event.data;
      const key = await viewKeyOf(table, d.alertId);
      const resolution = { M: { reason: { S: d.reason }, cause: { M: { streamId: { S: d.cause.streamId }, type: { S: d.cause.type } } } } };
      const by = causedBy(d.cause);
      const resolvedBy = by === undefined ? at : { M: { streamId: { S: by.streamId }, version: { N: String(by.version) } } };
      return [update(table.tableName, key, { status: { S: 'resolved' }, resolvedAt: { S: event.recordedAt }, resolvedOn: { S: d.resolvedOn }, resolvedBy, resolution })];
    }
    default:
      return [];
  }
};
