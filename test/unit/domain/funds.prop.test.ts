import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '../../../events/registry';
import { fold } from '../../../domain/aggregate';
import { balanceOnNormalSide, foldLines, trialBalance } from '../../../domain/ledger';
import { isBalanced, postingsFor } from '../../../domain/posting-rules';
import { evolveOf, run, sequences } from './fund-world';

const RUNS = { numRuns: 300 };

describe('random command sequences across the three funds', () => {
  it('reach every event that moves cash or exposure, so the properties below are not vacuous', () => {
    const seen = new Set<string>();
    for (const commands of fc.sample(sequences, { numRuns: 1000, seed: 42 })) for (const e of run(commands).all) seen.add(e.type);
    for (const type of ['CapitalInjected', 'InterestReceived', 'CompensationPaid', 'RecoveryReceived', 'BridgeLoanDisbursed', 'BridgeLoanWentOverdue', 'BridgeLoanRepaid', 'CapitalCalled', 'CapitalCallPaid', 'DistributionReceived', 'GuaranteeReleased']) {
      expect(seen, type).toContain(type);
    }
  });

  it('every journal entry balances, and every posted amount is a positive bigint', () => {
    fc.assert(
      fc.property(sequences, (commands) => {
        for (const e of run(commands).all) {
          const lines = postingsFor(e);
          expect(isBalanced(lines), e.type).toBe(true);
          for (const l of lines) {
            expect(typeof l.amount).toBe('bigint');
            expect(l.amount > 0n).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('cash never goes negative and the ledger agrees with each fund book', () => {
    fc.assert(
      fc.property(sequences, (commands) => {
        const w = run(commands);
        for (const [fundId, fund] of Object.entries(w.funds)) {
          const balances = foldLines((w.streams[`fund-${fundId}`] ?? []).flatMap(postingsFor));
          expect(balanceOnNormalSide('1001', balances['1001'])).toBe(fund.cash);
          expect(balanceOnNormalSide('1203', balances['1203'])).toBe(fund.bridgeOverdue);
          expect(balanceOnNormalSide('1201', balances['1201'])).toBe(fund.bridgeOutstanding);
        }
        expect(trialBalance(foldLines(w.all.flatMap(postingsFor))).balanced).toBe(true);
      }),
      RUNS,
    );
  });

  it('folding each stream from scratch equals the state reached step by step', () => {
    fc.assert(
      fc.property(sequences, (commands) => {
        const w = run(commands);
        const current: Record<string, unknown> = {
          ...Object.fromEntries(Object.entries(w.funds).map(([k, v]) => [`fund-${k}`, v])),
          ...Object.fromEntries(Object.entries(w.guarantees).map(([k, v]) => [`g-${k}`, v])),
          ...Object.fromEntries(Object.entries(w.loans).map(([k, v]) => [`l-${k}`, v])),
          ...Object.fromEntries(Object.entries(w.commitments).map(([k, v]) => [`c-${k}`, v])),
        };
        for (const [streamId, events] of Object.entries(w.streams)) {
          const [kind = '', key = ''] = streamId.split('-');
          const [evolve, initial] = evolveOf[kind]!;
          expect(fold(evolve, initial(key), events)).toEqual(current[streamId]);
        }
      }),
      RUNS,
    );
  });

  it('replaying the same events twice, even through the stored JSON form, gives identical balances', () => {
    fc.assert(
      fc.property(sequences, (commands) => {
        const events = run(commands).all;
        const first = foldLines(events.flatMap(postingsFor));
        const replayed = events.map((e) => decodeEvent(JSON.parse(JSON.stringify(encodeEvent(e)))));
        expect(replayed).toEqual(events);
        expect(foldLines(replayed.flatMap(postingsFor))).toEqual(first);
      }),
      RUNS,
    );
  });
});
