// Tokens for the command-line tools, minted as `npm run token` does: from the local stack's key in
// DATA_DIR. Against a deployed stack, pass a token instead (--token / FUND_LEDGER_TOKEN).
import path from 'node:path';
import type { CityId } from '../../events/cities';
import { type Role, signLocalToken } from '../../functions/api/auth';
import { readSecret } from '../../infra/local/local-auth';

/** `subject` names the person (a second bureau user for approvals); default `local-<role>`; `city` default liaocheng. */
export const localToken = async (role: Role, funds: readonly string[] = [], dataDir = process.env.DATA_DIR ?? '.data', subject?: string, city?: CityId): Promise<string> =>
  signLocalToken(readSecret(path.resolve(dataDir)), { role, funds: [...funds], ...(subject === undefined ? {} : { subject }), ...(city === undefined ? {} : { city }) });

export const DEFAULT_URL = 'http://127.0.0.1:3000';
