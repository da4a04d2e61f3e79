// The API's audit log (等保 2.0 level 3, GB/T 22239-2019 8.1.4.3 安全审计; 网络安全法 Article 21):
// one record per request — who, what, when, from where, and the outcome. It holds no body and no
// query: bodies carry borrowers' names and credit codes, and everything a reviewer needs to find
// them is the stream ids and versions the command appended. The writer is injected: the Lambda
// writes the record as a line of its own log group (kept ≥ 180 days, infra/constructs/audit-log.ts),
// the local stack appends it to <DATA_DIR>/audit/YYYY-MM-DD.jsonl (infra/local/audit-file.ts).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ObservedAppends } from '../store/append-observer';
import type { Principal, Role } from './auth';
import { PROBLEM_BASE, type Problem } from './problems';
import type { CityId } from '../../events/cities';

/** Marks the audit lines among a log group's other lines (the cloud log line's message, so CloudWatch Logs Insights can `filter message = "api-audit"`). */
export const AUDIT_KIND = 'api-audit';

export interface AuditRecord {
  kind: typeof AUDIT_KIND;
  /** When the answer was given, ISO 8601 UTC. */
  at: string;
  requestId: string;
  correlationId: string;
  /**
   * Who: the token's subject, roles, funds and city, the role the request acted under and the city it
   * acted within (the province's `?city=`) — absent on public routes or before authentication.
   */
  who: { subject: string; roles: Role[]; funds: string[]; city: CityId; actingRole?: Role; actingCity?: CityId } | null;
  /** What: the route template and its path parameters (ids, never personal data); for a command its type and Idempotency-Key. */
  what: { method: string; path: string; route: string; params: Record<string, string>; command?: string; idempotencyKey?: string };
  /** From where, as API Gateway saw it. */
  from: { sourceIp: string; userAgent: string };
  /** The outcome: status; on refusal the problem type and rule code; where a command landed, what it appended. */
  outcome: {
    status: number;
    durationMs: number;
    problem?: string;
    code?: string;
    appended?: { streamId: string; events: { version: number; type: string }[] }[];
    replayed?: true;
  };
}

/** Writes one record; a failure is logged by the caller and never changes the answer. */
export type AuditWriter = (record: AuditRecord) => Promise<void>;

export interface AuditFacts {
  event: APIGatewayProxyEventV2;
  requestId: string;
  correlationId: string;
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
  command: string | undefined;
  idempotencyKey: string | undefined;
  principal: Principal | undefined;
  role: Role | undefined;
  city: CityId | undefined;
  status: number;
  durationMs: number;
  problem: Problem | undefined;
  appends: ObservedAppends;
  now: Date;
}

export const auditRecord = (facts: AuditFacts): AuditRecord => {
  const { principal, problem, appends } = facts;
  const http = facts.event.requestContext?.http;
  return {
    kind: AUDIT_KIND,
    at: facts.now.toISOString(),
    requestId: facts.requestId,
    correlationId: facts.correlationId,
    who:
      principal === undefined
        ? null
        : {
            subject: principal.subject,
            roles: principal.roles,
            funds: principal.funds,
            city: principal.city,
            ...(facts.role === undefined ? {} : { actingRole: facts.role }),
            ...(facts.city === undefined ? {} : { actingCity: facts.city }),
          },
    what: {
      method: facts.method,
      path: facts.path,
      route: facts.route,
      params: facts.params,
      ...(facts.command === undefined ? {} : { command: facts.command }),
      ...(facts.idempotencyKey === undefined ? {} : { idempotencyKey: facts.idempotencyKey }),
    },
    from: { sourceIp: http?.sourceIp ?? 'unknown', userAgent: http?.userAgent ?? facts.event.headers?.['user-agent'] ?? '' },
    outcome: {
      status: facts.status,
      durationMs: facts.durationMs,
      // The type and the rule's code only: a problem's detail may echo the input (a firm's name).
      ...(problem === undefined ? {} : { problem: problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : problem.type }),
      ...(problem?.code === undefined ? {} : { code: problem.code }),
      ...(appends.streams.length === 0 ? {} : { appended: appends.streams }),
      ...(appends.replayed ? { replayed: true as const } : {}),
    },
  };
};
