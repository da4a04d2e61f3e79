// Event routing defined once (DESIGN §3): the bus, the Pipe that feeds it from the events
// table's stream, one rule and one queue per consumer. The CDK stack and the local event flow
// (infra/local/event-flow.ts) both read this module, so the local router matches exactly what
// EventBridge matches. Rules use only `source` + a `detail-type` list for that reason: no
// prefix, numeric or content patterns that the local matcher would have to re-implement.
import { EVENT_KEYS } from './tables';
import { FUNCTIONS, type FunctionName } from './functions';

export const EVENT_BUS = {
  /** Default physical name; functions learn the real one through EVENT_BUS_NAME. */
  name: 'fund-ledger-events',
  /** The `source` of every event the Pipe or the replay job puts on the bus. */
  source: 'fund-ledger.events',
} as const;

/**
 * The `detail` of every bus event: which stream reached which version. Consumers treat it
 * as a notification and read the events themselves from the store (their cursors fetch gaps),
 * so the detail stays small and never carries amounts.
 */
export interface EventDetail {
  streamId: string;
  version: number;
  type: string;
  /** Business date YYYY-MM-DD (Asia/Shanghai). */
  occurredOn: string;
  /** UTC instant the event was stored. */
  recordedAt: string;
  /** The city whose store holds the stream (issue 24): consumers project it inside that city's scope. */
  city: string;
}

/** The EventBridge event as delivered to an SQS queue by a rule (the body of each message). */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: EventDetail;
}

// ---------------------------------------------------------------------------------------------
// The Pipe: events table stream -> bus. Only event items (SK begins with "E#") pass; heads,
// idempotency records and anything else written to the table never reach the bus.

/** Top-level attributes of an event item that make up the detail, with their DynamoDB type. */
export const PIPE_DETAIL_FIELDS = [
  { field: 'streamId', type: 'S' },
  { field: 'version', type: 'N' },
  { field: 'type', type: 'S' },
  { field: 'occurredOn', type: 'S' },
  { field: 'recordedAt', type: 'S' },
  { field: 'city', type: 'S' },
] as const satisfies readonly { field: keyof EventDetail; type: 'S' | 'N' }[];

export const PIPE = {
  /** Events are appended, never updated or deleted: only INSERTs are facts to publish. */
  filterPattern: {
    eventName: ['INSERT'],
    dynamodb: { NewImage: { SK: { S: [{ prefix: EVENT_KEYS.eventPrefix }] } } },
  },
  /** Pipes dynamic path for the target's DetailType: the item's `type`. */
  detailTypePath: '$.dynamodb.NewImage.type.S',
  /**
   * Pipes input template producing EventDetail from the stream record. String paths are
   * quoted; the N path is not, so `version` arrives as a JSON number.
   */
  inputTemplate: `{${PIPE_DETAIL_FIELDS.map(({ field, type }) =>
    type === 'S' ? `"${field}": "<$.dynamodb.NewImage.${field}.S>"` : `"${field}": <$.dynamodb.NewImage.${field}.N>`,
  ).join(', ')}}`,
  /** Stream batch read by the Pipe; small so that lag stays low. */
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
} as const;

// ---------------------------------------------------------------------------------------------
// Consumers: one rule, one queue, one DLQ, one function each.

/** Fund-stream events that carry a journal posting (docs/design-notes.md). */
const FUND_POSTINGS = [
  'CapitalInjected',
  'InterestReceived',
  'CompensationPaid',
  'RecoveryReceived',
  'BridgeLoanDisbursed',
  'BridgeLoanWentOverdue',
  'BridgeLoanRepaid',
  'CapitalCallPaid',
  'DistributionReceived',
  'SubsidyPaid',
  'SubsidyClawbackReceived',
  'OpeningBalanceRecorded',
  // On the year stream: the closing entries (结转, issue 21).
  'YearClosingPosted',
  'BankChargeBooked',
  'CapitalReturned',
  'AdjustmentPosted',
] as const;

const GUARANTEE_EVENTS = [
  'GuaranteeIssued',
  'GuaranteeFeeCollected',
  'GuaranteeReleased',
  'GuaranteeDefaulted',
  'GuaranteeRecoveryRecorded',
] as const;
const BRIDGE_LOAN_EVENTS = ['BridgeLoanGranted', 'BridgeLoanMarkedOverdue', 'BridgeLoanSettled'] as const;
const COMMITMENT_EVENTS = ['CommitmentMade', 'CapitalCalled', 'CapitalCallSettled', 'DistributionRecorded'] as const;
const SUBSIDY_EVENTS = ['SubsidyRequested', 'SubsidyGranted', 'SubsidyRejected', 'SubsidyClawedBack'] as const;
const APPROVAL_EVENTS = ['ApprovalRequested', 'ApprovalGranted', 'ApprovalRejected'] as const;
/** A correction's life on its own stream; the reversal itself (EntryReversed) lands on the streams it reverses. */
const CORRECTION_EVENTS = ['CorrectionRequested', 'CorrectionApproved', 'CorrectionRejected'] as const;

/** An alert's life on its own stream (events/alert-events.ts); also what the alert webhook and API destination deliver. */
export const ALERT_EVENT_TYPES = ['AlertRaised', 'AlertAcknowledged', 'AlertResolved'] as const;

export type ConsumerName = 'books' | 'positions' | 'alerts';

export interface QueueSettings {
  /** Physical queue name (the DLQ is `<queueName>-dlq`). */
  queueName: string;
  /** ≥ 6 × the function timeout (AWS guidance for SQS event sources), so a slow batch is not redelivered mid-run. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ (a poison message is retried this many times). */
  maxReceiveCount: number;
  dlqRetentionDays: number;
  /** Messages per handler invocation. */
  batchSize: number;
  /** 0: invoke as soon as a message is there; lag matters more than invocation count. */
  maxBatchingWindowSeconds: number;
  /** Concurrent batches (Lambda ESM maximumConcurrency, ≥ 2 in the cloud). */
  maxConcurrency: number;
  functionTimeoutSeconds: number;
}

export interface ConsumerRoute {
  consumer: ConsumerName;
  function: FunctionName;
  /** Handler entry file (exports `handler(event: SQSEvent): Promise<SQSBatchResponse>`). */
  entry: string;
  ruleName: string;
  source: string;
  /** Event types the consumer needs. Any others of the same streams it fetches as gaps. */
  detailTypes: readonly string[];
  queue: QueueSettings;
}

const queueSettings = (queueName: string): QueueSettings => ({
  queueName,
  functionTimeoutSeconds: 20,
  visibilityTimeoutSeconds: 120,
  maxReceiveCount: 5,
  dlqRetentionDays: 14,
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  // 5, not 2: consumers mostly wait on DynamoDB, and under a burst 2 left the queue backing up
  // (docs/event-flow.md: unpaced 10,000 events, p99 11 s at 2, 1.6 s at 5).
  maxConcurrency: 5,
});

const route = (
  consumer: ConsumerName,
  fn: FunctionName,
  detailTypes: readonly string[],
): ConsumerRoute => ({
  consumer,
  function: fn,
  entry: FUNCTIONS[fn].entry,
  ruleName: `fund-ledger-${consumer}`,
  source: EVENT_BUS.source,
  detailTypes: [...new Set(detailTypes)].sort(),
  queue: queueSettings(`fund-ledger-${consumer}`),
});

export const ROUTES: Record<ConsumerName, ConsumerRoute> = {
  // Every event that posts a journal line (cash postings on the fund stream, memo and accrual
  // postings on guarantee and commitment streams), plus FundCreated which opens the book.
  books: route('books', 'booksProjector', [
    'FundCreated',
    ...FUND_POSTINGS,
    'GuaranteeIssued',
    'GuaranteeReleased',
    'GuaranteeDefaulted',
    'CommitmentMade',
    'CapitalCalled',
    // 红字: a reversal posts the original's lines negated, on whichever stream it lands.
    'EntryReversed',
  ]),
  // Positions are the lifecycles of guarantees, bridge loans, commitments, subsidy grants and approval requests, per fund.
  positions: route('positions', 'positionsProjector', [
    'FundCreated',
    ...GUARANTEE_EVENTS,
    ...BRIDGE_LOAN_EVENTS,
    ...COMMITMENT_EVENTS,
    ...SUBSIDY_EVENTS,
    ...APPROVAL_EVENTS,
    ...CORRECTION_EVENTS,
    'EntryReversed',
  ]),
  // Indicators (DESIGN §6): bridge overdue ratio (overdue principal / fund capital), average
  // guarantee fee rate, compensation rate (compensations / guaranteed amount). Only the types that
  // can move one (alerts.ts indicatorDeltas): a loan's grant and disbursement, a release or a payment
  // would each cost the reactor a message and a cursor write for nothing. Another type of a stream
  // is read as part of a gap when one of these arrives, as for every consumer.
  alerts: route('alerts', 'alertsReactor', [
    'CapitalInjected',
    'OpeningBalanceRecorded',
    'CapitalReturned',
    'GuaranteeIssued',
    'GuaranteeDefaulted',
    'BridgeLoanWentOverdue',
    // When it repays an overdue loan.
    'BridgeLoanRepaid',
    // When its original moved one.
    'EntryReversed',
    // Alerts kept as event streams (issue 10 §3): their view lives beside the indicator alerts.
    ...ALERT_EVENT_TYPES,
  ]),
};

export const CONSUMERS: readonly ConsumerName[] = ['books', 'positions', 'alerts'];

export const dlqName = (settings: QueueSettings): string => `${settings.queueName}-dlq`;

/** The EventBridge pattern of a rule, exactly what `matches` evaluates. */
export const eventPattern = (rule: ConsumerRoute): { source: string[]; 'detail-type': string[] } => ({
  source: [rule.source],
  'detail-type': [...rule.detailTypes],
});

/** True when EventBridge would deliver `event` to the rule's target (source and detail-type lists only). */
export const matches = (rule: ConsumerRoute, event: Pick<BusEvent, 'source' | 'detail-type'>): boolean =>
  event.source === rule.source && rule.detailTypes.includes(event['detail-type']);

/** Consumers whose rule matches the event. */
export const routesFor = (event: Pick<BusEvent, 'source' | 'detail-type'>): ConsumerRoute[] =>
  CONSUMERS.map((name) => ROUTES[name]).filter((rule) => matches(rule, event));

/** A PutEvents request entry (the subset of the SDK's PutEventsRequestEntry we use). */
export interface BusEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time: Date;
}

/** The PutEvents entry for one detail; the Pipe and the replay job produce the same shape. */
export const busEntry = (detail: EventDetail, eventBusName: string = EVENT_BUS.name): BusEntry => ({
  EventBusName: eventBusName,
  Source: EVENT_BUS.source,
  DetailType: detail.type,
  Detail: JSON.stringify(detail),
  Time: new Date(detail.recordedAt),
});
