// The month-end reports a request may see, shared by the reconciliation report (main API) and the
// monthly ledger report (apiFiles): the {month} parameter, and the reports filtered to the caller's funds.
import { month as monthSchema } from '../../../events/primitives';
import type { FundMonthReport } from '../../month-end/report-schema';
import { createReconciliationReports } from '../../store/reconciliation-reports';
import { type Principal, readsEveryFund } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound, validationProblem } from '../problems';
import type { RouteRequest } from '../route';

const reportsOf = (deps: ApiDeps) => {
  if (deps.readTable === undefined) throw new Error('month-end routes need deps.readTable');
  return createReconciliationReports(deps.readTable);
};

/** The {month} path parameter, checked (the router only checks it looks like an id). */
export const monthParam = (req: RouteRequest<unknown, unknown>): string => {
  const parsed = monthSchema.safeParse(req.params.month);
  if (!parsed.success) throw validationProblem([{ field: 'path.month', message: 'must be a month YYYY-MM' }]);
  return parsed.data;
};

/** A fund manager sees only its funds' reports; the bureau, auditors and the province see all. */
const visible = (principal: Principal | undefined, reports: FundMonthReport[]): FundMonthReport[] =>
  principal === undefined || readsEveryFund(principal)
    ? reports
    : reports.filter((r) => principal.funds.includes(r.fundId));

export const monthReports = async (req: RouteRequest<unknown, unknown>, month: string): Promise<FundMonthReport[]> => {
  const reports = visible(req.principal, await reportsOf(req.deps).listMonth(month));
  if (reports.length === 0) throw notFound(`No month-end report for ${month}: run POST /v1/reconciliations {"month": "${month}"} first`);
  return reports;
};
