// The cloud half of tenant isolation (issue 24 §2, docs/security.md). The functions that serve
// requests have no DynamoDB access of their own: each city's calls are signed with a session of the
// tenant data role tagged `city=<city>`, and that role may touch only keys beginning with
// `C#${aws:PrincipalTag/city}#` (infra/constructs/tenant-data-role.ts). So even a bug above the
// store that asked for another city's key would be refused by IAM, not only missed by the key
// scoping of functions/store/city-keys.ts.
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { CityId } from '../../events/cities';

/** The session tag IAM reads as `aws:PrincipalTag/city`; the trust policy requires exactly this key. */
export const TENANT_SESSION_TAG = 'city';

/** A session lasts an hour (the role's default maximum); it is renewed this long before it ends. */
export const SESSION_SECONDS = 3600;
export const RENEW_BEFORE_MS = 5 * 60_000;

type CredentialsProvider = Extract<NonNullable<DynamoDBClientConfig['credentials']>, (...args: never[]) => unknown>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;
type IdentityProperties = Parameters<CredentialsProvider>[0];

/** STS AssumeRole parameters of one city's session. */
export interface TenantSessionParams {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds: number;
  Tags: { Key: string; Value: string }[];
}

/** Makes a provider of one session's credentials (STS AssumeRole below; a fake in tests). */
export type AssumeTenantRole = (params: TenantSessionParams) => CredentialsProvider;

/**
 * STS AssumeRole with the function's own role, in the caller's region. @aws-sdk/client-sts is
 * imported on the first call: every AWS SDK v3 client comes with the Lambda runtime (the bundle keeps
 * @aws-sdk/* external), and a function, or a local run, that never assumes the role never loads it.
 * (A client, not @aws-sdk/credential-providers, whose presence in the runtime could not be confirmed here.)
 */
const assumeWithSts: AssumeTenantRole = (params) => {
  let sts: Promise<typeof import('@aws-sdk/client-sts')> | undefined;
  let client: import('@aws-sdk/client-sts').STSClient | undefined;
  return async () => {
    sts ??= import('@aws-sdk/client-sts');
    const { STSClient, AssumeRoleCommand } = await sts;
    client ??= new STSClient({});
    const { Credentials: c } = await client.send(new AssumeRoleCommand(params));
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) throw new Error(`STS gave no credentials for ${params.RoleSessionName}`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }) };
  };
};

/** CloudTrail shows which function acted for which city; STS allows [\w+=,.@-], at most 64 characters. */
export const sessionName = (city: CityId, functionName: string | undefined = process.env.AWS_LAMBDA_FUNCTION_NAME): string =>
  `${functionName ?? 'fund-ledger'}@${city}`.replace(/[^\w+=,.@-]/g, '-').slice(-64);

export const tenantSessionParams = (roleArn: string, city: CityId): TenantSessionParams => ({
  RoleArn: roleArn,
  RoleSessionName: sessionName(city),
  DurationSeconds: SESSION_SECONDS,
  Tags: [{ Key: TENANT_SESSION_TAG, Value: city }],
});

/** Holds a session's credentials until shortly before they expire, however many clients ask. */
const renewedBeforeExpiry = (fetch: CredentialsProvider, now: () => number): CredentialsProvider => {
  let held: Promise<Credentials> | undefined;
  const fresh = (properties?: IdentityProperties): Promise<Credentials> => {
    held = Promise.resolve(fetch(properties)).catch((error: unknown) => {
      held = undefined;
      throw error;
    });
    return held;
  };
  return async (properties?: IdentityProperties) => {
    if (held === undefined) return fresh(properties);
    const credentials = await held;
    const expiresAt = credentials.expiration?.getTime();
    return expiresAt !== undefined && expiresAt - now() <= RENEW_BEFORE_MS ? fresh(properties) : credentials;
  };
};

/**
 * `credentialsFor(city)` for createDynamoClient: one tagged session of the tenant role per city,
 * created on the city's first call and cached for the life of the process.
 */
export const tenantCredentials = (
  roleArn: string,
  { assume = assumeWithSts, now = Date.now }: { assume?: AssumeTenantRole; now?: () => number } = {},
): ((city: CityId) => CredentialsProvider) => {
  const perCity = new Map<CityId, CredentialsProvider>();
  return (city) => {
    let provider = perCity.get(city);
    if (provider === undefined) {
      provider = renewedBeforeExpiry(assume(tenantSessionParams(roleArn, city)), now);
      perCity.set(city, provider);
    }
    return provider;
  };
};
