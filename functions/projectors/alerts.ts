// Alerts reactor: keeps, per fund, the running sums behind three plan indicators, and judges them
// (issue 20 §3): each event that moves an indicator is measured against the thresholds of the policy
// version in force on its business date (domain/indicator-levels.ts), and where the level differs
// from the indicator's alert stream, the reactor runs the judgeIndicator command, which judges again
// under the pipeline's policy head, records the policyId and raises, moves or resolves the alert
// stream in one transaction. The alert's view then comes from its stream (./alert-lifecycle), so the
// indicator alerts are acknowledged and published on the bus like every alert.
//
// The judge runs before this projection's own transaction and is idempotent (its key is the event
// and indicator), and the level it compares with is the alert stream's, so a retry, a redelivery or
// two streams of one fund racing leave the alert where the indicator is. A rebuild of the read model
// runs without a judge: the alert streams are in the store already.
//
// Ratios are those of domain/kpi (ratioBps, half up) but cumulative over the fund's life.
import { fundIdOf } from '../../events/registry';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { EventEnvelope } from '../../events/envelope';
import { originalOf } from '../../domain/reversal';
import { DEFAULT_POLICIES, type PolicyVersion } from '../../domain/policy';
import { type PolicyBook, policyInForce } from '../../domain/policy-book';
import { type IndicatorLevel, levelOf, valueBps } from '../../domain/indicator-levels';
import { batchGetAll } from '../store/batch-get';
import { bigintOf, type Item, keyOf, numberOf, stringOf } from '../store/read-models/items';
import { OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';
import { ALERT_LEVELS, type IndicatorName } from '../store/read-models/views';
import { alertLifecycleEffects, isAlertLifecycleEvent } from './alert-lifecycle';
import type { Projection, ReadTable } from './cursor-projector';

export { BRIDGE_OVERDUE_WARN_BPS, levelOf, valueBps } from '../../domain/indicator-levels';

const OWNER = 'alerts' as const;
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

/**
 * What the reactor needs besides the read table: the policy book (read once per run of events) and,
 * live only, the judge that keeps the alert streams in line (a rebuild has none).
 */
export interface AlertsDeps {
  policyBook: () => Promise<PolicyBook>;
  judge?: IndicatorJudge;
}

/** The alert streams' side: their level now, and the command that moves them. */
export interface IndicatorJudge {
  levelOf(fundId: string, indicator: IndicatorName): Promise<IndicatorLevel>;
  /** Judges the indicator at the event; answers the level the alert now stands at. */
  judge(fundId: string, indicator: IndicatorName, value: number, cause: EventEnvelope): Promise<IndicatorLevel>;
}

/** The fund's indicator items a run may move, read together (one BatchGetItem), by indicator. */
const readIndicators = async ({ client, tableName }: ReadTable, fundId: string, indicators: readonly IndicatorName[]): Promise<Map<IndicatorName, Item>> => {
  if (indicators.length === 0) return new Map();
  const bySk = new Map((await batchGetAll(client, tableName, indicators.map((indicator) => keyOf(readKeys.indicator(fundId, indicator))))).map((item) => [stringOf(item.SK), item]));
  return new Map(indicators.flatMap((indicator): [IndicatorName, Item][] => {
    const item = bySk.get(readKeys.indicator(fundId, indicator).SK);
    return item === undefined ? [] : [[indicator, item]];
  }));
};

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

/** The version in force on a date; version 0 before any (the pipeline refused such dates, so only old test data reaches it). */
const thresholdsOn = (book: PolicyBook, date: string): PolicyVersion => policyInForce(book, date) ?? (DEFAULT_POLICIES[0] as PolicyVersion);

/** One indicator's value and level after one event of a run. */
interface Judged {
  event: EventEnvelope;
  value: number;
  level: Level;
}

/**
 * One delta of one event on an indicator: its next state. An alert kept in the read model alone
 * (before issue 20 §3) is resolved when the level moves on; new alerts are alert streams.
 */
const step = (state: IndicatorState, event: EventEnvelope, delta: IndicatorDelta, book: PolicyBook, tableName: string): { next: IndicatorState; writes: TransactWriteItem[] } => {
  const numerator = state.numerator + delta.numerator;
  const denominator = state.denominator + delta.denominator;
  const value = valueBps(delta.indicator, numerator, denominator);
  const { level } = levelOf(delta.indicator, value, thresholdsOn(book, event.occurredOn));
  const next: IndicatorState = { ...state, moves: state.moves + 1, numerator, denominator, value, level };
  const writes: TransactWriteItem[] = [];
  if (level === state.level || state.openAlert === undefined) return { next, writes };
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
        ':by': { M: { streamId: { S: event.streamId }, version: { N: String(event.version) } } },
      },
    },
  });
  next.openAlert = undefined;
  return { next, writes };
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
 * Brings each moved indicator's alert stream in line, event by event: wherever the level measured
 * after an event differs from the alert's, the judge runs at that event (so the alert names the
 * event that crossed and the policy of its date) and its answer is the alert's level from then on.
 */
const judgeRun = async (judge: IndicatorJudge, fundId: string, judged: ReadonlyMap<IndicatorName, readonly Judged[]>, alertLevels: ReadonlyMap<IndicatorName, IndicatorLevel>): Promise<void> => {
  await Promise.all(
    [...judged].map(async ([indicator, steps]) => {
      let alertLevel = alertLevels.get(indicator) ?? (await judge.levelOf(fundId, indicator));
      for (const { event, value, level } of steps) if (level !== alertLevel) alertLevel = await judge.judge(fundId, indicator, value, event);
    }),
  );
};

/**
 * Writes of a run of consecutive events of one fund (one stream's, or a batch's streams of the fund
 * in the batch's order: projectShared): each indicator read once and Put once with its final state.
 * The run ends before an event that would not fit in maxItems, or an alert stream's event.
 */
export const alertsChunkEffects = async (events: readonly EventEnvelope[], table: ReadTable, maxItems: number, deps: AlertsDeps): Promise<{ taken: number; effects: TransactWriteItem[] }> => {
  // An alert stream's events keep their own view, one event per transaction (they are few).
  const [first] = events;
  if (first !== undefined && isAlertLifecycleEvent(first)) return { taken: 1, effects: await alertLifecycleEffects(first, table) };
  // A run is one fund's (sharedKeyOf). An event of no fund (a policy version) moves no indicator.
  const fundId = first === undefined ? '' : (fundIdOf(first) ?? '');
  if (events.every((event) => indicatorDeltas(event).length === 0)) return { taken: events.length, effects: [] };
  // The policy book, every indicator the run's events move and their alert streams' levels, read
  // side by side before the run: the policy's head and the alerts' heads in one BatchGetItem.
  const touched = [...new Set(events.flatMap((event) => indicatorDeltas(event).map((delta) => delta.indicator)))];
  const { judge } = deps;
  const [book, indicatorItems, alertLevels] = await Promise.all([
    deps.policyBook(),
    readIndicators(table, fundId, touched),
    judge === undefined ? new Map<IndicatorName, IndicatorLevel>() : Promise.all(touched.map(async (indicator) => [indicator, await judge.levelOf(fundId, indicator)] as const)).then((levels) => new Map(levels)),
  ]);
  const states = new Map<IndicatorName, IndicatorState>();
  const judged = new Map<IndicatorName, Judged[]>();
  const writes: TransactWriteItem[] = [];
  let taken = 0;
  for (const event of events) {
    // An alert stream's event ends a run of indicator events (a run of a fund's streams may hold one).
    if (taken > 0 && isAlertLifecycleEvent(event)) break;
    const trial = new Map(states);
    const eventWrites: TransactWriteItem[] = [];
    const eventJudged: [IndicatorName, Judged][] = [];
    for (const delta of indicatorDeltas(event)) {
      // One fund: the indicator name alone identifies the item.
      const state = trial.get(delta.indicator) ?? stateOf(fundId, delta.indicator, indicatorItems.get(delta.indicator));
      const result = step(state, event, delta, book, table.tableName);
      trial.set(delta.indicator, result.next);
      eventWrites.push(...result.writes);
      eventJudged.push([delta.indicator, { event, value: result.next.value, level: result.next.level }]);
    }
    const moved = [...trial.values()].filter((s) => s.moves > 0).length;
    if (taken > 0 && writes.length + eventWrites.length + moved > maxItems) break;
    for (const [name, state] of trial) states.set(name, state);
    writes.push(...eventWrites);
    for (const [name, j] of eventJudged) judged.set(name, [...(judged.get(name) ?? []), j]);
    taken += 1;
  }
  if (judge !== undefined) await judgeRun(judge, fundId, judged, alertLevels);
  const indicators = [...states.values()].filter((s) => s.moves > 0).map((s) => indicatorPut(s, table.tableName));
  return { taken, effects: [...writes, ...indicators] };
};

/** The alerts consumer's projection over its policy book and (live) judge. */
export const createAlertsProjection = (deps: AlertsDeps): Projection => ({
  consumer: OWNER,
  effects: async (event, table) => (await alertsChunkEffects([event], table, Number.MAX_SAFE_INTEGER, deps)).effects,
  chunkEffects: (events, table, maxItems) => alertsChunkEffects(events, table, maxItems, deps),
  readsAcrossStreams: true,
  // A fund's indicators are read and Put back under their revision by every stream of the fund.
  sharedKeyOf: (event) => fundIdOf(event),
});
