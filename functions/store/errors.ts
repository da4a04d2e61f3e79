// Errors of the event store the caller must handle. Each has a stable `code` (for problem+json
// types and metrics) and names what failed.

export class ConcurrencyConflict extends Error {
  readonly code = 'concurrency-conflict' as const;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}`);
    this.name = 'ConcurrencyConflict';
  }
}

export class IdempotencyMismatch extends Error {
  readonly code = 'idempotency-mismatch' as const;
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was already used for a different request`);
    this.name = 'IdempotencyMismatch';
  }
}

export class StreamNotFound extends Error {
  readonly code = 'stream-not-found' as const;
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
    this.name = 'StreamNotFound';
  }
}

export class TransactionTooLarge extends Error {
  readonly code = 'transaction-too-large' as const;
  constructor(
    readonly items: number,
    readonly limit: number = 100,
  ) {
    super(`An append needs ${items} transaction items but DynamoDB allows at most ${limit}; split the command`);
    this.name = 'TransactionTooLarge';
  }
}

export type EventStoreError = ConcurrencyConflict | IdempotencyMismatch | StreamNotFound | TransactionTooLarge;
