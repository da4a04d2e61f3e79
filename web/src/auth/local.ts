// The local stack's pick-a-role sign-in (infra/local/dashboard-server.ts): never part of the API
// or of the cloud, so not in the OpenAPI document.
import type { Role } from './session';

export interface LocalSignInChoices {
  roles: Role[];
  /** Every city of the deployment (issue 24); a token acts within one. */
  cities: { cityId: string; name: string }[];
  defaultCity: string;
  /** Every city's funds, each naming its city. */
  funds: { cityId: string; fundId: string; name: string; kind: string }[];
}

export const localChoices = async (): Promise<LocalSignInChoices> => {
  const response = await fetch('/local/sign-in');
  if (!response.ok) throw new Error(`local sign-in is unavailable (HTTP ${response.status})`);
  return (await response.json()) as LocalSignInChoices;
};

/** A local token; `user` names the person (two bureau users are two people for maker-checker). */
export const localToken = async (role: Role, funds: string[], user?: string, city?: string): Promise<string> => {
  const body = { role, funds, ...(user === undefined || user === '' ? {} : { user }), ...(city === undefined ? {} : { city }) };
  const response = await fetch('/local/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`no local token (HTTP ${response.status})`);
  return ((await response.json()) as { token: string }).token;
};
