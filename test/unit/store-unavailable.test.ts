// Which store errors the API answers 503 (retry later, same key) rather than 500 (a defect).
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../functions/store/store-unavailable';
import { findFreePort } from '../../infra/local/dynamo-local';

const meta = { $metadata: {}, message: 'x' };
const systemError = (code: string, message = `${code} 127.0.0.1:8000`): Error => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it('is true for what the SDK throws when nothing listens on the endpoint', async () => {
    const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${await findFreePort()}`, region: 'local', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    const error = await client.send(new GetItemCommand({ TableName: 'none', Key: { PK: { S: 'a' } } })).catch((e: unknown) => e);
    client.destroy();
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('is true for connection resets, timeouts, throttling and the service failing on its side', () => {
    for (const error of [
      systemError('ECONNRESET', 'socket hang up'),
      systemError('EPIPE'),
      Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
      new Error('socket hang up'),
      new ThrottlingException(meta),
      new ProvisionedThroughputExceededException(meta),
      new RequestLimitExceeded(meta),
      new InternalServerError(meta),
      Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' }),
      new TransactionCanceledException({ ...meta, CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] }),
      new AggregateError([systemError('ECONNREFUSED')], 'connect failed'),
      new Error('wrapped', { cause: systemError('ECONNRESET') }),
    ]) {
      expect(isStoreUnavailable(error), `${error.name}: ${error.message}`).toBe(true);
    }
  });

  it('is false for a refused condition, a programming error and things that are not errors', () => {
    for (const error of [
      new ConditionalCheckFailedException(meta),
      new TransactionCanceledException({ ...meta, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
      new TypeError('cannot read properties of undefined'),
      new RangeError('no policy version in force'),
      Object.assign(new Error('ValidationException'), { name: 'ValidationException' }),
      undefined,
      'ECONNREFUSED',
    ]) {
      expect(isStoreUnavailable(error), String(error)).toBe(false);
    }
  });
});
