import type { JsonObject, JsonValue } from '../events/json';
import type { EventData } from '../events/registry';
import type { DomainEvent } from '../events/registry';
import type { FundKind } from '../events/primitives';
import { DEFAULT_CITY } from '../events/cities';
import { policyVersionSchema, versionInForce, versionZeroOf, type PolicyVersion } from './policy';

// The policy stream's aggregate (issue 20): the shipped defaults are version 0, read as such while
// the stream is empty (nothing is written at set-up, so a fresh deployment and one whose stream was
// never touched behave alike); every PolicyAdopted adds a version. A version is never changed or
// withdrawn: a correction is a new version from a later date.

export interface AdoptedVersion {
  version: PolicyVersion;
  basedOn: string;
  changed: string[];
  reason: string;
  proposedBy: string;
  proposedOn: string;
  approvedBy: string;
  adoptedOn: string;
  approvalId: string;
}

export interface PolicyBook {
  /** Adopted versions in adoption order (version 0 is not among them). */
  adopted: AdoptedVersion[];
  /** The city whose book it is, which decides its version 0 (versionZeroOf); absent: the default city's. */
  city?: string;
}

export const initialPolicyBook = (city: string = DEFAULT_CITY): PolicyBook => ({ adopted: [], city });

export function evolvePolicyBook(book: PolicyBook, e: DomainEvent): PolicyBook {
  if (e.type !== 'PolicyAdopted') return book;
  const d = e.data;
  return { ...book, adopted: [...book.adopted, { version: d.parameters, basedOn: d.basedOn, changed: d.changed, reason: d.reason, proposedBy: d.proposedBy, proposedOn: d.proposedOn, approvedBy: d.approvedBy, adoptedOn: d.adoptedOn, approvalId: d.approvalId }] };
}

/** Version 0 of this book's city. */
export const versionZero = (book: PolicyBook): readonly PolicyVersion[] => versionZeroOf(book.city ?? DEFAULT_CITY);

/** Every version, version 0 first, in adoption order. */
export const versionsOf = (book: PolicyBook): PolicyVersion[] => [...versionZero(book), ...book.adopted.map((a) => a.version)];

/** The version in force on `date` under this book; undefined before the first. */
export const policyInForce = (book: PolicyBook, date: string): PolicyVersion | undefined => versionInForce(versionsOf(book), date);

// --- Proposals ---------------------------------------------------------------------------------

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7396 JSON merge patch: objects merge key by key, null removes, anything else replaces. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Dotted paths where two wire-form versions differ (arrays compare whole: `subsidy.lpr1Year`). */
export function changedPaths(before: JsonValue | undefined, after: JsonValue | undefined, prefix = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

/** A version in its wire form (amounts as yuan strings), as a merge patch applies to it. */
export const wireOf = (version: PolicyVersion): JsonObject => policyVersionSchema().encode(version) as JsonObject;

/** The fields of a version that are not parameters: a proposal names them beside its changes. */
const IDENTITY = ['id', 'effectiveFrom'] as const;

export type Proposal = { policyId: string; effectiveFrom: string; changes: JsonObject };

export type ProposalOutcome =
  | { ok: true; version: PolicyVersion; basedOn: PolicyVersion; changed: string[] }
  | { ok: false; errors: { field: string; message: string }[] };

/**
 * The version a proposal makes: its merge patch over the version in force on its effectiveFrom,
 * validated with the one schema. Errors name the field as `changes.<path>`.
 */
export function buildProposal(basedOn: PolicyVersion, proposal: Proposal): ProposalOutcome {
  const identity = IDENTITY.filter((key) => key in proposal.changes);
  if (identity.length > 0) return { ok: false, errors: identity.map((key) => ({ field: `changes.${key}`, message: `is not a parameter: give ${key === 'id' ? 'policyId' : key} beside changes` })) };
  const base = wireOf(basedOn);
  const merged = { ...(applyMergePatch(base, proposal.changes) as JsonObject), id: proposal.policyId, effectiveFrom: proposal.effectiveFrom };
  const parsed = policyVersionSchema().safeParse(merged);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ field: ['changes', ...issue.path.map(String)].join('.'), message: issue.message })) };
  const changed = changedPaths(stripIdentity(base), stripIdentity(wireOf(parsed.data)));
  if (changed.length === 0) return { ok: false, errors: [{ field: 'changes', message: `changes nothing in ${basedOn.id}` }] };
  return { ok: true, version: parsed.data, basedOn, changed };
}

const stripIdentity = (wire: JsonObject): JsonObject => {
  const { id: _id, effectiveFrom: _from, ...rest } = wire;
  return rest;
};

/** The merge patch adding one 1-year LPR fixing (the monthly shortcut); the list stays in date order. */
export function lprFixingPatch(basedOn: PolicyVersion, fixing: { from: string; rateBps: number }): JsonObject {
  const kept = basedOn.subsidy.lpr1Year.filter((r) => r.from !== fixing.from);
  const lpr1Year = [...kept, fixing].sort((a, b) => (a.from < b.from ? -1 : 1));
  return { subsidy: { lpr1Year } };
}

/**
 * Which kinds of fund a change of these parameters can judge differently: a command of another kind
 * stands whatever they say. Targets and the inclusive-share minimum judge no command (they feed
 * reports), so a change of them alone may be dated back to any open month. The fee-rate and
 * compensation-rate thresholds judge the risk pools' indicator alerts (issue 20 §3: judged on the
 * date of each guarantee event), so they count as risk-pool rules.
 */
export function kindsJudgedBy(changed: readonly string[]): Set<FundKind> {
  const kinds = new Set<FundKind>();
  for (const path of changed) {
    if (
      path.startsWith('riskPool.') ||
      path === 'riskPool' ||
      path.startsWith('approval.compensationThreshold') ||
      path === 'indicators' ||
      path.startsWith('indicators.averageFeeRateMaxBps') ||
      path.startsWith('indicators.compensationRateWarnBps')
    )
      kinds.add('risk-pool');
    else if (path.startsWith('bridge')) kinds.add('bridge-fund');
    else if (path.startsWith('guidance')) kinds.add('guidance-fund');
    else if (path.startsWith('subsidy') || path.startsWith('approval.subsidyGrants')) kinds.add('subsidy-budget');
  }
  return kinds;
}

export type PolicyAdoptedData = EventData<'PolicyAdopted'>;
