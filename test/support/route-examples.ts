// A small world of funds and records every route can act on, and one valid request per route,
// derived from the route table: a hand-written example where one exists (so mutations reach deep
// into the rules), otherwise a sample built from the route's own body schema, so a route added
// tomorrow is exercised without touching this file.
import * as z from 'zod';
import type { Role } from '../../functions/api/auth';
import type { Route } from '../../functions/api/route';
import { CREDIT_CODE } from '../e2e/api-support';
import type { InProcessApi } from './in-process-api';

export const WORLD = {
  pool: 'pool1',
  bridge: 'bridge1',
  guide: 'guide1',
  guaranteeId: 'g1',
  loanId: 'L1',
  commitmentId: 'C1',
  callId: 'K1',
  month: '2024-03',
} as const;
export const WORLD_FUNDS = [WORLD.pool, WORLD.bridge, WORLD.guide];

export interface Example {
  route: Route;
  /** The path with every {param} filled from the world. */
  path: string;
  params: Record<string, string>;
  body?: Record<string, unknown>;
  query: Record<string, string>;
}

const guarantee = {
  guaranteeId: 'g9',
  agency: '聊城市融资担保有限公司',
  borrower: { name: '某某农业合作社', creditCode: CREDIT_CODE, category: 'agri', county: 'chiping' },
  lender: '聊城农商银行',
  principal: '500000.00',
  feeRateBps: 100,
  startsOn: '2024-03-02',
  maturesOn: '2025-03-01',
};
const bridgeLoan = (loanId: string) => ({
  loanId,
  borrower: { name: '某某机械有限公司', creditCode: CREDIT_CODE, county: 'linqing' },
  bank: '工商银行聊城分行',
  amount: '800000.00',
  renewalCommitment: { reference: 'RC-1', amount: '1000000.00' },
  disbursedOn: '2024-03-04',
  dueOn: '2024-03-18',
});
const commitment = (commitmentId: string) => ({
  commitmentId,
  committedOn: '2024-03-05',
  amount: '10000000.00',
  subFund: { name: '聊城绿色产业子基金', size: '40000000.00', prioritySector: false, manager: { name: 'GP 有限公司', paidInCapital: '20000000.00' } },
});

/** Valid bodies by "METHOD /template"; routes absent here get a sample from their schema. */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /v1/funds': { fundId: 'fuzzfund', kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2024-01-01' },
  'POST /v1/funds/{fundId}/capital-injections': { amount: '1000.00', occurredOn: '2024-03-10', source: 'city', reference: 'INJ-9' },
  'POST /v1/funds/{fundId}/interest': { amount: '12.34', occurredOn: '2024-03-21', reference: 'INT-9' },
  'POST /v1/funds/{fundId}/guarantees': guarantee,
  'POST /v1/funds/{fundId}/guarantees/{guaranteeId}/fees': { occurredOn: '2024-03-05', amount: '5000.00' },
  'POST /v1/funds/{fundId}/guarantees/{guaranteeId}/releases': { occurredOn: '2024-03-25' },
  'POST /v1/funds/{fundId}/guarantees/{guaranteeId}/compensations': { occurredOn: '2024-03-10', principalLoss: '200000.00' },
  'POST /v1/funds/{fundId}/guarantees/{guaranteeId}/recoveries': { occurredOn: '2024-03-20', amount: '5000.00', costs: '1000.00' },
  'POST /v1/funds/{fundId}/bridge-loans': bridgeLoan('L9'),
  'POST /v1/funds/{fundId}/bridge-loans/{loanId}/repayments': { repaidOn: '2024-03-07' },
  'POST /v1/funds/{fundId}/commitments': commitment('C9'),
  'POST /v1/funds/{fundId}/commitments/{commitmentId}/capital-calls': { callId: 'K9', amount: '100000.00', calledOn: '2024-03-06', dueOn: '2024-03-20' },
  'POST /v1/funds/{fundId}/commitments/{commitmentId}/capital-calls/{callId}/payments': { paidOn: '2024-03-15' },
  'POST /v1/funds/{fundId}/commitments/{commitmentId}/distributions': { distributionId: 'D9', receivedOn: '2024-03-28', returnOfCapital: '1000.00', gain: '10.00' },
  'POST /v1/funds/{fundId}/bank-statements': {
    month: '2024-03',
    openingBalance: '0.00',
    closingBalance: '20000000.00',
    lines: [{ date: '2024-03-01', amount: '20000000.00', reference: 'INJ-bridge1' }],
  },
  'POST /v1/reconciliations': { month: '2024-03' },
  'POST /v1/funds/{fundId}/bank-charges': { occurredOn: '2024-03-21', amount: '12.34', reference: 'SXF-9', description: '银行手续费' },
  'POST /v1/funds/{fundId}/capital-returns': { occurredOn: '2024-03-21', amount: '100.00', reference: 'JH-9', to: 'treasury' },
  'POST /v1/funds/{fundId}/adjustments': { adjustmentId: 'adj9', occurredOn: '2024-03-21', reason: '科目更正', lines: [{ account: '5003', debit: '1.00' }, { account: '5002', credit: '1.00' }] },
  // Line 1 of the bank-statements example is the bridge fund's injection, version 2 of its stream.
  'POST /v1/reconciliations/{month}/funds/{fundId}/matches': { matchId: 'm9', bankLines: ['1:1'], bookEntries: [{ streamId: 'fund-bridge1', version: 2 }], note: '人工勾对' },
  'POST /v1/periods/{month}/close': { fundIds: [WORLD.bridge] },
  'POST /v1/policies': { policyId: 'bureau-fuzz', effectiveFrom: '2024-06-01', reason: '转贷费率调整', changes: { bridge: { feeBpsPerDay: 2 } } },
  'POST /v1/policies/lpr-fixings': { from: '2025-06-20', rateBps: 300 },
  'POST /v1/years/{year}/close': { fundIds: [WORLD.bridge], reason: '年度结账' },
};

/** The fund a route acts on: the kind its records live in (unknown areas get the bridge fund). */
const fundFor = (template: string): string =>
  template.includes('/guarantees') ? WORLD.pool : template.includes('/commitments') ? WORLD.guide : WORLD.bridge;

const PARAMS: Record<string, string> = {
  guaranteeId: WORLD.guaranteeId,
  loanId: WORLD.loanId,
  commitmentId: WORLD.commitmentId,
  callId: WORLD.callId,
  month: WORLD.month,
  policyId: 'liaocheng-2024',
  year: WORLD.month.slice(0, 4),
};

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; pattern?: string; minimum?: number; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; const?: unknown; default?: unknown };

/** A plausible value for a JSON Schema: the shape is right, the content merely typical. */
export const sampleOf = (schema: JsonSchema): unknown => {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative !== undefined) return sampleOf(alternative);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value)]));
    case 'array':
      return schema.items === undefined ? [] : [sampleOf(schema.items)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      const pattern = schema.pattern ?? '';
      if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2024-03-10';
      if (pattern.includes('\\d{4}-')) return '2024-03';
      if (pattern.includes('\\.')) return '100.00';
      return 'sample1';
    }
    default:
      return 'sample1';
  }
};

const bodySample = (route: Route): Record<string, unknown> | undefined => {
  const key = `${route.method} ${route.path}`;
  if (BODIES[key] !== undefined) return structuredClone(BODIES[key]);
  if (route.body === undefined) return route.method === 'POST' ? {} : undefined;
  try {
    const schema = z.toJSONSchema(route.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const sample = sampleOf(schema);
    return typeof sample === 'object' && sample !== null && !Array.isArray(sample) ? (sample as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export const exampleOf = (route: Route): Example => {
  const params: Record<string, string> = {};
  const path = route.path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => {
    const value = name === 'fundId' ? fundFor(route.path) : (PARAMS[name] ?? `${name}1`);
    params[name] = value;
    return value;
  });
  const body = bodySample(route);
  return { route, path, params, ...(body === undefined ? {} : { body }), query: {} };
};

/** A role the route admits, preferring the fund's manager where managers may act. */
export const allowedRole = (route: Route): Role | undefined =>
  route.roles === 'public' ? undefined : route.roles.includes('fund-manager') ? 'fund-manager' : route.roles[0];

/** Creates the world's funds and records through the API, as their users would. */
export const seedWorld = async (api: InProcessApi): Promise<void> => {
  const bureau = await api.token('finance-bureau');
  const manager = await api.token('fund-manager', WORLD_FUNDS);
  const must = async (answer: Promise<{ status: number; text: string }>): Promise<void> => {
    const { status, text } = await answer;
    if (status >= 300) throw new Error(`seeding the world failed: ${status} ${text}`);
  };
  for (const [fundId, kind, capital] of [
    [WORLD.pool, 'risk-pool', '1000000.00'],
    [WORLD.bridge, 'bridge-fund', '20000000.00'],
    [WORLD.guide, 'guidance-fund', '200000000.00'],
  ] as const) {
    await must(api.post('/v1/funds', { fundId, kind, name: `${fundId} 基金`, openedOn: '2024-01-01' }, bureau));
    await must(api.post(`/v1/funds/${fundId}/capital-injections`, { amount: capital, occurredOn: '2024-03-01', source: 'city', reference: `INJ-${fundId}` }, bureau));
  }
  await must(api.post(`/v1/funds/${WORLD.pool}/guarantees`, { ...guarantee, guaranteeId: WORLD.guaranteeId }, manager));
  await must(api.post(`/v1/funds/${WORLD.bridge}/bridge-loans`, bridgeLoan(WORLD.loanId), manager));
  await must(api.post(`/v1/funds/${WORLD.guide}/commitments`, commitment(WORLD.commitmentId), manager));
  await must(api.post(`/v1/funds/${WORLD.guide}/commitments/${WORLD.commitmentId}/capital-calls`, { callId: WORLD.callId, amount: '100000.00', calledOn: '2024-03-06', dueOn: '2024-03-20' }, manager));
};
