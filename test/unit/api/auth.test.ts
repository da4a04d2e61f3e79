import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authConfigFromEnv, authorize, createVerifier, LOCAL_ISSUER, principalFromClaims, signLocalToken } from '../../../functions/api/auth';
import { ApiProblem } from '../../../functions/api/problems';

const SECRET = 'a-local-secret-that-is-long-enough-000';
const verify = createVerifier(authConfigFromEnv({ LOCAL_JWT_SECRET: SECRET }));

const status = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error instanceof ApiProblem ? error.status : 500;
  }
};

describe('token verification', () => {
  it('accepts a local token and reads roles and funds', async () => {
    const principal = await verify(`Bearer ${await signLocalToken(SECRET, { role: 'fund-manager', funds: ['f1', 'f2'] })}`);
    expect(principal).toEqual({ subject: 'local-fund-manager', roles: ['fund-manager'], funds: ['f1', 'f2'], city: 'liaocheng' as const });
  });

  it('refuses a missing header, another key, another issuer and an expired token (401)', async () => {
    expect(await status(verify(undefined))).toBe(401);
    expect(await status(verify('Basic abc'))).toBe(401);
    expect(await status(verify(`Bearer ${await signLocalToken('another-secret-another-secret-000', { role: 'auditor' })}`))).toBe(401);
    expect(await status(verify(`Bearer ${await signLocalToken(SECRET, { role: 'auditor' }, 'https://elsewhere')}`))).toBe(401);
    const expired = await new SignJWT({ 'cognito:groups': ['auditor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('fund-ledger-local')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await status(verify(`Bearer ${expired}`))).toBe(401);
  });

  it("reads Cognito's comma-separated custom:funds and ignores unknown groups", () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ['fund-manager', 'admins'], 'custom:funds': 'f1, f2' })).toEqual({ subject: 'u', roles: ['fund-manager'], funds: ['f1', 'f2'], city: 'liaocheng' as const });
  });

  it('uses the JWKS of the user pool when configured and insists on its issuer', () => {
    expect(authConfigFromEnv({ AUTH_JWKS_URL: 'https://cognito/jwks.json', AUTH_ISSUER: 'https://cognito', AUTH_AUDIENCE: 'client' })).toEqual({ kind: 'jwks', jwksUrl: 'https://cognito/jwks.json', issuer: 'https://cognito', audience: 'client' });
    expect(() => authConfigFromEnv({ AUTH_JWKS_URL: 'https://cognito/jwks.json' })).toThrow(/AUTH_ISSUER/);
    expect(() => authConfigFromEnv({})).toThrow(/No token verification key/);
  });

  it("accepts the tokens of each app client listed in AUTH_AUDIENCE (the API's and the dashboard's) and no other", async () => {
    const config = authConfigFromEnv({ LOCAL_JWT_SECRET: SECRET, AUTH_AUDIENCE: 'api-client, dashboard-client' });
    expect(config.audience).toEqual(['api-client', 'dashboard-client']);
    const withAudience = (aud: string) =>
      new SignJWT({ 'cognito:groups': ['auditor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(LOCAL_ISSUER).setAudience(aud).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    const check = createVerifier(config);
    await expect(check(`Bearer ${await withAudience('dashboard-client')}`)).resolves.toMatchObject({ roles: ['auditor'] });
    await expect(check(`Bearer ${await withAudience('someone-else')}`)).rejects.toThrow(/invalid or expired/);
  });

  it("reads the roles from the claim AUTH_ROLES_CLAIM names (the province's identity platform in China), as a list or one string", async () => {
    const config = authConfigFromEnv({ LOCAL_JWT_SECRET: SECRET, AUTH_ROLES_CLAIM: 'roles' });
    expect(config.rolesClaim).toBe('roles');
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(LOCAL_ISSUER).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    const check = createVerifier(config);
    await expect(check(`Bearer ${await sign({ roles: ['auditor', 'other'] })}`)).resolves.toMatchObject({ roles: ['auditor'] });
    await expect(check(`Bearer ${await sign({ roles: 'finance-bureau auditor' })}`)).resolves.toMatchObject({ roles: ['finance-bureau', 'auditor'] });
    // Cognito's groups claim means nothing once another claim is named.
    await expect(check(`Bearer ${await sign({ 'cognito:groups': ['finance-bureau'] })}`)).resolves.toMatchObject({ roles: [] });
    await expect(check(`Bearer ${await sign({ roles: 42 })}`)).rejects.toThrow(/malformed role or city claims/);
  });

  it('reads the city from custom:city, city or the claim AUTH_CITY_CLAIM names; a token naming none is liaocheng’s, an unknown city is refused', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(LOCAL_ISSUER).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    const cognito = createVerifier(authConfigFromEnv({ LOCAL_JWT_SECRET: SECRET }));
    await expect(cognito(`Bearer ${await sign({ 'custom:city': 'jinan' })}`)).resolves.toMatchObject({ city: 'jinan' });
    await expect(cognito(`Bearer ${await sign({ city: 'heze' })}`)).resolves.toMatchObject({ city: 'heze' });
    await expect(cognito(`Bearer ${await sign({})}`)).resolves.toMatchObject({ city: 'liaocheng' });
    await expect(cognito(`Bearer ${await sign({ city: 'atlantis' })}`)).rejects.toThrow(/malformed role or city claims/);
    const platform = createVerifier(authConfigFromEnv({ LOCAL_JWT_SECRET: SECRET, AUTH_CITY_CLAIM: 'org_city' }));
    await expect(platform(`Bearer ${await sign({ org_city: 'zibo' })}`)).resolves.toMatchObject({ city: 'zibo' });
  });
});

describe('role rules', () => {
  const bureau = { subject: 'b', roles: ['finance-bureau' as const], funds: [], city: 'liaocheng' as const };
  const manager = { subject: 'm', roles: ['fund-manager' as const], funds: ['f1'], city: 'liaocheng' as const };
  const auditor = { subject: 'a', roles: ['auditor' as const], funds: [], city: 'liaocheng' as const };
  const forbidden = (fn: () => unknown): boolean => {
    try {
      fn();
      return false;
    } catch (error) {
      return error instanceof ApiProblem && error.status === 403;
    }
  };

  it('lets a fund manager act only on its own funds', () => {
    expect(authorize(manager, ['fund-manager'], 'f1')).toBe('fund-manager');
    expect(forbidden(() => authorize(manager, ['fund-manager'], 'f2'))).toBe(true);
  });

  it('lets the bureau and auditors read every fund, and refuses roles a route does not name', () => {
    expect(authorize(bureau, ['finance-bureau', 'auditor'], 'any')).toBe('finance-bureau');
    expect(authorize(auditor, ['finance-bureau', 'auditor'], 'any')).toBe('auditor');
    expect(forbidden(() => authorize(auditor, ['fund-manager'], 'f1'))).toBe(true);
    expect(forbidden(() => authorize(manager, ['finance-bureau']))).toBe(true);
  });
});
