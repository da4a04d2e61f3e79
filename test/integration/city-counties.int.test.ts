// Counties are each city's (issue 24 §1): events accept any city's county code, and the command layer
// judges a borrower's county against the city the command runs in. A Jinan county (历下区, `lixia`)
// is accepted in Jinan's scope and refused in Liaocheng's with a 422 `unknown-county` that names the
// field and Liaocheng's eleven codes, leaving both tables unchanged.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CityId } from '../../events/cities';
import { toProblem } from '../../functions/api/to-problem';
import type { CommandContext } from '../../functions/commands';
import { withCity } from '../../functions/shared/city-scope';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';
import { useDynamoLocal } from '../support/dynamo';
import { CREDIT_CODE } from '../unit/events/samples';

const db = useDynamoLocal();
let api: InProcessApi;

beforeAll(() => {
  api = startInProcessApi(db, () => new Date('2024-06-30T04:00:00Z'));
});

const context = (): CommandContext => {
  const key = randomUUID();
  return { meta: { actor: 'test-manager', role: 'fund-manager', requestId: key, correlationId: key }, idempotencyKey: key };
};

/** Every item of both tables, every city's (the raw client sees past the city scope). */
const fingerprint = async (): Promise<string> => {
  const raw = createRawDynamoClient(db.endpoint);
  try {
    return await storeFingerprint(raw, [db.eventsTableName, db.readTableName]);
  } finally {
    raw.destroy();
  }
};

const openPool = (city: CityId, fundId: string) =>
  withCity(city, () => api.deps.commands.createFund({ fundId, kind: 'risk-pool', name: `${city} 风险补偿资金池`, openedOn: '2024-01-02' }, '2024-06-30', context()));

const issueIn = (city: CityId, fundId: string, guaranteeId: string, county: string) =>
  withCity(city, () =>
    api.deps.commands.issueGuarantee(
      fundId,
      {
        guaranteeId,
        agency: '济南市融资担保有限公司',
        borrower: { name: '济南市历下区某某科技有限公司', creditCode: CREDIT_CODE, category: 'small', county },
        lender: '齐鲁银行',
        principal: 5_000_000_00n,
        feeRateBps: 80,
        startsOn: '2024-03-02',
        maturesOn: '2025-03-01',
      },
      context(),
    ),
  );

describe('a county is judged against the command’s city', () => {
  it('accepts 历下区 (lixia) for a guarantee in Jinan', async () => {
    await openPool('jinan', 'jn-pool');
    const answer = await issueIn('jinan', 'jn-pool', 'JN-001', 'lixia');
    expect(answer.status).toBe(201);
  });

  it("refuses it in Liaocheng: 422 unknown-county naming the field and Liaocheng's codes; neither table changes", async () => {
    await openPool('liaocheng', 'lc-pool');
    const before = await fingerprint();
    const refusal = await issueIn('liaocheng', 'lc-pool', 'LC-001', 'lixia').then(
      () => undefined,
      (error: unknown) => error,
    );
    const problem = toProblem(refusal)?.toProblem();
    expect(problem).toMatchObject({
      status: 422,
      code: 'unknown-county',
      errors: [{ field: 'body.borrower.county' }],
      limit: 'dongchangfu, chiping, linqing, yanggu, shenxian, donge, guanxian, gaotang, kaifaqu, gaoxinqu, dujiaqu',
      actual: 'lixia',
    });
    expect(await fingerprint()).toBe(before);
  });

  it("refuses a Liaocheng county for a bridge loan in Jinan, and takes Liaocheng's own there", async () => {
    const loan = (city: CityId, fundId: string, loanId: string, county: string) =>
      withCity(city, () =>
        api.deps.commands.grantBridgeLoan(
          fundId,
          { loanId, borrower: { name: '某某纺织有限公司', creditCode: CREDIT_CODE, county }, bank: '中国工商银行', amount: 1_000_000_00n, renewalCommitment: { reference: `XD-${loanId}`, amount: 1_100_000_00n }, disbursedOn: '2024-05-06', dueOn: '2024-05-16' },
          context(),
        ),
      );
    for (const city of ['jinan', 'liaocheng'] as const) {
      await withCity(city, () => api.deps.commands.createFund({ fundId: `${city}-bridge`, kind: 'bridge-fund', name: `${city} 应急转贷基金`, openedOn: '2024-01-02' }, '2024-06-30', context()));
      await withCity(city, () => api.deps.commands.injectCapital(`${city}-bridge`, { amount: 10_000_000_00n, occurredOn: '2024-01-02', source: 'city', reference: `CZ-${city}` }, context()));
    }
    const before = await fingerprint();
    const refusal = await loan('jinan', 'jinan-bridge', 'ZD-1', 'linqing').catch((error: unknown) => error);
    expect(toProblem(refusal)?.toProblem()).toMatchObject({ status: 422, code: 'unknown-county', actual: 'linqing', limit: expect.stringMatching(/^lixia, shizhong, .*, shanghe$/) });
    expect(await fingerprint()).toBe(before);
    expect((await loan('liaocheng', 'liaocheng-bridge', 'ZD-2', 'linqing')).status).toBe(201);
  });
});
