// Books projection: journal lines (postingsFor) with their entry's 凭证号, 摘要 and reference, running
// balances and per-day movements per fund, and the fund's summary from FundCreated. Balances use ADD, which commutes, so events of
// different streams of one fund may land in any order; the cursor makes each one land once.
import { fundIdOf } from '../../events/registry';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { EventEnvelope } from '../../events/envelope';
import type { EventOf } from '../../events/registry';
import type { JournalLine } from '../../domain/posting-rules';
import { postingsFor } from '../../domain/posting-rules';
import { shanghaiToday } from '../../domain/dates';
import { fundOpenedOn } from '../../domain/fund-book';
import { journalSummary, subjectNameOf, subjectStreamOf } from '../../domain/journal-summary';
import { postsJournalLines } from '../../domain/voucher';
import { documentItem, keyOf, type ItemKey } from '../store/read-models/items';
import { OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';
import { fundView, journalLineView } from '../store/read-models/views';
import type { Openings, Projection, ReadTable } from './cursor-projector';

const OWNER = 'books' as const;

/** Debit and credit per account of one event: a transaction may touch an item only once. */
export const sumByAccount = (lines: readonly JournalLine[]): Map<string, { debit: bigint; credit: bigint }> => {
  const sums = new Map<string, { debit: bigint; credit: bigint }>();
  for (const l of lines) {
    const sum = sums.get(l.account) ?? { debit: 0n, credit: 0n };
    if (l.side === 'debit') sum.debit += l.amount;
    else sum.credit += l.amount;
    sums.set(l.account, sum);
  }
  return sums;
};

const addTo = (tableName: string, key: ItemKey, debit: bigint, credit: bigint): TransactWriteItem => ({
  Update: {
    TableName: tableName,
    Key: keyOf(key),
    UpdateExpression: 'ADD debit :d, credit :c SET #owner = :owner',
    ExpressionAttributeNames: { '#owner': OWNER_ATTRIBUTE },
    ExpressionAttributeValues: { ':d': { N: debit.toString() }, ':c': { N: credit.toString() }, ':owner': { S: OWNER } },
  },
});

/** Merged writes of consecutive events: journal and summary Puts as they are, ADDs summed per item. */
export const combinedBooksEffects = (events: readonly EventEnvelope[], table: ReadTable, openings?: Openings): TransactWriteItem[] => {
  const puts: TransactWriteItem[] = [];
  const adds = new Map<string, { key: ItemKey; debit: bigint; credit: bigint }>();
  // An original and its reversal in one batch (a rebuild): its Put carries reversedBy, no Update.
  const inBatch = new Set(events.map((e) => `${e.streamId}#${e.version}`));
  const reversedBy = new Map(events.flatMap((e) => (e.type === 'EntryReversed' ? [[`${e.data.reverses.streamId}#${e.data.reverses.version}`, reversalRef(e)] as const] : [])));
  for (const event of events) {
    puts.push(...documentWrites(event, table.tableName, openings, reversedBy.get(`${event.streamId}#${event.version}`), inBatch));
    for (const { key, debit, credit } of movements(event)) {
      const id = `${key.PK}\u0000${key.SK}`;
      const sum = adds.get(id) ?? { key, debit: 0n, credit: 0n };
      adds.set(id, { key, debit: sum.debit + debit, credit: sum.credit + credit });
    }
  }
  return [...puts, ...[...adds.values()].map(({ key, debit, credit }) => addTo(table.tableName, key, debit, credit))];
};

/** The balance and day items one event moves, with its debit and credit on each. */
const movements = (event: EventEnvelope): { key: ItemKey; debit: bigint; credit: bigint }[] => {
  const fundId = fundIdOf(event);
  if (fundId === undefined) return [];
  return [...sumByAccount(postingsFor(event))].flatMap(([code, { debit, credit }]) => [
    { key: readKeys.balance(fundId, code), debit, credit },
    { key: readKeys.day(fundId, event.occurredOn, code), debit, credit },
  ]);
};


type Reversal = EventEnvelope<EventOf<'EntryReversed'>>;
type LineRef = { streamId: string; version: number; correctionId: string };

/** How a reversal's lines and its original's lines point at each other (红字, linked both ways). */
const reversalRef = (event: Reversal): LineRef => ({ streamId: event.streamId, version: event.version, correctionId: event.data.correctionId });

/**
 * The original's journal lines, marked reversedBy once the reversal projects. Its line i is the
 * reversal's line i (the reversal negates postingsFor of the original, in order), and it was
 * projected before: both are on one stream, and the cursor applies a stream in order.
 */
const markOriginal = (event: Reversal, tableName: string): TransactWriteItem[] => {
  const r = event.data.reverses;
  const ref = reversalRef(event);
  return event.data.lines.map((_, index) => ({
    Update: {
      TableName: tableName,
      Key: keyOf(readKeys.journal(event.data.fundId, r.occurredOn, r.recordedAt, r.streamId, r.version, index + 1)),
      UpdateExpression: 'SET reversedBy = :by',
      ExpressionAttributeValues: { ':by': { M: { streamId: { S: ref.streamId }, version: { N: String(ref.version) }, correctionId: { S: ref.correctionId } } } },
    },
  }));
};

export const booksEffects = (event: EventEnvelope, table: ReadTable, openings?: Openings): TransactWriteItem[] => [
  ...documentWrites(event, table.tableName, openings, undefined, new Set()),
  ...movements(event).map(({ key, debit, credit }) => addTo(table.tableName, key, debit, credit)),
];

/** The stream whose opening event names what a journal entry is about (its 摘要 names the borrower…). */
const openingOf = (event: EventEnvelope): string | undefined => (postsJournalLines(event) ? subjectStreamOf(event) : undefined);

/** 摘要, English and reference of an event's lines; the subject's name from its opening event when there is one. */
const summaryOf = (event: EventEnvelope, openings: Openings | undefined) => {
  const subject = openingOf(event);
  const opening = subject === undefined ? undefined : openings?.get(subject);
  return journalSummary(event, opening === undefined ? undefined : subjectNameOf(opening));
};

/** The fund summary (FundCreated), one journal line Put per posting, and a reversal's marks on its original. */
const documentWrites = (
  event: EventEnvelope,
  tableName: string,
  openings: Openings | undefined,
  reversedBy: LineRef | undefined,
  inBatch: ReadonlySet<string>,
): TransactWriteItem[] => {
  const fundId = fundIdOf(event);
  const items: TransactWriteItem[] = [];
  if (fundId === undefined) return items;
  if (event.type === 'FundCreated') {
    // FundCreated is dated on openedOn; the day it was created is the day it was recorded (Asia/Shanghai).
    const summary = { fundId, kind: event.data.kind, name: event.data.name, openedOn: fundOpenedOn(event), createdOn: shanghaiToday(new Date(event.recordedAt)) };
    items.push({ Put: { TableName: tableName, Item: documentItem(readKeys.fund(fundId), OWNER, fundView, summary) } });
  }
  const lines = postingsFor(event);
  if (lines.length === 0) return items;
  // Events stored before vouchers existed have none: their lines read voucherNo null (docs/projections.md).
  const entry = { voucherNo: event.voucherNo ?? null, ...summaryOf(event, openings) };
  lines.forEach((l, index) => {
    const line = {
      ...entry,
      fundId,
      occurredOn: event.occurredOn,
      recordedAt: event.recordedAt,
      streamId: event.streamId,
      version: event.version,
      eventType: event.type,
      line: index + 1,
      account: l.account,
      debit: l.side === 'debit' ? l.amount : 0n,
      credit: l.side === 'credit' ? l.amount : 0n,
      ...(event.type === 'EntryReversed' ? { reverses: { streamId: event.data.reverses.streamId, version: event.data.reverses.version, correctionId: event.data.correctionId } } : {}),
      ...(reversedBy === undefined ? {} : { reversedBy }),
    };
    const key = readKeys.journal(fundId, event.occurredOn, event.recordedAt, event.streamId, event.version, index + 1);
    items.push({ Put: { TableName: tableName, Item: documentItem(key, OWNER, journalLineView, line) } });
  });
  if (event.type === 'EntryReversed' && !inBatch.has(`${event.data.reverses.streamId}#${event.data.reverses.version}`)) items.push(...markOriginal(event, tableName));
  return items;
};

export const booksProjection: Projection = { consumer: OWNER, openingOf, effects: booksEffects, combinedEffects: combinedBooksEffects };
