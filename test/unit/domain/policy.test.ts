import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DEFAULT_POLICIES, loadPolicies, policyOn, policyVersionSchema, type PolicyVersion } from '../../../domain/policy';

const later: PolicyVersion = {
  ...DEFAULT_POLICIES[0]!,
  id: 'liaocheng-2025',
  effectiveFrom: '2025-01-01',
  bridge: { ...DEFAULT_POLICIES[0]!.bridge, feeBpsPerDay: 6 },
};

describe('policy versions', () => {
  it("holds DESIGN §6's defaults from 2024-01-01", () => {
    const p = policyOn('2024-01-01');
    expect(p.bridge).toEqual({ maxShareOfRenewalBps: 9500, maxAmount: 1_000_000_000n, maxTermDays: 15, feeBpsPerDay: 8, suspendAtOverdueShareBps: 4000 });
    expect(p.guidance.maxGovernmentShareBps).toBe(2500);
    expect(p.targets.bridgeUses).toBe(800);
  });

  it('judges a date by the version in force on it', () => {
    const versions = [later, DEFAULT_POLICIES[0]!];
    expect(policyOn('2024-12-31', versions).id).toBe('liaocheng-2024');
    expect(policyOn('2025-01-01', versions).bridge.feeBpsPerDay).toBe(6);
  });

  it('has no version before the first effective date', () => {
    expect(() => policyOn('2023-12-31')).toThrow(/no policy version/);
  });

  it('loads versions from JSON config with amounts as yuan strings, and rejects numbers', () => {
    const json = JSON.parse(JSON.stringify(z.encode(z.array(policyVersionSchema()), [later])));
    expect(json[0].bridge.maxAmount).toBe('10000000.00');
    expect(loadPolicies(json)).toEqual([later]);
    json[0].bridge.maxAmount = 10000000;
    expect(() => loadPolicies(json)).toThrow(/decimal string, not a number/);
  });
});
