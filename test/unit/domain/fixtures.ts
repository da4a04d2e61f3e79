import { expect } from 'vitest';
import type { FundKind } from '../../../events/primitives';
import type { DomainEvent } from '../../../events/registry';
import { fold } from '../../../domain/aggregate';
import { isDomainError, type DomainError, type DomainErrorCode } from '../../../domain/errors';
import { evolveFund, initialFundState, type FundState } from '../../../domain/fund-book';
import { parseYuan } from '../../../domain/money';
import { DEFAULT_POLICIES, versionInForce } from '../../../domain/policy';

const policyOn = (date: string) => versionInForce(DEFAULT_POLICIES, date)!;

export const POLICY = policyOn('2024-06-01');
export const CREDIT_CODE = '91350100M000100Y43';

/** Yuan text → fen, so amounts in tests read like the plan's. */
export const Y = (text: string): bigint => parseYuan(text.replace(/,/g, ''));

export function fundOf(kind: FundKind, capital: string, fundId = 'f1'): FundState {
  const events: DomainEvent[] = [{ type: 'FundCreated', data: { fundId, kind, name: fundId } }];
  if (Y(capital) > 0n) events.push({ type: 'CapitalInjected', data: { fundId, amount: Y(capital), source: 'city', reference: 'seed' } });
  return fold(evolveFund, initialFundState(fundId), events);
}

export function ok<T>(result: T | DomainError): T {
  if (isDomainError(result)) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

export function refused(result: unknown, code: DomainErrorCode): DomainError {
  expect(isDomainError(result), `expected ${code}, got ${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`).toBe(true);
  const error = result as DomainError;
  expect(error.code).toBe(code);
  return error;
}
