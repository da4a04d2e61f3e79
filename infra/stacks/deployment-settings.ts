// Settings a China deployment needs and the global one does not (docs/deploy-china.md): the
// province's identity platform (统一身份认证, an OIDC issuer) the API trusts instead of Cognito, and
// the ICP-filed domain with its IAM server certificate that CloudFront must serve the dashboard on.
// Each comes from CDK context, parsed with zod (a bad value is a usage error naming the key); one
// not given becomes a CloudFormation parameter of the same name, so `cdk synth -c region=…` works
// without them and `cdk deploy --parameters …` (or the context) supplies them. Never both silently:
// a value given as context is baked in and no parameter is created.
import { CfnParameter, type Stack } from 'aws-cdk-lib';
import * as z from 'zod';

const https = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as ledger.czj.liaocheng.gov.cn');

/** The context keys, their schema and the CloudFormation parameter standing in when absent. */
export const CHINA_SETTINGS = {
  oidcIssuer: { schema: https.refine((url) => !url.endsWith('/'), 'must not end with "/" (the iss claim is compared exactly)'), parameter: 'OidcIssuer', description: "Issuer (iss) of the province's unified identity platform (统一身份认证), https" },
  oidcAudience: {
    schema: z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be one client id, or several separated by commas'),
    parameter: 'OidcAudience',
    description: 'Client id registered with the identity platform: the aud the API accepts (several: give the oidcAudience context, comma-separated, the dashboard\'s first: it signs in with that one)',
  },
  oidcJwksUrl: { schema: https, parameter: 'OidcJwksUrl', description: "The identity platform's JSON Web Key Set URL (jwks_uri of its discovery document)" },
  domainName: { schema: hostname, parameter: 'DashboardDomainName', description: 'ICP-filed domain the dashboard is served on (CNAME to the distribution)' },
  iamCertificateId: {
    schema: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be an IAM server certificate id (aws iam list-server-certificates: ServerCertificateId, e.g. ASCA…)'),
    parameter: 'DashboardIamCertificateId',
    description: 'IAM server certificate (uploaded under the /cloudfront/ path) for domainName',
  },
} as const;

export type ChinaSettingKey = keyof typeof CHINA_SETTINGS;

/** The claim holding the user's roles in the platform's tokens (context `oidcRolesClaim`). */
export const DEFAULT_OIDC_ROLES_CLAIM = 'roles';
/** The claim holding the user's city (context `oidcCityClaim`; issue 24). */
export const DEFAULT_OIDC_CITY_CLAIM = 'city';

/** A claim-name setting from the context, or its default. */
const claimSetting = (stack: Stack, key: string, fallback: string): string => {
  const parsed = z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be a claim name').default(fallback).safeParse(stack.node.tryGetContext(key) ?? undefined);
  if (!parsed.success) throw new Error(`context "${key}" ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
};

export interface ChinaSettings {
  oidc: { issuer: string; audiences: string[]; jwksUrl: string; rolesClaim: string; cityClaim: string };
  dashboard: { domainName: string; iamCertificateId: string };
  /** Keys that were not given as context and became CloudFormation parameters. */
  parameters: ChinaSettingKey[];
}

/** Reads every China setting from `stack`'s context (zod), or adds its CloudFormation parameter. */
export const chinaSettings = (stack: Stack): ChinaSettings => {
  const parameters: ChinaSettingKey[] = [];
  const read = (key: ChinaSettingKey): string => {
    const setting = CHINA_SETTINGS[key];
    const raw: unknown = stack.node.tryGetContext(key);
    if (raw === undefined || raw === '') {
      parameters.push(key);
      return new CfnParameter(stack, setting.parameter, { type: 'String', description: setting.description, minLength: 1 }).valueAsString;
    }
    const parsed = setting.schema.safeParse(raw);
    if (!parsed.success) throw new Error(`context "${key}" ${parsed.error.issues.map((issue) => issue.message).join('; ')}; got ${JSON.stringify(raw)}`);
    return parsed.data;
  };
  const rolesClaim = claimSetting(stack, 'oidcRolesClaim', DEFAULT_OIDC_ROLES_CLAIM);
  const cityClaim = claimSetting(stack, 'oidcCityClaim', DEFAULT_OIDC_CITY_CLAIM);
  const issuer = read('oidcIssuer');
  const audience = read('oidcAudience');
  return {
    oidc: {
      issuer,
      // A parameter is one token (one audience); a context value may list several.
      audiences: parameters.includes('oidcAudience') ? [audience] : audience.split(','),
      jwksUrl: read('oidcJwksUrl'),
      rolesClaim,
      cityClaim,
    },
    dashboard: { domainName: read('domainName'), iamCertificateId: read('iamCertificateId') },
    parameters,
  };
};
