// Voucher numbers (凭证号) on DynamoDB Local: random commands racing on one fund's month counter
// through the API end up numbered 1..N in that month, without a gap or a repeat, one number per
// command shared by its lines; a rebuild of the journal read model reads the same numbers back.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseVoucherNo, postsJournalLines } from '../../domain/voucher';
import { decodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { rebuildReadModel } from '../../functions/projectors/rebuild';
import type { JournalLineView } from '../../functions/store/read-models/views';
import type { StoredEvent } from '../../functions/store/types';
import { CREDIT_CODE } from '../e2e/api-support';
import { type InProcessApi, startInProcessApi } from '../support/in-process-api';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let api: InProcessApi;
let bureau: string;

beforeAll(async () => {
  api = startInProcessApi(db);
  bureau = await api.token('finance-bureau');
});

type Command = { kind: 'inject' | 'interest' | 'issue' | 'fee'; day: number; month: '2024-05' | '2024-06' };

const command = fc.record({
  kind: fc.constantFrom('inject' as const, 'interest' as const, 'issue' as const, 'fee' as const),
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.constantFrom('2024-05' as const, '2024-06' as const),
});

/** Every stored event of the fund's streams (fund, guarantees): what the vouchers are read from. */
const eventsOfFund = async (fundId: string, guarantees: readonly string[]): Promise<StoredEvent[]> =>
  (await Promise.all([streamIds.fund(fundId), ...guarantees.map((g) => streamIds.guarantee(fundId, g))].map((s) => api.deps.store.readStream(s)))).flat();

const journalOf = async (fundId: string): Promise<JournalLineView[]> => {
  const lines: JournalLineView[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.deps.queries.listJournal(fundId, { limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    lines.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return lines;
};

describe('voucher numbers', () => {
  let round = 0;
  it('are 1..N per fund and business month over random concurrent commands, one per command, none on events without lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 14 }), async (commands: Command[]) => {
        round += 1;
        const fundId = `vpool${round}`;
        expect((await api.post('/v1/funds', { fundId, kind: 'risk-pool', name: fundId, openedOn: '2024-01-01' }, bureau)).status).toBe(201);
        const manager = await api.token('fund-manager', [fundId]);
        // One guarantee issued first, so fee collections (no journal lines) have something to collect on.
        const issue = (guaranteeId: string, on: string) =>
          api.post(`/v1/funds/${fundId}/guarantees`, { guaranteeId, agency: 'A', borrower: { name: '聊城市某某公司', creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal: '100000.00', feeRateBps: 100, startsOn: on, maturesOn: '2025-06-30' }, manager);
        expect((await issue('g0', '2024-05-01')).status).toBe(201);
        const guarantees = ['g0', ...commands.map((c, i) => (c.kind === 'issue' ? `g${i + 1}` : undefined)).filter((g): g is string => g !== undefined)];
        // All at once: they race on the counter of their month (and on the fund stream, for cash).
        const answers = await Promise.all(
          commands.map((c, i) => {
            const on = `${c.month}-${String(c.day).padStart(2, '0')}`;
            if (c.kind === 'inject') return api.post(`/v1/funds/${fundId}/capital-injections`, { amount: '1000.00', occurredOn: on, source: 'city', reference: `LCCZ-${i}` }, bureau);
            if (c.kind === 'interest') return api.post(`/v1/funds/${fundId}/interest`, { amount: '1.00', occurredOn: on, reference: `INT-${i}` }, bureau);
            if (c.kind === 'issue') return issue(`g${i + 1}`, on);
            return api.post(`/v1/funds/${fundId}/guarantees/g0/fees`, { amount: '10.00', occurredOn: on }, manager);
          }),
        );
        // Under this much contention a command may run out of retries (409): it then took no number.
        for (const answer of answers) expect([201, 409]).toContain(answer.status);

        const stored = await eventsOfFund(fundId, guarantees);
        const byMonth = new Map<string, Map<number, Set<string>>>();
        for (const event of stored) {
          const posts = postsJournalLines(decodeEvent(event));
          expect(event.voucherNo !== undefined, `${event.type} ${event.streamId}@${event.version}`).toBe(posts);
          if (event.voucherNo === undefined) continue;
          const parsed = parseVoucherNo(event.voucherNo);
          expect(parsed?.month).toBe(event.occurredOn.slice(0, 7));
          const numbers = byMonth.get(parsed?.month ?? '') ?? new Map<number, Set<string>>();
          // The command that took a number: its request id (every event of a command shares it).
          numbers.set(parsed?.n ?? 0, (numbers.get(parsed?.n ?? 0) ?? new Set()).add(event.meta.requestId));
          byMonth.set(parsed?.month ?? '', numbers);
        }
        for (const [, numbers] of byMonth) {
          const sorted = [...numbers.keys()].sort((a, b) => a - b);
          expect(sorted).toEqual(sorted.map((_, i) => i + 1));
          for (const requests of numbers.values()) expect(requests.size).toBe(1);
        }
        // Every committed command that posts took exactly one number: injections, interest and issues.
        const posted = answers.filter((a, i) => a.status === 201 && commands[i]?.kind !== 'fee').length + 1;
        expect([...byMonth.values()].reduce((sum, numbers) => sum + numbers.size, 0)).toBe(posted);
      }),
      { numRuns: 6 },
    );
  }, 240_000);

  it('are read back unchanged by a rebuild of the journal read model, with 摘要 and reference on every line', async () => {
    const fundId = 'vrebuild';
    expect((await api.post('/v1/funds', { fundId, kind: 'risk-pool', name: fundId, openedOn: '2024-01-01' }, bureau)).status).toBe(201);
    const manager = await api.token('fund-manager', [fundId]);
    expect((await api.post(`/v1/funds/${fundId}/capital-injections`, { amount: '500000.00', occurredOn: '2024-05-06', source: 'city', reference: 'LCCZ-2024-001' }, bureau)).status).toBe(201);
    const guarantee = { guaranteeId: 'DB2024-0058', agency: 'A', borrower: { name: '聊城市某某公司', creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal: '1000000.00', feeRateBps: 100, startsOn: '2024-05-07', maturesOn: '2025-05-06' };
    expect((await api.post(`/v1/funds/${fundId}/guarantees`, guarantee, manager)).status).toBe(201);
    // 1,000,000.00 loss × 10 % pool share = 100,000.00 paid from the pool
    expect((await api.post(`/v1/funds/${fundId}/guarantees/DB2024-0058/compensations`, { occurredOn: '2024-05-20', principalLoss: '1000000.00' }, manager)).status).toBe(201);

    await rebuildReadModel({ ...db, consumer: 'books' });
    const first = await journalOf(fundId);
    await rebuildReadModel({ ...db, consumer: 'books' });
    const second = await journalOf(fundId);
    expect(second).toEqual(first);

    const entries = first.map((l) => ({ voucherNo: l.voucherNo, account: l.account, summary: l.summary, reference: l.reference }));
    expect(entries).toEqual([
      { voucherNo: '记-2024-05-0001', account: '1001', summary: '市财政注资 LCCZ-2024-001', reference: 'LCCZ-2024-001' },
      { voucherNo: '记-2024-05-0001', account: '3001', summary: '市财政注资 LCCZ-2024-001', reference: 'LCCZ-2024-001' },
      { voucherNo: '记-2024-05-0002', account: '9001', summary: 'DB2024-0058 聊城市某某公司 新增担保', reference: 'DB2024-0058' },
      // One command, one voucher: the default's memo release and the pool's payment share 0003.
      ...['5001', '2202', '2202', '1001', '9001'].map((account) => ({ voucherNo: '记-2024-05-0003', account, summary: 'DB2024-0058 聊城市某某公司 担保代偿', reference: 'DB2024-0058' })),
    ]);
    expect(first.every((l) => l.summaryEn.length > 0)).toBe(true);

    // The journal route answers the four fields on the wire.
    const answer = await api.get(`/v1/funds/${fundId}/journal`, bureau);
    expect(answer.status).toBe(200);
    const items = answer.body.items as Record<string, unknown>[];
    expect(items[0]).toMatchObject({ voucherNo: '记-2024-05-0001', summary: '市财政注资 LCCZ-2024-001', summaryEn: 'Capital injected by city finance LCCZ-2024-001', reference: 'LCCZ-2024-001' });
  }, 120_000);
});
