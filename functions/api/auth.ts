// Bearer-token authentication and role rules (DESIGN §7). The same verifier serves the cloud
// (Cognito: RS256 keys from the user pool's JWKS) and the local stack (HS256 with a key kept in
// the data directory); both check the issuer, so a token from elsewhere is never accepted.
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import * as z from 'zod';
import { type CityId, cityId, DEFAULT_CITY } from '../../events/cities';
import { ApiProblem, validationProblem } from './problems';

/** `province` (issue 24): the province's finance department, reading every city, writing nothing. */
export const ROLES = ['finance-bureau', 'fund-manager', 'auditor', 'province'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Token subject; recorded as the actor of every event the request appends. */
  subject: string;
  roles: Role[];
  /** Funds a fund manager may act on (from `funds` or Cognito's `custom:funds`). */
  funds: string[];
  /** The city the token acts within (`city`, or Cognito's `custom:city`); tokens naming none are the default city's. */
  city: CityId;
}

export const LOCAL_ISSUER = 'fund-ledger-local';

/** Where Cognito puts the user's groups (the roles). */
export const COGNITO_GROUPS_CLAIM = 'cognito:groups';

export type AuthConfig = (
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience?: string | string[] }
  | { kind: 'secret'; secret: Uint8Array; issuer: string; audience?: string | string[] }
) & {
  /**
   * The claim holding the roles when it is not Cognito's (AUTH_ROLES_CLAIM): the province's identity
   * platform in the AWS China regions names its own (docs/deploy-china.md).
   */
  rolesClaim?: string;
  /** The claim holding the city when it is neither `custom:city` nor `city` (AUTH_CITY_CLAIM; issue 24). */
  cityClaim?: string;
};

/** Reads the verification settings from the environment; the cloud key wins when both are set. */
export const authConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): AuthConfig => {
  // Comma-separated: the API's app client and the dashboard's hosted-UI client.
  const audiences = (env.AUTH_AUDIENCE ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  const audience = audiences.length === 0 ? undefined : audiences.length === 1 ? audiences[0] : audiences;
  const withAudience = {
    ...(audience === undefined ? {} : { audience }),
    ...(env.AUTH_ROLES_CLAIM === undefined || env.AUTH_ROLES_CLAIM === '' ? {} : { rolesClaim: env.AUTH_ROLES_CLAIM }),
    ...(env.AUTH_CITY_CLAIM === undefined || env.AUTH_CITY_CLAIM === '' ? {} : { cityClaim: env.AUTH_CITY_CLAIM }),
  };
  if (env.AUTH_JWKS_URL !== undefined && env.AUTH_JWKS_URL !== '') {
    if (env.AUTH_ISSUER === undefined || env.AUTH_ISSUER === '') throw new Error('AUTH_ISSUER must be set with AUTH_JWKS_URL');
    return { kind: 'jwks', jwksUrl: env.AUTH_JWKS_URL, issuer: env.AUTH_ISSUER, ...withAudience };
  }
  if (env.LOCAL_JWT_SECRET !== undefined && env.LOCAL_JWT_SECRET !== '') {
    return {
      kind: 'secret',
      secret: new TextEncoder().encode(env.LOCAL_JWT_SECRET),
      issuer: env.AUTH_ISSUER !== undefined && env.AUTH_ISSUER !== '' ? env.AUTH_ISSUER : LOCAL_ISSUER,
      ...withAudience,
    };
  }
  throw new Error('No token verification key: set AUTH_JWKS_URL + AUTH_ISSUER, or LOCAL_JWT_SECRET');
};

// Claims we read; anything else in the token is ignored.
const claimsSchema = z.object({
  sub: z.string().min(1),
  funds: z.array(z.string()).optional(),
  'custom:funds': z.string().optional(),
  city: cityId.optional(),
  'custom:city': cityId.optional(),
});
/** Roles as a list, or (some OIDC platforms) one string of names separated by spaces or commas. */
const rolesSchema = z.union([z.array(z.string()), z.string().transform((names) => names.split(/[\s,]+/).filter((name) => name !== ''))]).optional();

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const principalFromClaims = (payload: JWTPayload, rolesClaim: string = COGNITO_GROUPS_CLAIM, cityClaim?: string): Principal => {
  const parsed = claimsSchema.safeParse(cityClaim === undefined ? payload : { ...payload, city: payload[cityClaim] });
  const roles = rolesSchema.safeParse(payload[rolesClaim]);
  if (!parsed.success || !roles.success) throw new ApiProblem('unauthorized', 'The token lacks a subject, or has malformed role or city claims');
  const claims = parsed.data;
  const customFunds = (claims['custom:funds'] ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
  return {
    subject: claims.sub,
    roles: (roles.data ?? []).filter(isRole),
    funds: [...new Set([...(claims.funds ?? []), ...customFunds])],
    city: claims['custom:city'] ?? claims.city ?? DEFAULT_CITY,
  };
};

export type Verifier = (authorization: string | undefined) => Promise<Principal>;

export const createVerifier = (config: AuthConfig): Verifier => {
  const key = config.kind === 'jwks' ? createRemoteJWKSet(new URL(config.jwksUrl)) : config.secret;
  const options = {
    issuer: config.issuer,
    algorithms: config.kind === 'jwks' ? ['RS256'] : ['HS256'],
    ...(config.audience === undefined ? {} : { audience: config.audience }),
  };
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) throw new ApiProblem('unauthorized', 'Send Authorization: Bearer <token>', {}, { 'www-authenticate': 'Bearer' });
    let payload: JWTPayload;
    try {
      // Both branches verify the same way; the split only keeps jose's overloads happy.
      payload =
        key instanceof Uint8Array
          ? (await jwtVerify(match[1], key, options)).payload
          : (await jwtVerify(match[1], key, options)).payload;
    } catch {
      // jose's reason (expired, bad signature, wrong issuer) stays out of the answer on purpose.
      throw new ApiProblem('unauthorized', 'The token is invalid or expired', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    return principalFromClaims(payload, config.rolesClaim, config.cityClaim);
  };
};

/** The roles that read every fund of their city (the province: of the city it names with ?city=); a fund manager reads only its own. */
export const readsEveryFund = (principal: Principal): boolean =>
  principal.roles.includes('finance-bureau') || principal.roles.includes('auditor') || principal.roles.includes('province');

/** Finance bureau, auditors and the province see every fund; a fund manager only the funds in its token. */
export const canAccessFund = (principal: Principal, fundId: string): boolean => readsEveryFund(principal) || principal.funds.includes(fundId);

/**
 * Refuses (403) unless the principal holds one of `allowed`, and, for a fund-scoped route, may
 * act on that fund with that role. Returns the role the request acts under (recorded in event meta).
 */
export const authorize = (principal: Principal, allowed: readonly Role[], fundId?: string): Role => {
  const usable = principal.roles.filter((role) => allowed.includes(role));
  const role = fundId === undefined ? usable[0] : usable.find((r) => r !== 'fund-manager' || principal.funds.includes(fundId));
  if (role === undefined) {
    if (usable.length > 0) throw new ApiProblem('forbidden', `This token may not act on fund ${fundId ?? ''}`.trim());
    throw new ApiProblem('forbidden', `This needs one of the roles: ${allowed.join(', ')}`);
  }
  return role;
};

/**
 * The city a request acts within: the token's, except that the province role reads the city it
 * names with `?city=` (its drill-down into a city's pages). Nobody else can leave their city.
 */
export const actingCity = (principal: Principal, requested: string | undefined): CityId => {
  if (requested === undefined || !principal.roles.includes('province')) return principal.city;
  const parsed = cityId.safeParse(requested);
  if (!parsed.success) throw validationProblem([{ field: 'query.city', message: `Unknown city; one of: ${cityId.options.join(', ')}` }]);
  return parsed.data;
};

export interface LocalTokenInput {
  role: Role;
  funds?: string[];
  /** Default: the default city (liaocheng). */
  city?: CityId;
  subject?: string;
  /** jose duration, e.g. '12h'. */
  expiresIn?: string;
}

/** Signs a token the local stack accepts; used by `npm run token` and the tests. */
export const signLocalToken = async (secret: string, input: LocalTokenInput, issuer: string = LOCAL_ISSUER): Promise<string> =>
  new SignJWT({ 'cognito:groups': [input.role], funds: input.funds ?? [], city: input.city ?? DEFAULT_CITY })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject ?? `local-${input.role}`)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
