// Counts a DynamoDB client's requests and the capacity DynamoDB says they consumed: every request
// is sent with ReturnConsumedCapacity TOTAL (DynamoDB Local answers it as the service does), and
// the units are summed by request kind. On-demand bills a write request unit per 1 KB written
// (two in a transaction) and a read request unit per 4 KB read strongly (half eventually).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface CapacityTotals {
  requests: Map<string, number>;
  readUnits: number;
  writeUnits: number;
}

export interface CapacityTracker {
  /** Starts counting from zero. */
  reset(): void;
  totals(): CapacityTotals;
}

/** Whether a command's capacity is write capacity (on-demand: write request units). */
const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
const ACCEPTS = /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)/;

export const trackCapacity = (client: DynamoDBClient, name = 'benchCapacity'): CapacityTracker => {
  let totals: CapacityTotals = { requests: new Map(), readUnits: 0, writeUnits: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? '?').replace(/Command$/, '');
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (ACCEPTS.test(command)) input.ReturnConsumedCapacity = 'TOTAL';
      const answer = await next(args);
      totals.requests.set(command, (totals.requests.get(command) ?? 0) + 1);
      const consumed = (answer.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) {
        const units = entry.CapacityUnits ?? (entry.ReadCapacityUnits ?? 0) + (entry.WriteCapacityUnits ?? 0);
        if (WRITES.test(command)) totals.writeUnits += entry.WriteCapacityUnits ?? units;
        else totals.readUnits += entry.ReadCapacityUnits ?? units;
      }
      return answer;
    },
    { step: 'initialize', name, override: true },
  );
  return {
    reset: () => {
      totals = { requests: new Map(), readUnits: 0, writeUnits: 0 };
    },
    totals: () => totals,
  };
};
