// How every SDK client of a local emulator (DynamoDB Local, its streams, fauxqs) authenticates:
// dummy credentials, and a request carrying an Authorization header that names them without a
// SigV4 signature. Neither emulator checks signatures (DynamoDB Local reads only the key id, which
// -sharedDb ignores), and signing was 40 % of the node CPU a local request cost: 1.15 → 0.70 ms per
// GetItem (`npm run bench -- local-request-cost`). Only for clients given an endpoint of the local
// stack; a real AWS endpoint always signs.
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** The SDK's request signer (its config's `signer`, the object form). */
type RequestSigner = Extract<NonNullable<DynamoDBClientConfig['signer']>, { sign: unknown }>;

const LOCAL_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=local/20240101/local/local/aws4_request, SignedHeaders=host, Signature=0';

const unsigned: RequestSigner = {
  sign: async (request) => {
    request.headers['authorization'] = LOCAL_AUTHORIZATION;
    return request;
  },
};

export const LOCAL_CLIENT_AUTH = {
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  signer: unsigned,
} as const;
