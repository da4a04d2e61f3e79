// Every documented example (functions/api/examples), sent to the local stack in the table's order
// exactly as the reference shows it — path, query, Idempotency-Key, body, a token of its sender —
// gets the documented status, an answer the route's documented schema accepts, and the fields of
// the documented answer. A route without an example fails here (and in the unit test), so a new
// route reaches the reference with a request and answer that work.
import { describe, expect, it } from 'vitest';
import { OPERATION_EXAMPLES } from '../../functions/api/examples';
import { operationKey } from '../../functions/api/examples/operation-example';
import { routes } from '../../functions/api/routes';
import { shapeDifferences } from '../support/answer-shape';
import { exampleSender, type SentAnswer } from '../support/send-example';
import { useLocalStack } from './api-support';

const local = useLocalStack();
const sender = exampleSender(
  () => local.stack.url,
  (role, funds, person) => local.stack.token(role, funds, person),
);
const routeOf = new Map(routes.map((route) => [operationKey(route), route]));
const answers = new Map<string, SentAnswer>();

describe('the API reference’s examples on the local stack', () => {
  it('has an example for every route of the table', () => {
    const documented = new Set(OPERATION_EXAMPLES.map((example) => example.operation));
    expect(routes.map(operationKey).filter((key) => !documented.has(key))).toEqual([]);
  });

  for (const example of OPERATION_EXAMPLES) {
    it(`${example.operation} — ${example.name}: ${example.summary}`, async () => {
      const route = routeOf.get(example.operation);
      if (route === undefined) throw new Error(`no route ${example.operation}`);
      // A read shows what the event flow has projected: let it catch up with the commands before.
      if (route.method === 'GET') await local.stack.flow?.drained(30_000);
      const answer = await sender.send(example, answers);
      answers.set(example.name, answer);
      expect(answer.status, answer.text.slice(0, 500)).toBe(example.answer.status);
      if (example.answer.text !== undefined) {
        expect(answer.contentType.split(';')[0]).toBe((example.answer.contentType ?? '').split(';')[0]);
        // A CSV answer: the same header row.
        expect(answer.text.split(/\r?\n/)[0]).toBe(example.answer.text.split(/\r?\n/)[0]);
        return;
      }
      if (route.response !== undefined) expect(route.response.safeParse(answer.body).error).toBeUndefined();
      expect(shapeDifferences(example.answer.body, answer.body, example.answer.compare)).toEqual([]);
    });
  }
});
