import * as z from 'zod';

// Money on the wire is a yuan decimal string; in code it is integer fen (bigint).
// A JSON number is refused outright: a float has already lost the cents by the time we see it.

export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const UNSIGNED = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
const SIGNED = /^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
const FORMAT_HINT = 'a yuan decimal string with at most two decimals, e.g. "12500000.00"';

/** Why `text` is not an amount, or undefined when it is one. */
function problemWith(text: string, signed: boolean): string | undefined {
  if (text.length === 0) return 'amount is empty';
  if (text.length > 24) return 'amount is too long';
  if (/[eE]/.test(text)) return 'amount must not use an exponent';
  if (text.startsWith('+')) return 'amount must not have a leading "+"';
  if (!signed && text.startsWith('-')) return 'amount must not be negative';
  if (/\.[0-9]{3,}$/.test(text)) return 'amount has more than two decimals';
  if (!(signed ? SIGNED : UNSIGNED).test(text)) return `amount must be ${FORMAT_HINT}`;
  return undefined;
}

/** Parses a yuan decimal string ("12500000.00") to fen. Throws MoneyFormatError naming the field. */
export function parseYuan(text: string, field = 'amount', options: { signed?: boolean } = {}): bigint {
  const problem = problemWith(text, options.signed ?? false);
  if (problem !== undefined) throw new MoneyFormatError(field, problem);
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const [whole = '0', decimals = ''] = digits.split('.');
  const fen = BigInt(whole) * 100n + BigInt(decimals.padEnd(2, '0'));
  return negative ? -fen : fen;
}

/** Formats fen as yuan with exactly two decimals; negative amounts as "-x.yy". */
export function formatYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

function wireString(signed: boolean) {
  return z
    .string({
      error: (issue) =>
        typeof issue.input === 'number'
          ? 'amount must be a decimal string, not a number'
          : `amount must be ${FORMAT_HINT}`,
    })
    .check((ctx) => {
      const problem = problemWith(ctx.value, signed);
      if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .meta({ description: `Yuan as ${FORMAT_HINT}${signed ? '; may be negative' : ''}` })
    .regex(signed ? SIGNED : UNSIGNED);
}

function moneyCodec(signed: boolean, out: z.ZodBigInt) {
  return z.codec(wireString(signed), out, {
    decode: (text) => parseYuan(text, 'amount', { signed }),
    encode: (fen) => formatYuan(fen),
  });
}

/** Non-negative amount: "0.00" … ⇄ fen. */
export const yuan = moneyCodec(false, z.bigint().nonnegative({ error: 'amount must not be negative' }));
/** Strictly positive amount. */
export const positiveYuan = moneyCodec(false, z.bigint().positive({ error: 'amount must be greater than 0' }));
/** Signed amount (bank-statement lines): "-12.50" ⇄ -1250n. */
export const signedYuan = moneyCodec(true, z.bigint());
