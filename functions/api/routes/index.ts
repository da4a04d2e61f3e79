// The route table: every route of the API, by the function that serves it. Each area keeps its
// routes in its own file and adds ONE line to its function's group (api-group.ts,
// api-files-group.ts). Only the local stack, the stack and the tests import this whole table; a
// Lambda entry imports its own group, so its bundle leaves the others' code out.
import { type ApiFunctionName, MAIN_API_FUNCTION } from '../../shared/functions';
import { functionOf, type Route } from '../route';
import type { RouteGroup } from '../route-group';
import { apiFilesGroup } from './api-files-group';
import { apiGroup } from './api-group';

export type { Route } from '../route';

export const routeGroups: Readonly<Record<ApiFunctionName, RouteGroup>> = { api: apiGroup, apiFiles: apiFilesGroup };

export const routes: readonly Route[] = Object.values(routeGroups).flatMap((group) => group.routes);

/** The routes API Gateway sends to a function other than the main one (exact method and path); the main API takes the rest. */
export const routedElsewhere: readonly Route[] = routes.filter((route) => functionOf(route) !== MAIN_API_FUNCTION);
