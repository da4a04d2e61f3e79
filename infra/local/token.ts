// `npm run token -- <role> [fundId…]`: prints a token the local stack of DATA_DIR accepts.
import path from 'node:path';
import { ROLES, type Role, signLocalToken } from '../../functions/api/auth';
import { readSecret } from './local-auth';

const [role, ...funds] = process.argv.slice(2);
const usage = `usage: npm run token -- <${ROLES.join('|')}> [fundId…]   (fund ids only matter for fund-manager)`;

const isRole = (value: string | undefined): value is Role => value !== undefined && (ROLES as readonly string[]).includes(value);

const main = async (): Promise<void> => {
  if (!isRole(role)) {
    console.error(usage);
    process.exit(2);
  }
  if (role === 'fund-manager' && funds.length === 0) console.error('note: a fund-manager token without fund ids can act on no fund');
  try {
    const secret = readSecret(path.resolve(process.env.DATA_DIR ?? '.data'));
    console.log(await signLocalToken(secret, { role, funds }));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
};

void main();
