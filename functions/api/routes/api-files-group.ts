// The apiFiles function's routes (functions/api/files-handler.ts): bank statements and registers
// read from CSV/XLSX files, the monthly report and register templates written as CSV/XLSX. The
// order is file-route-specs.ts's, so the main API's OpenAPI document equals the full table's.
import { baseOnlyDeps } from '../deps';
import type { RouteGroup } from '../route-group';
import { readUpload } from '../upload-reader';
import { bankStatementRoutes } from './bank-statement-routes';
import { registerRoutes } from './register-routes';
import { reportRoutes } from './report-routes';

export const apiFilesGroup: RouteGroup = {
  fn: 'apiFiles',
  routes: [...bankStatementRoutes, ...reportRoutes, ...registerRoutes],
  elsewhere: [],
  readUpload,
  // Files are read and written, and statements appended to the store: no command, no month end.
  deps: (base) => baseOnlyDeps(base),
};
