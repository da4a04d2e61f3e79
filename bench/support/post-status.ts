import { randomUUID } from 'node:crypto';

/** POSTs `body` as JSON with a fresh Idempotency-Key; the answer's status (its body read and dropped). */
export const postStatus = async (baseUrl: string, token: string, path: string, body: unknown): Promise<number> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
};
