// Which accounting standard each fund reports under on a date (issue 21 §3): the `accountingStandards`
// of the policy version in force then (policy data, adopted through the API); a fund it does not
// name reports under its kind's default (domain/accounting-standards.ts).
import { type FundStandards, NO_STANDARD_OVERRIDES } from '../../domain/accounting-standards';
import { policyInForce } from '../../domain/policy-book';
import { readPolicyBook } from '../commands/policy-stream';
import type { EventStore } from '../store/event-store';

export const fundStandardsOn = async (store: Pick<EventStore, 'readHead' | 'readStream'>, date: string): Promise<FundStandards> =>
  policyInForce(await readPolicyBook(store), date)?.accountingStandards ?? NO_STANDARD_OVERRIDES;
