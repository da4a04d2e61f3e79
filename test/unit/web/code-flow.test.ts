// The dashboard's hosted sign-in (web/src/auth/code-flow.ts) at both providers /config.json may
// name: Cognito's fixed endpoints, and an OIDC issuer's discovery document (the AWS China regions'
// 统一身份认证 platform). The browser globals it uses are stubbed; the PKCE challenge is checked
// against the verifier it stored.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endpointsOf, finishHostedSignIn, hostedSignOut, startHostedSignIn, type HostedAuth } from '../../../web/src/auth/code-flow';

const COGNITO: HostedAuth = { kind: 'cognito', domain: 'prod-fund-ledger-1234.auth.us-east-1.amazoncognito.com', clientId: 'app-client', redirectUri: 'https://ledger.example/' };
const OIDC: HostedAuth = { kind: 'oidc', issuer: 'https://iam.sd.gov.cn/oidc', clientId: 'fund-ledger-dashboard', redirectUri: 'https://ledger.czj.liaocheng.gov.cn/' };
const DISCOVERY = {
  issuer: OIDC.kind === 'oidc' ? OIDC.issuer : '',
  authorization_endpoint: 'https://iam.sd.gov.cn/oidc/authorize',
  token_endpoint: 'https://iam.sd.gov.cn/oidc/token',
  end_session_endpoint: 'https://iam.sd.gov.cn/oidc/logout?realm=sd',
};

let storage: Map<string, string>;
let assigned: string[];
let fetched: { url: string; body: string | undefined }[];
let search: string;

const answer = (url: string): Response => {
  if (url === `${DISCOVERY.issuer}/.well-known/openid-configuration`) return Response.json(DISCOVERY);
  if (url === DISCOVERY.token_endpoint || url === `https://${COGNITO.kind === 'cognito' ? COGNITO.domain : ''}/oauth2/token`) return Response.json({ id_token: 'the-id-token' });
  return new Response('not found', { status: 404 });
};

beforeEach(() => {
  storage = new Map();
  assigned = [];
  fetched = [];
  search = '';
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) });
  vi.stubGlobal('location', { assign: (url: string) => void assigned.push(url), get search() { return search; }, pathname: '/', hash: '#/overview' });
  vi.stubGlobal('history', { replaceState: () => undefined });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    fetched.push({ url, body: init?.body?.toString() });
    return answer(url);
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('hosted sign-in endpoints', () => {
  it("takes Cognito's fixed paths without a network call", async () => {
    const endpoints = await endpointsOf(COGNITO);
    expect(endpoints.authorize).toBe(`https://${COGNITO.kind === 'cognito' ? COGNITO.domain : ''}/oauth2/authorize`);
    expect(endpoints.logout).toContain('/logout?client_id=app-client&logout_uri=');
    expect(fetched).toEqual([]);
  });

  it("reads an OIDC issuer's discovery document, and refuses one without endpoints", async () => {
    const endpoints = await endpointsOf(OIDC);
    expect(endpoints).toMatchObject({ authorize: DISCOVERY.authorization_endpoint, token: DISCOVERY.token_endpoint, scope: 'openid' });
    expect(new URL(endpoints.logout ?? '').searchParams.get('realm')).toBe('sd');
    expect(new URL(endpoints.logout ?? '').searchParams.get('post_logout_redirect_uri')).toBe(OIDC.redirectUri);
    vi.stubGlobal('fetch', async () => Response.json({ issuer: 'x' }));
    await expect(endpointsOf(OIDC)).rejects.toThrow(/no authorization or token endpoint/);
  });
});

describe.each([
  ['cognito', COGNITO],
  ['oidc', OIDC],
])('the code flow with PKCE at %s', (_kind, config) => {
  it('sends the browser to the authorize endpoint with the S256 challenge of the verifier it keeps', async () => {
    await startHostedSignIn(config);
    const url = new URL(assigned[0] ?? '');
    expect(url.searchParams.get('client_id')).toBe(config.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(config.redirectUri);
    expect(url.searchParams.get('response_type')).toBe('code');
    const verifier = storage.get('fund-ledger.pkce') ?? '';
    expect(verifier.length).toBeGreaterThan(40);
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('trades the returned code for the ID token once, with the verifier, and forgets the verifier', async () => {
    storage.set('fund-ledger.pkce', 'the-verifier');
    search = '?code=the-code';
    expect(await finishHostedSignIn(config)).toBe('the-id-token');
    const exchange = fetched.find((call) => call.body !== undefined);
    expect(new URLSearchParams(exchange?.body)).toEqual(new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: 'the-code', redirect_uri: config.redirectUri, code_verifier: 'the-verifier' }));
    expect(storage.has('fund-ledger.pkce')).toBe(false);
    expect(await finishHostedSignIn(config)).toBeUndefined();
  });

  it("signs out at the provider's logout endpoint", async () => {
    await hostedSignOut(config);
    expect(assigned[0]).toMatch(config.kind === 'cognito' ? /\/logout\?client_id=app-client/ : /^https:\/\/iam\.sd\.gov\.cn\/oidc\/logout\?/);
  });
});
