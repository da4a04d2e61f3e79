// Records a parsed bank statement as a BankStatementRecorded event on statement-<fundId>-<yyyy-mm>.
// A re-import is a new version of that stream; the month-end run reads the latest.
import type { output } from 'zod';
import { encodeEvent } from '../../events/registry';
import { BankStatementRecorded } from '../../events/statement-events';
import { streamIds } from '../../events/stream-ids';
import { appendWithRetry } from '../store/append-with-retry';
import type { EventStore } from '../store/event-store';
import type { EventMeta, JsonValue } from '../store/types';
import type { ParsedStatement } from './statement-parse';

type StatementData = output<typeof BankStatementRecorded>;

/** DynamoDB items stop at 400 KB; the statement event must leave room for its envelope. */
export const MAX_STATEMENT_EVENT_BYTES = 350 * 1024;

export class StatementTooLarge extends Error {
  override readonly name = 'StatementTooLarge';
  constructor(readonly bytes: number) {
    super(`the statement encodes to ${bytes} bytes; at most ${MAX_STATEMENT_EVENT_BYTES} fit in one event (split the month into fewer lines or import it in parts)`);
  }
}

export interface RecordStatementInput {
  fundId: string;
  statement: ParsedStatement;
  meta: EventMeta;
  idempotency?: { key: string; requestHash: string };
}

export interface RecordedStatement {
  streamId: string;
  version: number;
  month: string;
  lineCount: number;
}

/** The month's statement as the latest import recorded it, with its stream version; undefined when none. */
export async function latestStatement(store: EventStore, fundId: string, month: string): Promise<{ version: number; statement: StatementData } | undefined> {
  const streamId = streamIds.statement(fundId, month);
  const head = await store.readHead(streamId);
  const [latest] = head === undefined ? [] : await store.readStream(streamId, { fromVersion: head.version, toVersion: head.version });
  return latest === undefined ? undefined : { version: latest.version, statement: BankStatementRecorded.parse(latest.data) };
}

export async function recordStatement(store: EventStore, input: RecordStatementInput): Promise<RecordedStatement | JsonValue> {
  const { fundId, statement } = input;
  const encoded = encodeEvent({
    type: 'BankStatementRecorded',
    data: { fundId, month: statement.month, openingBalance: statement.openingBalance, closingBalance: statement.closingBalance, lines: statement.lines },
  });
  const bytes = Buffer.byteLength(JSON.stringify(encoded.data), 'utf8');
  if (bytes > MAX_STATEMENT_EVENT_BYTES) throw new StatementTooLarge(bytes);
  const streamId = streamIds.statement(fundId, statement.month);
  let answer: RecordedStatement | undefined;
  const result = await appendWithRetry(store, async () => {
    const head = await store.readHead(streamId);
    const version = head?.version ?? 0;
    answer = { streamId, version: version + 1, month: statement.month, lineCount: statement.lines.length };
    return {
      appends: [{ streamId, expectedVersion: version, events: [{ ...encoded, occurredOn: `${statement.month}-01` }] }],
      options: {
        meta: input.meta,
        ...(input.idempotency === undefined ? {} : { idempotency: { ...input.idempotency, result: { ...answer } } }),
      },
    };
  });
  if (result?.status === 'replayed') return result.result;
  if (answer === undefined) throw new Error('recordStatement: nothing appended');
  return answer;
}
