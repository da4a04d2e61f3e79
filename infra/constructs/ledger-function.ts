// One Lambda function of the system with the settings every function shares: Node.js 22 on
// arm64, local esbuild bundling (no Docker), active tracing (where the region has it), its own KMS-encrypted log group with
// the stage's retention, reserved concurrency (a runaway can neither starve the account nor hammer
// a table), a dead-letter queue when something invokes it asynchronously, and its own role that
// starts empty, so every permission it has is granted by name.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../../functions/shared/functions';
import { METRICS_NAMESPACE, SERVICE_NAMES } from '../../functions/shared/ops';
import { HASH_ALGORITHM_CONTEXT, hashAlgorithmEnvironment } from '../../functions/store/hash-algorithm';
import { lambdaBundling } from '../stacks/bundling';
import { regionCapabilities } from '../stacks/region-capabilities';
import { CITY_SCOPE_REQUIRED_ENV } from '../../functions/shared/city-scope';

/** Repository root: entries in functions/shared/functions.ts are relative to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LedgerFunctionProps {
  name: FunctionName;
  /** Physical function name (stage-prefixed by the caller). */
  functionName: string;
  timeout: Duration;
  memorySize?: number;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** Customer-managed key of the log group (infra/constructs/logs-key.ts). */
  logKey: IKey;
  /** Concurrent executions reserved for, and capping, this function. */
  reservedConcurrency: number;
  /** Invoked asynchronously (Scheduler, the API's month-end start): events that fail every retry land here. */
  asyncFailures?: IQueue;
  /**
   * Data files put beside the bundle (name → content), read at run time rather than compiled in:
   * the main API's OpenAPI examples, which would otherwise weigh on its code size bound.
   */
  bundledFiles?: Record<string, string>;
}

/** Bundling that copies `files` into the bundle's directory after esbuild (from a temporary directory written now). */
const bundlingWith = (files: Record<string, string> | undefined) => {
  const bundling = lambdaBundling();
  if (files === undefined) return bundling;
  const dir = mkdtempSync(path.join(tmpdir(), 'fund-ledger-bundled-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: (): string[] => [],
      beforeInstall: (): string[] => [],
      afterBundling: (_inputDir: string, outputDir: string): string[] => Object.keys(files).map((name) => `cp "${path.join(dir, name)}" "${path.join(outputDir, name)}"`),
    },
  };
};

export class LedgerFunction extends Construct {
  readonly fn: NodejsFunction;
  /** The function's name as a plain string (not a token): an ARN built from it references no resource. */
  readonly functionName: string;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    super(scope, id);
    this.functionName = props.functionName;
    const capabilities = regionCapabilities(this.node.tryGetContext('region'));
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
      encryptionKey: props.logKey,
    });
    // A dedicated role without AWSLambdaBasicExecutionRole: that managed policy allows writing
    // to every log group in the account; this one may write only to its own.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.functionName}: ${FUNCTIONS[props.name].description}`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.fn = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: FUNCTIONS[props.name].description,
      entry: path.join(REPO_ROOT, FUNCTIONS[props.name].entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Lambda retries a failed asynchronous run twice (its default), then parks the event here.
      ...(props.asyncFailures === undefined ? {} : { deadLetterQueue: props.asyncFailures }),
      // X-Ray's Lambda integration is not offered in the AWS China regions (region-capabilities.ts).
      tracing: capabilities.has.lambdaXRay ? Tracing.ACTIVE : Tracing.DISABLED,
      loggingFormat: LoggingFormat.JSON,
      logGroup: this.logGroup,
      role,
      bundling: bundlingWith(props.bundledFiles),
      environment: {
        ...props.environment,
        // The chain and seal algorithm (issue 23 §2): `-c hashAlgorithm=sha256|sm3`; absent means sm3
        // in the China regions and sha256 elsewhere.
        ...hashAlgorithmEnvironment(this.node.tryGetContext(HASH_ALGORITHM_CONTEXT), capabilities.partition === 'aws-cn' ? 'sm3' : undefined),
        // Every DynamoDB call must be some city's work (docs/cities.md): no default city in the cloud.
        [CITY_SCOPE_REQUIRED_ENV]: '1',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAMES[props.name],
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
    });
  }
}

export const seconds = (value: number): Duration => Duration.seconds(value);

/** The functions a stack has, by name (a stand-in function exists only where its region needs it). */
export const presentFunctions = (functions: Partial<Record<FunctionName, LedgerFunction>>): [FunctionName, LedgerFunction][] =>
  (Object.entries(functions) as [FunctionName, LedgerFunction | undefined][]).filter((entry): entry is [FunctionName, LedgerFunction] => entry[1] !== undefined);
