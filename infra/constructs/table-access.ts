// Table permissions written out action by action, instead of Table.grant*() helpers: those add
// DeleteItem to "write" (events are never deleted) and `/index/*` to "read" (only GSI1 exists).
// Every statement names the exact table or index ARN.
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';

/** Reads, including transactional reads (TransactGetItems authorises as GetItem). */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
/** Full scans, granted only to jobs that rebuild or sweep. */
export const SCAN_ACTIONS = ['dynamodb:Scan'];
/** An append is a TransactWriteItems of Puts (events, idempotency record), Updates (heads) and condition checks. */
export const APPEND_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];
/** Read models are overwritten and pruned. */
export const READ_MODEL_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
/** Every action that changes data; tests use this to prove who cannot write what. */
export const DATA_WRITE_ACTIONS = [...new Set([...APPEND_ACTIONS, ...READ_MODEL_WRITE_ACTIONS])].filter(
  (action) => action !== 'dynamodb:ConditionCheckItem',
);

export const indexArn = (table: ITable, indexName: string): string => `${table.tableArn}/index/${indexName}`;

export interface TableGrant {
  table: ITable;
  actions: string[];
  /** Index names to Query (exact ARNs, never `/index/*`). */
  indexes?: string[];
}

/** Conditions put on every statement of a grant (the tenant role's key range, tenant-data-role.ts). */
export type GrantConditions = Record<string, Record<string, unknown>>;

export const grantTable = (grantee: IGrantable, { table, actions, indexes = [] }: TableGrant, conditions?: GrantConditions): void => {
  const withConditions = conditions === undefined ? {} : { conditions };
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...new Set(actions)], resources: [table.tableArn], ...withConditions }));
  if (indexes.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexes.map((name) => indexArn(table, name)), ...withConditions }),
    );
  }
};
