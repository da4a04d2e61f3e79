// An alert's life (issue 10 §3): open → acknowledged → resolved; repeats decide nothing.
import { describe, expect, it } from 'vitest';
import { alertLevelOf, decideAcknowledge, decideIndicator, decideRaise, decideResolve, evolveAlert, initialAlertState } from '../../../domain/alert';
import { levelOf } from '../../../domain/indicator-levels';
import { DEFAULT_POLICIES, type PolicyVersion } from '../../../domain/policy';
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

  it('follows an indicator: raised at its level, moved from warn to breach as two events, resolved back at ok, and nothing for the same level', () => {
    const indicator = { alertId: 'al-2', fundId: 'b1', kind: 'bridge-overdue-ratio' as const, summary: 's', raisedOn: '2024-05-20', cause: { streamId: 'fund-b1', type: 'BridgeLoanWentOverdue' }, valueBps: 3500, thresholdBps: 3000, policyId: 'liaocheng-2024' };
    const none = initialAlertState('al-2');
    const warned = decideIndicator(none, 'warn', indicator, resolution);
    expect(warned.map((e) => e.type)).toEqual(['AlertRaised']);
    const warn = fold(warned, none);
    expect([warn.status, alertLevelOf(warn)]).toEqual(['open', 'warn']);
    expect(decideIndicator(warn, 'warn', indicator, resolution)).toEqual([]);
    const escalated = decideIndicator(warn, 'breach', indicator, resolution);
    expect(escalated.map((e) => [e.type, e.type === 'AlertRaised' ? e.data.level : undefined])).toEqual([['AlertResolved', undefined], ['AlertRaised', 'breach']]);
    const breach = fold(escalated, warn);
    expect(alertLevelOf(breach)).toBe('breach');
    const cleared = fold(decideIndicator(breach, 'ok', indicator, resolution), breach);
    expect([cleared.status, alertLevelOf(cleared)]).toEqual(['resolved', 'ok']);
    expect(decideIndicator(cleared, 'ok', indicator, resolution)).toEqual([]);
  });

  it('judges an indicator by the thresholds of the version it is given', () => {
    const v0 = DEFAULT_POLICIES[0] as PolicyVersion;
    const raised3 = { ...v0, id: 'fee-3', indicators: { ...v0.indicators, averageFeeRateMaxBps: 300 } };
    // 150 bp average fee: above version 0's 1 % ceiling, within a version raising it to 3 %.
    expect(levelOf('average-guarantee-fee', 150, v0)).toEqual({ level: 'breach', thresholdBps: 100 });
    expect(levelOf('average-guarantee-fee', 150, raised3)).toEqual({ level: 'ok', thresholdBps: 300 });
  });
});
