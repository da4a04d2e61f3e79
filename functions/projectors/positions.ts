// Positions projection: the current state of every guarantee, bridge loan and commitment.
// Each position belongs to exactly one stream, whose cursor serialises its updates, so a plain
// read-evolve-Put is safe: a concurrent writer would fail the cursor condition of the same
// transaction. The evolve functions are pure and tested on their own. A batch of many streams reads
// all their positions in one BatchGetItem and commits them together (cursor-projector.ts).
import { type AttributeValue, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';
import type { EventEnvelope } from '../../events/envelope';
import { fundIdOf } from '../../events/registry';
import { BUREAU_SCOPE } from '../../domain/approval';
import { batchGetAll } from '../store/batch-get';
import { documentItem, fromDocument, keyOf, ReadModelCorrupt, stringOf } from '../store/read-models/items';
import { type PositionKind, readKeys } from '../store/read-models/keys';
import {
  type BridgeLoanView,
  bridgeLoanView,
  type CommitmentView,
  commitmentView,
  type GuaranteeView,
  guaranteeView,
} from '../store/read-models/views';
import { approvalView, subsidyView } from '../store/read-models/grant-views';
import type { Projection, ReadTable } from './cursor-projector';
import { evolveApprovalView, evolveSubsidyView } from './grant-positions';
import { correctionView } from '../store/read-models/correction-views';
import { evolveCorrectionView, undoBridgeLoanView, undoCommitmentView, undoGuaranteeView } from './correction-positions';

const OWNER = 'positions' as const;

const missing = (event: EventEnvelope): never => {
  throw new ReadModelCorrupt(event.streamId, `${event.type} v${event.version} arrived before the position was created`);
};

/** A position brought in on its fund's openedOn says so (docs/migration.md). */
const migrated = (data: { migratedOn?: string | undefined }): { migratedOn?: string } => (data.migratedOn === undefined ? {} : { migratedOn: data.migratedOn });

/** Next state of a guarantee, or undefined when the event does not concern guarantees. */
export const evolveGuarantee = (view: GuaranteeView | undefined, event: EventEnvelope): GuaranteeView | undefined => {
  if (event.type === 'GuaranteeIssued') {
    const d = event.data;
    return {
      fundId: d.fundId,
      guaranteeId: d.guaranteeId,
      status: 'outstanding',
      agency: d.agency,
      borrower: d.borrower,
      lender: d.lender,
      principal: d.principal,
      feeRateBps: d.feeRateBps,
      riskShare: d.riskShare,
      issuedOn: event.occurredOn,
      startsOn: d.startsOn,
      maturesOn: d.maturesOn,
      feesCollected: 0n,
      recovered: 0n,
      ...migrated(d),
      version: event.version,
    };
  }
  const at = { version: event.version };
  switch (event.type) {
    case 'GuaranteeFeeCollected':
      return view === undefined ? missing(event) : { ...view, ...at, feesCollected: view.feesCollected + event.data.amount };
    case 'GuaranteeReleased':
      return view === undefined ? missing(event) : { ...view, ...at, status: 'released', releasedOn: event.occurredOn };
    case 'GuaranteeDefaulted':
      return view === undefined
        ? missing(event)
        : { ...view, ...at, status: 'defaulted', defaultedOn: event.occurredOn, principalLoss: event.data.principalLoss, poolAmount: event.data.poolAmount };
    case 'GuaranteeRecoveryRecorded':
      return view === undefined ? missing(event) : { ...view, ...at, recovered: view.recovered + event.data.poolAmount };
    case 'EntryReversed':
      return view === undefined ? missing(event) : undoGuaranteeView(view, event);
    default:
      return undefined;
  }
};

export const evolveBridgeLoan = (view: BridgeLoanView | undefined, event: EventEnvelope): BridgeLoanView | undefined => {
  switch (event.type) {
    case 'BridgeLoanGranted': {
      const d = event.data;
      return {
        fundId: d.fundId,
        loanId: d.loanId,
        status: 'open',
        borrower: d.borrower,
        bank: d.bank,
        amount: d.amount,
        renewalCommitment: d.renewalCommitment,
        disbursedOn: d.disbursedOn,
        dueOn: d.dueOn,
        ...migrated(d),
        version: event.version,
      };
    }
    case 'BridgeLoanMarkedOverdue':
      return view === undefined ? missing(event) : { ...view, status: 'overdue', overdueOn: event.occurredOn, version: event.version };
    case 'BridgeLoanSettled': {
      const { repaidOn, fee, daysUsed } = event.data;
      return view === undefined ? missing(event) : { ...view, status: 'repaid', repaidOn, fee, daysUsed, version: event.version };
    }
    case 'EntryReversed':
      return view === undefined ? missing(event) : undoBridgeLoanView(view, event);
    default:
      return undefined;
  }
};

export const evolveCommitment = (view: CommitmentView | undefined, event: EventEnvelope): CommitmentView | undefined => {
  switch (event.type) {
    case 'CommitmentMade': {
      const d = event.data;
      return {
        fundId: d.fundId,
        commitmentId: d.commitmentId,
        status: 'active',
        subFund: d.subFund,
        committedOn: d.committedOn,
        committed: d.amount,
        called: 0n,
        paidIn: 0n,
        unfunded: d.amount,
        returned: 0n,
        gains: 0n,
        calls: [],
        distributions: [],
        ...migrated(d),
        version: event.version,
      };
    }
    case 'CapitalCalled': {
      if (view === undefined) return missing(event);
      const { callId, amount, calledOn, dueOn } = event.data;
      return {
        ...view,
        called: view.called + amount,
        unfunded: view.unfunded - amount,
        calls: [...view.calls, { callId, amount, calledOn, dueOn }],
        version: event.version,
      };
    }
    case 'CapitalCallSettled': {
      if (view === undefined) return missing(event);
      const { callId, amount, paidOn } = event.data;
      return {
        ...view,
        paidIn: view.paidIn + amount,
        calls: view.calls.map((call) => (call.callId === callId ? { ...call, paidOn } : call)),
        version: event.version,
      };
    }
    case 'DistributionRecorded': {
      if (view === undefined) return missing(event);
      const { distributionId, receivedOn, returnOfCapital, gain } = event.data;
      return {
        ...view,
        returned: view.returned + returnOfCapital,
        gains: view.gains + gain,
        distributions: [...view.distributions, { distributionId, receivedOn, returnOfCapital, gain }],
        version: event.version,
      };
    }
    case 'EntryReversed':
      return view === undefined ? missing(event) : undoCommitmentView(view, event);
    default:
      return undefined;
  }
};

interface PositionType<S extends z.ZodType> {
  kind: PositionKind;
  schema: S;
  idOf: (event: EventEnvelope) => string | undefined;
  evolve: (view: z.output<S> | undefined, event: EventEnvelope) => z.output<S> | undefined;
}

const idField = (event: EventEnvelope, field: 'guaranteeId' | 'loanId' | 'commitmentId' | 'subsidyId' | 'approvalId' | 'correctionId'): string | undefined => {
  // A reversal names its position through the event it reverses (EntryReversed carries its data).
  const data: Record<string, unknown> = event.type === 'EntryReversed' ? event.data.original.data : event.data;
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
};

const STREAM_TYPES = {
  guarantee: { kind: 'GUARANTEE', schema: guaranteeView, idOf: (e) => idField(e, 'guaranteeId'), evolve: evolveGuarantee } satisfies PositionType<typeof guaranteeView>,
  'bridge-loan': { kind: 'LOAN', schema: bridgeLoanView, idOf: (e) => idField(e, 'loanId'), evolve: evolveBridgeLoan } satisfies PositionType<typeof bridgeLoanView>,
  commitment: { kind: 'COMMITMENT', schema: commitmentView, idOf: (e) => idField(e, 'commitmentId'), evolve: evolveCommitment } satisfies PositionType<typeof commitmentView>,
  subsidy: { kind: 'SUBSIDY', schema: subsidyView, idOf: (e) => idField(e, 'subsidyId'), evolve: evolveSubsidyView } satisfies PositionType<typeof subsidyView>,
  approval: { kind: 'APPROVAL', schema: approvalView, idOf: (e) => idField(e, 'approvalId'), evolve: evolveApprovalView } satisfies PositionType<typeof approvalView>,
  correction: { kind: 'CORRECTION', schema: correctionView, idOf: (e) => idField(e, 'correctionId'), evolve: evolveCorrectionView } satisfies PositionType<typeof correctionView>,
};

/** The stream's position: its type (by stream id) and the key of its one item; undefined when the events hold none. */
interface PositionOf {
  key: ReturnType<typeof readKeys.position>;
  evolve: (item: Record<string, AttributeValue> | undefined) => TransactWriteItem[];
}

/** The position a run of one stream's events moves, and how: evolve its item (read once) through them, Put the result once. */
const positionOf = <S extends z.ZodType>(type: PositionType<S>, events: readonly EventEnvelope[], tableName: string): PositionOf | undefined => {
  const first = events.find((event) => type.idOf(event) !== undefined);
  const id = first === undefined ? undefined : type.idOf(first);
  if (first === undefined || id === undefined) return undefined;
  const key = readKeys.position(fundIdOf(first) ?? BUREAU_SCOPE, type.kind, id);
  const evolve = (item: Record<string, AttributeValue> | undefined): TransactWriteItem[] => {
    let view = item === undefined ? undefined : fromDocument(type.schema, item);
    let changed = false;
    for (const event of events) {
      const next = type.evolve(view, event);
      if (next === undefined) continue;
      // Reads of a position show the policy version its latest command was judged under (issue 20).
      const judged = event.meta.policyId;
      view = judged === undefined ? next : { ...next, policyId: judged };
      changed = true;
    }
    return changed && view !== undefined ? [{ Put: { TableName: tableName, Item: documentItem(key, OWNER, type.schema, view) } }] : [];
  };
  return { key, evolve };
};

/** Only sub-aggregate streams hold positions; fund-stream events (the cash side) are not read here. */
const streamPosition = (events: readonly EventEnvelope[], tableName: string): PositionOf | undefined => {
  const streamId = events[0]?.streamId ?? '';
  // One call per branch keeps each schema tied to its evolve function in the types.
  return streamId.startsWith('guarantee-')
    ? positionOf(STREAM_TYPES.guarantee, events, tableName)
    : streamId.startsWith('bridge-loan-')
      ? positionOf(STREAM_TYPES['bridge-loan'], events, tableName)
      : streamId.startsWith('commitment-')
        ? positionOf(STREAM_TYPES.commitment, events, tableName)
        : streamId.startsWith('subsidy-')
          ? positionOf(STREAM_TYPES.subsidy, events, tableName)
          : streamId.startsWith('approval-')
            ? positionOf(STREAM_TYPES.approval, events, tableName)
            : streamId.startsWith('correction-')
              ? positionOf(STREAM_TYPES.correction, events, tableName)
              : undefined;
};

/** Writes of consecutive events of one stream (a stream holds one position, so any run fits in one Put). */
export const positionsChunkEffects = async (events: readonly EventEnvelope[], { client, tableName }: ReadTable): Promise<{ taken: number; effects: TransactWriteItem[] }> => {
  const position = streamPosition(events, tableName);
  if (position === undefined) return { taken: events.length, effects: [] };
  const { Item: item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(position.key), ConsistentRead: true }));
  return { taken: events.length, effects: position.evolve(item) };
};

/** Each stream's writes for its run of events, the positions of all of them read in one BatchGetItem. */
export const positionsStreamsEffects = async (gaps: readonly (readonly EventEnvelope[])[], { client, tableName }: ReadTable): Promise<TransactWriteItem[][]> => {
  const positions = gaps.map((events) => streamPosition(events, tableName));
  const keys = positions.flatMap((position) => (position === undefined ? [] : [keyOf(position.key)]));
  const items = new Map((await batchGetAll(client, tableName, keys)).map((item) => [`${stringOf(item.PK)}|${stringOf(item.SK)}`, item]));
  return positions.map((position) => (position === undefined ? [] : position.evolve(items.get(`${position.key.PK}|${position.key.SK}`))));
};

export const positionsEffects = async (event: EventEnvelope, table: ReadTable): Promise<TransactWriteItem[]> => (await positionsChunkEffects([event], table)).effects;

export const positionsProjection: Projection = { consumer: OWNER, effects: positionsEffects, chunkEffects: positionsChunkEffects, streamsEffects: positionsStreamsEffects };
