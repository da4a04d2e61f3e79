// Two cities' books for the province's tests (test/e2e/province.e2e.test.ts and the 全省 page's
// browser test): jinan and liaocheng each open a risk pool, inject capital and issue one guarantee
// of the year, posted through the HTTP API with each city's own tokens.
//
// jinan: 10,000,000.00 in, a 6,000,000.00 guarantee at 150 bp to a small borrower (inclusive; its fee
// rate is over the 1.00 % ceiling, so the alerts reactor raises an average-fee alert);
// liaocheng: 5,000,000.00 in, a 2,000,000.00 guarantee at 50 bp to a borrower outside the categories.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../functions/api/auth';
import type { CityId } from '../../events/cities';
import { CREDIT_CODE, eventually } from '../e2e/api-support';

export interface CityBook {
  city: CityId;
  fundId: string;
  capital: string;
  principal: string;
  feeRateBps: number;
  category: 'small' | 'other';
}

export const JINAN: CityBook = { city: 'jinan', fundId: 'jn-pool', capital: '10000000.00', principal: '6000000.00', feeRateBps: 150, category: 'small' };
export const LIAOCHENG: CityBook = { city: 'liaocheng', fundId: 'lc-pool', capital: '5000000.00', principal: '2000000.00', feeRateBps: 50, category: 'other' };

export type CityToken = (role: Role, city: CityId, funds?: string[]) => Promise<string>;

const send = async (url: string, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The city's fund, capital and guarantee, in `year`; resolves once its balances and (jinan) its alert are projected. */
export const postCityBook = async (url: string, token: CityToken, book: CityBook, year: number): Promise<void> => {
  const bureau = await token('finance-bureau', book.city);
  const manager = await token('fund-manager', book.city, [book.fundId]);
  const must = async (pending: Promise<{ status: number; body: Record<string, unknown> }>, what: string): Promise<void> => {
    const answer = await pending;
    if (answer.status !== 201) throw new Error(`${book.city} ${what} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  await must(send(url, 'POST', '/v1/funds', bureau, { fundId: book.fundId, kind: 'risk-pool', name: `${book.city} 风险补偿资金池`, openedOn: `${year}-01-01` }), 'fund');
  await must(send(url, 'POST', `/v1/funds/${book.fundId}/capital-injections`, bureau, { amount: book.capital, occurredOn: `${year}-01-10`, source: 'city', reference: `INJ-${book.fundId}` }), 'capital');
  const guarantee = {
    guaranteeId: 'g1',
    agency: '融资担保有限公司',
    borrower: { name: '某企业', creditCode: CREDIT_CODE, category: book.category },
    lender: '农商银行',
    principal: book.principal,
    feeRateBps: book.feeRateBps,
    startsOn: `${year}-02-10`,
    maturesOn: `${year + 1}-02-09`,
  };
  await must(send(url, 'POST', `/v1/funds/${book.fundId}/guarantees`, manager, guarantee), 'guarantee');
  await eventually(() => send(url, 'GET', `/v1/funds/${book.fundId}/balances`, bureau), (r) => JSON.stringify(r.body).includes(`"balance":"${book.principal}"`));
  if (book.feeRateBps > 100) await eventually(() => send(url, 'GET', '/v1/alerts?open=true', bureau), (r) => ((r.body.items as unknown[] | undefined) ?? []).length >= 1);
};
