// `npm run token -- <role> [fundId…] [--user NAME] [--city ID]`: prints a token the local stack of
// DATA_DIR accepts. --user sets the subject, so two tokens of one role are two people (maker-checker);
// --city the city the token acts within (default liaocheng; issue 24).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CITY_IDS, DEFAULT_CITY, isCityId } from '../../events/cities';
import { ROLES, type Role, signLocalToken } from '../../functions/api/auth';
import { readSecret } from './local-auth';

const usage = `usage: npm run token -- <${ROLES.join('|')}> [fundId…] [--user NAME] [--city ${CITY_IDS.join('|')}]
  fund ids only matter for fund-manager; NAME is the subject (default local-<role>); the city defaults to ${DEFAULT_CITY}`;

const isRole = (value: string | undefined): value is Role => value !== undefined && (ROLES as readonly string[]).includes(value);

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const main = async (): Promise<void> => {
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: { user: { type: 'string' }; city: { type: 'string' } } }>>;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { user: { type: 'string' }, city: { type: 'string' } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
  const [role, ...funds] = parsed.positionals;
  const { user, city = DEFAULT_CITY } = parsed.values;
  if (!isRole(role)) return fail(usage);
  if (user !== undefined && user.trim() === '') return fail(usage);
  if (!isCityId(city)) return fail(`unknown city "${city}"\n${usage}`);
  if (role === 'fund-manager' && funds.length === 0) console.error('note: a fund-manager token without fund ids can act on no fund');
  try {
    const secret = readSecret(path.resolve(process.env.DATA_DIR ?? '.data'));
    console.log(await signLocalToken(secret, { role, funds, city, ...(user === undefined ? {} : { subject: user }) }));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
};

void main();
