// The HTTP API (DESIGN §7): Cognito user pool with the three roles as groups, an HTTP API whose
// JWT authorizer trusts that pool, and the API function behind it. The function verifies the
// token again itself (functions/api/auth.ts) from AUTH_JWKS_URL / AUTH_ISSUER / AUTH_AUDIENCE,
// so the public routes and any future integration stay safe even without the authorizer.
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, type HttpRoute, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/tables';
import { stageName, type StageConfig } from '../stacks/stage';
import { LedgerFunction } from './ledger-function';
import { APPEND_ACTIONS, READ_ACTIONS, grantTable } from './table-access';

/** DESIGN §7 roles; the API reads them from the token's `cognito:groups`. */
export const USER_GROUPS = {
  'finance-bureau': 'Finance bureau: all funds, fund set-up, period close',
  'fund-manager': 'Fund manager: only the funds listed in custom:funds',
  auditor: 'Auditor: read only',
} as const;

/** Comma-separated fund ids a fund manager may act on (functions/api/auth.ts parses it). */
export const FUNDS_ATTRIBUTE = 'funds';

export const PUBLIC_ROUTES = [
  { method: HttpMethod.GET, path: '/health' },
  { method: HttpMethod.GET, path: '/v1/openapi.json' },
] as const;
export const PROTECTED_ROUTE = { method: HttpMethod.ANY, path: '/v1/{proxy+}' } as const;

/**
 * Concurrent API executions: the stage's burst limit (200 in prod) at ~100 ms per request needs far
 * fewer; the cap keeps a flood from starving the jobs and projectors of the account's concurrency.
 */
export const API_RESERVED_CONCURRENCY = 50;

export interface LedgerHttpApiProps {
  stage: StageConfig;
  events: Table;
  read: Table;
  monthIndexName: string;
  /** The month-end job: POST /v1/reconciliations invokes it asynchronously instead of running in the API. */
  monthEnd: LedgerFunction;
  logKey: IKey;
}

export class LedgerHttpApi extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly function: LedgerFunction;
  readonly accessLogs: LogGroup;
  /** Routes without the authorizer (health check, OpenAPI document). */
  readonly publicRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: LedgerHttpApiProps) {
    super(scope, id);
    const { stage, events, read } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: stageName(stage, 'fund-ledger-users'),
      // Accounts are created by the finance bureau (docs/deploy.md), never by the public.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: stage.strictSignIn ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: stage.strictSignIn ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(stage.strictSignIn ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      customAttributes: { [FUNDS_ATTRIBUTE]: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }) },
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const [groupName, description] of Object.entries(USER_GROUPS)) {
      this.userPool.addGroup(`Group-${groupName}`, { groupName, description });
    }
    // A public client (no secret) for SRP sign-in from the bureau's web app and for the CLI.
    this.client = this.userPool.addClient('Client', {
      userPoolClientName: stageName(stage, 'fund-ledger-client'),
      generateSecret: false,
      // Sign-in is SRP (web app) or USER_PASSWORD_AUTH (CLI); no hosted-UI OAuth flows, so no
      // implicit grant and no placeholder callback URL.
      disableOAuth: true,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // By default a client may write every mutable attribute, which would let a fund manager
      // add funds to their own custom:funds with UpdateUserAttributes. Only administrators may.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    const issuer = this.userPool.userPoolProviderUrl;
    this.function = new LedgerFunction(this, 'ApiFunction', {
      name: 'api',
      functionName: stageName(stage, 'fund-ledger-api'),
      timeout: Duration.seconds(25),
      memorySize: 1024,
      environment: {
        [ENV.eventsTable]: events.tableName,
        [ENV.readTable]: read.tableName,
        [ENV.monthEndFunction]: props.monthEnd.fn.functionName,
        AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: this.client.userPoolClientId,
      },
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
      logKey: props.logKey,
      reservedConcurrency: API_RESERVED_CONCURRENCY,
    });
    // Commands append to the store and read it (including month reads); queries read the
    // projections. The API never writes a read model: only projectors and jobs do.
    grantTable(this.function.role, { table: events, actions: [...READ_ACTIONS, ...APPEND_ACTIONS], indexes: [props.monthIndexName] });
    grantTable(this.function.role, { table: read, actions: READ_ACTIONS });
    // On-demand month end runs in the month-end function (it writes reports and may take minutes,
    // beyond API Gateway's 29 s). Named by its exact ARN: fn.grantInvoke would add `<arn>:*`.
    this.function.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.monthEnd.fn.functionArn] }));

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${stageName(stage, 'fund-ledger-api')}`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
      encryptionKey: props.logKey,
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: stageName(stage, 'fund-ledger-api'),
      description: 'Fund ledger HTTP API',
      createDefaultStage: false,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: stage.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', this.function.fn);
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', issuer, {
      authorizerName: stageName(stage, 'cognito-jwt'),
      jwtAudience: [this.client.userPoolClientId],
    });
    this.api.addRoutes({ path: PROTECTED_ROUTE.path, methods: [PROTECTED_ROUTE.method], integration, authorizer });
    for (const route of PUBLIC_ROUTES) {
      this.publicRoutes.push(
        ...this.api.addRoutes({ path: route.path, methods: [route.method], integration, authorizer: new HttpNoneAuthorizer() }),
      );
    }
  }
}
