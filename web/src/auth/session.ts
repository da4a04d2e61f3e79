// Who is signed in: the bearer token (kept for the browser tab in sessionStorage) and what the
// dashboard reads from its claims to choose pages. The API checks the token; these claims only
// decide what to show.
export type Role = 'finance-bureau' | 'fund-manager' | 'auditor' | 'province';

export interface Session {
  token: string;
  role: Role;
  funds: string[];
  subject: string;
}

const STORAGE_KEY = 'fund-ledger.session';

const base64UrlJson = (part: string): unknown => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')));

/** Reads role, funds and subject from a local or Cognito token (unverified: display only). */
export const sessionFromToken = (token: string): Session | undefined => {
  try {
    const claims = base64UrlJson(token.split('.')[1] ?? '') as Record<string, unknown>;
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
    const role = (['finance-bureau', 'auditor', 'fund-manager', 'province'] as const).find((r) => groups.includes(r));
    if (role === undefined) return undefined;
    const listed = Array.isArray(claims.funds) ? (claims.funds as string[]) : [];
    const custom = typeof claims['custom:funds'] === 'string' ? claims['custom:funds'].split(',').map((f) => f.trim()) : [];
    const expires = typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity;
    if (expires < Date.now()) return undefined;
    return { token, role, funds: [...new Set([...listed, ...custom])].filter((f) => f !== ''), subject: String(claims.sub ?? '') };
  } catch {
    return undefined;
  }
};

export const loadSession = (): Session | undefined => {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token === null ? undefined : sessionFromToken(token);
};

export const saveSession = (token: string): Session | undefined => {
  const session = sessionFromToken(token);
  if (session !== undefined) sessionStorage.setItem(STORAGE_KEY, token);
  return session;
};

export const clearSession = (): void => sessionStorage.removeItem(STORAGE_KEY);
