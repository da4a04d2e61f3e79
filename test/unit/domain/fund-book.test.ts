import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/aggregate';
import { decideFund, evolveFund, fundOpenedOn, initialFundState, requireCash, requireFundKind, requireOpened } from '../../../domain/fund-book';
import { fundOf, ok, POLICY, refused, Y } from './fixtures';

describe('fund book', () => {
  it('creates a fund once', () => {
    const opening = { type: 'createFund', fundId: 'p1', kind: 'risk-pool', openedOn: '2024-01-01', today: '2026-12-02' } as const;
    const created = ok(decideFund(initialFundState('p1'), { ...opening, name: '资金池' }, POLICY));
    expect(created).toEqual([{ type: 'FundCreated', data: { fundId: 'p1', kind: 'risk-pool', name: '资金池', openedOn: '2024-01-01' } }]);
    const state = fold(evolveFund, initialFundState('p1'), created);
    refused(decideFund(state, { ...opening, name: 'again' }, POLICY), 'already-exists');
  });

  it('refuses a fund opening later than today, and opens one today', () => {
    const opening = { type: 'createFund', fundId: 'p1', kind: 'risk-pool', name: 'p', today: '2026-12-02' } as const;
    refused(decideFund(initialFundState('p1'), { ...opening, openedOn: '2026-12-03' }), 'date-in-future');
    ok(decideFund(initialFundState('p1'), { ...opening, openedOn: '2026-12-02' }));
  });

  it('dates the book start by openedOn, or by the creation date of a fund stored before openedOn existed', () => {
    expect(fundOpenedOn({ data: { openedOn: '2024-01-01' }, occurredOn: '2026-12-02' })).toBe('2024-01-01');
    expect(fundOpenedOn({ data: {}, occurredOn: '2026-09-01' })).toBe('2026-09-01');
  });

  it('refuses a date before the fund opened, naming the field, the date and openedOn; accepts openedOn itself', () => {
    expect(requireOpened('b1', '2024-01-01', '2023-12-31', 'disbursedOn')).toEqual({
      code: 'before-fund-opened',
      message: 'disbursedOn 2023-12-31 is before fund b1 opened on 2024-01-01',
      field: 'disbursedOn',
      limit: '≥ 2024-01-01',
      actual: '2023-12-31',
    });
    expect(requireOpened('b1', '2024-01-01', '2024-01-01', 'disbursedOn')).toBeUndefined();
  });

  it('injects capital into cash and fiscal capital', () => {
    const fund = fundOf('bridge-fund', '0');
    const events = ok(decideFund(fund, { type: 'injectCapital', amount: Y('50,000,000.00'), source: 'province', reference: 'R1' }, POLICY));
    const after = fold(evolveFund, fund, events);
    expect(after.cash).toBe(Y('50,000,000.00'));
    expect(after.capital).toBe(Y('50,000,000.00'));
    expect(after.version).toBe(2);
  });

  it('receives interest into cash but not capital', () => {
    const fund = fundOf('risk-pool', '100.00');
    const after = fold(evolveFund, fund, ok(decideFund(fund, { type: 'receiveInterest', amount: Y('1.23'), reference: 'I' }, POLICY)));
    expect(after.cash).toBe(Y('101.23'));
    expect(after.capital).toBe(Y('100.00'));
  });

  it('refuses commands on a fund that does not exist and non-positive amounts', () => {
    refused(decideFund(initialFundState('x'), { type: 'injectCapital', amount: 1n, source: 'city', reference: 'r' }, POLICY), 'not-found');
    refused(decideFund(fundOf('risk-pool', '1.00'), { type: 'injectCapital', amount: 0n, source: 'city', reference: 'r' }, POLICY), 'invalid-amount');
  });

  it('gates commands by fund kind', () => {
    expect(requireFundKind(fundOf('risk-pool', '1.00'), 'risk-pool')).toBeUndefined();
    const error = refused(requireFundKind(fundOf('risk-pool', '1.00'), 'bridge-fund'), 'wrong-fund-kind');
    expect(error).toMatchObject({ limit: 'bridge-fund', actual: 'risk-pool' });
    refused(requireFundKind(initialFundState('x'), 'risk-pool'), 'not-found');
  });

  it('allows paying out exactly the cash held, not a fen more', () => {
    const fund = fundOf('risk-pool', '100.00');
    expect(requireCash(fund, Y('100.00'))).toBeUndefined();
    expect(refused(requireCash(fund, Y('100.01')), 'insufficient-funds')).toMatchObject({ limit: '100.00', actual: '100.01' });
  });

  it('ignores events of other aggregates', () => {
    const fund = fundOf('risk-pool', '1.00');
    expect(evolveFund(fund, { type: 'PeriodClosed', data: { fundId: 'f1', month: '2024-01', reconciliationClean: true } })).toBe(fund);
  });
});
