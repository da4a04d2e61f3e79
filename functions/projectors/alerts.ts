// Alerts reactor: keeps, per fund, the running sums behind three plan indicators and raises an
// alert when an indicator crosses into a warning or breach level (and clears it when it comes
// back). Thresholds come from the policy in force on the event's business date (domain/policy).
//
//   bridge-overdue-ratio   overdue bridge principal ÷ fiscal capital  warn ≥ 30 %, breach ≥ suspendAtOverdueShareBps (40 %)
//   average-guarantee-fee  Σ principal × fee bp ÷ Σ principal         breach > averageFeeRateMaxBps (1 %)
//   compensation-rate      Σ defaulted principal loss ÷ Σ issued      breach > compensationRateWarnBps (5 %)
//
// Ratios are those of domain/kpi (ratioBps, half up) but cumulative over the fund's life.
import { fundIdOf } from '../../events/registry';
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { EventEnvelope } from '../../events/envelope';
import { ratioBps } from '../../domain/money';
import { originalOf } from '../../domain/reversal';
import { DEFAULT_POLICIES, versionInForce, type PolicyVersion } from '../../domain/policy';
import { bigintOf, documentItem, type Item, keyOf, numberOf, stringOf } from '../store/read-models/items';
import { OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';
import { ALERT_LEVELS, type AlertView, alertView, type IndicatorName } from '../store/read-models/views';
import { alertLifecycleEffects, isAlertLifecycleEvent } from './alert-lifecycle';
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
  // A reversal (冲正) takes back exactly what its original added: a voided guarantee leaves the fee and compensation rates.
  if (event.type === 'EntryReversed') {
    return indicatorDeltas({ ...event, ...originalOf(event.data) }).map((d) => ({ ...d, numerator: -d.numerator, denominator: -d.denominator }));
  }
  switch (event.type) {
    case 'CapitalInjected':
      return [{ indicator: 'bridge-overdue-ratio', numerator: 0n, denominator: event.data.amount }];
    case 'OpeningBalanceRecorded':
      return [{ indicator: 'bridge-overdue-ratio', numerator: 0n, denominator: event.data.capital }];
    case 'CapitalReturned':
      return [{ indicator: 'bridge-overdue-ratio', numerator: 0n, denominator: -event.data.amount }];
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
      const max = policy.indicators.averageFeeRateMaxBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
    case 'compensation-rate': {
      const max = policy.indicators.compensationRateWarnBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
  }
};

const readIndicator = async ({ client, tableName }: ReadTable, fundId: string, indicator: IndicatorName): Promise<Item | undefined> =>
  (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(readKeys.indicator(fundId, indicator)), ConsistentRead: true }))).Item;

/** An indicator as read at the start of a run of events, and as those events left it. */
interface IndicatorState {
  fundId: string;
  indicator: IndicatorName;
  /** Revision read (undefined: the item did not exist), the lock the final Put is conditioned on. */
  readRevision: number | undefined;
  /** Deltas applied since the read: the revision moves by one per delta, however runs are cut. */
  moves: number;
  numerator: bigint;
  denominator: bigint;
  value: number;
  level: Level;
  openAlert: string | undefined;
}

const stateOf = (fundId: string, indicator: IndicatorName, current: Item | undefined): IndicatorState => {
  const numerator = bigintOf(current?.numerator);
  const denominator = bigintOf(current?.denominator);
  return {
    fundId,
    indicator,
    readRevision: current === undefined ? undefined : numberOf(current.revision),
    moves: 0,
    numerator,
    denominator,
    value: numberOf(current?.valueBps),
    level: levelSchema.parse(stringOf(current?.level) ?? 'ok'),
    openAlert: stringOf(current?.openAlertSk),
  };
};

// The projector has no policy stream to read: it judges by version 0's thresholds (issue 20 moves
// these alerts onto event streams raised by the commands, which carry their own version).
const thresholdsOn = (date: string): PolicyVersion => versionInForce(DEFAULT_POLICIES, date) ?? (DEFAULT_POLICIES[0] as PolicyVersion);

/** One delta of one event on an indicator: its next state, and the alerts it raises or clears. */
const step = (state: IndicatorState, event: EventEnvelope, delta: IndicatorDelta, tableName: string): { next: IndicatorState; writes: TransactWriteItem[]; raised?: string } => {
  const numerator = state.numerator + delta.numerator;
  const denominator = state.denominator + delta.denominator;
  const value = valueBps(delta.indicator, numerator, denominator);
  const { level, thresholdBps } = levelOf(delta.indicator, value, thresholdsOn(event.occurredOn));
  const at = { streamId: event.streamId, version: event.version };
  const next: IndicatorState = { ...state, moves: state.moves + 1, numerator, denominator, value, level };
  const writes: TransactWriteItem[] = [];
  if (level === state.level) return { next, writes };
  if (state.openAlert !== undefined) {
    writes.push({
      Update: {
        TableName: tableName,
        Key: keyOf({ PK: readKeys.alertsPartition, SK: state.openAlert }),
        UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, resolvedBy = :by',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':resolved': { S: 'resolved' },
          ':open': { S: 'open' },
          ':at': { S: event.recordedAt },
          ':by': { M: { streamId: { S: at.streamId }, version: { N: String(at.version) } } },
        },
      },
    });
    next.openAlert = undefined;
  }
  if (level === 'ok') return { next, writes };
  const key = readKeys.alert(event.recordedAt, state.fundId, delta.indicator, event.streamId, event.version);
  const alert: AlertView = {
    alertId: key.SK,
    fundId: state.fundId,
    indicator: delta.indicator,
    level,
    valueBps: value,
    thresholdBps,
    raisedAt: event.recordedAt,
    raisedOn: event.occurredOn,
    raisedBy: at,
    status: 'open',
  };
  writes.push({ Put: { TableName: tableName, Item: documentItem(key, OWNER, alertView, alert) } });
  next.openAlert = key.SK;
  return { next, writes, raised: key.SK };
};

/** The indicator's final Put, optimistically locked: streams of one fund share it, and the read must still hold. */
const indicatorPut = (state: IndicatorState, tableName: string): TransactWriteItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keyOf(readKeys.indicator(state.fundId, state.indicator)),
      fundId: { S: state.fundId },
      indicator: { S: state.indicator },
      numerator: { N: state.numerator.toString() },
      denominator: { N: state.denominator.toString() },
      valueBps: { N: String(state.value) },
      level: { S: state.level },
      revision: { N: String((state.readRevision ?? 0) + state.moves) },
      ...(state.openAlert === undefined ? {} : { openAlertSk: { S: state.openAlert } }),
      [OWNER_ATTRIBUTE]: { S: OWNER },
    },
    ...(state.readRevision === undefined
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': { N: String(state.readRevision) } } }),
  },
});

/**
 * Writes of a run of consecutive events: each indicator read once and Put once with its final
 * state. The run ends before an event that would clear an alert raised within it (a transaction
 * touches an item once) or would not fit in maxItems.
 */
export const alertsChunkEffects = async (events: readonly EventEnvelope[], table: ReadTable, maxItems: number): Promise<{ taken: number; effects: TransactWriteItem[] }> => {
  // An alert stream's events keep their own view, one event per transaction (they are few).
  const [first] = events;
  if (first !== undefined && isAlertLifecycleEvent(first)) return { taken: 1, effects: await alertLifecycleEffects(first, table) };
  const states = new Map<IndicatorName, IndicatorState>();
  const alertWrites: TransactWriteItem[] = [];
  const raisedHere = new Set<string>();
  let taken = 0;
  for (const event of events) {
    // An event of no fund (a policy version) moves no indicator: indicatorDeltas yields nothing for it.
    const fundId = fundIdOf(event) ?? '';
    const trial = new Map(states);
    const writes: TransactWriteItem[] = [];
    const raised: string[] = [];
    let clash = false;
    for (const delta of indicatorDeltas(event)) {
      // A run is one stream, hence one fund: the indicator name alone identifies the item.
      const state = trial.get(delta.indicator) ?? stateOf(fundId, delta.indicator, await readIndicator(table, fundId, delta.indicator));
      const result = step(state, event, delta, table.tableName);
      const clears = state.openAlert !== undefined && result.next.openAlert !== state.openAlert;
      if (clears && raisedHere.has(state.openAlert as string)) clash = true;
      trial.set(delta.indicator, result.next);
      writes.push(...result.writes);
      if (result.raised !== undefined) raised.push(result.raised);
    }
    const moved = [...trial.values()].filter((s) => s.moves > 0).length;
    if (taken > 0 && (clash || alertWrites.length + writes.length + moved > maxItems)) break;
    for (const [name, state] of trial) states.set(name, state);
    alertWrites.push(...writes);
    for (const sk of raised) raisedHere.add(sk);
    taken += 1;
  }
  const indicators = [...states.values()].filter((s) => s.moves > 0).map((s) => indicatorPut(s, table.tableName));
  return { taken, effects: [...alertWrites, ...indicators] };
};

export const alertsEffects = async (event: EventEnvelope, table: ReadTable): Promise<TransactWriteItem[]> =>
  (await alertsChunkEffects([event], table, Number.MAX_SAFE_INTEGER)).effects;

export const alertsProjection: Projection = { consumer: OWNER, effects: alertsEffects, chunkEffects: alertsChunkEffects, readsAcrossStreams: true };
