// Hosted sign-in by the OAuth 2.0 authorization code flow with PKCE, at either identity provider
// the stack may name in /config.json: Cognito's hosted UI (the global partition) or, in the AWS
// China regions, the province's unified identity platform (统一身份认证) over OpenID Connect, whose
// endpoints come from its discovery document. The ID token is what the API's JWT authorizer checks
// (its audience is the client id).
import type { AuthConfig } from './config';

export type HostedAuth = Extract<AuthConfig, { kind: 'cognito' | 'oidc' }>;

interface Endpoints {
  authorize: string;
  token: string;
  /** Where signing out ends the provider's session too; undefined when the provider names none. */
  logout: string | undefined;
  scope: string;
}

/**
 * The browser globals the flow uses, typed here rather than from the DOM library so the module also
 * compiles in the Node program that unit-tests it (test/unit/web/code-flow.test.ts).
 */
interface Browser {
  location: { assign(url: string): void; readonly search: string; readonly pathname: string; readonly hash: string };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
  history: { replaceState(data: unknown, unused: string, url: string): void };
}
const browser = (): Browser => globalThis as unknown as Browser;

const VERIFIER_KEY = 'fund-ledger.pkce';

const base64Url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const stringField = (document: Record<string, unknown>, key: string): string | undefined => (typeof document[key] === 'string' ? document[key] : undefined);

/** The provider's endpoints: Cognito's fixed paths, or an OIDC issuer's discovery document. */
export const endpointsOf = async (config: HostedAuth): Promise<Endpoints> => {
  if (config.kind === 'cognito') {
    const logout = new URL(`https://${config.domain}/logout`);
    logout.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
    return { authorize: `https://${config.domain}/oauth2/authorize`, token: `https://${config.domain}/oauth2/token`, logout: logout.toString(), scope: 'openid email' };
  }
  const response = await fetch(`${config.issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the identity platform's discovery document answered ${response.status}`);
  const discovery = (await response.json()) as Record<string, unknown>;
  const authorize = stringField(discovery, 'authorization_endpoint');
  const token = stringField(discovery, 'token_endpoint');
  if (authorize === undefined || token === undefined) throw new Error("the identity platform's discovery document names no authorization or token endpoint");
  const endSession = stringField(discovery, 'end_session_endpoint');
  const logout = endSession === undefined ? undefined : new URL(endSession);
  logout?.searchParams.set('client_id', config.clientId);
  logout?.searchParams.set('post_logout_redirect_uri', config.redirectUri);
  return { authorize, token, logout: logout?.toString(), scope: 'openid' };
};

export const startHostedSignIn = async (config: HostedAuth): Promise<void> => {
  const endpoints = await endpointsOf(config);
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  browser().sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(endpoints.authorize);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: endpoints.scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) url.searchParams.set(key, value);
  browser().location.assign(url.toString());
};

/** On return from the provider (?code=…), trades the code for tokens; the ID token, or undefined. */
export const finishHostedSignIn = async (config: HostedAuth): Promise<string | undefined> => {
  const { location, sessionStorage, history } = browser();
  const code = new URLSearchParams(location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (code === null || verifier === null) return undefined;
  sessionStorage.removeItem(VERIFIER_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  const endpoints = await endpointsOf(config);
  const response = await fetch(endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier }),
  });
  if (!response.ok) return undefined;
  const tokens = (await response.json()) as { id_token?: string };
  return tokens.id_token;
};

/** Ends the provider's session too where it offers that; otherwise back to the sign-in page. */
export const hostedSignOut = async (config: HostedAuth): Promise<void> => {
  const endpoints = await endpointsOf(config).catch(() => undefined);
  browser().location.assign(endpoints?.logout ?? config.redirectUri);
};
