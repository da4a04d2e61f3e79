// LockedObjects on an S3 bucket with Object Lock. The bucket's default retention (compliance mode in
// prod) already protects every object; a put may lengthen it per object (30-year ledgers) or add a
// legal hold (permanent records). `If-None-Match: *` makes the write conditional, so a rerun of a
// job never replaces what an earlier run wrote (a locked object could not be replaced anyway).
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { LockedObjects } from './locked-objects';

export const s3LockedObjects = (bucket: string, client: S3Client = new S3Client({})): LockedObjects => ({
  location: `s3://${bucket}`,
  async put(key, body, options = {}) {
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          IfNoneMatch: '*',
          ContentType: options.contentType,
          ...(options.retainUntil === undefined ? {} : { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: options.retainUntil }),
          ...(options.legalHold === true ? { ObjectLockLegalHoldStatus: 'ON' } : {}),
          // Object Lock requires an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed')) return 'exists';
      throw error;
    }
  },
  async get(key) {
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return result.Body === undefined ? undefined : Buffer.from(await result.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  },
  async list(prefix) {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return keys.sort();
  },
});
