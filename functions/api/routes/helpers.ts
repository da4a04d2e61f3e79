// Small pieces every route file uses: the command context of a request, the fund-exists check of
// reads, and turning read-model views (bigint fen) into wire JSON (yuan strings).
import type { z } from 'zod';
import { streamIds } from '../../../events/stream-ids';
import type { CommandContext } from '../../commands';
import type { JsonValue } from '../../store/types';
import type { Principal } from '../auth';
import { notFound } from '../problems';
import type { RouteRequest, RouteResult } from '../route';

export const commandContext = (req: RouteRequest<unknown, unknown>): CommandContext => ({
  meta: {
    actor: req.principal?.subject ?? 'anonymous',
    role: req.role ?? 'none',
    requestId: req.requestId,
    correlationId: req.correlationId,
  },
  ...(req.idempotencyKey === undefined ? {} : { idempotencyKey: req.idempotencyKey }),
  ...(req.requestHash === undefined ? {} : { requestHash: req.requestHash }),
});

/** The path's fund id; every fund-scoped template names it {fundId}. */
export const fundIdOf = (req: RouteRequest<unknown, unknown>): string => {
  const fundId = req.params.fundId;
  if (fundId === undefined) throw new Error(`route ${req.path} has no {fundId}`);
  return fundId;
};

/** 404 unless the fund's stream exists; read from the store, which never lags behind a create. */
export const requireFund = async (req: RouteRequest<unknown, unknown>): Promise<string> => {
  const fundId = fundIdOf(req);
  const head = await req.deps.store.readHead(streamIds.fund(fundId));
  if (head === undefined) throw notFound(`Unknown fund ${fundId}`);
  return fundId;
};

/** Encodes a decoded view through its schema's codecs (bigint fen → "12.50"). */
export const wire = <T>(schema: z.ZodType<T, unknown>, value: T): JsonValue => schema.encode(value) as JsonValue;

export const json = (body: JsonValue, status = 200): RouteResult => ({ status, body });

/**
 * Every role may read a fund it has access to (a fund manager only its own funds); the province
 * (issue 24 §3) reads any city's, naming the city (?city=), and is in no command's roles.
 */
export const READERS = ['finance-bureau', 'fund-manager', 'auditor', 'province'] as const;
/** A fund's operating transactions are posted by its managers (separation of duties). */
export const MANAGERS = ['fund-manager'] as const;

/** The funds a caller is limited to: undefined for the bureau and auditors (every fund), the token's list for a fund manager. */
export const limitedToFunds = (principal: Principal | undefined): readonly string[] | undefined =>
  principal === undefined || principal.roles.some((r) => r !== 'fund-manager') ? undefined : principal.funds;

/** The funds a close names (a month's or a year's): those given, each of which must exist (404), or every fund. */
export const fundsToClose = async (req: RouteRequest<unknown, unknown>, given: readonly string[] | undefined): Promise<string[]> => {
  const fundIds = given === undefined ? (await req.deps.queries.listFunds()).map((f) => f.fundId) : [...given];
  for (const fundId of fundIds) {
    if ((await req.deps.store.readHead(streamIds.fund(fundId))) === undefined) throw notFound(`Unknown fund ${fundId}`);
  }
  return fundIds;
};

/** The funds a caller may see: every fund for the bureau and auditors, a manager's own funds. */
export const visibleFunds = async (req: RouteRequest<unknown, unknown>) => {
  const only = limitedToFunds(req.principal);
  const funds = await req.deps.queries.listFunds();
  return only === undefined ? funds : funds.filter((f) => only.includes(f.fundId));
};
