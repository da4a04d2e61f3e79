// Where the dashboard runs: /config.json says where the API is and how to sign in (the local
// stack's pick-a-role token, Cognito's hosted UI in the cloud, or the province's identity platform
// over OIDC in the AWS China regions).
export type AuthConfig =
  | { kind: 'local' }
  | { kind: 'cognito'; domain: string; clientId: string; redirectUri: string }
  | { kind: 'oidc'; issuer: string; clientId: string; redirectUri: string };

export interface AppConfig {
  /** Base URL of the API ('' = same origin). */
  apiBase: string;
  auth: AuthConfig;
  /** Sign out after this many minutes without activity (auth/idle-timeout.ts; default 15). */
  idleMinutes?: number;
}
