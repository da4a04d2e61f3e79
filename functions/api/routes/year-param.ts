// The {year} path parameter of the year-end routes (main API) and the annual report (apiFiles).
import * as z from 'zod';
import { fiscalYear } from '../../../events/year-events';
import { validationProblem } from '../problems';
import type { RouteRequest } from '../route';

/** The {year} path parameter, checked (the router only checks it looks like an id). */
export const yearParam = (req: RouteRequest<unknown, unknown>): number => {
  const parsed = z.string().regex(/^\d{4}$/).transform(Number).pipe(fiscalYear).safeParse(req.params.year);
  if (!parsed.success) throw validationProblem([{ field: 'path.year', message: 'must be a year YYYY' }]);
  return parsed.data;
};
