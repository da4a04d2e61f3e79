// Guards against programming errors in an append (the API validated user input long before):
// a bad stream id or date here is a bug, so it throws instead of returning a value.
import type { StreamAppend } from './types';

// Printable ASCII without '#': '#' separates key parts, and ASCII keeps JS string order equal to
// DynamoDB's byte order, which the month merge relies on.
const STREAM_ID = /^[\x21-\x22\x24-\x7e]{1,200}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isCalendarDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (match === null) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

export const validateAppends = (appends: StreamAppend[]): void => {
  if (appends.length === 0) throw new Error('append: nothing to append');
  const seen = new Set<string>();
  for (const { streamId, expectedVersion, events } of appends) {
    if (!STREAM_ID.test(streamId)) throw new Error(`append: invalid stream id ${JSON.stringify(streamId)}`);
    if (seen.has(streamId)) throw new Error(`append: stream ${streamId} appears twice in one append`);
    seen.add(streamId);
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new Error(`append: expectedVersion of ${streamId} must be a non-negative integer, got ${expectedVersion}`);
    }
    for (const event of events) {
      if (event.type === '') throw new Error(`append: an event of ${streamId} has no type`);
      if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new Error(`append: ${event.type} has invalid schemaVersion ${event.schemaVersion}`);
      }
      if (!isCalendarDate(event.occurredOn)) throw new Error(`append: ${event.type} has invalid occurredOn ${JSON.stringify(event.occurredOn)}`);
    }
  }
};
