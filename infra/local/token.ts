// `npm run token -- <role> [fundId…] [--user NAME]`: prints a token the local stack of DATA_DIR
// accepts. --user sets the subject, so two tokens of one role are two people (maker-checker).
import path from 'node:path';
import { ROLES, type Role, signLocalToken } from '../../functions/api/auth';
import { readSecret } from './local-auth';

/** Splits `--user NAME` (or `--user=NAME`) off the positional arguments. */
const parseTokenArgs = (argv: readonly string[]): { positional: string[]; user?: string } => {
  const positional: string[] = [];
  let user: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--user') user = argv[(i += 1)];
    else if (arg.startsWith('--user=')) user = arg.slice('--user='.length);
    else positional.push(arg);
  }
  return user === undefined ? { positional } : { positional, user };
};

const { positional, user } = parseTokenArgs(process.argv.slice(2));
const [role, ...funds] = positional;
const usage = `usage: npm run token -- <${ROLES.join('|')}> [fundId…] [--user NAME]   (fund ids only matter for fund-manager; NAME is the subject, default local-<role>)`;

const isRole = (value: string | undefined): value is Role => value !== undefined && (ROLES as readonly string[]).includes(value);

const main = async (): Promise<void> => {
  if (!isRole(role)) {
    console.error(usage);
    process.exit(2);
  }
  if (user !== undefined && user.trim() === '') {
    console.error(usage);
    process.exit(2);
  }
  if (role === 'fund-manager' && funds.length === 0) console.error('note: a fund-manager token without fund ids can act on no fund');
  try {
    const secret = readSecret(path.resolve(process.env.DATA_DIR ?? '.data'));
    console.log(await signLocalToken(secret, { role, funds, ...(user === undefined ? {} : { subject: user }) }));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
};

void main();
