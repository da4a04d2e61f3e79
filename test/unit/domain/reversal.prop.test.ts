import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOnNormalSide, foldLines, trialBalance } from '../../../domain/ledger';
import { evolveFund, initialFundState, type FundState } from '../../../domain/fund-book';
import { isBalanced, postingsFor } from '../../../domain/posting-rules';
import { refuseReversed, reversalEvents, reversalKind, type StoredFact } from '../../../domain/reversal';
import { decodeEvent, encodeEvent, type DomainEvent } from '../../../events/registry';

// A random history of a fund's cash (injections, interest) with random reversals approved along the
// way, run the way the correction command judges them: every posting balances, the fund's state
// replayed from its events equals the ledger's fold (cash = 1001, capital = 3001), cash never goes
// below zero, and a second reversal of the same entry is always refused.

type Op = { kind: 'inject' | 'interest'; amount: bigint } | { kind: 'reverse'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom<'inject' | 'interest'>('inject', 'interest'), amount: fc.bigInt({ min: 1n, max: 10_000_000_00n }) }),
  fc.record({ kind: fc.constant<'reverse'>('reverse'), pick: fc.nat() }),
);

describe('reversals over random histories (property)', () => {
  it('balance, replay = fold of the ledger, cash never negative, reversing twice refused', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const stream: StoredFact[] = [];
        let state: FundState = evolveFund(initialFundState('f'), { type: 'FundCreated', data: { fundId: 'f', kind: 'bridge-fund', name: 'f' } });
        const append = (event: DomainEvent) => {
          // Through the stored form, as the store keeps it.
          const stored = decodeEvent(encodeEvent(event));
          stream.push({ streamId: 'fund-f', version: stream.length + 2, occurredOn: '2024-05-06', recordedAt: `t${stream.length}`, event: stored });
          state = evolveFund(state, stored);
        };
        for (const o of ops) {
          if (o.kind !== 'reverse') {
            append(
              o.kind === 'inject'
                ? { type: 'CapitalInjected', data: { fundId: 'f', amount: o.amount, source: 'city', reference: 'R' } }
                : { type: 'InterestReceived', data: { fundId: 'f', amount: o.amount, reference: 'I' } },
            );
          } else {
            const originals = stream.filter((f) => f.event.type !== 'EntryReversed');
            const original = originals[o.pick % Math.max(1, originals.length)];
            if (original === undefined) continue;
            expect(reversalKind([original])).not.toHaveProperty('code');
            const reversedBy = (state.reversedVersions ?? []).includes(original.version) ? [{ streamId: original.streamId, version: original.version, type: original.event.type }] : [];
            if (reversedBy.length > 0) {
              expect(refuseReversed([original], reversedBy)).toMatchObject({ code: 'already-reversed' });
              continue;
            }
            const [reversal] = [...reversalEvents([original], { fundId: 'f', correctionId: `c${stream.length}`, approvalId: 'a', reason: 'r' }).values()].flat();
            if (reversal === undefined) throw new Error('no reversal');
            // insufficient-funds: the command refuses a reversal that would leave cash below zero.
            if (evolveFund(state, reversal).cash < 0n) continue;
            append(reversal);
          }
          expect(state.cash >= 0n).toBe(true);
        }
        const balances = {};
        for (const f of stream) {
          const lines = postingsFor(f.event);
          expect(isBalanced(lines)).toBe(true);
          foldLines(lines, balances);
        }
        expect(trialBalance(balances).balanced).toBe(true);
        expect(balanceOnNormalSide('1001', balances['1001' as keyof typeof balances])).toBe(state.cash);
        expect(balanceOnNormalSide('3001', balances['3001' as keyof typeof balances])).toBe(state.capital);
        // Replay from scratch gives the same state as the running fold.
        const replayed = stream.reduce((s, f) => evolveFund(s, f.event), evolveFund(initialFundState('f'), { type: 'FundCreated', data: { fundId: 'f', kind: 'bridge-fund', name: 'f' } }));
        expect(replayed).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
