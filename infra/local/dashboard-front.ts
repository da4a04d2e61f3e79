// What the local stack serves besides the API: the built dashboard (web/dist) at `/`, its
// /config.json (sign in locally), and the local-only pick-a-role sign-in — the list of roles,
// cities and each city's funds, and a token signed with the stack's own key (infra/local/token.ts's signing). None of this
// is deployed: in the cloud CloudFront serves the dashboard and Cognito signs people in.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { CITY_IDS, CITY_NAMES_ZH, type CityId, cityId, DEFAULT_CITY } from '../../events/cities';
import { ROLES, type Role } from '../../functions/api/auth';
import { withCity } from '../../functions/shared/city-scope';
import { SITE_PAGES } from '../site-pages';

export interface FrontResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export type LocalFront = (method: string, pathname: string, body: string) => Promise<FrontResponse | undefined>;

export interface DashboardFrontOptions {
  /** The built dashboard (web/dist). */
  distDir: string;
  signToken(role: Role, funds: string[], subject?: string, city?: CityId): Promise<string>;
  /** The funds of the city in scope (called inside withCity for each city). */
  listFunds(): Promise<{ fundId: string; name: string; kind: string }[]>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const tokenRequest = z.strictObject({
  role: z.enum(ROLES),
  funds: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)).max(100).default([]),
  user: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  city: cityId.default(DEFAULT_CITY),
});

const jsonAnswer = (status: number, value: unknown, type = 'application/json'): FrontResponse => ({
  status,
  headers: { 'content-type': type, 'cache-control': 'no-store' },
  body: JSON.stringify(value),
});

const problem = (status: number, title: string, detail: string, errors?: { field: string; message: string }[]): FrontResponse =>
  jsonAnswer(status, { type: 'https://fund-ledger.example/problems/validation', title, status, detail, ...(errors === undefined ? {} : { errors }) }, 'application/problem+json');

export const createDashboardFront = (options: DashboardFrontOptions): LocalFront => {
  const root = path.resolve(options.distDir);
  const file = (relative: string): FrontResponse | undefined => {
    const full = path.resolve(root, `.${relative}`);
    if (!full.startsWith(`${root}${path.sep}`) || !existsSync(full) || !statSync(full).isFile()) return undefined;
    const hashed = relative.startsWith('/assets/');
    return {
      status: 200,
      headers: {
        'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
        // Vite names assets by content hash: they never change; index.html must be asked again.
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      },
      body: readFileSync(full),
    };
  };

  return async (method, pathname, body) => {
    if (pathname === '/local/sign-in' && method === 'GET') {
      const funds = [];
      // Sixteen small reads, one per city's range: a local convenience, never an API route.
      for (const city of CITY_IDS) {
        for (const f of await withCity(city, () => options.listFunds())) funds.push({ cityId: city, fundId: f.fundId, name: f.name, kind: f.kind });
      }
      return jsonAnswer(200, { roles: ROLES, cities: CITY_IDS.map((id) => ({ cityId: id, name: CITY_NAMES_ZH[id] })), defaultCity: DEFAULT_CITY, funds });
    }
    if (pathname === '/local/token' && method === 'POST') {
      let input: unknown;
      try {
        input = JSON.parse(body);
      } catch {
        return problem(400, 'The body is not JSON', 'Send {"role": "finance-bureau" | "fund-manager" | "auditor", "funds": [fundId…]}');
      }
      const parsed = tokenRequest.safeParse(input);
      if (!parsed.success) {
        return problem(400, 'Invalid token request', 'See errors', parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
      }
      return jsonAnswer(200, { token: await options.signToken(parsed.data.role, parsed.data.funds, parsed.data.user, parsed.data.city) });
    }
    if (pathname === '/config.json' && method === 'GET') return jsonAnswer(200, { apiBase: '', auth: { kind: 'local' } });
    if (method !== 'GET' || pathname.startsWith('/v1/') || pathname === '/health' || pathname.startsWith('/local/')) return undefined;
    return file(SITE_PAGES[pathname] ?? pathname);
  };
};
