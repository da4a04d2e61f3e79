// The same demo year sent one request at a time and sixteen at a time (four per fund) to two fresh
// local stacks: the books come out the same to the fen. Sending side by side only changes which
// command commits first, hence the voucher numbers (凭证号, taken in commit order) and the order of
// events within a stream; every fund's balances, and every journal line without its voucher number
// and stream position, must be identical.
import { describe, expect, it } from 'vitest';
import { buildPlan, FUND_IDS } from '../../scripts/demo/plan';
import { runDemo } from '../../scripts/demo/run';
import { client, useLocalStack } from './api-support';

const serial = useLocalStack();
const parallel = useLocalStack();

type Api = ReturnType<typeof client>;

/** Every journal line of the fund, paged, without what depends on commit order. */
const journalOf = async (api: Api, token: string, fundId: string): Promise<string[]> => {
  const lines: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.get(`/v1/funds/${fundId}/journal?limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { token });
    expect(page.status).toBe(200);
    for (const l of page.body.items ?? []) {
      const { occurredOn, streamId, eventType, line, account, debit, credit, summary, reference } = l;
      // A fund stream's versions follow commit order; an entity's own stream (guarantee, loan…) does not.
      const stream = String(streamId).startsWith(`fund-${fundId}`) ? 'fund' : streamId;
      lines.push(JSON.stringify({ occurredOn, stream, eventType, line, account, debit, credit, summary, reference }));
    }
    cursor = typeof page.body.nextCursor === 'string' ? page.body.nextCursor : null;
  } while (cursor !== null);
  return lines.sort();
};

/** Each fund's balances and its journal lines (voucher-independent). */
const booksOf = async (api: Api, token: string) =>
  Promise.all(
    FUND_IDS.map(async (fundId) => {
      const balances = await api.get(`/v1/funds/${fundId}/balances`, { token });
      const journal = await journalOf(api, token, fundId);
      return { fundId, accounts: balances.body.accounts, journal };
    }),
  );

describe('npm run demo, sent serially and side by side', () => {
  it('gives the same balances and the same journal lines to the fen', async () => {
    const plan = buildPlan({ seed: 5, scale: 0.01, months: 3, year: 2024, withOpenedOn: true });
    const runOn = async (stack: typeof serial, concurrency: number, perFund: number) => {
      const api = client(() => stack.stack);
      const tokens = { bureau: await api.token('finance-bureau'), checker: await stack.stack.token('finance-bureau', [], 'demo-checker'), manager: await api.token('fund-manager', ...FUND_IDS) };
      const result = await runDemo({ baseUrl: stack.stack.url, tokens, plan, concurrency, perFund, projectionTimeoutMs: 60_000 });
      expect(result.refusals).toEqual([]);
      return { result, books: await booksOf(api, tokens.bureau) };
    };
    const one = await runOn(serial, 1, 1);
    const many = await runOn(parallel, 16, 4);

    expect(many.result.cash).toEqual(one.result.cash);
    for (const [i, fund] of one.books.entries()) {
      const other = many.books[i];
      expect(fund.journal.length).toBeGreaterThan(0);
      expect(other?.accounts).toEqual(fund.accounts);
      expect(other?.journal).toEqual(fund.journal);
    }
    expect(many.result.months).toEqual(one.result.months);
  }, 240_000);
});
