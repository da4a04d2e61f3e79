// The one place a DynamoDB client is configured. Locally (an endpoint is given) it talks to
// DynamoDB Local with dummy credentials; in Lambda it uses the function's role and region, or, in
// the functions that serve requests, their tenant data role's session for the city in scope.
import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { CityId } from '../../events/cities';
import { currentCity } from '../shared/city-scope';
import { ENV } from '../shared/tables';
import { awaitLocalCommits } from './commit-barrier';
import { scopeClientToCity } from './city-keys';
import { tenantCredentials } from './tenant-credentials';
import { LOCAL_CLIENT_AUTH } from './local-client-auth';

/** Static credentials or a provider of them, as the SDK takes them. */
export type DynamoCredentials = NonNullable<DynamoDBClientConfig['credentials']>;

export interface DynamoClientOptions {
  /**
   * Credentials for one city's work (issue 24 §2): in the cloud the request-serving functions sign
   * each city's calls with a role session tagged with that city, which IAM confines to its keys.
   */
  credentialsFor?: (city: CityId) => DynamoCredentials;
}

/**
 * In the cloud, the request-serving functions' `credentialsFor` (their stack sets TENANT_ROLE_ARN):
 * each city's calls signed with a session of their tenant data role tagged with that city, which IAM
 * confines to the city's keys (tenant-credentials.ts, docs/security.md). Locally (an endpoint) and in
 * every other function: undefined, the function's own credentials.
 */
export const tenantCredentialsFromEnv = (endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): DynamoClientOptions['credentialsFor'] => {
  const roleArn = env[ENV.tenantRoleArn];
  if (roleArn === undefined || roleArn === '' || (endpoint !== undefined && endpoint !== '')) return undefined;
  return tenantCredentials(roleArn);
};

/**
 * The client every function uses: scoped to the city in scope at each call (city-keys.ts), and with
 * `credentialsFor`, one underlying client per city signing with that city's credentials.
 */
export const createDynamoClient = (
  endpoint: string | undefined = process.env[ENV.dynamoEndpoint],
  { credentialsFor = tenantCredentialsFromEnv(endpoint) }: DynamoClientOptions = {},
): DynamoDBClient => {
  if (credentialsFor === undefined) return scopeClientToCity(createRawDynamoClient(endpoint), currentCity);
  const perCity = new Map<CityId, DynamoDBClient>();
  const clientOf = (city: CityId): DynamoDBClient => {
    let client = perCity.get(city);
    if (client === undefined) {
      client = scopeClientToCity(createRawDynamoClient(endpoint, credentialsFor(city)), () => city);
      perCity.set(city, client);
    }
    return client;
  };
  const router = createRawDynamoClient(endpoint);
  router.send = ((...args: Parameters<DynamoDBClient['send']>) => clientOf(currentCity()).send(...args)) as DynamoDBClient['send'];
  return router;
};

/**
 * A client that sees every city's keys as stored: only for the work that must (the one-off key
 * migration, copying a whole table). Everything else goes through createDynamoClient.
 */
export const createRawDynamoClient = (endpoint: string | undefined = process.env[ENV.dynamoEndpoint], credentials?: DynamoCredentials): DynamoDBClient => {
  // Keep-alive saves a TCP (and TLS) handshake per call; maxSockets lets 16+ concurrent
  // writers share one client without queueing behind the default pool.
  const requestHandler = {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
  };
  if (endpoint !== undefined && endpoint !== '') {
    // DynamoDB Local acknowledges a transaction before committing it; see commit-barrier.ts.
    return awaitLocalCommits(
      new DynamoDBClient({
        endpoint,
        region: 'local',
        ...LOCAL_CLIENT_AUTH,
        maxAttempts: 3,
        requestHandler,
      }),
    );
  }
  // Transient throttling is retried by the SDK; conflicts are not (they surface as errors we map).
  return new DynamoDBClient({ maxAttempts: 5, requestHandler, ...(credentials === undefined ? {} : { credentials }) });
};
