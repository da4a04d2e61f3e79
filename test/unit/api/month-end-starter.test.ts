// POST /v1/reconciliations in the cloud hands the run to the month-end function: an asynchronous
// invoke whose payload the job's own schema accepts, so the API never writes the read table.
import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaMonthEnd } from '../../../functions/api/month-end-starter';
import { monthEndRequest } from '../../../functions/jobs/month-end';
import { withCity } from '../../../functions/shared/city-scope';

const fakeLambda = (statusCode: number) => {
  const sent: InvokeCommand[] = [];
  const client = { send: async (command: InvokeCommand) => (sent.push(command), { StatusCode: statusCode, $metadata: {} }) } as unknown as Pick<LambdaClient, 'send'>;
  return { client, sent };
};

describe('lambdaMonthEnd', () => {
  it('invokes the month-end function asynchronously with {month, runId, actor, city} and answers accepted', async () => {
    const { client, sent } = fakeLambda(202);
    const result = await withCity('jinan', () => lambdaMonthEnd('fund-ledger-month-end', client).start({ month: '2026-10', runId: 'api-key-1', actor: 'user-7' }));
    expect(result).toEqual({ status: 'accepted' });
    expect(sent).toHaveLength(1);
    const input = sent[0]!.input;
    expect(input.FunctionName).toBe('fund-ledger-month-end');
    expect(input.InvocationType).toBe('Event');
    const payload: unknown = JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8'));
    expect(payload).toEqual({ month: '2026-10', runId: 'api-key-1', actor: 'user-7', city: 'jinan' });
    // The job parses it as a request for that month of the caller's city, under that run id, on behalf of that user.
    expect(monthEndRequest.parse(payload)).toEqual({ month: '2026-10', runId: 'api-key-1', actor: 'user-7', city: 'jinan' });
  });

  it('fails when Lambda does not queue the run, so the API answers 500 rather than a false 202', async () => {
    const { client } = fakeLambda(200);
    await expect(lambdaMonthEnd('f', client).start({ month: '2026-10', runId: 'r', actor: 'a' })).rejects.toThrow(/answered 200/);
  });
});

describe('monthEndRequest (the job input)', () => {
  it("accepts the scheduler's empty payload: month and run id are derived later", () => {
    expect(monthEndRequest.parse({})).toEqual({});
  });

  it('refuses a payload whose month is not YYYY-MM', () => {
    expect(monthEndRequest.safeParse({ month: '2026-13', runId: 'r', actor: 'a' }).success).toBe(false);
  });
});
