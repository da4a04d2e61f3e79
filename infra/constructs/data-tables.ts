// The events table (the store: streams, heads, idempotency records, month index) and the
// read-model table, both built from functions/shared/tables.ts, the definitions the local stack uses.
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { eventsTableDefinition, readTableDefinition, type KeyAttribute, type TableDefinition } from '../../functions/shared/tables';
import { stageName, type StageConfig } from '../stacks/stage';

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: AttributeType.STRING });

const table = (scope: Construct, id: string, definition: TableDefinition, stage: StageConfig): Table => {
  const created = new Table(scope, id, {
    tableName: definition.tableName,
    partitionKey: attribute(definition.partitionKey),
    sortKey: attribute(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    // AWS-managed KMS key (aws/dynamodb): encrypted with a key in this account's KMS, auditable
    // in CloudTrail, and readers of the stream (the Pipe) need no key grant.
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: stage.deletionProtection,
    removalPolicy: stage.removalPolicy,
    ...(definition.stream === 'NEW_IMAGE' ? { stream: StreamViewType.NEW_IMAGE } : {}),
  });
  for (const index of definition.globalSecondaryIndexes) {
    created.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
    });
  }
  return created;
};

export class DataTables extends Construct {
  readonly events: Table;
  readonly read: Table;
  readonly monthIndexName: string;

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    const eventsDefinition = eventsTableDefinition();
    const readDefinition = readTableDefinition();
    this.events = table(this, 'EventsTable', { ...eventsDefinition, tableName: stageName(stage, eventsDefinition.tableName) }, stage);
    this.read = table(this, 'ReadTable', { ...readDefinition, tableName: stageName(stage, readDefinition.tableName) }, stage);
    const monthIndex = eventsDefinition.globalSecondaryIndexes[0];
    if (monthIndex === undefined) throw new Error('events table definition lost its month index');
    this.monthIndexName = monthIndex.indexName;
  }
}
