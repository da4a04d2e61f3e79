import type { JsonObject } from './json';

// An upcaster turns the stored JSON of version n into the JSON of version n+1. Stored events are never
// rewritten (DESIGN §2: events are immutable); old shapes are upgraded every time they are read.

export type Upcaster = (data: JsonObject) => JsonObject;

/** Per event type: upcasters[type][n] converts v(n) to v(n+1). */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  GuaranteeIssued: { 1: guaranteeIssuedV1ToV2 },
};

/** "1.50" (percent) → 150 bp; undefined if the text is not a percent with at most two decimals. */
export function percentToBps(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * v1 stored the fee as a percent string and had no risk split: every v1 guarantee was written under
 * the default split of the time, guarantor 40 % / re-guarantor 30 % / bank 20 % / pool 10 % (DESIGN §6).
 */
function guaranteeIssuedV1ToV2(data: JsonObject): JsonObject {
  const { feeRatePercent, ...rest } = data;
  const feeRateBps = typeof feeRatePercent === 'string' ? percentToBps(feeRatePercent) : undefined;
  // An unreadable percent is left for the v2 schema to reject with a field error, not guessed at.
  return {
    ...rest,
    feeRateBps: feeRateBps ?? (feeRatePercent ?? null),
    riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
  };
}

/** Runs the chain from `fromVersion` up to `toVersion`. */
export function upcast(type: string, fromVersion: number, toVersion: number, data: JsonObject): JsonObject {
  let current = data;
  for (let v = fromVersion; v < toVersion; v++) {
    const step = UPCASTERS[type]?.[v];
    if (step === undefined) throw new Error(`no upcaster for ${type} v${v}→v${v + 1}`);
    current = step(current);
  }
  return current;
}
