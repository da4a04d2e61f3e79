// Matches a method and path against the route table. Templates compile once to regexes; a path
// that matches a template under another method answers 405 rather than 404.
import { ID_PATTERN } from '../../events/primitives';
import { ApiProblem } from './problems';
import type { HttpMethod, Route } from './route';

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const compile = (route: Route): CompiledRoute => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z]+)\}$/.exec(segment);
      if (param?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names };
};

export type Router = (method: string, path: string) => RouteMatch;

export const createRouter = (routes: readonly Route[]): Router => {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route registered twice: ${key}`);
    seen.add(key);
  }
  // Literal segments beat parameters: sort templates with fewer parameters first.
  const compiled = routes.map(compile).sort((a, b) => a.names.length - b.names.length);
  return (method, path) => {
    let pathMatched = false;
    for (const candidate of compiled) {
      const match = candidate.pattern.exec(path);
      if (match === null) continue;
      pathMatched = true;
      if (candidate.route.method !== (method.toUpperCase() as HttpMethod)) continue;
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
