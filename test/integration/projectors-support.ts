// Support for the projector integration tests: a seeded history across the three funds appended
// through the real event store, SQS batches shaped like what the event flow delivers, and dumps
// of the read table to compare read models item for item.
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { encodeEvent, type DomainEvent } from '../../events/registry';
import { creditCodeCheckChar } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../../functions/store/event-store';
import type { StoredEvent } from '../../functions/store/types';

/** Small deterministic PRNG (mulberry32), so a failing history can be replayed from its seed. */
export const seeded = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return { next, int, shuffle };
};

export const validCreditCode = (n: number): string => {
  const first17 = `91371500${String(n).padStart(9, '0')}`;
  return first17 + (creditCodeCheckChar(first17) ?? '0');
};

const YUAN = 100n;
const META = { actor: 'test', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };

export interface HistoryAppender {
  /** Appends events to several streams in one transaction, each at the version it last saw. */
  append(occurredOn: string, parts: { streamId: string; events: DomainEvent[] }[]): Promise<void>;
}

export const appender = (store: EventStore): HistoryAppender => {
  const versions = new Map<string, number>();
  return {
    append: async (occurredOn, parts) => {
      await store.append(
        parts.map(({ streamId, events }) => ({
          streamId,
          expectedVersion: versions.get(streamId) ?? 0,
          events: events.map((e) => ({ ...encodeEvent(e), occurredOn })),
        })),
        { meta: META },
      );
      for (const { streamId, events } of parts) versions.set(streamId, (versions.get(streamId) ?? 0) + events.length);
    },
  };
};

export interface FundIds {
  pool: string;
  bridge: string;
  guidance: string;
}

/**
 * A history over the three funds: capital, guarantees (fees, releases, defaults paid by the pool,
 * recoveries), bridge loans (some overdue, all repaid or left open) and commitments (calls, payments,
 * distributions). Dates spread over Jan–Mar 2024 so point-in-time reads have something to cut.
 */
export const appendHistory = async (store: EventStore, seed: number, funds: FundIds): Promise<void> => {
  const rnd = seeded(seed);
  const out = appender(store);
  const day = (): string => `2024-0${rnd.int(1, 3)}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
  const yuan = (lo: number, hi: number): bigint => BigInt(rnd.int(lo, hi)) * YUAN;
  const { pool, bridge, guidance } = funds;

  const kinds = [
    [pool, 'risk-pool'],
    [bridge, 'bridge-fund'],
    [guidance, 'guidance-fund'],
  ] as const;
  for (const [fundId, kind] of kinds) {
    await out.append('2024-01-01', [{ streamId: streamIds.fund(fundId), events: [{ type: 'FundCreated', data: { fundId, kind, name: `${kind} ${fundId}` } }] }]);
    await out.append('2024-01-02', [
      { streamId: streamIds.fund(fundId), events: [{ type: 'CapitalInjected', data: { fundId, amount: yuan(50_000_000, 90_000_000), source: 'city', reference: `inj-${fundId}` } }] },
    ]);
  }

  for (let g = 1; g <= rnd.int(4, 7); g++) {
    const guaranteeId = `g${g}`;
    const stream = streamIds.guarantee(pool, guaranteeId);
    const principal = yuan(1_000_000, 9_000_000);
    await out.append(day(), [
      {
        streamId: stream,
        events: [
          {
            type: 'GuaranteeIssued',
            data: {
              fundId: pool,
              guaranteeId,
              agency: 'Liaocheng Guarantee',
              borrower: { name: `Firm ${g}`, creditCode: validCreditCode(g), category: (['micro', 'small', 'agri', 'other'] as const)[g % 4] ?? 'micro', county: g % 2 === 0 ? 'linqing' : 'guanxian' },
              lender: 'Bank',
              principal,
              feeRateBps: rnd.int(50, 200),
              startsOn: '2024-01-01',
              maturesOn: '2024-12-31',
              riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
            },
          },
          { type: 'GuaranteeFeeCollected', data: { fundId: pool, guaranteeId, amount: principal / 100n } },
        ],
      },
    ]);
    const fate = rnd.int(0, 2);
    if (fate === 1) {
      await out.append(day(), [{ streamId: stream, events: [{ type: 'GuaranteeReleased', data: { fundId: pool, guaranteeId, principal } }] }]);
    } else if (fate === 2) {
      const principalLoss = principal / 2n;
      const poolAmount = principalLoss / 10n;
      const on = day();
      await out.append(on, [
        { streamId: stream, events: [{ type: 'GuaranteeDefaulted', data: { fundId: pool, guaranteeId, principal, principalLoss, poolShareBps: 1000, poolAmount } }] },
        { streamId: streamIds.fund(pool), events: [{ type: 'CompensationPaid', data: { fundId: pool, guaranteeId, principalLoss, poolShareBps: 1000, amount: poolAmount } }] },
      ]);
      const recovered = poolAmount / 4n;
      await out.append(day(), [
        { streamId: stream, events: [{ type: 'GuaranteeRecoveryRecorded', data: { fundId: pool, guaranteeId, grossAmount: recovered * 10n, costs: 0n, poolAmount: recovered } }] },
        { streamId: streamIds.fund(pool), events: [{ type: 'RecoveryReceived', data: { fundId: pool, guaranteeId, grossAmount: recovered * 10n, costs: 0n, poolShareBps: 1000, amount: recovered } }] },
      ]);
    }
  }

  for (let l = 1; l <= rnd.int(4, 7); l++) {
    const loanId = `l${l}`;
    const stream = streamIds.bridgeLoan(bridge, loanId);
    const amount = yuan(1_000_000, 9_000_000);
    await out.append('2024-02-01', [
      {
        streamId: stream,
        events: [
          {
            type: 'BridgeLoanGranted',
            data: {
              fundId: bridge,
              loanId,
              borrower: { name: `Borrower ${l}`, creditCode: validCreditCode(100 + l), county: 'dongchangfu' },
              bank: 'Bank',
              amount,
              renewalCommitment: { reference: `rc-${l}`, amount: amount * 2n },
              disbursedOn: '2024-02-01',
              dueOn: '2024-02-10',
            },
          },
        ],
      },
      { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanDisbursed', data: { fundId: bridge, loanId, amount } }] },
    ]);
    const overdue = rnd.int(0, 1) === 1;
    if (overdue) {
      await out.append('2024-02-11', [
        { streamId: stream, events: [{ type: 'BridgeLoanMarkedOverdue', data: { fundId: bridge, loanId, principal: amount, dueOn: '2024-02-10' } }] },
        { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanWentOverdue', data: { fundId: bridge, loanId, principal: amount } }] },
      ]);
    }
    if (rnd.int(0, 2) > 0) {
      const daysUsed = overdue ? 14 : 5;
      const repaidOn = overdue ? '2024-02-15' : '2024-02-06';
      // principal × 1 bp × days, in fen
      const fee = (amount * 1n * BigInt(daysUsed)) / 10_000n;
      await out.append(repaidOn, [
        { streamId: stream, events: [{ type: 'BridgeLoanSettled', data: { fundId: bridge, loanId, repaidOn, principal: amount, fee, daysUsed } }] },
        { streamId: streamIds.fund(bridge), events: [{ type: 'BridgeLoanRepaid', data: { fundId: bridge, loanId, principal: amount, fee, daysUsed, wasOverdue: overdue } }] },
      ]);
    }
  }

  for (let c = 1; c <= rnd.int(2, 4); c++) {
    const commitmentId = `c${c}`;
    const stream = streamIds.commitment(guidance, commitmentId);
    const amount = yuan(10_000_000, 20_000_000);
    await out.append(day(), [
      {
        streamId: stream,
        events: [
          {
            type: 'CommitmentMade',
            data: {
              fundId: guidance,
              commitmentId,
              subFund: { name: `Sub ${c}`, size: amount * 5n, prioritySector: false, green: c === 1, manager: { name: 'GP', paidInCapital: 20_000_000n * YUAN } },
              amount,
              committedOn: '2024-01-15',
            },
          },
        ],
      },
    ]);
    for (let k = 1; k <= rnd.int(1, 3); k++) {
      const callId = `call${k}`;
      const callAmount = amount / 4n;
      await out.append(day(), [{ streamId: stream, events: [{ type: 'CapitalCalled', data: { fundId: guidance, commitmentId, callId, amount: callAmount, calledOn: '2024-02-01', dueOn: '2024-02-20' } }] }]);
      if (rnd.int(0, 2) > 0) {
        await out.append(day(), [
          { streamId: stream, events: [{ type: 'CapitalCallSettled', data: { fundId: guidance, commitmentId, callId, amount: callAmount, paidOn: '2024-02-15' } }] },
          { streamId: streamIds.fund(guidance), events: [{ type: 'CapitalCallPaid', data: { fundId: guidance, commitmentId, callId, amount: callAmount } }] },
        ]);
      }
    }
    if (rnd.int(0, 1) === 1) {
      const distributionId = 'd1';
      const returnOfCapital = amount / 20n;
      const gain = yuan(10_000, 90_000);
      await out.append(day(), [
        { streamId: stream, events: [{ type: 'DistributionRecorded', data: { fundId: guidance, commitmentId, distributionId, receivedOn: '2024-03-01', returnOfCapital, gain } }] },
        { streamId: streamIds.fund(guidance), events: [{ type: 'DistributionReceived', data: { fundId: guidance, commitmentId, distributionId, returnOfCapital, gain } }] },
      ]);
    }
  }
};

/** The message the event flow delivers for one stored event (functions/projectors/bus-message.ts). */
export const busBody = (event: Pick<StoredEvent, 'streamId' | 'version' | 'type' | 'occurredOn' | 'recordedAt'>): string =>
  JSON.stringify({
    version: '0',
    id: `${event.streamId}@${event.version}`,
    'detail-type': event.type,
    source: 'fund-ledger.events',
    time: event.recordedAt,
    region: 'local',
    account: '000000000000',
    resources: [],
    detail: { streamId: event.streamId, version: event.version, type: event.type, occurredOn: event.occurredOn, recordedAt: event.recordedAt },
  });

let messageCounter = 0;
export const sqsRecord = (body: string): SQSRecord => ({
  messageId: `m-${++messageCounter}`,
  receiptHandle: 'r',
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:test',
  awsRegion: 'local',
});

export const batchesOf = (records: SQSRecord[], size = 10): SQSEvent[] => {
  const batches: SQSEvent[] = [];
  for (let i = 0; i < records.length; i += size) batches.push({ Records: records.slice(i, i + size) });
  return batches;
};

/** Every item of a table, sorted by key, as plain JSON (numbers as their exact strings). */
export const dumpTable = async (client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) items.push(unmarshall(item, { wrapNumbers: (text: string) => `#${text}` }));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const key = (item: Record<string, unknown>) => `${String(item.PK)}\u0000${String(item.SK)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};
