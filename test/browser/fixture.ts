// A small book for the browser tests, posted through the HTTP API as a user would: a risk pool with
// guarantees across counties (more journal lines than one page), a bridge fund with loans open and
// repaid, a guidance fund with a called commitment, all in the month before today, the funds
// opened (openedOn) on its first day.
import { randomUUID } from 'node:crypto';
import { CREDIT_CODE } from '../e2e/api-support';

export interface Fixture {
  month: string;
  /** A business date in `month`. */
  day: (n: number) => string;
  funds: { fundId: string; kind: string; name: string }[];
  poolCapital: string;
}

const COUNTIES = ['dongchangfu', 'chiping', 'linqing', 'guanxian', 'shenxian', 'yanggu'] as const;
const CATEGORIES = ['micro', 'small', 'agri', 'other'] as const;

export const previousMonth = (today: string): string => {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
};

export const seed = async (url: string, token: (role: 'finance-bureau' | 'fund-manager', funds?: string[]) => Promise<string>, today: string): Promise<Fixture> => {
  const month = previousMonth(today);
  const day = (n: number): string => `${month}-${String(n).padStart(2, '0')}`;
  /**
   * A command as a client should send it: a 409 concurrency-conflict (commands of one fund share its
   * voucher counter, so side-by-side posts collide) is retried with the same Idempotency-Key, a
   * bounded number of times.
   */
  const post = async (path: string, body: unknown, bearer: string): Promise<Record<string, unknown>> => {
    const key = randomUUID();
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (response.ok) return answer;
      if (response.status !== 409 || !String(answer.type).endsWith('/concurrency-conflict') || attempt >= 20) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(answer)}`);
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 80)));
    }
  };
  const bureau = await token('finance-bureau');
  const funds = [
    { fundId: 'pool', kind: 'risk-pool', name: '政府性融资担保风险补偿资金池' },
    { fundId: 'bridge', kind: 'bridge-fund', name: '应急转贷基金' },
    { fundId: 'guide', kind: 'guidance-fund', name: '政府引导基金' },
  ];
  const capital: Record<string, string> = { pool: '123456789.01', bridge: '50000000.00', guide: '200000000.00' };
  await Promise.all(
    funds.map(async (fund) => {
      await post('/v1/funds', { ...fund, openedOn: day(1) }, bureau);
      await post(`/v1/funds/${fund.fundId}/capital-injections`, { amount: capital[fund.fundId], occurredOn: day(2), source: 'city', reference: `INJ-${fund.fundId}` }, bureau);
    }),
  );
  await Promise.all([seedPool(post, await token('fund-manager', ['pool']), day), seedBridge(post, await token('fund-manager', ['bridge']), day), seedGuide(post, await token('fund-manager', ['guide']), day)]);
  return { month, day, funds, poolCapital: capital.pool ?? '' };
};

type Post = (path: string, body: unknown, bearer: string) => Promise<Record<string, unknown>>;

const seedPool = async (post: Post, pool: string, day: (n: number) => string): Promise<void> => {
  const month = day(1).slice(0, 7);

  // 24 guarantees: 24 memo lines + 2 cash lines, more than one journal page of 20. Each guarantee
  // is its own stream, so they can be posted side by side.
  await Promise.all(Array.from({ length: 24 }, (_unused, i) =>
    post(
      '/v1/funds/pool/guarantees',
      {
        guaranteeId: `g${i + 1}`,
        agency: '聊城市融资担保有限公司',
        borrower: { name: `借款企业${i + 1}`, creditCode: CREDIT_CODE, category: CATEGORIES[i % 4], county: COUNTIES[i % 6] },
        lender: '聊城农商银行',
        principal: `${(i + 1) * 100000}.00`,
        feeRateBps: 80,
        startsOn: day(3 + (i % 10)),
        maturesOn: `${Number(month.slice(0, 4)) + 1}${month.slice(4)}-01`,
      },
      pool,
    ),
  ));
};

const seedBridge = async (post: Post, bridge: string, day: (n: number) => string): Promise<void> => {
  const loan = (loanId: string, amount: string, from: number) => ({
    loanId,
    borrower: { name: `转贷企业${loanId}`, creditCode: CREDIT_CODE, county: 'linqing' },
    bank: '工商银行聊城分行',
    amount,
    renewalCommitment: { reference: `RC-${loanId}`, amount: '10000000.00' },
    disbursedOn: day(from),
    dueOn: day(from + 10),
  });
  await post('/v1/funds/bridge/bridge-loans', loan('L1', '8000000.00', 4), bridge);
  await post('/v1/funds/bridge/bridge-loans/L1/repayments', { repaidOn: day(7) }, bridge);
  await post('/v1/funds/bridge/bridge-loans', loan('L2', '5000000.00', 15), bridge);
  // L3: open until the policy test repays it today under a newly adopted fee.
  await post('/v1/funds/bridge/bridge-loans', loan('L3', '5000000.00', 15), bridge);
};

const seedGuide = async (post: Post, guide: string, day: (n: number) => string): Promise<void> => {
  await post(
    '/v1/funds/guide/commitments',
    { commitmentId: 'C1', subFund: { name: '聊城绿色产业子基金', size: '400000000.00', prioritySector: false, green: true, manager: { name: 'GP 有限公司', paidInCapital: '20000000.00' } }, amount: '100000000.00', committedOn: day(5) },
    guide,
  );
  await post('/v1/funds/guide/commitments/C1/capital-calls', { callId: 'K1', amount: '30000000.00', calledOn: day(6), dueOn: day(20) }, guide);
  await post('/v1/funds/guide/commitments/C1/capital-calls/K1/payments', { paidOn: day(10) }, guide);
};
