// The whole system in one stack, one construct per concern (docs/deploy.md explains why one:
// the concerns reference each other's ARNs both ways, and one stack keeps that free of
// cross-stack exports that would lock resources in place).
import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { DashboardSite } from '../constructs/dashboard-site';
import { AlertDestination, alertWebhookConfig } from '../constructs/alert-destination';
import { DataTables } from '../constructs/data-tables';
import { EventFlow } from '../constructs/event-flow';
import { LedgerHttpApi } from '../constructs/http-api';
import { Backups } from '../constructs/backups';
import { Jobs } from '../constructs/jobs';
import { logsKey } from '../constructs/logs-key';
import { Records } from '../constructs/records';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { LedgerFunction } from '../constructs/ledger-function';
import { Operations } from '../constructs/operations';
import { WAF_RATE_LIMITS, WebAcl } from '../constructs/web-acl';
import type { CoreFunctionName, FunctionName } from '../../functions/shared/functions';
import { chinaSettings, type ChinaSettings } from './deployment-settings';
import { suppressKnownFindings } from './nag-suppressions';
import { suppressStrictFindings } from './nag-strict-suppressions';
import type { RegionCapabilities } from './region-capabilities';
import type { StageConfig } from './stage';

export interface FundLedgerStackProps extends StackProps {
  stage: StageConfig;
  /** What the region offers (region-capabilities.ts); decides which alternatives are built. */
  capabilities: RegionCapabilities;
}

/** The web ACLs in front of the public entry points, where WAF can attach (web-acl.ts). */
export interface WebAcls {
  /** The dashboard's distribution (CLOUDFRONT scope, created when the stack is in us-east-1). */
  dashboard: WebAcl;
  /** The user pool's sign-in endpoints (REGIONAL). */
  signIn: WebAcl;
}

export class FundLedgerStack extends Stack {
  readonly data: DataTables;
  readonly flow: EventFlow;
  readonly http: LedgerHttpApi;
  readonly jobs: Jobs;
  readonly operations: Operations;
  readonly dashboard: DashboardSite;
  readonly records: Records;
  readonly backups: Backups;
  /** Encrypts every log group. */
  readonly logKey: Key;
  /** Every function of the stack; a stand-in (the outbox forwarder) only where the region needs it. */
  readonly functions: Record<CoreFunctionName, LedgerFunction> & Partial<Record<FunctionName, LedgerFunction>>;
  readonly stage: StageConfig;
  readonly capabilities: RegionCapabilities;
  /** China settings (OIDC issuer, custom domain, certificate); undefined in the global partition. */
  readonly china: ChinaSettings | undefined;
  /** undefined where no web ACL can attach (the AWS China regions). */
  readonly webAcls: WebAcls | undefined;
  /** Present only when the `alertWebhookUrl` context is set. */
  readonly alertDestination: AlertDestination | undefined;

  constructor(scope: Construct, id: string, props: FundLedgerStackProps) {
    super(scope, id, props);
    const { stage, capabilities } = props;
    this.stage = stage;
    this.capabilities = capabilities;
    const needsChinaSettings = !capabilities.has.cognitoUserPools || !capabilities.has.cloudFrontDefaultDomain;
    this.china = needsChinaSettings ? chinaSettings(this) : undefined;
    this.data = new DataTables(this, 'Data', stage);
    const tables = { events: this.data.events, read: this.data.read };
    this.logKey = logsKey(this, 'LogsKey', stage, capabilities);
    const logKey = this.logKey;
    this.records = new Records(this, 'Records', stage);
    this.backups = new Backups(this, 'Backups', { stage, tables: [this.data.events, this.data.read] });
    this.flow = new EventFlow(this, 'EventFlow', { stage, capabilities, ...tables, logKey });
    this.jobs = new Jobs(this, 'Jobs', { stage, capabilities, ...tables, monthIndexName: this.data.monthIndexName, bus: this.flow.bus, logKey, records: this.records });
    this.http = new LedgerHttpApi(this, 'Http', { stage, capabilities, ...(this.china === undefined ? {} : { oidc: this.china.oidc }), ...tables, monthIndexName: this.data.monthIndexName, monthEnd: this.jobs.monthEnd, logKey });

    this.webAcls = capabilities.has.cloudFrontWaf ? this.webAclsFor(stage) : undefined;
    this.dashboard = new DashboardSite(this, 'Dashboard', {
      stage,
      capabilities,
      userPool: this.http.userPool,
      ...(this.china === undefined ? {} : { china: this.china }),
      ...(this.webAcls === undefined ? {} : { webAclId: this.webAcls.dashboard.arn }),
      // https://<id>.execute-api.<region>.amazonaws.com → the host CloudFront forwards /v1/* to.
      apiDomain: Fn.select(2, Fn.split('/', this.http.api.apiEndpoint)),
    });
    if (this.dashboard.client !== undefined) this.http.acceptClient(this.dashboard.client.userPoolClientId);
    const webhook = alertWebhookConfig((key) => this.node.tryGetContext(key));
    this.alertDestination =
      webhook === undefined ? undefined : new AlertDestination(this, 'AlertDestination', { stage, bus: this.flow.bus, ...webhook, deadLetterQueue: this.flow.deliveryDlq });

    const { books, positions, alerts } = this.flow.consumers;
    this.functions = {
      api: this.http.functions.api,
      apiFiles: this.http.functions.apiFiles,
      booksProjector: books.function,
      positionsProjector: positions.function,
      alertsReactor: alerts.function,
      monthEnd: this.jobs.monthEnd,
      overdueSweep: this.jobs.overdueSweep,
      replay: this.jobs.replay,
      seal: this.jobs.seal,
      archive: this.jobs.archive,
      ...(this.flow.outbox.kind === 'forwarder' ? { outboxForwarder: this.flow.outbox.function } : {}),
    };
    this.operations = new Operations(this, 'Operations', {
      stage,
      functions: this.functions,
      deadLetterQueues: {
        pipe: this.flow.pipeDlq,
        delivery: this.flow.deliveryDlq,
        scheduler: this.jobs.schedulerDlq,
        jobs: this.jobs.asyncFailuresDlq,
        ...Object.fromEntries(Object.values(this.flow.consumers).map((consumer) => [consumer.route.consumer, consumer.dlq])),
      },
      projectorQueues: Object.fromEntries(Object.values(this.flow.consumers).map((consumer) => [consumer.route.consumer, consumer.queue])),
      outbox: this.flow.outbox.kind === 'pipe' ? { pipeName: this.flow.outbox.pipe.ref } : { forwarder: this.flow.outbox.function },
      api: this.http.api,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.http.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.url, description: 'The web dashboard (CloudFront)' });
    new CfnOutput(this, 'DashboardBucketName', { value: this.dashboard.bucket.bucketName, description: 'npm run deploy:web publishes web/dist here' });
    new CfnOutput(this, 'DashboardDistributionId', { value: this.dashboard.distribution.distributionId });
    new CfnOutput(this, 'DashboardConfig', { value: this.dashboard.configJson, description: "The dashboard's /config.json" });
    if (this.http.userPool !== undefined && this.http.client !== undefined) {
      new CfnOutput(this, 'UserPoolId', { value: this.http.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.http.client.userPoolClientId });
    }
    new CfnOutput(this, 'EventsTableName', { value: this.data.events.tableName });
    new CfnOutput(this, 'ReadTableName', { value: this.data.read.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.flow.bus.eventBusName });
    new CfnOutput(this, 'ReplayFunctionName', { value: this.jobs.replay.fn.functionName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    new CfnOutput(this, 'SealBucketName', { value: this.records.seals.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.records.archive.bucketName });
    new CfnOutput(this, 'BackupVaultName', { value: this.backups.vault.backupVaultName });
    new CfnOutput(this, 'SealFunctionName', { value: this.jobs.seal.fn.functionName });

    suppressKnownFindings(this);
    suppressStrictFindings(this);
  }

  /** A web ACL for the distribution and one on the user pool's sign-in (global partition only). */
  private webAclsFor(stage: StageConfig): WebAcls {
    const common = { stage, logKey: this.logKey };
    const dashboard = new WebAcl(this, 'DashboardWaf', { ...common, scope: 'CLOUDFRONT', name: 'fund-ledger-dashboard', rateLimit: WAF_RATE_LIMITS.dashboard });
    const signIn = new WebAcl(this, 'SignInWaf', { ...common, scope: 'REGIONAL', name: 'fund-ledger-sign-in', rateLimit: WAF_RATE_LIMITS.signIn });
    if (this.http.userPool !== undefined) {
      new CfnWebACLAssociation(this, 'SignInWafAssociation', { resourceArn: this.http.userPool.userPoolArn, webAclArn: signIn.arn });
    }
    return { dashboard, signIn };
  }
}
