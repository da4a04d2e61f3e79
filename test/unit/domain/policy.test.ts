import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, versionInForce, type PolicyVersion } from '../../../domain/policy';
import { applyMergePatch, buildProposal, changedPaths, evolvePolicyBook, initialPolicyBook, kindsJudgedBy, lprFixingPatch, policyInForce } from '../../../domain/policy-book';
import { event } from '../../../domain/aggregate';

const V0 = DEFAULT_POLICIES[0]!;
const later: PolicyVersion = { ...V0, id: 'liaocheng-2025', effectiveFrom: '2025-01-01', bridge: { ...V0.bridge, feeBpsPerDay: 6 } };

const adopt = (version: PolicyVersion) =>
  event('PolicyAdopted', {
    policyId: version.id,
    effectiveFrom: version.effectiveFrom,
    parameters: version,
    basedOn: V0.id,
    changes: {},
    changed: [],
    reason: 'test',
    proposedBy: 'alice',
    proposedOn: '2024-12-01',
    approvedBy: 'bob',
    adoptedOn: '2024-12-02',
    approvalId: 'a1',
  });

describe('policy versions', () => {
  it("holds DESIGN §6's defaults from 2024-01-01, the bridge fee at 1 bp a day (日万分之一)", () => {
    const p = versionInForce(DEFAULT_POLICIES, '2024-01-01')!;
    expect(p.bridge).toEqual({ maxShareOfRenewalBps: 9500, maxAmount: 1_000_000_000n, maxTermDays: 15, feeBpsPerDay: 1, suspendAtOverdueShareBps: 4000 });
    expect(p.guidance.maxGovernmentShareBps).toBe(2500);
    expect(p.targets['2024']?.bridgeUses).toBe(800);
    expect(p.targets['2025']).toBeUndefined();
    expect(p.subsidy.lpr1Year.at(-1)).toEqual({ from: '2025-05-20', rateBps: 300 });
  });

  it('judges a date by the version in force on it; of two from one day the later adopted', () => {
    expect(versionInForce([V0, later], '2024-12-31')?.id).toBe('liaocheng-2024');
    expect(versionInForce([V0, later], '2025-01-01')?.bridge.feeBpsPerDay).toBe(6);
    const sameDay = { ...later, id: 'liaocheng-2025b' };
    expect(versionInForce([V0, later, sameDay], '2025-03-01')?.id).toBe('liaocheng-2025b');
    expect(versionInForce(DEFAULT_POLICIES, '2023-12-31')).toBeUndefined();
  });

  it('reads an empty policy stream as version 0 and adds each adopted version', () => {
    expect(policyInForce(initialPolicyBook(), '2026-01-01')?.id).toBe('liaocheng-2024');
    const book = evolvePolicyBook(initialPolicyBook(), adopt(later));
    expect(policyInForce(book, '2024-12-31')?.id).toBe('liaocheng-2024');
    expect(policyInForce(book, '2025-06-01')?.id).toBe('liaocheng-2025');
  });
});

describe('JSON merge patch (RFC 7396)', () => {
  it('merges objects key by key, replaces arrays and scalars, and removes on null', () => {
    // The examples of RFC 7396 §3.
    expect(applyMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(applyMergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch('c', { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('names the dotted paths that differ', () => {
    expect(changedPaths({ a: { b: 1, c: [1] } }, { a: { b: 2, c: [1] }, d: 'x' })).toEqual(['a.b', 'd']);
  });
});

describe('a proposal', () => {
  const propose = (changes: Record<string, unknown>) => buildProposal(V0, { policyId: 'bureau-2025', effectiveFrom: '2025-01-01', changes: changes as never });

  it("of another city, based on version 0, keeps Liaocheng's rules but not its year targets", () => {
    const jinanV0 = policyInForce(initialPolicyBook('jinan'), '2024-06-01');
    expect(jinanV0?.id).toBe(V0.id);
    const outcome = buildProposal(jinanV0 as typeof V0, { policyId: 'jinan-2024', effectiveFrom: '2024-06-01', changes: { bridge: { feeBpsPerDay: 2 } } as never });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.version.targets).toEqual({});
    expect(outcome.version.riskPool).toEqual(V0.riskPool);
    // Liaocheng's own book still starts from the plan with its targets.
    expect(policyInForce(initialPolicyBook('liaocheng'), '2024-06-01')?.targets).toEqual(V0.targets);
    expect(Object.keys(V0.targets).length).toBeGreaterThan(0);
  });

  it('patches the version in force and names what changed', () => {
    const outcome = propose({ bridge: { feeBpsPerDay: 2 }, approval: { compensationThreshold: '2000000.00' } });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.version.bridge.feeBpsPerDay).toBe(2);
    expect(outcome.version.approval.compensationThreshold).toBe(200_000_000n);
    expect(outcome.version.id).toBe('bureau-2025');
    expect(outcome.changed).toEqual(['approval.compensationThreshold', 'bridge.feeBpsPerDay']);
    expect([...kindsJudgedBy(outcome.changed)].sort()).toEqual(['bridge-fund', 'risk-pool']);
  });

  it('names each bad field: a float amount, a rate out of range, a misspelt parameter, a removed one', () => {
    const outcome = propose({ bridge: { maxAmount: 10000000, feeBpsPerDay: 10001, feeBpsPerDya: 1 }, guidance: { maxGovernmentShareBps: null } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const fields = outcome.errors.map((e) => e.field).sort();
    expect(fields).toEqual(['changes.bridge', 'changes.bridge.feeBpsPerDay', 'changes.bridge.maxAmount', 'changes.guidance.maxGovernmentShareBps']);
  });

  it('refuses a patch of the id or date, and a patch that changes nothing', () => {
    const identity = propose({ id: 'x' });
    expect(identity.ok === false && identity.errors[0]?.field).toBe('changes.id');
    const nothing = propose({ bridge: { feeBpsPerDay: 1 } });
    expect(nothing.ok === false && nothing.errors[0]?.field).toBe('changes');
  });

  it('takes plan targets per year: a new year added beside 2024', () => {
    const outcome = propose({ targets: { '2025': { newGuaranteeAmount: '6000000000.00', bridgeUses: 900, guidanceLanded: '1200000000.00', greenFundsMin: 2, greenFundsMax: 4 } } });
    expect(outcome.ok && outcome.version.targets['2025']?.bridgeUses).toBe(900);
    expect(outcome.ok && outcome.version.targets['2024']?.bridgeUses).toBe(800);
    expect(outcome.ok && [...kindsJudgedBy(outcome.changed)]).toEqual([]);
  });

  it('counts the fee-rate and compensation-rate thresholds as risk-pool rules (they judge its indicator alerts), the inclusive share as none', () => {
    expect([...kindsJudgedBy(['indicators.averageFeeRateMaxBps'])]).toEqual(['risk-pool']);
    expect([...kindsJudgedBy(['indicators.compensationRateWarnBps'])]).toEqual(['risk-pool']);
    expect([...kindsJudgedBy(['indicators.inclusiveShareMinBps'])]).toEqual([]);
  });

  it('adds an LPR fixing in date order', () => {
    const patch = lprFixingPatch(V0, { from: '2025-06-20', rateBps: 300 });
    const outcome = buildProposal(V0, { policyId: 'lpr-2025-06-20', effectiveFrom: '2025-06-20', changes: patch });
    expect(outcome.ok && outcome.version.subsidy.lpr1Year.at(-1)).toEqual({ from: '2025-06-20', rateBps: 300 });
    expect(outcome.ok && outcome.changed).toEqual(['subsidy.lpr1Year']);
  });
});
