import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeKpis } from '../../../domain/kpi';
import { createPositionsAccumulator } from '../../../domain/reconciliation-positions';
import { dependentsOf, reversalEvents, reversalKind, type ReversalKind, type StoredFact } from '../../../domain/reversal';
import { isDomainError } from '../../../domain/errors';
import type { EventEnvelope } from '../../../events/envelope';
import { indicatorDeltas } from '../../../functions/projectors/alerts';
import { evolveBridgeLoan, evolveCommitment, evolveGuarantee } from '../../../functions/projectors/positions';
import { evolveOf, run, sequences } from './fund-world';

// Every reversible kind, over random histories of the three funds (fund-world.ts): the position
// after the original and its reversal equals the position without the original, in every fold that
// keeps positions — each stream's aggregate (what commands decide on), the positions projector's
// views (what the API reads), the month-end positions (the monthly report), the plan's KPIs and the
// alert indicators. A position voided by its reversal counts as absent. A kind added to
// ReversalKind without an undo in one of these folds fails here.

/** Every kind, so a kind added to ReversalKind must be listed (and reached) here. */
const KINDS: Record<ReversalKind, true> = {
  injection: true,
  interest: true,
  'bank-charge': true,
  'capital-return': true,
  adjustment: true,
  guarantee: true,
  'guarantee-fee': true,
  'guarantee-release': true,
  compensation: true,
  recovery: true,
  disbursement: true,
  repayment: true,
  commitment: true,
  'capital-call': true,
  'capital-call-payment': true,
  distribution: true,
};

const BUSINESS_DATE = '2024-05-06';

/** The stored facts of a history: each event on its stream with its version. */
function factsOf(entries: readonly { streamId: string; event: StoredFact['event'] }[][]): StoredFact[][] {
  const versions = new Map<string, number>();
  return entries.map((entry) =>
    entry.map(({ streamId, event }) => {
      const version = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, version);
      return { streamId, version, occurredOn: BUSINESS_DATE, recordedAt: `2024-05-06T00:00:00.${String(version).padStart(3, '0')}Z`, event };
    }),
  );
}

const envelopeOf = (f: StoredFact): EventEnvelope =>
  ({ ...f.event, streamId: f.streamId, version: f.version, occurredOn: f.occurredOn, recordedAt: f.recordedAt, meta: { actor: 'a', role: 'r', requestId: 'q', correlationId: 'c' }, prevHash: '', hash: '', storedSchemaVersion: 1 }) as EventEnvelope;

/** A position's figures: without its version and bookkeeping of reversals; voided (never stood) as absent. */
function figures(state: unknown): unknown {
  if (state === undefined || state === null || typeof state !== 'object') return state;
  const { version: _v, reversedVersions: _r, policyId: _p, ...rest } = state as Record<string, unknown>;
  return rest.status === 'voided' ? undefined : rest;
}

const byStream = (facts: readonly StoredFact[]): Map<string, StoredFact[]> => {
  const streams = new Map<string, StoredFact[]>();
  for (const f of facts) streams.set(f.streamId, [...(streams.get(f.streamId) ?? []), f]);
  return streams;
};

const VIEWS = { g: evolveGuarantee, l: evolveBridgeLoan, c: evolveCommitment } as const;

/** Every fold that keeps positions, over the facts in order; month-end flows as in the month or not. */
function folds(facts: readonly StoredFact[], inMonth: boolean) {
  const aggregates: Record<string, unknown> = {};
  const views: Record<string, unknown> = {};
  for (const [streamId, stream] of byStream(facts)) {
    const [kind = '', key = ''] = streamId.split('-');
    const [evolve, initial] = evolveOf[kind] ?? [];
    if (evolve === undefined || initial === undefined) throw new Error(`no aggregate for ${streamId}`);
    const state = figures(stream.reduce((s, f) => evolve(s, f.event), initial(key)));
    if (state !== undefined) aggregates[streamId] = state;
    const evolveView = VIEWS[kind as keyof typeof VIEWS] as ((view: unknown, event: EventEnvelope) => unknown) | undefined;
    if (evolveView !== undefined) {
      const view = figures(stream.reduce<unknown>((v, f) => evolveView(v, envelopeOf(f)) ?? v, undefined));
      if (view !== undefined) views[streamId] = view;
    }
  }
  const monthEnd = createPositionsAccumulator();
  for (const f of facts) monthEnd.apply(f.event, inMonth);
  const indicators: Record<string, { numerator: bigint; denominator: bigint }> = {};
  for (const f of facts) {
    for (const d of indicatorDeltas(envelopeOf(f))) {
      const sum = (indicators[d.indicator] ??= { numerator: 0n, denominator: 0n });
      sum.numerator += d.numerator;
      sum.denominator += d.denominator;
    }
  }
  // An indicator moved and moved back is where it never moved.
  for (const [name, sum] of Object.entries(indicators)) if (sum.numerator === 0n && sum.denominator === 0n) delete indicators[name];
  const kpis = computeKpis(facts.map((f) => ({ occurredOn: f.occurredOn, ...f.event })), 2024);
  return { aggregates, views, monthEnd: monthEnd.result(), kpis, indicators };
}

interface Case {
  kind: ReversalKind;
  /** The history without the original. */
  without: StoredFact[];
  /** The history with the original, then its reversal appended on each of its streams. */
  reversed: StoredFact[];
}

/** Each entry of the history that the correction command would reverse now: a kind, nothing standing on it. */
function casesOf(commands: Parameters<typeof run>[0]): Case[] {
  const entries = factsOf(run(commands).entries);
  const all = entries.flat();
  const streams = byStream(all.filter((f) => !f.streamId.startsWith('fund-')));
  const cases: Case[] = [];
  entries.forEach((entry, index) => {
    const kind = reversalKind(entry);
    if (isDomainError(kind) || dependentsOf(entry, streams).length > 0) return;
    const versions = new Map([...byStream(all)].map(([s, f]) => [s, f.length] as const));
    const reversal = [...reversalEvents(entry, { fundId: 'f', correctionId: `c${index}`, approvalId: 'a', reason: '录入错误' })].flatMap(([streamId, events]) =>
      events.map((event) => {
        const version = (versions.get(streamId) ?? 0) + 1;
        versions.set(streamId, version);
        return { streamId, version, occurredOn: BUSINESS_DATE, recordedAt: 'later', event };
      }),
    );
    cases.push({ kind, without: entries.filter((_, i) => i !== index).flat(), reversed: [...all, ...reversal] });
  });
  return cases;
}

describe('a reversal restores every position (property)', () => {
  it('reaches every reversible kind, so the property below is not vacuous', () => {
    const seen = new Set<ReversalKind>();
    for (const commands of fc.sample(sequences, { numRuns: 300, seed: 42 })) for (const c of casesOf(commands)) seen.add(c.kind);
    expect([...seen].sort()).toEqual(Object.keys(KINDS).sort());
  });

  it('original + reversal = without the original, in the aggregates, the views, month end, KPIs and indicators', () => {
    fc.assert(
      fc.property(sequences, fc.boolean(), (commands, inMonth) => {
        for (const c of casesOf(commands)) {
          const before = folds(c.without, inMonth);
          const after = folds(c.reversed, inMonth);
          expect(after.aggregates, `${c.kind}: aggregates`).toEqual(before.aggregates);
          expect(after.views, `${c.kind}: positions projector`).toEqual(before.views);
          expect(after.monthEnd, `${c.kind}: month-end positions`).toEqual(before.monthEnd);
          expect(after.kpis, `${c.kind}: KPIs`).toEqual(before.kpis);
          expect(after.indicators, `${c.kind}: alert indicators`).toEqual(before.indicators);
        }
      }),
      { numRuns: 60 },
    );
  });
});
