import { decodeEvent, encodeEvent, type DomainEvent, type EventOf, type EventType } from '../events/registry';
import { event } from './aggregate';
import { domainError, type DomainError, type EventRef } from './errors';
import { postingsFor } from './posting-rules';

// Reversals (冲正, docs/corrections.md): which entries can be reversed, the 红字 lines that reverse
// them, and which later events stand on them. An entry is every event one command appended in its
// one transaction (a repayment's BridgeLoanRepaid on the fund and BridgeLoanSettled on the loan);
// a reversal always reverses the whole entry, one EntryReversed per event, on the event's stream.

/** A stored event of the entry, decoded, with its position and dates. */
export interface StoredFact {
  streamId: string;
  version: number;
  occurredOn: string;
  recordedAt: string;
  /** The 凭证号 of its entry, when it posted journal lines. */
  voucherNo?: string;
  event: DomainEvent;
}

export type ReversalKind =
  | 'injection'
  | 'interest'
  | 'bank-charge'
  | 'capital-return'
  | 'adjustment'
  | 'guarantee'
  | 'guarantee-fee'
  | 'guarantee-release'
  | 'compensation'
  | 'recovery'
  | 'disbursement'
  | 'repayment'
  | 'commitment'
  | 'capital-call'
  | 'capital-call-payment'
  | 'distribution';

/** The event of an entry that says what kind of business it was. */
const KIND_OF: Partial<Record<EventType, ReversalKind>> = {
  CapitalInjected: 'injection',
  InterestReceived: 'interest',
  BankChargeBooked: 'bank-charge',
  CapitalReturned: 'capital-return',
  AdjustmentPosted: 'adjustment',
  GuaranteeIssued: 'guarantee',
  GuaranteeFeeCollected: 'guarantee-fee',
  GuaranteeReleased: 'guarantee-release',
  GuaranteeDefaulted: 'compensation',
  CompensationPaid: 'compensation',
  GuaranteeRecoveryRecorded: 'recovery',
  RecoveryReceived: 'recovery',
  BridgeLoanGranted: 'disbursement',
  BridgeLoanDisbursed: 'disbursement',
  BridgeLoanSettled: 'repayment',
  BridgeLoanRepaid: 'repayment',
  CommitmentMade: 'commitment',
  CapitalCalled: 'capital-call',
  CapitalCallSettled: 'capital-call-payment',
  CapitalCallPaid: 'capital-call-payment',
  DistributionRecorded: 'distribution',
  DistributionReceived: 'distribution',
};

/** A migrated loan past due comes in overdue in its own disbursement: reversed with it, never alone (the sweep's marking is no user's entry). */
const WITH_A_DISBURSEMENT_ONLY: ReadonlySet<EventType> = new Set(['BridgeLoanMarkedOverdue', 'BridgeLoanWentOverdue']);

/** Why an event's entry cannot be reversed, where a user would look instead. */
const NOT_REVERSIBLE_BECAUSE: Partial<Record<EventType, string>> = {
  EntryReversed: 'it is a reversal itself',
  SubsidyPaid: 'a subsidy grant is corrected by a clawback (POST /v1/funds/{fundId}/subsidies/{subsidyId}/clawbacks)',
  SubsidyGranted: 'a subsidy grant is corrected by a clawback (POST /v1/funds/{fundId}/subsidies/{subsidyId}/clawbacks)',
  SubsidyClawbackReceived: 'a clawback returns cash against its grant; it is not reversed',
  SubsidyClawedBack: 'a clawback returns cash against its grant; it is not reversed',
  PeriodClosed: 'a period close is not a posting',
  YearClosingPosted: "a year-end closing entry (结转) belongs to the year's close, not to a user's business",
  YearClosed: 'a year close is not a posting',
  ReconciliationCompleted: 'a reconciliation is not a posting',
  BankStatementRecorded: 'a bank statement is not a posting',
  BridgeLoanMarkedOverdue: 'the overdue sweep marked it, no user command posted it',
  BridgeLoanWentOverdue: 'the overdue sweep marked it, no user command posted it',
  OpeningBalanceRecorded: 'an opening balance (期初余额) is the books\' starting point, not a correctable posting',
  FundCreated: 'opening a fund posts nothing',
};

export const refOf = (fact: Pick<StoredFact, 'streamId' | 'version'> & { event: { type: string } }): EventRef => ({ streamId: fact.streamId, version: fact.version, type: fact.event.type });
const named = (facts: readonly StoredFact[]): string => facts.map((f) => `${f.event.type} (${f.streamId} v${f.version})`).join(', ');

/** The kind of a reversible entry, or the not-reversible refusal naming its events. */
export function reversalKind(entry: readonly StoredFact[]): ReversalKind | DomainError {
  const refuse = (because: string) => domainError('not-reversible', `${named(entry)} cannot be reversed: ${because}`, { events: entry.map(refOf) });
  for (const fact of entry) {
    const because = NOT_REVERSIBLE_BECAUSE[fact.event.type];
    if (because !== undefined && !WITH_A_DISBURSEMENT_ONLY.has(fact.event.type)) return refuse(because);
  }
  const kinds = new Set(entry.flatMap((f) => KIND_OF[f.event.type] ?? []));
  const [kind] = kinds;
  if (kind === undefined) {
    const first = entry.find((f) => NOT_REVERSIBLE_BECAUSE[f.event.type] !== undefined);
    return refuse(first === undefined ? 'it posts nothing a user command can correct' : (NOT_REVERSIBLE_BECAUSE[first.event.type] ?? ''));
  }
  const stranger = entry.find((f) => KIND_OF[f.event.type] === undefined && !(kind === 'disbursement' && WITH_A_DISBURSEMENT_ONLY.has(f.event.type)));
  if (kinds.size > 1 || stranger !== undefined) return refuse('its command posted events no reversal is defined for');
  return kind;
}

/** 红字 lines of one event: its journal lines with the same account and side, the amount negated. */
export const negatedLines = (original: DomainEvent) => postingsFor(original).map((l) => ({ account: l.account, side: l.side, amount: -l.amount }));

/**
 * Does `later` (an event on the same stream, after the original) stand on the original? A
 * guarantee's fees, release or default stand on its issue; a recovery on its default; a loan's
 * overdue marking or repayment on its disbursement; a commitment's calls and distributions on the
 * commitment; a capital call's payment on the call; a distribution returning capital on the payments.
 */
function standsOn(original: DomainEvent, later: DomainEvent): boolean {
  if (later.type === 'EntryReversed') return false;
  switch (original.type) {
    case 'GuaranteeIssued':
    case 'CommitmentMade':
    case 'GuaranteeReleased':
    case 'BridgeLoanGranted':
    case 'BridgeLoanSettled':
      return true;
    case 'GuaranteeDefaulted':
      return later.type === 'GuaranteeRecoveryRecorded';
    case 'CapitalCalled':
      // A call's payment stands on it: reverse the payment first.
      return later.type === 'CapitalCallSettled' && later.data.callId === original.data.callId;
    case 'CapitalCallSettled':
      return later.type === 'DistributionRecorded' && later.data.returnOfCapital > 0n;
    default:
      return false;
  }
}

/** Versions of a stream that an EntryReversed on it has reversed. */
export const reversedVersions = (facts: readonly StoredFact[]): Set<number> =>
  new Set(facts.flatMap((f) => (f.event.type === 'EntryReversed' ? [f.event.data.reverses.version] : [])));

/**
 * Later events that stand on the entry and are not reversed yet, from the full event list of each
 * position stream the entry touched (the fund stream holds no dependents: cash is checked instead).
 */
export function dependentsOf(entry: readonly StoredFact[], streams: ReadonlyMap<string, readonly StoredFact[]>): StoredFact[] {
  const found: StoredFact[] = [];
  for (const original of entry) {
    const facts = streams.get(original.streamId);
    if (facts === undefined) continue;
    const reversed = reversedVersions(facts);
    const inEntry = new Set(entry.filter((e) => e.streamId === original.streamId).map((e) => e.version));
    for (const later of facts) {
      if (later.version <= original.version || inEntry.has(later.version) || reversed.has(later.version)) continue;
      if (standsOn(original.event, later.event) && !found.some((f) => f.streamId === later.streamId && f.version === later.version)) found.push(later);
    }
  }
  return found;
}

export function refuseDependents(entry: readonly StoredFact[], dependents: readonly StoredFact[]): DomainError | undefined {
  if (dependents.length === 0) return undefined;
  return domainError('has-dependents', `${named(dependents)} stand on ${named(entry)}: reverse those first`, { events: dependents.map(refOf) });
}

export function refuseReversed(entry: readonly StoredFact[], reversedBy: readonly EventRef[]): DomainError | undefined {
  if (reversedBy.length === 0) return undefined;
  return domainError('already-reversed', `${named(entry)} is already reversed by ${reversedBy.map((r) => `${r.type} (${r.streamId} v${r.version})`).join(', ')}`, {
    events: [...entry.map(refOf), ...reversedBy],
  });
}

export interface ReversalInput {
  fundId: string;
  correctionId: string;
  approvalId: string;
  reason: string;
}

/** The EntryReversed of each event of the entry, keyed by the stream it is appended to, in entry order. */
export function reversalEvents(entry: readonly StoredFact[], input: ReversalInput): Map<string, DomainEvent[]> {
  const byStream = new Map<string, DomainEvent[]>();
  // Undo in reverse order: a migrated loan's overdue marking is undone before its disbursement.
  for (const fact of [...entry].reverse()) {
    const encoded = encodeEvent(fact.event);
    const reversal = event('EntryReversed', {
      ...input,
      reverses: {
        streamId: fact.streamId,
        version: fact.version,
        type: fact.event.type,
        occurredOn: fact.occurredOn,
        recordedAt: fact.recordedAt,
        ...(fact.voucherNo === undefined ? {} : { voucherNo: fact.voucherNo }),
      },
      original: { schemaVersion: encoded.schemaVersion, data: encoded.data },
      lines: negatedLines(fact.event),
    });
    byStream.set(fact.streamId, [...(byStream.get(fact.streamId) ?? []), reversal]);
  }
  return byStream;
}

/** The event a reversal undoes, decoded from the copy it carries. */
export const originalOf = (reversal: EventOf<'EntryReversed'>['data']): DomainEvent =>
  decodeEvent({ type: reversal.reverses.type, schemaVersion: reversal.original.schemaVersion, data: reversal.original.data });
