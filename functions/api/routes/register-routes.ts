// Registers (docs/registers.md, served by apiFiles): blank templates to fill in, and the
// validation of a filled-in register. Validation writes nothing: it answers, row by row, the
// errors or the ordinary command request (with its idempotency key) that the client then posts
// through the usual routes.
import * as z from 'zod';
import { REGISTER_KINDS, type RegisterKind } from '../../registers/register-columns';
import { registerTemplateCsv, registerTemplateXlsx } from '../../registers/register-template';
import { headerTable } from '../../files/table';
import { mapHeader, validateRegister } from '../../registers/register-validation';
import type { JsonValue } from '../../store/types';
import { ApiProblem, validationProblem } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { registerTemplateSpec, registerValidationSpec } from './file-route-specs';
import { fundIdOf, json, requireFund } from './helpers';

/** The {kind} path parameter, checked (the router only checks it looks like an id). */
export const registerKindOf = (req: RouteRequest<unknown, unknown>): RegisterKind => {
  const parsed = z.enum(REGISTER_KINDS).safeParse(req.params.kind);
  if (!parsed.success) throw validationProblem([{ field: 'path.kind', message: `must be one of ${REGISTER_KINDS.join(', ')}` }]);
  return parsed.data;
};

export const registerRoutes: Route[] = [
  defineRoute({
    ...registerTemplateSpec,
    handler: async (req) => {
      const kind = registerKindOf(req);
      const file = `${kind}-register-template`;
      if (req.query.format === 'xlsx') {
        const bytes = registerTemplateXlsx(kind);
        return {
          status: 200,
          body: null,
          raw: { body: bytes.toString('base64'), base64: true },
          headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${file}.xlsx"` },
        };
      }
      return { status: 200, body: null, raw: { body: registerTemplateCsv(kind) }, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` } };
    },
  }),
  defineRoute({
    ...registerValidationSpec,
    handler: async (req) => {
      const kind = registerKindOf(req);
      if (req.file === undefined) throw new ApiProblem('unsupported-media-type', 'Send the register file itself as the body (CSV, XLSX or XLS, or multipart/form-data with a `file` part)');
      await requireFund(req);
      // The header row may sit under a title or on a sheet after a cover sheet, as statements' do.
      const table = headerTable(req.file.sheets, (cells) => mapHeader(kind, cells).ok);
      const validation = validateRegister(kind, fundIdOf(req), { ...table, sha256: req.file.sha256 });
      if ('errors' in validation) throw validationProblem(validation.errors, 'The register cannot be read: see errors');
      return json(validation as unknown as JsonValue);
    },
  }),
];
