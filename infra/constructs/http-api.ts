// The HTTP API (DESIGN §7): Cognito user pool with the three roles as groups, an HTTP API whose
// JWT authorizer trusts that pool (or, where the region has no user pools — the AWS China regions —
// the province's unified identity platform, 统一身份认证, as an OIDC issuer; docs/deploy-china.md), and the API functions behind it: the main one takes every
// request by default (ANY /v1/{proxy+}, health, OpenAPI), and each route the route table assigns
// to another function (`fn`, e.g. apiFiles' CSV/XLSX routes) gets its own API Gateway route, exact
// method and path, to that function. Each function verifies the token again itself
// (functions/api/auth.ts) from AUTH_JWKS_URL / AUTH_ISSUER / AUTH_AUDIENCE, so the public routes
// and any future integration stay safe even without the authorizer.
import { Duration, Lazy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, type HttpRoute, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  CfnUserPoolRiskConfigurationAttachment,
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
import { functionOf } from '../../functions/api/route';
import { routedElsewhere } from '../../functions/api/routes';
import { OPERATION_EXAMPLES } from '../../functions/api/examples';
import { BUNDLED_EXAMPLES_FILE } from '../../functions/api/examples/bundled-examples';
import { API_FUNCTIONS, type ApiFunctionName, MAIN_API_FUNCTION } from '../../functions/shared/functions';
import { ENV } from '../../functions/shared/tables';
import type { ChinaSettings } from '../stacks/deployment-settings';
import type { RegionCapabilities } from '../stacks/region-capabilities';
import { stageName, type StageConfig } from '../stacks/stage';
import { AuditLog, auditRetention } from './audit-log';
import { LedgerFunction } from './ledger-function';
import { APPEND_ACTIONS, READ_ACTIONS } from './table-access';
import { TenantDataRole } from './tenant-data-role';

/** DESIGN §7 roles; the API reads them from the token's `cognito:groups`. */
export const USER_GROUPS = {
  'finance-bureau': 'Finance bureau: all funds, fund set-up, period close',
  'fund-manager': 'Fund manager: only the funds listed in custom:funds',
  auditor: 'Auditor: read only',
  province: 'Province finance department: reads every city, writes nothing (issue 24)',
} as const;

/** Comma-separated fund ids a fund manager may act on (functions/api/auth.ts parses it). */
export const FUNDS_ATTRIBUTE = 'funds';

/**
 * The city a user acts within (issue 24), read from the ID token's `custom:city` (functions/api/auth.ts);
 * absent = liaocheng. Like custom:funds, only administrators may write it: no app client lists it in
 * its write attributes, so no user can move themselves into another city (docs/security.md).
 */
export const CITY_ATTRIBUTE = 'city';

/**
 * The sign-in controls of the user pool (GB/T 22239-2019 level 3, 8.1.4.1 身份鉴别: unique identity,
 * complex credentials changed regularly, lock-out after failed sign-ins, sessions that end; docs/deploy.md
 * "Sign-in controls" says why each value and what Cognito cannot do).
 */
export const PASSWORD_POLICY = {
  /** 14, above 等保's usual ≥ 8 and NIST 800-63B's 8, at the length CIS and the bureau's admin accounts use. */
  minLength: 14,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** An administrator's temporary password is good for one day: it travels out of band. */
  tempPasswordValidity: Duration.days(1),
  /** A changed password may not be one of the last 5 (PCI DSS 4.0 8.3.7 asks for 4); Cognito has no expiry. */
  passwordHistorySize: 5,
} as const;

/**
 * Token lifetimes of every app client. The dashboard keeps no refresh token, so its session ends
 * at most 30 minutes after sign-in (its idle sign-out is the dashboard's own, web/); the CLI's
 * refresh token lasts a working day.
 */
export const TOKEN_VALIDITY = { idToken: Duration.minutes(30), accessToken: Duration.minutes(30), refreshToken: Duration.hours(8) } as const;

/** Plus-tier threat protection (prod): what Cognito does at each sign-in risk level. */
export const RISK_ACTIONS = { high: 'BLOCK', medium: 'MFA_REQUIRED', low: 'NO_ACTION' } as const;

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
/** Files arrive a few a day per fund (statements, registers, reports): a small cap suffices. */
export const API_FILES_RESERVED_CONCURRENCY = 10;

/** Per API function: construct ids (the main one's kept from before the split), physical name and concurrency cap. */
const API_FUNCTION_SETTINGS: Record<ApiFunctionName, { id: string; integrationId: string; name: string; reservedConcurrency: number }> = {
  api: { id: 'ApiFunction', integrationId: 'ApiIntegration', name: 'fund-ledger-api', reservedConcurrency: API_RESERVED_CONCURRENCY },
  apiFiles: { id: 'ApiFilesFunction', integrationId: 'ApiFilesIntegration', name: 'fund-ledger-api-files', reservedConcurrency: API_FILES_RESERVED_CONCURRENCY },
};

export interface LedgerHttpApiProps {
  stage: StageConfig;
  capabilities: RegionCapabilities;
  /** Required where the region has no Cognito user pools: the OIDC issuer to trust instead. */
  oidc?: ChinaSettings['oidc'];
  events: Table;
  read: Table;
  monthIndexName: string;
  /** The month-end job: POST /v1/reconciliations invokes it asynchronously instead of running in the API. */
  monthEnd: LedgerFunction;
  logKey: IKey;
}

export class LedgerHttpApi extends Construct {
  /** The user pool and its API client; undefined where sign-in is the province's OIDC platform. */
  readonly userPool: UserPool | undefined;
  readonly client: UserPoolClient | undefined;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The main API function. */
  readonly function: LedgerFunction;
  readonly functions: Record<ApiFunctionName, LedgerFunction>;
  /** Each API function's only DynamoDB access: its role's sessions tagged with the caller's city. */
  readonly tenantRoles: Record<ApiFunctionName, TenantDataRole>;
  readonly accessLogs: LogGroup;
  /** The API's audit log: the API functions' log groups and the access log, kept ≥ 180 days, undeletable by their writers. */
  readonly auditLog: AuditLog;
  /** Routes without the authorizer (health check, OpenAPI document). */
  readonly publicRoutes: HttpRoute[] = [];
  /** App clients whose ID tokens the API accepts: its own, and any added (the dashboard's hosted-UI client). */
  private readonly audiences: string[] = [];

  constructor(scope: Construct, id: string, props: LedgerHttpApiProps) {
    super(scope, id);
    const { stage, events, read } = props;

    let issuer: string;
    let jwksUrl: string;
    const claimNames: Record<string, string> = {};
    if (props.capabilities.has.cognitoUserPools) {
      const cognito = this.cognitoSignIn(stage);
      this.userPool = cognito.userPool;
      this.client = cognito.client;
      this.audiences.push(cognito.client.userPoolClientId);
      issuer = cognito.userPool.userPoolProviderUrl;
      jwksUrl = `${issuer}/.well-known/jwks.json`;
    } else {
      // No user pools here: the API trusts the province's identity platform, whose issuer, client
      // id(s) and key set come from the deployment settings (infra/stacks/deployment-settings.ts).
      if (props.oidc === undefined) throw new Error('LedgerHttpApi: a region without Cognito user pools needs the OIDC settings');
      this.userPool = undefined;
      this.client = undefined;
      this.audiences.push(...props.oidc.audiences);
      issuer = props.oidc.issuer;
      jwksUrl = props.oidc.jwksUrl;
      claimNames.AUTH_ROLES_CLAIM = props.oidc.rolesClaim;
      claimNames.AUTH_CITY_CLAIM = props.oidc.cityClaim;
    }
    const apiFunction = (name: ApiFunctionName, environment: Record<string, string>, bundledFiles?: Record<string, string>): LedgerFunction => {
      const settings = API_FUNCTION_SETTINGS[name];
      return new LedgerFunction(this, settings.id, {
        name,
        functionName: stageName(stage, settings.name),
        timeout: Duration.seconds(25),
        memorySize: 1024,
        environment: {
          [ENV.eventsTable]: events.tableName,
          [ENV.readTable]: read.tableName,
          AUTH_JWKS_URL: jwksUrl,
          AUTH_ISSUER: issuer,
          ...claimNames,
          // Read at synth's end, so a client added after this construct is included.
          AUTH_AUDIENCE: Lazy.string({ produce: () => this.audiences.join(',') }),
          ...environment,
        },
        logRetention: auditRetention(stage),
        removalPolicy: stage.removalPolicy,
        logKey: props.logKey,
        reservedConcurrency: settings.reservedConcurrency,
        ...(bundledFiles === undefined ? {} : { bundledFiles }),
      });
    };
    this.functions = {
      // The OpenAPI document's examples ride beside the main API's code (functions/api/examples/bundled-examples.ts).
      api: apiFunction('api', { [ENV.monthEndFunction]: props.monthEnd.fn.functionName }, { [BUNDLED_EXAMPLES_FILE]: JSON.stringify(OPERATION_EXAMPLES) }),
      apiFiles: apiFunction('apiFiles', {}),
    };
    this.function = this.functions.api;
    // Commands append to the store and read it (including month reads); queries read the
    // projections. The API never writes a read model: only projectors and jobs do. Each API
    // function reaches the tables only through a session of its tenant data role, confined to the
    // caller's city (tenant-data-role.ts, docs/security.md); its own role has no DynamoDB access.
    this.tenantRoles = {
      api: new TenantDataRole(this, 'ApiTenantData', {
        fn: this.function,
        grants: [
          { table: events, actions: [...READ_ACTIONS, ...APPEND_ACTIONS], indexes: [props.monthIndexName] },
          { table: read, actions: READ_ACTIONS },
        ],
      }),
      // apiFiles records bank statements (an append, after reading the fund's and the statement's
      // heads) and reads month-end reports; it runs no month read, writes no read model.
      apiFiles: new TenantDataRole(this, 'ApiFilesTenantData', {
        fn: this.functions.apiFiles,
        grants: [
          { table: events, actions: [...READ_ACTIONS, ...APPEND_ACTIONS] },
          { table: read, actions: READ_ACTIONS },
        ],
      }),
    };
    // On-demand month end runs in the month-end function (it writes reports and may take minutes,
    // beyond API Gateway's 29 s). Named by its exact ARN: fn.grantInvoke would add `<arn>:*`.
    this.function.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.monthEnd.fn.functionArn] }));

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${stageName(stage, 'fund-ledger-api')}`,
      retention: auditRetention(stage),
      removalPolicy: stage.removalPolicy,
      encryptionKey: props.logKey,
    });
    this.auditLog = new AuditLog(this, 'AuditLog', {
      groups: [...API_FUNCTIONS.map((name) => this.functions[name].logGroup), this.accessLogs],
      writers: API_FUNCTIONS.map((name) => this.functions[name].role),
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
            path: '$context.path',
            userAgent: '$context.identity.userAgent',
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

    const integrations = Object.fromEntries(
      API_FUNCTIONS.map((name) => [name, new HttpLambdaIntegration(API_FUNCTION_SETTINGS[name].integrationId, this.functions[name].fn)]),
    ) as Record<ApiFunctionName, HttpLambdaIntegration>;
    const integration = integrations[MAIN_API_FUNCTION];
    const cognito = this.userPool !== undefined;
    const authorizer = new HttpJwtAuthorizer(cognito ? 'CognitoJwt' : 'OidcJwt', issuer, {
      authorizerName: stageName(stage, cognito ? 'cognito-jwt' : 'oidc-jwt'),
      jwtAudience: Lazy.list({ produce: () => this.audiences }),
    });
    this.api.addRoutes({ path: PROTECTED_ROUTE.path, methods: [PROTECTED_ROUTE.method], integration, authorizer });
    for (const route of PUBLIC_ROUTES) {
      this.publicRoutes.push(
        ...this.api.addRoutes({ path: route.path, methods: [route.method], integration, authorizer: new HttpNoneAuthorizer() }),
      );
    }
    // A route with an exact method and path wins over ANY /v1/{proxy+}, so these reach their own function.
    for (const route of routedElsewhere) {
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[functionOf(route)],
        authorizer: route.roles === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
      if (route.roles === 'public') this.publicRoutes.push(...added);
    }
  }

  /** Accepts the ID tokens of another app client of the same user pool. */
  acceptClient(clientId: string): void {
    this.audiences.push(clientId);
  }

  /** The Cognito user pool, its groups and the API's app client (regions with user pools). */
  private cognitoSignIn(stage: StageConfig): { userPool: UserPool; client: UserPoolClient } {
    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: stageName(stage, 'fund-ledger-users'),
      // Accounts are created by the finance bureau (docs/deploy.md), never by the public.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: { ...PASSWORD_POLICY },
      mfa: stage.strictSignIn ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: stage.strictSignIn ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(stage.strictSignIn ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      customAttributes: {
        [FUNDS_ATTRIBUTE]: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        [CITY_ATTRIBUTE]: new StringAttribute({ minLen: 2, maxLen: 32, mutable: true }),
      },
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const [groupName, description] of Object.entries(USER_GROUPS)) {
      userPool.addGroup(`Group-${groupName}`, { groupName, description });
    }
    // A public client (no secret) for SRP sign-in from the bureau's web app and for the CLI.
    const client = userPool.addClient('Client', {
      userPoolClientName: stageName(stage, 'fund-ledger-client'),
      generateSecret: false,
      // Sign-in is SRP (web app) or USER_PASSWORD_AUTH (CLI); no hosted-UI OAuth flows, so no
      // implicit grant and no placeholder callback URL.
      disableOAuth: true,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: TOKEN_VALIDITY.idToken,
      accessTokenValidity: TOKEN_VALIDITY.accessToken,
      refreshTokenValidity: TOKEN_VALIDITY.refreshToken,
      // By default a client may write every mutable attribute, which would let a fund manager
      // add funds to their own custom:funds with UpdateUserAttributes. Only administrators may.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    if (stage.strictSignIn) {
      // Adaptive authentication (Plus tier, prod): a risky sign-in is challenged or refused, and a
      // password known from a public breach is refused at sign-in and at every change.
      new CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
        userPoolId: userPool.userPoolId,
        clientId: 'ALL',
        accountTakeoverRiskConfiguration: {
          actions: {
            highAction: { eventAction: RISK_ACTIONS.high, notify: false },
            mediumAction: { eventAction: RISK_ACTIONS.medium, notify: false },
            lowAction: { eventAction: RISK_ACTIONS.low, notify: false },
          },
        },
        compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' }, eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'] },
      });
    }
    return { userPool, client };
  }
}
