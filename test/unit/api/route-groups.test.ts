// The API split (issue 14, docs/deploy.md "The API split"): every route belongs to exactly one API
// function; each function's app serves exactly its group (the others' routes are 404 there, a
// wrong method on their paths 405); the local gateway serves every route; the main API's OpenAPI
// document is the whole table's; and each function's bundle holds no other group's route code.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps';
import { buildOpenApi } from '../../../functions/api/openapi';
import { functionOf, type Route } from '../../../functions/api/route';
import { routedElsewhere, routeGroups, routes } from '../../../functions/api/routes';
import { createApiFromEnv } from '../../../functions/api/wiring';
import { API_FUNCTIONS, FUNCTIONS, MAIN_API_FUNCTION, type ApiFunctionName } from '../../../functions/shared/functions';
import { createLocalApi } from '../../../infra/local/api-gateway';
import { BUNDLE_SETTINGS } from '../../../infra/stacks/bundling';
import { exampleOf } from '../../support/route-examples';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROUTES_DIR = path.join(ROOT, 'functions/api/routes');
const ENV = { LOCAL_JWT_SECRET: 'route-groups-test-secret-route-groups', AUTH_ISSUER: 'fund-ledger-local' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
// No request below gets past authentication except the public ones, which touch no dependency.
const deps = {} as ApiDeps;

const key = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

const event = (method: string, rawPath: string): APIGatewayProxyEventV2 =>
  ({ rawPath, headers: {}, requestContext: { requestId: 'r', http: { method } }, isBase64Encoded: false }) as unknown as APIGatewayProxyEventV2;

/** Status and problem type of a request without a token: a route that exists answers 401 (or 200 if public). */
const ask = async (app: (e: APIGatewayProxyEventV2) => Promise<{ statusCode?: number; body?: string }>, method: string, rawPath: string) => {
  const answer = await app(event(method, rawPath));
  return { status: answer.statusCode, body: answer.body ?? '' };
};

const appOf = (name: ApiFunctionName) => createApiFromEnv(ENV, routeGroups[name], { logger: silent, deps });

describe('the route table, split by function', () => {
  it('puts every route in exactly one group, the one its `fn` names, and every API function has a group and a Lambda entry', () => {
    expect(Object.keys(routeGroups).sort()).toEqual([...API_FUNCTIONS].sort());
    const owners = new Map<string, ApiFunctionName[]>();
    for (const [name, group] of Object.entries(routeGroups) as [ApiFunctionName, (typeof routeGroups)[ApiFunctionName]][]) {
      expect(group.fn).toBe(name);
      expect(FUNCTIONS[name].entry).toMatch(/^functions\/api\//);
      for (const route of group.routes) {
        expect(functionOf(route), key(route)).toBe(name);
        owners.set(key(route), [...(owners.get(key(route)) ?? []), name]);
      }
    }
    expect([...owners.keys()].sort()).toEqual(routes.map(key).sort());
    for (const [route, by] of owners) expect(by, route).toHaveLength(1);
    // Something is actually split off, or the stack would route nothing elsewhere.
    expect(routedElsewhere.length).toBeGreaterThan(0);
    expect(routedElsewhere.every((route) => functionOf(route) !== MAIN_API_FUNCTION)).toBe(true);
  });

  it('lets the main API know every other function\'s route by its spec (OpenAPI, 405), and no other', () => {
    const known = routeGroups[MAIN_API_FUNCTION].elsewhere.map(key).sort();
    expect(known).toEqual(routedElsewhere.map(key).sort());
  });

  it.each([...API_FUNCTIONS])("%s's app serves exactly its group: its routes answer, the others' are 404", async (name) => {
    const app = appOf(name);
    for (const route of routes) {
      const { path: example } = exampleOf(route);
      const { status, body } = await ask(app, route.method, example);
      if (functionOf(route) === name) expect(status, `${key(route)} in ${name}`).toBe(route.roles === 'public' ? 200 : 401);
      else expect({ route: key(route), status, body }).toMatchObject({ status: 404, body: expect.stringContaining('not-found') });
    }
  });

  it('answers 405 in the main API for a wrong method on a path another function serves', async () => {
    const statement = routedElsewhere.find((route) => route.method === 'POST');
    expect(statement).toBeDefined();
    const { status } = await ask(appOf(MAIN_API_FUNCTION), 'GET', exampleOf(statement as Route).path);
    expect(status).toBe(405);
  });

  it('serves every route locally, each through the function the stack routes it to', async () => {
    const local = createLocalApi(ENV, { logger: silent, deps });
    for (const route of routes) {
      const { status } = await ask(local, route.method, exampleOf(route).path);
      expect(status, key(route)).toBe(route.roles === 'public' ? 200 : 401);
    }
    expect((await ask(local, 'GET', '/v2/nothing')).status).toBe(404);
    expect((await ask(local, 'POST', '/health')).status).toBe(405);
  });

  it("serves, from the main API, the OpenAPI document of the whole table (apiFiles' routes included)", async () => {
    const { status, body } = await ask(appOf(MAIN_API_FUNCTION), 'GET', '/v1/openapi.json');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(buildOpenApi(routes))));
  });
});

describe('each API function bundles only its own routes', () => {
  /** Route modules (routes/*-routes.ts) by the function their routes name. */
  const routeModules = async (): Promise<Map<string, ApiFunctionName>> => {
    const modules = new Map<string, ApiFunctionName>();
    for (const file of readdirSync(ROUTES_DIR).filter((name) => name.endsWith('-routes.ts'))) {
      const exported = Object.values((await import(pathToFileURL(path.join(ROUTES_DIR, file)).href)) as Record<string, unknown>);
      const defined = exported.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value): value is Route => typeof value === 'object' && value !== null && 'handler' in value);
      const fns = new Set(defined.map(functionOf));
      expect([...fns], file).toHaveLength(1);
      modules.set(`functions/api/routes/${file}`, [...fns][0] as ApiFunctionName);
    }
    return modules;
  };

  it.each([...API_FUNCTIONS])('%s: its entry pulls in its own route modules and none of another function', async (name) => {
    const result = await build({
      entryPoints: [path.join(ROOT, FUNCTIONS[name].entry)],
      bundle: true,
      write: false,
      outdir: path.join(ROOT, 'node_modules/.cache/route-groups-test'),
      platform: 'node',
      format: 'esm',
      target: BUNDLE_SETTINGS.target,
      mainFields: [...BUNDLE_SETTINGS.mainFields],
      external: [...BUNDLE_SETTINGS.external],
      minify: true,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.values(result.metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([input]) => input));
    for (const [module, owner] of await routeModules()) {
      if (owner === name) expect(inputs, module).toContain(module);
      else expect(inputs, module).not.toContain(module);
    }
    // The weights the split is for: file reading stays out of the main API, the commands out of apiFiles.
    if (name === MAIN_API_FUNCTION) expect(inputs.some((input) => input.includes('node_modules/csv-parse/'))).toBe(false);
    else expect(inputs).not.toContain('functions/commands/index.ts');
    // The OpenAPI examples ride beside the bundle as JSON (functions/api/examples/bundled-examples.ts), never in its code.
    expect(inputs.filter((input) => /^functions\/api\/examples\/(index|(?!bundled-)[a-z-]+-examples)\.ts$/.test(input))).toEqual([]);
  }, 60_000);
});
