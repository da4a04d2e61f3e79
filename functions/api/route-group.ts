// One API function's share of the route table (API_FUNCTIONS in functions/shared/functions.ts):
// the routes it serves, the specs of routes another function serves that it must still know, what
// its routes depend on, and the upload reader if any of its routes takes files. Each
// routes/*-group.ts exports one; a function's entry imports its own group only, so its bundle
// holds no other group's code.
import type { ApiFunctionName } from '../shared/functions';
import type { ApiDeps, BaseDeps } from './deps';
import type { Route, RouteSpec } from './route';
import type { UploadReader } from './upload';

export interface RouteGroup {
  fn: ApiFunctionName;
  routes: readonly Route[];
  /** Served by other functions: documented in OpenAPI, and a wrong method on their paths answers 405, not 404. */
  elsewhere: readonly RouteSpec[];
  /** Required when a route takes files (`files: true`). */
  readUpload?: UploadReader;
  /**
   * The function's dependencies. In Lambda `base` comes from the environment and the group adds
   * what its routes use (the main API: the commands and the month-end function). Locally `local`
   * is the local stack's or a test's full set (month end in process); a group keeps of it only
   * what its function has in the cloud, so the local stack exercises the same split.
   */
  deps(base: BaseDeps, env: NodeJS.ProcessEnv, local?: ApiDeps): ApiDeps;
}
