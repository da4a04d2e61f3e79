// An alert's life (issue 10 §3): open → acknowledged → resolved; repeats decide nothing.
import { describe, expect, it } from 'vitest';
import { decideAcknowledge, decideRaise, decideResolve, evolveAlert, initialAlertState } from '../../../domain/alert';
import { isDomainError } from '../../../domain/errors';
import type { DomainEvent } from '../../../events/registry';

const raised = { alertId: 'al-1', fundId: 'b1', kind: 'bridge-loan-overdue' as const, level: 'breach' as const, summary: 'loan L1 overdue', raisedOn: '2024-05-20', cause: { streamId: 'bridge-loan-b1:L1', type: 'BridgeLoanWentOverdue' }, loanId: 'L1' };
const resolution = { resolvedOn: '2024-05-22', reason: 'loan L1 repaid', cause: { streamId: 'bridge-loan-b1:L1', type: 'BridgeLoanRepaid' } };
const fold = (events: DomainEvent[], state = initialAlertState('al-1')) => events.reduce(evolveAlert, state);

describe('alert aggregate', () => {
  it('goes open → acknowledged → resolved, each step once', () => {
    const open = fold(decideRaise(initialAlertState('al-1'), raised));
    expect(open.status).toBe('open');
    expect(decideRaise(open, raised)).toEqual([]);
    const acks = decideAcknowledge(open, 'bureau-1', '已联系借款企业');
    expect(!isDomainError(acks) && acks.map((e) => e.type)).toEqual(['AlertAcknowledged']);
    const acknowledged = fold(isDomainError(acks) ? [] : acks, open);
    expect(decideAcknowledge(acknowledged, 'bureau-2', 'again')).toEqual([]);
    const resolvedEvents = decideResolve(acknowledged, resolution);
    expect(resolvedEvents.map((e) => e.type)).toEqual(['AlertResolved']);
    const resolved = fold(resolvedEvents, acknowledged);
    expect(decideResolve(resolved, resolution)).toEqual([]);
    expect(decideAcknowledge(resolved, 'bureau-1', '')).toEqual([]);
  });

  it('refuses to acknowledge an alert that was never raised, and resolves nothing there', () => {
    expect(decideAcknowledge(initialAlertState('al-9'), 'bureau-1', '')).toMatchObject({ code: 'not-found' });
    expect(decideResolve(initialAlertState('al-9'), resolution)).toEqual([]);
  });

  it('raises again when the subject goes wrong after it was resolved', () => {
    const resolved = fold([...decideRaise(initialAlertState('al-1'), raised), ...decideResolve(fold(decideRaise(initialAlertState('al-1'), raised)), resolution)]);
    expect(resolved.status).toBe('resolved');
    expect(decideRaise(resolved, raised).map((e) => e.type)).toEqual(['AlertRaised']);
  });
});
