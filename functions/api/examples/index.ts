// Every operation's documented examples, in the order a client can send them to an empty ledger:
// the funds before their business, a guarantee before its fee, a held request before its approval,
// a month's statement before its reconciliation and close. The OpenAPI document shows them
// (openapi.ts, `examples` of parameters, request bodies and answers); the e2e test
// test/e2e/api-examples.e2e.test.ts sends them in this order to the local stack and checks each
// answer, and fails for a route without one. The answers are those of such a run (2026-12-07),
// long lists cut to their first items.
//
// Not imported by any Lambda entry: the main API reads them from the JSON its bundle carries
// (bundled-examples.ts), so their bytes stay out of its code.
import { BANK_BOOK_EXAMPLES } from './bank-book-examples';
import { BOOK_EXAMPLES } from './book-examples';
import { BRIDGE_FUND_EXAMPLES } from './bridge-fund-examples';
import { CORRECTION_EXAMPLES } from './correction-examples';
import { FUND_EXAMPLES } from './fund-examples';
import { GUIDANCE_FUND_EXAMPLES } from './guidance-fund-examples';
import { MONTH_END_EXAMPLES } from './month-end-examples';
import type { OperationExample } from './operation-example';
import { POLICY_EXAMPLES } from './policy-examples';
import { PROVINCE_EXAMPLES } from './province-examples';
import { REGISTER_EXAMPLES } from './register-examples';
import { RISK_POOL_EXAMPLES } from './risk-pool-examples';
import { SUBSIDY_EXAMPLES } from './subsidy-examples';
import { SYSTEM_EXAMPLES } from './system-examples';
import { YEAR_END_EXAMPLES } from './year-end-examples';

export const OPERATION_EXAMPLES: readonly OperationExample[] = [
  ...SYSTEM_EXAMPLES,
  ...FUND_EXAMPLES,
  ...RISK_POOL_EXAMPLES,
  ...BRIDGE_FUND_EXAMPLES,
  ...GUIDANCE_FUND_EXAMPLES,
  ...SUBSIDY_EXAMPLES,
  ...BANK_BOOK_EXAMPLES,
  ...CORRECTION_EXAMPLES,
  ...POLICY_EXAMPLES,
  ...MONTH_END_EXAMPLES,
  ...BOOK_EXAMPLES,
  ...YEAR_END_EXAMPLES,
  ...REGISTER_EXAMPLES,
  ...PROVINCE_EXAMPLES,
];
