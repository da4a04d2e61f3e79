// Cognito hosted sign-in: authorization code with PKCE. The ID token is what the API's JWT
// authorizer checks (its audience is the app client).
import type { AuthConfig } from './config';

type Cognito = Extract<AuthConfig, { kind: 'cognito' }>;
const VERIFIER_KEY = 'fund-ledger.pkce';

const base64Url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const startCognitoSignIn = async (config: Cognito): Promise<void> => {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(`https://${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
};

/** On return from the hosted UI (?code=…), trades the code for tokens; the ID token, or undefined. */
export const finishCognitoSignIn = async (config: Cognito): Promise<string | undefined> => {
  const code = new URLSearchParams(location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (code === null || verifier === null) return undefined;
  sessionStorage.removeItem(VERIFIER_KEY);
  const response = await fetch(`https://${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier }),
  });
  history.replaceState(null, '', location.pathname + location.hash);
  if (!response.ok) return undefined;
  const tokens = (await response.json()) as { id_token?: string };
  return tokens.id_token;
};

export const cognitoSignOutUrl = (config: Cognito): string =>
  `https://${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString()}`;
