import { describe, expect, it } from 'vitest';
import { sendWithRetry } from '../../../client/retry';

const problem = (status: number, slug: string): Response =>
  new Response(JSON.stringify({ type: `https://fund-ledger.example/problems/${slug}`, title: slug, status }), { status, headers: { 'content-type': 'application/problem+json', 'retry-after': '0' } });

/** A fake API answering from a script, counting what it was sent. */
const scripted = (answers: (() => Response)[]) => {
  const sent: number[] = [];
  const send = async (): Promise<Response> => {
    sent.push(sent.length + 1);
    const next = answers[sent.length - 1];
    if (next === undefined) throw new Error('the script ran out');
    return next();
  };
  return { send, sent };
};

describe('the clients’ one retry rule', () => {
  it('sends again after a 503 store-unavailable and a 409 concurrency-conflict, then takes the answer', async () => {
    const api = scripted([() => problem(503, 'store-unavailable'), () => problem(409, 'concurrency-conflict'), () => new Response('{"ok":true}', { status: 201 })]);
    const sent = await sendWithRetry(api.send);
    expect('response' in sent && sent.response.status).toBe(201);
    expect(sent.attempts).toBe(3);
  });

  it('retries a network failure (the answer was lost: the same key gets the first result back)', async () => {
    const api = scripted([
      () => {
        throw new TypeError('fetch failed');
      },
      () => new Response('{"replayed":true}', { status: 201 }),
    ]);
    const sent = await sendWithRetry(api.send);
    expect('response' in sent && (await sent.response.json())).toEqual({ replayed: true });
    expect(api.sent).toEqual([1, 2]);
  });

  it('takes a refusal as final: a 409 other than a conflict, a 422, a 400', async () => {
    for (const answer of [problem(409, 'period-closed'), problem(422, 'insufficient-funds'), problem(400, 'validation')]) {
      const api = scripted([() => answer]);
      const sent = await sendWithRetry(api.send);
      expect('response' in sent && sent.response.status).toBe(answer.status);
      expect(api.sent).toEqual([1]);
    }
  });

  it('gives up after maxRetries and says what the last attempt gave', async () => {
    const down = scripted([() => problem(503, 'store-unavailable'), () => problem(503, 'store-unavailable'), () => problem(503, 'store-unavailable')]);
    const answered = await sendWithRetry(down.send, { maxRetries: 2 });
    expect('response' in answered && answered.response.status).toBe(503);
    expect(answered.attempts).toBe(3);
    const unreachable = scripted([0, 1].map(() => () => {
      throw new TypeError('ECONNREFUSED');
    }));
    const failed = await sendWithRetry(unreachable.send, { maxRetries: 1 });
    expect('error' in failed && String(failed.error)).toContain('ECONNREFUSED');
  });
});
