// `npm run import -- <file> --fund <fundId> --kind <guarantees|bridge-loans> [--url] [--token]`
// (docs/registers.md): uploads a filled-in register to the validation route, prints each bad row,
// then posts every valid row's request through the ordinary command routes with progress and sums
// up what was accepted and refused, with reasons. Importing the same file again adds nothing: each
// row's idempotency key is derived from the fund, the file's hash and the line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { postRequests, problemReason, type PreparedRequest } from '../client/post-requests';
import { DEFAULT_URL, localToken } from './lib/local-tokens';
import { createProgressBar } from './lib/progress-bar';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const args = z.strictObject({
  file: z.string().min(1),
  fund: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  kind: z.enum(['guarantees', 'bridge-loans']),
  url: z.url().default(process.env.FUND_LEDGER_URL ?? DEFAULT_URL),
  token: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(16).optional(),
});

const USAGE = 'usage: npm run import -- <file.csv|file.xlsx> --fund <fundId> --kind <guarantees|bridge-loans> [--url URL] [--token TOKEN] [--concurrency N]';

const validation = z.object({
  fileSha256: z.string(),
  rows: z.array(z.object({ line: z.number(), errors: z.array(z.object({ field: z.string(), message: z.string() })), request: z.object({ method: z.literal('POST'), path: z.string(), body: z.unknown(), idempotencyKey: z.string() }).optional() })),
  summary: z.object({ total: z.number(), valid: z.number(), invalid: z.number() }),
});

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { fund: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const parsed = args.safeParse({ ...values, file: positionals[0] });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.') === 'file' ? '<file>' : `--${issue.path.join('.')}`}: ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  const o = parsed.data;
  const url = o.url.replace(/\/$/, '');
  const token = o.token ?? process.env.FUND_LEDGER_TOKEN ?? (await localToken('fund-manager', [o.fund]));
  const bytes = await readFile(o.file);
  const contentType = /\.xlsx$/i.test(o.file) ? XLSX : 'text/csv';

  const response = await fetch(`${url}/v1/funds/${o.fund}/registers/${o.kind}/validations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'idempotency-key': `register-validation-${Date.now()}` },
    body: bytes,
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    console.error(`${path.basename(o.file)} was not accepted for validation: ${problemReason(response.status, answer)}`);
    return 1;
  }
  const result = validation.parse(answer);
  console.log(`${path.basename(o.file)} (sha-256 ${result.fileSha256.slice(0, 12)}…): ${result.summary.total} rows, ${result.summary.valid} valid, ${result.summary.invalid} with errors`);
  for (const row of result.rows.filter((r) => r.errors.length > 0)) console.log(`  line ${row.line}: ${row.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);

  const requests = result.rows.flatMap((r) => (r.request === undefined ? [] : [{ line: r.line, request: r.request as PreparedRequest }]));
  const bar = createProgressBar();
  // A bridge loan moves the fund's cash, so those rows go one at a time; guarantees in parallel.
  const outcomes = await postRequests(
    requests.map((r) => r.request),
    { baseUrl: url, token, concurrency: o.concurrency ?? (o.kind === 'guarantees' ? 4 : 1), onProgress: (done, total) => bar.update(done, total, 'posting') },
  );
  bar.done();
  const refused = outcomes.flatMap((outcome, i) => (outcome.accepted ? [] : [{ line: requests[i]?.line ?? 0, reason: outcome.reason ?? '' }]));
  console.log(`accepted ${outcomes.length - refused.length}, refused ${refused.length}, invalid ${result.summary.invalid} (of ${result.summary.total} rows)`);
  for (const r of refused) console.log(`  line ${r.line} refused: ${r.reason}`);
  return refused.length > 0 || result.summary.invalid > 0 ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
