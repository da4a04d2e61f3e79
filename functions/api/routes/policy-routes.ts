// Policy versions (issue 20, docs/policy.md): every authenticated role reads them; the finance bureau
// proposes one (a merge patch, or the monthly LPR shortcut) and a second bureau user adopts it in the
// approvals inbox (approval-routes.ts). Reads come from the policy stream's head, which never lags
// behind an adoption.
import * as z from 'zod';
import { BUREAU_SCOPE } from '../../../domain/approval';
import { type AdoptedVersion, type PolicyBook, policyInForce, versionZero, wireOf } from '../../../domain/policy-book';
import type { PolicyVersion } from '../../../domain/policy';
import { policyVersionSchema } from '../../../events/policy-events';
import { basisPoints, businessDate, nonEmptyText, id } from '../../../events/primitives';
import { ADOPT_POLICY } from '../../commands/policy-commands';
import { readPolicyBook } from '../../commands/policy-stream';
import type { JsonObject } from '../../store/types';
import { notFound } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { commandContext, json, READERS } from './helpers';

const STATUSES = ['in-force', 'scheduled', 'superseded', 'pending-approval'] as const;
type Status = (typeof STATUSES)[number];

const proposalBody = z.strictObject({
  policyId: id,
  effectiveFrom: businessDate,
  reason: nonEmptyText(1000),
  /**
   * RFC 7396 merge patch over the version in force on effectiveFrom, amounts as yuan strings. Any
   * JSON object here (the body was JSON): the merged version is what the parameter schema validates.
   */
  changes: z
    .record(z.string(), z.unknown())
    .refine((patch) => Object.keys(patch).length > 0, { error: 'must change at least one parameter' })
    .transform((patch) => patch as JsonObject),
});
const lprBody = z.strictObject({ from: businessDate, rateBps: basisPoints, reason: nonEmptyText(1000).optional() });
const inForceQuery = z.strictObject({ on: businessDate.optional() });

/** One line of the history: who proposed and approved it, when, why, and which parameters changed. */
const versionSummary = z.object({
  policyId: id,
  effectiveFrom: businessDate,
  status: z.enum(STATUSES),
  basedOn: id.nullable(),
  changed: z.array(z.string()),
  reason: z.string(),
  proposedBy: z.string().nullable(),
  proposedOn: businessDate.nullable(),
  approvedBy: z.string().nullable(),
  adoptedOn: businessDate.nullable(),
  approvalId: id.nullable(),
});
type VersionSummary = z.output<typeof versionSummary>;
const listResponse = z.object({ today: businessDate, items: z.array(versionSummary) });
const versionResponse = versionSummary.extend({ version: z.lazy(() => policyVersionSchema()) });

/** Version 0: the shipped defaults, adopted by nobody (docs/policy.md gives the source of each). */
const defaultsSummary = (v: PolicyVersion): Omit<VersionSummary, 'status'> => ({
  policyId: v.id,
  effectiveFrom: v.effectiveFrom,
  basedOn: null,
  changed: [],
  reason: 'the shipped defaults (docs/policy.md names the source of each)',
  proposedBy: null,
  proposedOn: null,
  approvedBy: null,
  adoptedOn: null,
  approvalId: null,
});

const adoptedSummary = (a: AdoptedVersion): Omit<VersionSummary, 'status'> => ({
  policyId: a.version.id,
  effectiveFrom: a.version.effectiveFrom,
  basedOn: a.basedOn,
  changed: a.changed,
  reason: a.reason,
  proposedBy: a.proposedBy,
  proposedOn: a.proposedOn,
  approvedBy: a.approvedBy,
  adoptedOn: a.adoptedOn,
  approvalId: a.approvalId,
});

/** Every version with its status on `today`, version 0 first, then in adoption order. */
const history = async (req: RouteRequest<unknown, unknown>): Promise<{ today: string; book: PolicyBook; items: (VersionSummary & { version: PolicyVersion })[] }> => {
  const today = req.deps.today();
  const book = await readPolicyBook(req.deps.store);
  const current = policyInForce(book, today);
  const statusOf = (v: PolicyVersion): Status => (v === current ? 'in-force' : v.effectiveFrom > today ? 'scheduled' : 'superseded');
  const defaults = versionZero(book).map((v) => ({ ...defaultsSummary(v), status: statusOf(v), version: v }));
  const adopted = book.adopted.map((a) => ({ ...adoptedSummary(a), status: statusOf(a.version), version: a.version }));
  return { today, book, items: [...defaults, ...adopted] };
};

/** Proposals waiting for a second person, from the approvals read model (bureau-wide requests). */
const pending = async (req: RouteRequest<unknown, unknown>): Promise<VersionSummary[]> => {
  const held = await req.deps.queries.listApprovals([BUREAU_SCOPE], { status: 'pending' });
  return held
    .filter((a) => a.command.name === ADOPT_POLICY)
    .map((a) => {
      const f = a.figures as JsonObject;
      const text = (key: string): string => (typeof f[key] === 'string' ? (f[key] as string) : '');
      return {
        policyId: text('policyId'),
        effectiveFrom: text('effectiveFrom'),
        status: 'pending-approval' as const,
        basedOn: text('basedOn'),
        changed: Array.isArray(f.changed) ? f.changed.filter((c): c is string => typeof c === 'string') : [],
        reason: text('reason'),
        proposedBy: a.requested.by,
        proposedOn: a.command.occurredOn,
        approvedBy: null,
        adoptedOn: null,
        approvalId: a.approvalId,
      };
    });
};

const withVersion = (item: VersionSummary & { version: PolicyVersion }) => {
  const { version, ...summary } = item;
  return { ...versionSummary.encode(summary), version: wireOf(version) };
};

export const policyRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/policies',
    summary: 'Policy versions: the shipped defaults (version 0), every adopted version and the proposals pending approval, with status, who, when, why and which parameters changed',
    tag: 'policies',
    roles: READERS,
    successStatus: 200,
    response: listResponse,
    handler: async (req) => {
      const { today, items } = await history(req);
      const summaries = items.map(({ version: _v, ...summary }) => summary);
      return json(listResponse.encode({ today, items: [...summaries, ...(await pending(req))] }));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/policies/in-force',
    summary: 'The whole version in force on a day (?on=YYYY-MM-DD, default today, Asia/Shanghai)',
    tag: 'policies',
    roles: READERS,
    successStatus: 200,
    query: inForceQuery,
    response: versionResponse,
    handler: async (req) => {
      const { today, book, items } = await history(req);
      const on = req.query.on ?? today;
      const inForce = policyInForce(book, on);
      const item = items.find((i) => i.version.id === inForce?.id);
      if (item === undefined) throw notFound(`No policy version is in force on ${on}`);
      return json(withVersion(item));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/policies/{policyId}',
    summary: 'One policy version, whole (amounts as yuan strings, rates in basis points)',
    tag: 'policies',
    roles: READERS,
    successStatus: 200,
    response: versionResponse,
    handler: async (req) => {
      const policyId = req.params.policyId ?? '';
      const item = (await history(req)).items.find((i) => i.policyId === policyId);
      if (item === undefined) throw notFound(`Unknown policy version ${policyId}`);
      return json(withVersion(item));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/policies',
    summary:
      'Propose a policy version: changes is a JSON merge patch (RFC 7396) over the version in force on effectiveFrom; 202 pending-approval (a second bureau user approves it in /v1/approvals); 400 names each bad field; 409 period-closed or would-rejudge',
    tag: 'policies',
    roles: ['finance-bureau'],
    successStatus: 202,
    body: proposalBody,
    handler: async (req) => req.deps.commands.proposePolicy(req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/policies/lpr-fixings',
    summary: 'Propose a new 1-year LPR fixing from a date (version lpr-<from>, same approval as any version); 202 pending-approval',
    tag: 'policies',
    roles: ['finance-bureau'],
    successStatus: 202,
    body: lprBody,
    handler: async (req) => req.deps.commands.proposeLprFixing(req.body, commandContext(req)),
  }),
];
