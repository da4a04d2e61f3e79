// Matches a method and path against the route table. Templates compile once to regexes; a path
// that matches a template under another method answers 405 rather than 404, also when the
// template is served by another function (known here by its spec only).
import { ID_PATTERN } from '../../events/primitives';
import { ApiProblem } from './problems';
import { functionOf, type HttpMethod, type Route, type RouteSpec } from './route';

type CompiledRoute = { pattern: RegExp; names: string[] } & ({ served: true; route: Route } | { served: false; route: RouteSpec });

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A path template as a regex (one group per parameter, a trailing slash allowed) and its parameter names. */
export const templatePattern = (template: string): { pattern: RegExp; names: string[] } => {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z]+)\}$/.exec(segment);
      if (param?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
};


export type Router = (method: string, path: string) => RouteMatch;

/** `elsewhere`: routes another function serves; their paths are known, so a wrong method is a 405. */
export const createRouter = (routes: readonly Route[], elsewhere: readonly RouteSpec[] = []): Router => {
  const seen = new Set<string>();
  for (const route of [...routes, ...elsewhere]) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route registered twice: ${key}`);
    seen.add(key);
  }
  // Literal segments beat parameters: sort templates with fewer parameters first.
  const compiled: CompiledRoute[] = [
    ...routes.map((route) => ({ served: true as const, route, ...templatePattern(route.path) })),
    ...elsewhere.map((route) => ({ served: false as const, route, ...templatePattern(route.path) })),
  ].sort((a, b) => a.names.length - b.names.length);
  return (method, path) => {
    let pathMatched = false;
    for (const candidate of compiled) {
      const match = candidate.pattern.exec(path);
      if (match === null) continue;
      pathMatched = true;
      if (candidate.route.method !== (method.toUpperCase() as HttpMethod)) continue;
      // API Gateway sends these to their own function; only a direct invocation gets here.
      if (!candidate.served) throw new ApiProblem('not-found', `${method} ${path} is served by the ${functionOf(candidate.route)} function`);
      const params: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        let value: string;
        try {
          value = decodeURIComponent(match[i + 1] ?? '');
        } catch {
          value = '';
        }
        // An id that could never have been created names nothing: 404, not a validation error.
        if (!ID_PATTERN.test(value)) throw new ApiProblem('not-found', `No resource at ${path}`);
        params[name] = value;
      });
      return { route: candidate.route, params };
    }
    if (pathMatched) throw new ApiProblem('method-not-allowed', `${method} is not supported on ${path}`);
    throw new ApiProblem('not-found', `No route for ${method} ${path}`);
  };
};
