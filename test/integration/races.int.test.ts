// Races through the API on DynamoDB Local (issue 13 §5), each run several rounds so an ordering
// that slips through once is likely to show: the store's conditions, not luck, decide the winner.
import { beforeAll, describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import type { FundState } from '../../domain/fund-book';
import { CREDIT_CODE } from '../e2e/api-support';
import { type InProcessApi, startInProcessApi } from '../support/in-process-api';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let api: InProcessApi;
let bureau: string;
const ROUNDS = 4;

beforeAll(async () => {
  api = startInProcessApi(db);
  bureau = await api.token('finance-bureau');
});

const fundWith = async (fundId: string, kind: string, capital: string, occurredOn = '2024-05-01'): Promise<void> => {
  expect((await api.post('/v1/funds', { fundId, kind, name: fundId, openedOn: '2024-01-01' }, bureau)).status).toBe(201);
  expect((await api.post(`/v1/funds/${fundId}/capital-injections`, { amount: capital, occurredOn, source: 'city', reference: `INJ-${fundId}` }, bureau)).status).toBe(201);
};

const cashOf = async (fundId: string): Promise<bigint> => ((await api.deps.store.readHead(streamIds.fund(fundId)))?.snapshot as FundState).cash;
const eventsOf = async (streamId: string, type: string): Promise<number> => (await api.deps.store.readStream(streamId)).filter((e) => e.type === type).length;

describe('races', () => {
  it('two compensations that together would overdraw the pool: exactly one is paid, cash never negative', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const fundId = `racepool${round}`;
      // cash 150,000.00; each compensation pays 10 % of 1,000,000.00 = 100,000.00
      await fundWith(fundId, 'risk-pool', '150000.00');
      const manager = await api.token('fund-manager', [fundId]);
      for (const g of ['a', 'b']) {
        const issued = await api.post(`/v1/funds/${fundId}/guarantees`, { guaranteeId: g, agency: 'A', borrower: { name: 'B', creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal: '1000000.00', feeRateBps: 100, startsOn: '2024-05-02', maturesOn: '2025-05-01' }, manager);
        expect(issued.status).toBe(201);
      }
      const answers = await Promise.all(['a', 'b'].map((g) => api.post(`/v1/funds/${fundId}/guarantees/${g}/compensations`, { occurredOn: '2024-05-10', principalLoss: '1000000.00' }, manager)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      expect(answers.find((a) => a.status === 422)?.body.code).toBe('insufficient-funds');
      expect(await cashOf(fundId)).toBe(50_000_00n);
      expect(await eventsOf(streamIds.fund(fundId), 'CompensationPaid')).toBe(1);
    }
  }, 60_000);

  it('two repayments of one loan: one repays it, the other is refused, the fee is received once', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const fundId = `racebridge${round}`;
      await fundWith(fundId, 'bridge-fund', '20000000.00');
      const manager = await api.token('fund-manager', [fundId]);
      const granted = await api.post(
        `/v1/funds/${fundId}/bridge-loans`,
        { loanId: 'L1', borrower: { name: 'X', creditCode: CREDIT_CODE }, bank: 'B', amount: '8000000.00', renewalCommitment: { reference: 'R', amount: '10000000.00' }, disbursedOn: '2024-05-04', dueOn: '2024-05-18' },
        manager,
      );
      expect(granted.status).toBe(201);
      // Two clients, two keys: a true double submission, not a retry.
      const answers = await Promise.all(['2024-05-07', '2024-05-08'].map((repaidOn) => api.post(`/v1/funds/${fundId}/bridge-loans/L1/repayments`, { repaidOn }, manager)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      expect(await eventsOf(streamIds.fund(fundId), 'BridgeLoanRepaid')).toBe(1);
      // 8,000,000.00 × 1 bp × 3 or 4 days = 2,400.00 or 3,200.00 on top of the capital
      const fee = answers.find((a) => a.status === 201)?.body.fee;
      expect(['2400.00', '3200.00']).toContain(fee);
      expect(await cashOf(fundId)).toBe(20_000_000_00n + (fee === '2400.00' ? 2_400_00n : 3_200_00n));
    }
  }, 60_000);

  it('a month close racing a posting into that month: the posting lands before the close or is refused 409, never after', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const fundId = `raceclose${round}`;
      const month = `2024-0${round + 4}`;
      await fundWith(fundId, 'bridge-fund', '1000.00', `${month}-01`);
      // The posting starts a little later each round, so both orders of commit get their chance.
      const stagger = new Promise((resolve) => setTimeout(resolve, round * 15));
      const [posting, close] = await Promise.all([
        stagger.then(() => api.post(`/v1/funds/${fundId}/interest`, { amount: '1.00', occurredOn: `${month}-15`, reference: 'INT' }, bureau)),
        api.post(`/v1/periods/${month}/close`, { fundIds: [fundId], overrideReason: 'race test: closing without a reconciliation' }, bureau),
      ]);
      expect(close.status).toBe(200);
      expect([201, 409]).toContain(posting.status);
      if (posting.status === 409) expect(posting.body.code).toBe('period-closed');
      outcomes.push(posting.status === 201 ? 'posted-then-closed' : 'closed-then-refused');

      // The posting's event exists exactly when it was acknowledged, and none was recorded after the close.
      const interest = await eventsOf(streamIds.fund(fundId), 'InterestReceived');
      expect(interest).toBe(posting.status === 201 ? 1 : 0);
      const period = await api.deps.store.readStream(streamIds.period(fundId, month));
      const closedAt = period.find((e) => e.type === 'PeriodClosed')?.recordedAt ?? '';
      const fundEvents = await api.deps.store.readStream(streamIds.fund(fundId));
      expect(fundEvents.filter((e) => e.occurredOn.startsWith(month) && e.recordedAt > closedAt)).toEqual([]);
      // And afterwards nothing more gets in.
      const late = await api.post(`/v1/funds/${fundId}/interest`, { amount: '1.00', occurredOn: `${month}-20`, reference: 'LATE' }, bureau);
      expect(late.status).toBe(409);
    }
    console.log(`close vs posting: ${outcomes.join(', ')}`);
  }, 60_000);
});
