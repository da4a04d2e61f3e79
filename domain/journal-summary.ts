// The 摘要 of a journal entry, as an accountant writes it (会计基础工作规范: every voucher line carries
// a summary of the business), built from the event alone plus the name of what the entry is about
// (the borrower, sub-fund or firm), which the position's opening event holds. Pure: the caller
// (the books projector) reads that opening event; the words come from domain/business-words.ts.
// One builder per event type, so a new event type fails typecheck until it has a summary.
import type { DomainEvent, EventData, EventType } from '../events/registry';
import { streamIds } from '../events/stream-ids';
import { ACT_WORDS, CAPITAL_SOURCE_WORDS, FUND_KIND_WORDS, PROGRAMME_WORDS, type Words, capitalised } from './business-words';
import { movementReference } from './reconciliation-fund';

/** What a journal line says about its entry (journal reads, reports). */
export interface EntrySummary {
  /** 摘要 in Chinese, e.g. `DB2024-0058 聊城市某某公司 担保代偿`. */
  summary: string;
  summaryEn: string;
  /** The business reference a bank line would quote (movementReference), null when there is none. */
  reference: string | null;
}

/** Joins the non-empty parts with one space. */
const spaced = (...parts: (string | undefined)[]): string => parts.filter((p): p is string => p !== undefined && p !== '').join(' ');

/** `<ids and name> <act>` in both languages: the way a 摘要 leads with what it is about. */
const about = (act: Words, ...subject: (string | undefined)[]): Words => ({ zh: spaced(...subject, act.zh), en: spaced(...subject, act.en) });
/** `<act> <detail>`: the way a 摘要 of cash leads with what happened. */
const did = (act: Words, ...detail: (string | undefined)[]): Words => ({ zh: spaced(act.zh, ...detail), en: capitalised(spaced(act.en, ...detail)) });
/** The act of a migrated position (brought in on openedOn) says so. */
const migratedAct = (act: Words, migratedOn: string | undefined): Words =>
  migratedOn === undefined ? act : { zh: `${act.zh}（${ACT_WORDS.migrated.zh}）`, en: `${act.en} (${ACT_WORDS.migrated.en})` };
const programmeAct = (programme: keyof typeof PROGRAMME_WORDS, act: Words): Words => ({ zh: `${PROGRAMME_WORDS[programme].zh}·${act.zh}`, en: `${act.en}: ${PROGRAMME_WORDS[programme].en}` });

/** How a reversal names what it reverses: its voucher number when known, else `<stream> v<version>`. */
const reversedEntry = (ref: { streamId: string; version: number; voucherNo?: unknown }): string =>
  typeof ref.voucherNo === 'string' ? ref.voucherNo : `${ref.streamId} v${ref.version}`;

type Builder<K extends EventType> = (data: EventData<K>, name: string | undefined) => Words;

const BUILDERS: { readonly [K in EventType]: Builder<K> } = {
  FundCreated: (d) => did(ACT_WORDS.fundCreated, FUND_KIND_WORDS[d.kind].zh, d.name),
  CapitalInjected: (d) => ({
    zh: spaced(`${CAPITAL_SOURCE_WORDS[d.source].zh}${ACT_WORDS.capitalInjected.zh}`, d.reference),
    en: capitalised(spaced(ACT_WORDS.capitalInjected.en, CAPITAL_SOURCE_WORDS[d.source].en, d.reference)),
  }),
  InterestReceived: (d) => did(ACT_WORDS.interestReceived, d.reference),
  OpeningBalanceRecorded: () => did(ACT_WORDS.openingBalance),
  CompensationPaid: (d, name) => about(ACT_WORDS.guaranteeCompensated, d.guaranteeId, name),
  RecoveryReceived: (d, name) => about(ACT_WORDS.recovery, d.guaranteeId, name),
  BridgeLoanDisbursed: (d, name) => about(migratedAct(ACT_WORDS.bridgeDisbursed, d.migratedOn), d.loanId, name),
  BridgeLoanWentOverdue: (d, name) => about(ACT_WORDS.bridgeOverdue, d.loanId, name),
  BridgeLoanRepaid: (d, name) => about(ACT_WORDS.bridgeRepaid, d.loanId, name),
  CapitalCallPaid: (d, name) => about(migratedAct(ACT_WORDS.capitalCallPaid, d.migratedOn), d.commitmentId, name, d.callId),
  DistributionReceived: (d, name) => about(ACT_WORDS.distribution, d.commitmentId, name, d.distributionId),
  GuaranteeIssued: (d) => about(migratedAct(ACT_WORDS.guaranteeIssued, d.migratedOn), d.guaranteeId, d.borrower.name),
  GuaranteeFeeCollected: (d, name) => about(ACT_WORDS.guaranteeFee, d.guaranteeId, name),
  GuaranteeReleased: (d, name) => about(ACT_WORDS.guaranteeReleased, d.guaranteeId, name),
  GuaranteeDefaulted: (d, name) => about(ACT_WORDS.guaranteeCompensated, d.guaranteeId, name),
  GuaranteeRecoveryRecorded: (d, name) => about(ACT_WORDS.recovery, d.guaranteeId, name),
  BridgeLoanGranted: (d) => about(migratedAct(ACT_WORDS.bridgeGranted, d.migratedOn), d.loanId, d.borrower.name),
  BridgeLoanMarkedOverdue: (d, name) => about(ACT_WORDS.bridgeOverdue, d.loanId, name),
  BridgeLoanSettled: (d, name) => about(ACT_WORDS.bridgeRepaid, d.loanId, name),
  CommitmentMade: (d) => about(migratedAct(ACT_WORDS.commitmentMade, d.migratedOn), d.commitmentId, d.subFund.name),
  CapitalCalled: (d, name) => about(migratedAct(ACT_WORDS.capitalCalled, d.migratedOn), d.commitmentId, name, d.callId),
  CapitalCallSettled: (d, name) => about(migratedAct(ACT_WORDS.capitalCallPaid, d.migratedOn), d.commitmentId, name, d.callId),
  DistributionRecorded: (d, name) => about(ACT_WORDS.distribution, d.commitmentId, name, d.distributionId),
  PeriodClosed: (d) => did(ACT_WORDS.periodClosed, d.month),
  ReconciliationCompleted: (d) => did(ACT_WORDS.reconciled, d.month),
  BankStatementRecorded: (d) => did(ACT_WORDS.statementRecorded, d.month),
  AlertRaised: (d) => did(ACT_WORDS.alertRaised, d.alertId),
  AlertAcknowledged: (d) => did(ACT_WORDS.alertAcknowledged, d.alertId),
  AlertResolved: (d) => did(ACT_WORDS.alertResolved, d.alertId),
  SubsidyRequested: (d) => about(programmeAct(d.programme, ACT_WORDS.subsidyRequested), d.subsidyId, d.firm.name),
  SubsidyGranted: (d, name) => about(programmeAct(d.programme, ACT_WORDS.subsidyGranted), d.subsidyId, name),
  SubsidyRejected: (d, name) => about(programmeAct(d.programme, ACT_WORDS.subsidyRejected), d.subsidyId, name),
  SubsidyClawedBack: (d, name) => about(programmeAct(d.programme, ACT_WORDS.subsidyClawedBack), d.subsidyId, name),
  SubsidyPaid: (d, name) => about(programmeAct(d.programme, ACT_WORDS.subsidyPaid), d.subsidyId, name),
  SubsidyClawbackReceived: (d, name) => about(programmeAct(d.programme, ACT_WORDS.clawbackReceived), d.subsidyId, name),
  GrantCapUsed: (d) => about(ACT_WORDS.grantCapUsed, d.subsidyId, d.capKey),
  GrantCapReleased: (d) => about(ACT_WORDS.grantCapReleased, d.subsidyId, d.capKey),
  ApprovalRequested: (d) => did(ACT_WORDS.approvalRequested, d.approvalId),
  ApprovalGranted: (d) => did(ACT_WORDS.approvalGranted, d.approvalId),
  ApprovalRejected: (d) => did(ACT_WORDS.approvalRejected, d.approvalId),
  PolicyAdopted: (d) => did(ACT_WORDS.policyAdopted, d.policyId, d.effectiveFrom),
  BankChargeBooked: (d) => did(ACT_WORDS.bankCharge, d.description, d.reference),
  CapitalReturned: (d) => did(ACT_WORDS.capitalReturned, d.reference),
  AdjustmentPosted: (d) => did(ACT_WORDS.adjustment, d.adjustmentId, d.reason),
  // 冲销 the reversed entry, named by its 凭证号 when the reference carries one, else by its stream position.
  EntryReversed: (d) => did(ACT_WORDS.reversal, reversedEntry(d.reverses), d.correctionId),
  CorrectionRequested: (d) => did(ACT_WORDS.correctionRequested, d.correctionId),
  CorrectionApproved: (d) => did(ACT_WORDS.correctionApproved, d.correctionId),
  CorrectionRejected: (d) => did(ACT_WORDS.correctionRejected, d.correctionId),
  BankMatchRecorded: (d) => did(ACT_WORDS.bankMatch, d.matchId),
  BankMatchUndone: (d) => did(ACT_WORDS.bankMatchUndone, d.matchId),
  YearClosingPosted: (d) => did(ACT_WORDS.yearClosing, String(d.year)),
  YearClosed: (d) => did(ACT_WORDS.yearClosed, String(d.year), d.month),
};

/**
 * The stream whose first event names what `event` is about (a guarantee's borrower, a loan's
 * borrower, a sub-fund, a subsidised firm); undefined when the event names it itself or has none.
 */
export function subjectStreamOf(event: DomainEvent): string | undefined {
  const data = event.data as Partial<Record<'fundId' | 'guaranteeId' | 'loanId' | 'commitmentId' | 'subsidyId', string>>;
  const { fundId } = data;
  if (fundId === undefined) return undefined;
  switch (event.type) {
    case 'GuaranteeIssued':
    case 'BridgeLoanGranted':
    case 'CommitmentMade':
    case 'SubsidyRequested':
      return undefined;
    default:
      if (data.guaranteeId !== undefined) return streamIds.guarantee(fundId, data.guaranteeId);
      if (data.loanId !== undefined) return streamIds.bridgeLoan(fundId, data.loanId);
      if (data.commitmentId !== undefined) return streamIds.commitment(fundId, data.commitmentId);
      if (data.subsidyId !== undefined) return streamIds.subsidy(fundId, data.subsidyId);
      return undefined;
  }
}

/** The name a position's opening event gives what it is about, or undefined for any other event. */
export function subjectNameOf(opening: DomainEvent): string | undefined {
  switch (opening.type) {
    case 'GuaranteeIssued':
    case 'BridgeLoanGranted':
      return opening.data.borrower.name;
    case 'CommitmentMade':
      return opening.data.subFund.name;
    case 'SubsidyRequested':
      return opening.data.firm.name;
    default:
      return undefined;
  }
}

/**
 * 摘要, its English and the reference of an event's journal lines. `subjectName` is what
 * subjectNameOf read from the opening event of subjectStreamOf(event); without it the summary
 * names the position by its id alone.
 */
export function journalSummary(event: DomainEvent, subjectName?: string): EntrySummary {
  const build = BUILDERS[event.type] as Builder<EventType>;
  const words = build(event.data as EventData<EventType>, subjectName);
  const reference = movementReference(event);
  return { summary: words.zh, summaryEn: words.en, reference: reference === '' ? null : reference };
}
