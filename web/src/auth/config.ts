// Where the dashboard runs: /config.json says where the API is and how to sign in (the local
// stack's pick-a-role token, or Cognito's hosted UI in the cloud).
export type AuthConfig =
  | { kind: 'local' }
  | { kind: 'cognito'; domain: string; clientId: string; redirectUri: string };

export interface AppConfig {
  /** Base URL of the API ('' = same origin). */
  apiBase: string;
  auth: AuthConfig;
  /** Sign out after this many minutes without activity (auth/idle-timeout.ts; default 15). */
  idleMinutes?: number;
}

export const loadConfig = async (): Promise<AppConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) return { apiBase: '', auth: { kind: 'local' } };
  return (await response.json()) as AppConfig;
};
