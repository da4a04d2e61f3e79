// The local stack's pick-a-role sign-in (infra/local/dashboard-server.ts): never part of the API
// or of the cloud, so not in the OpenAPI document.
import type { Role } from './session';

export interface LocalSignInChoices {
  roles: Role[];
  funds: { fundId: string; name: string; kind: string }[];
}

export const localChoices = async (): Promise<LocalSignInChoices> => {
  const response = await fetch('/local/sign-in');
  if (!response.ok) throw new Error(`local sign-in is unavailable (HTTP ${response.status})`);
  return (await response.json()) as LocalSignInChoices;
};

export const localToken = async (role: Role, funds: string[]): Promise<string> => {
  const response = await fetch('/local/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, funds }) });
  if (!response.ok) throw new Error(`no local token (HTTP ${response.status})`);
  return ((await response.json()) as { token: string }).token;
};
