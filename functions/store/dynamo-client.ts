// The one place a DynamoDB client is configured. Locally (an endpoint is given) it talks to
// DynamoDB Local with dummy credentials; in Lambda it uses the function's role and region.
import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ENV } from '../shared/tables';
import { awaitLocalCommits } from './commit-barrier';

export const createDynamoClient = (endpoint: string | undefined = process.env[ENV.dynamoEndpoint]): DynamoDBClient => {
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
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
        requestHandler,
      }),
    );
  }
  // Transient throttling is retried by the SDK; conflicts are not (they surface as errors we map).
  return new DynamoDBClient({ maxAttempts: 5, requestHandler });
};
