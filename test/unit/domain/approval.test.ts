import { describe, expect, it } from 'vitest';
import { approvalReason, decideApproval, evolveApproval, initialApprovalState, requestApproval } from '../../../domain/approval';
import type { DomainError } from '../../../domain/errors';
import { DEFAULT_POLICIES, versionInForce } from '../../../domain/policy';

const policyOn = (date: string) => versionInForce(DEFAULT_POLICIES, date)!;

const policy = policyOn('2025-06-10');
const held = { name: 'grantSubsidy', fundId: 'sb', occurredOn: '2025-06-10', input: { subsidyId: 's1' } };
const pending = () => {
  const events = requestApproval(initialApprovalState('a1'), { approvalId: 'a1', command: held, reason: 'r', figures: { amount: '1.00' }, requestedBy: 'alice' });
  if (!Array.isArray(events)) throw new Error(events.message);
  return events.reduce(evolveApproval, initialApprovalState('a1'));
};

describe('two-person approval', () => {
  it('asks for a second person for every grant and for a compensation at or above 1,000,000.00', () => {
    expect(approvalReason(policy, { command: 'grantSubsidy' })).toMatch(/second person/);
    expect(approvalReason(policy, { command: 'compensateDefault', amount: 100_000_000n })).toMatch(/1000000\.00/);
    expect(approvalReason(policy, { command: 'compensateDefault', amount: 99_999_999n })).toBeUndefined();
    expect(approvalReason({ ...policy, approval: { subsidyGrants: false, compensationThreshold: null } }, { command: 'compensateDefault', amount: 10n ** 12n })).toBeUndefined();
  });

  it('refuses the maker deciding their own request', () => {
    expect((decideApproval(pending(), { type: 'approve', by: 'alice', note: '' }) as DomainError).code).toBe('same-person');
    expect((decideApproval(pending(), { type: 'reject', by: 'alice', note: 'no' }) as DomainError).code).toBe('same-person');
  });

  it('records the checker and the note, and refuses deciding a decided request', () => {
    const events = decideApproval(pending(), { type: 'reject', by: 'bob', note: '材料不全' });
    expect(events).toEqual([{ type: 'ApprovalRejected', data: { approvalId: 'a1', fundId: 'sb', decidedBy: 'bob', note: '材料不全' } }]);
    const decided = (events as Parameters<typeof evolveApproval>[1][]).reduce(evolveApproval, pending());
    expect((decideApproval(decided, { type: 'approve', by: 'carol', note: '' }) as DomainError).code).toBe('already-decided');
    expect((decideApproval(initialApprovalState('x'), { type: 'approve', by: 'carol', note: '' }) as DomainError).code).toBe('not-found');
  });
});
