// Alerts reactor: keeps, per fund, the running sums behind three plan indicators and raises an
// alert when an indicator crosses into a warning or breach level (and clears it when it comes
// back). Thresholds come from the policy in force on the event's business date (domain/policy).
//
//   bridge-overdue-ratio   overdue bridge principal ÷ fiscal capital  warn ≥ 30 %, breach ≥ suspendAtOverdueShareBps (40 %)
//   average-guarantee-fee  Σ principal × fee bp ÷ Σ principal         breach > averageFeeRateMaxBps (1 %)
//   compensation-rate      Σ defaulted principal loss ÷ Σ issued      breach > compensationRateWarnBps (5 %)
//
// Ratios are those of domain/kpi (ratioBps, half up) but cumulative over the fund's life.
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { EventEnvelope } from '../../events/envelope';
import { ratioBps } from '../../domain/money';
import { policyOn, type PolicyVersion } from '../../domain/policy';
import { bigintOf, documentItem, type Item, keyOf, numberOf, stringOf } from '../store/read-models/items';
import { OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';
import { ALERT_LEVELS, type AlertView, alertView, type IndicatorName } from '../store/read-models/views';
import type { Projection, ReadTable } from './cursor-projector';

const OWNER = 'alerts' as const;
/** Early warning on the bridge overdue ratio, before lending is suspended at the policy's level. */
export const BRIDGE_OVERDUE_WARN_BPS = 3000;

const levelSchema = z.enum(['ok', ...ALERT_LEVELS]);
export type Level = z.infer<typeof levelSchema>;

export interface IndicatorDelta {
  indicator: IndicatorName;
  numerator: bigint;
  denominator: bigint;
}

/** What one event adds to which indicator's numerator and denominator. */
export const indicatorDeltas = (event: EventEnvelope): IndicatorDelta[] => {
  switch (event.type) {
    case 'CapitalInjected':
      return [{ indicator: 'bridge-overdue-ratio', numerator: 0n, denominator: event.data.amount }];
    case 'BridgeLoanWentOverdue':
      return [{ indicator: 'bridge-overdue-ratio', numerator: event.data.principal, denominator: 0n }];
    case 'BridgeLoanRepaid':
      return event.data.wasOverdue ? [{ indicator: 'bridge-overdue-ratio', numerator: -event.data.principal, denominator: 0n }] : [];
    case 'GuaranteeIssued': {
      const { principal, feeRateBps } = event.data;
      return [
        { indicator: 'average-guarantee-fee', numerator: principal * BigInt(feeRateBps), denominator: principal },
        { indicator: 'compensation-rate', numerator: 0n, denominator: principal },
      ];
    }
    case 'GuaranteeDefaulted':
      return [{ indicator: 'compensation-rate', numerator: event.data.principalLoss, denominator: 0n }];
    default:
      return [];
  }
};

/** Indicator value in bp: the fee indicator's numerator is already in fen × bp. */
export const valueBps = (indicator: IndicatorName, numerator: bigint, denominator: bigint): number =>
  indicator === 'average-guarantee-fee' ? ratioBps(numerator, denominator * 10_000n) : ratioBps(numerator, denominator);

/** The level a value stands at, and the threshold that level is about. */
export const levelOf = (indicator: IndicatorName, value: number, policy: PolicyVersion): { level: Level; thresholdBps: number } => {
  switch (indicator) {
    case 'bridge-overdue-ratio': {
      const breach = policy.bridge.suspendAtOverdueShareBps;
      if (value >= breach) return { level: 'breach', thresholdBps: breach };
      return value >= BRIDGE_OVERDUE_WARN_BPS ? { level: 'warn', thresholdBps: BRIDGE_OVERDUE_WARN_BPS } : { level: 'ok', thresholdBps: breach };
    }
    case 'average-guarantee-fee': {
      const max = policy.targets.averageFeeRateMaxBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
    case 'compensation-rate': {
      const max = policy.targets.compensationRateWarnBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
  }
};

const readIndicator = async ({ client, tableName }: ReadTable, fundId: string, indicator: IndicatorName): Promise<Item | undefined> =>
  (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(readKeys.indicator(fundId, indicator)), ConsistentRead: true }))).Item;

/** Writes for one indicator moved by one event: its sums and level, and the alerts it raises or clears. */
const indicatorEffects = async (event: EventEnvelope, delta: IndicatorDelta, table: ReadTable): Promise<TransactWriteItem[]> => {
  const fundId = event.data.fundId;
  const current = await readIndicator(table, fundId, delta.indicator);
  const numerator = bigintOf(current?.numerator) + delta.numerator;
  const denominator = bigintOf(current?.denominator) + delta.denominator;
  const revision = numberOf(current?.revision);
  const previousLevel = levelSchema.parse(stringOf(current?.level) ?? 'ok');
  const value = valueBps(delta.indicator, numerator, denominator);
  const { level, thresholdBps } = levelOf(delta.indicator, value, policyOn(event.occurredOn));
  const openAlert = stringOf(current?.openAlertSk);
  const at = { streamId: event.streamId, version: event.version };

  const writes: TransactWriteItem[] = [];
  let nextOpen = openAlert;
  if (level !== previousLevel) {
    if (openAlert !== undefined) {
      writes.push({
        Update: {
          TableName: table.tableName,
          Key: keyOf({ PK: readKeys.alertsPartition, SK: openAlert }),
          UpdateExpression: 'SET #status = :cleared, clearedAt = :at, clearedBy = :by',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':cleared': { S: 'cleared' },
            ':open': { S: 'open' },
            ':at': { S: event.recordedAt },
            ':by': { M: { streamId: { S: at.streamId }, version: { N: String(at.version) } } },
          },
        },
      });
      nextOpen = undefined;
    }
    if (level !== 'ok') {
      const key = readKeys.alert(event.recordedAt, fundId, delta.indicator, event.streamId, event.version);
      const alert: AlertView = {
        alertId: key.SK,
        fundId,
        indicator: delta.indicator,
        level,
        valueBps: value,
        thresholdBps,
        raisedAt: event.recordedAt,
        raisedOn: event.occurredOn,
        raisedBy: at,
        status: 'open',
      };
      writes.push({ Put: { TableName: table.tableName, Item: documentItem(key, OWNER, alertView, alert) } });
      nextOpen = key.SK;
    }
  }
  // Optimistic lock on the indicator: streams of one fund share it, and the read above must still hold.
  writes.push({
    Put: {
      TableName: table.tableName,
      Item: {
        ...keyOf(readKeys.indicator(fundId, delta.indicator)),
        fundId: { S: fundId },
        indicator: { S: delta.indicator },
        numerator: { N: numerator.toString() },
        denominator: { N: denominator.toString() },
        valueBps: { N: String(value) },
        level: { S: level },
        revision: { N: String(revision + 1) },
        ...(nextOpen === undefined ? {} : { openAlertSk: { S: nextOpen } }),
        [OWNER_ATTRIBUTE]: { S: OWNER },
      },
      ...(current === undefined
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': { N: String(revision) } } }),
    },
  });
  return writes;
};

export const alertsEffects = async (event: EventEnvelope, table: ReadTable): Promise<TransactWriteItem[]> => {
  const writes: TransactWriteItem[] = [];
  for (const delta of indicatorDeltas(event)) writes.push(...(await indicatorEffects(event, delta, table)));
  return writes;
};

export const alertsProjection: Projection = { consumer: OWNER, effects: alertsEffects };
