// `npm run import -- <file> --fund <fundId> --kind <guarantees|bridge-loans> [--url] [--token] [--city]`
// (docs/registers.md): uploads a filled-in register to the validation route, prints each bad row,
// then posts every valid row's request through the ordinary command routes with progress and sums
// up what was accepted and refused, with reasons. Importing the same file again adds nothing: each
// row's idempotency key is derived from the fund, the file's hash and the line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { cityId, DEFAULT_CITY } from '../events/cities';
import { postValidatedRows, validateRegisterFile, registerFileMediaType } from '../client/register-import';
import { DEFAULT_URL, localToken } from './lib/local-tokens';
import { createProgressBar } from './lib/progress-bar';

const args = z.strictObject({
  file: z.string().min(1),
  fund: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  kind: z.enum(['guarantees', 'bridge-loans']),
  url: z.url().default(process.env.FUND_LEDGER_URL ?? DEFAULT_URL),
  token: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(16).optional(),
  /** The city of the locally minted token (ignored with --token, which names its own). */
  city: cityId.default(DEFAULT_CITY),
});

const USAGE = 'usage: npm run import -- <file.csv|file.xlsx|file.xls> --fund <fundId> --kind <guarantees|bridge-loans> [--url URL] [--token TOKEN] [--concurrency N] [--city ID, default liaocheng]';

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { fund: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, concurrency: { type: 'string' }, city: { type: 'string' } },
  });
  const parsed = args.safeParse({ ...values, file: positionals[0] });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.') === 'file' ? '<file>' : `--${issue.path.join('.')}`}: ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  const o = parsed.data;
  const baseUrl = o.url.replace(/\/$/, '');
  const token = o.token ?? process.env.FUND_LEDGER_TOKEN ?? (await localToken('fund-manager', [o.fund], undefined, undefined, o.city));
  const name = path.basename(o.file);
  const file = { bytes: await readFile(o.file), contentType: registerFileMediaType(o.file) };

  const validation = await validateRegisterFile({ baseUrl, token, fundId: o.fund, kind: o.kind, file }).catch((error: unknown) => {
    throw new Error(`${name} was not accepted for validation: ${error instanceof Error ? error.message : String(error)}`);
  });
  const { summary } = validation;
  console.log(`${name} (sha-256 ${validation.fileSha256.slice(0, 12)}…): ${summary.total} rows, ${summary.valid} valid, ${summary.invalid} with errors`);
  for (const row of validation.rows.filter((r) => r.errors.length > 0)) console.log(`  line ${row.line}: ${row.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);

  const bar = createProgressBar();
  const result = await postValidatedRows(validation, { baseUrl, token, kind: o.kind, ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }), onProgress: (done, total) => bar.update(done, total, 'posting') });
  bar.done();
  console.log(`accepted ${result.accepted.length}, refused ${result.refused.length}, invalid ${summary.invalid} (of ${summary.total} rows)`);
  for (const r of result.refused) console.log(`  line ${r.line} refused: ${r.reason}`);
  return result.refused.length > 0 || summary.invalid > 0 ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
