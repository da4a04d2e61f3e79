import type { FundKind } from '../events/primitives';
import type { CapitalSource } from '../events/primitives';
import type { DomainEvent } from '../events/registry';
import { event, requireNonNegative, requirePositive } from './aggregate';
import { domainError, type DomainError } from './errors';
import { formatYuan } from './money';
import { originalOf } from './reversal';
import { adjustmentCashEffect, adjustmentProblems, type AdjustmentLine } from './adjustment';
import type { PolicyVersion } from './policy';

// The fund book: one fund's own bank account (专户) and capital. Every command that moves cash
// takes this stream, so cash can be checked here and can never go negative.

export interface FundState {
  fundId: string;
  kind: FundKind | null;
  name: string;
  cash: bigint;
  /** Fiscal capital injected (3001). */
  capital: bigint;
  /** Bridge fund: performing principal out (1201) and overdue principal (1203). */
  bridgeOutstanding: bigint;
  bridgeOverdue: bigint;
  /** Guidance fund: capital paid into sub-funds less capital returned. */
  invested: bigint;
  /** Pool: compensation paid and recoveries received. */
  compensationPaid: bigint;
  recoveriesReceived: bigint;
  /** 期初余额 recorded (once per fund); absent from snapshots written before it existed. */
  openingRecorded?: boolean;
  /** Fund-stream versions an EntryReversed has reversed (冲正); absent from snapshots written before reversals existed. */
  reversedVersions?: number[];
  version: number;
}

export const initialFundState = (fundId = ''): FundState => ({
  fundId,
  kind: null,
  name: '',
  cash: 0n,
  capital: 0n,
  bridgeOutstanding: 0n,
  bridgeOverdue: 0n,
  invested: 0n,
  compensationPaid: 0n,
  recoveriesReceived: 0n,
  version: 0,
});

export type FundCommand =
  /** `today` is the business date the command runs on: a fund cannot open in the future. */
  | { type: 'createFund'; fundId: string; kind: FundKind; name: string; openedOn: string; today: string }
  | { type: 'injectCapital'; amount: bigint; source: CapitalSource; reference: string }
  | { type: 'receiveInterest'; amount: bigint; reference: string }
  | { type: 'recordOpeningBalance'; cash: bigint; capital: bigint }
  /** 银行手续费: the bank already took it; refused only if the books cannot show it (cash). */
  | { type: 'bookBankCharge'; amount: bigint; reference: string; description: string }
  /** 资金缴回 / 上缴国库 (held for a second person by the command layer). */
  | { type: 'returnCapital'; amount: bigint; reference: string; to: 'treasury' }
  /** 调整分录 (held for a second person by the command layer). */
  | { type: 'postAdjustment'; adjustmentId: string; reason: string; bankReference?: string | undefined; lines: AdjustmentLine[] };

/** A migrated payment moved its cash before the books opened (events/migration.ts). */
const cashOut = (data: { amount: bigint; migratedOn?: string | undefined }): bigint => (data.migratedOn === undefined ? data.amount : 0n);

export function evolveFund(state: FundState, e: DomainEvent): FundState {
  const s = { ...state, version: state.version + 1 };
  switch (e.type) {
    case 'FundCreated':
      return { ...s, fundId: e.data.fundId, kind: e.data.kind, name: e.data.name };
    case 'CapitalInjected':
      return { ...s, cash: s.cash + e.data.amount, capital: s.capital + e.data.amount };
    case 'InterestReceived':
      return { ...s, cash: s.cash + e.data.amount };
    case 'CompensationPaid':
      return { ...s, cash: s.cash - e.data.amount, compensationPaid: s.compensationPaid + e.data.amount };
    case 'RecoveryReceived':
      return { ...s, cash: s.cash + e.data.amount, recoveriesReceived: s.recoveriesReceived + e.data.amount };
    case 'BridgeLoanDisbursed':
      return { ...s, cash: s.cash - cashOut(e.data), bridgeOutstanding: s.bridgeOutstanding + e.data.amount };
    case 'BridgeLoanWentOverdue':
      return {
        ...s,
        bridgeOutstanding: s.bridgeOutstanding - e.data.principal,
        bridgeOverdue: s.bridgeOverdue + e.data.principal,
      };
    case 'BridgeLoanRepaid': {
      const { principal, fee, wasOverdue } = e.data;
      return {
        ...s,
        cash: s.cash + principal + fee,
        bridgeOutstanding: wasOverdue ? s.bridgeOutstanding : s.bridgeOutstanding - principal,
        bridgeOverdue: wasOverdue ? s.bridgeOverdue - principal : s.bridgeOverdue,
      };
    }
    case 'CapitalCallPaid':
      return { ...s, cash: s.cash - cashOut(e.data), invested: s.invested + e.data.amount };
    case 'OpeningBalanceRecorded':
      return { ...s, cash: s.cash + e.data.cash, capital: s.capital + e.data.capital, openingRecorded: true };
    case 'SubsidyPaid':
      return { ...s, cash: s.cash - e.data.amount };
    case 'SubsidyClawbackReceived':
      return { ...s, cash: s.cash + e.data.amount };
    case 'BankChargeBooked':
      return { ...s, cash: s.cash - e.data.amount };
    case 'CapitalReturned':
      return { ...s, cash: s.cash - e.data.amount, capital: s.capital - e.data.amount };
    case 'AdjustmentPosted':
      return { ...s, cash: s.cash + adjustmentCashEffect(e.data.lines) };
    case 'DistributionReceived':
      return {
        ...s,
        cash: s.cash + e.data.returnOfCapital + e.data.gain,
        invested: s.invested - e.data.returnOfCapital,
      };
    case 'EntryReversed':
      return { ...undoOnFund(s, originalOf(e.data)), reversedVersions: [...(state.reversedVersions ?? []), e.data.reverses.version] };
    default:
      return state;
  }
}

/** What a reversed fund-stream event had done to the fund, undone (domain/reversal.ts lists the reversible ones). */
function undoOnFund(s: FundState, o: DomainEvent): FundState {
  switch (o.type) {
    case 'CapitalInjected':
      return { ...s, cash: s.cash - o.data.amount, capital: s.capital - o.data.amount };
    case 'InterestReceived':
      return { ...s, cash: s.cash - o.data.amount };
    case 'CompensationPaid':
      return { ...s, cash: s.cash + o.data.amount, compensationPaid: s.compensationPaid - o.data.amount };
    case 'RecoveryReceived':
      return { ...s, cash: s.cash - o.data.amount, recoveriesReceived: s.recoveriesReceived - o.data.amount };
    case 'BridgeLoanDisbursed':
      return { ...s, cash: s.cash + cashOut(o.data), bridgeOutstanding: s.bridgeOutstanding - o.data.amount };
    case 'BridgeLoanWentOverdue':
      return { ...s, bridgeOutstanding: s.bridgeOutstanding + o.data.principal, bridgeOverdue: s.bridgeOverdue - o.data.principal };
    case 'BridgeLoanRepaid': {
      const { principal, fee, wasOverdue } = o.data;
      return {
        ...s,
        cash: s.cash - principal - fee,
        bridgeOutstanding: wasOverdue ? s.bridgeOutstanding : s.bridgeOutstanding + principal,
        bridgeOverdue: wasOverdue ? s.bridgeOverdue + principal : s.bridgeOverdue,
      };
    }
    case 'CapitalCallPaid':
      return { ...s, cash: s.cash + cashOut(o.data), invested: s.invested - o.data.amount };
    case 'DistributionReceived':
      return { ...s, cash: s.cash - o.data.returnOfCapital - o.data.gain, invested: s.invested + o.data.returnOfCapital };
    case 'BankChargeBooked':
      return { ...s, cash: s.cash + o.data.amount };
    case 'CapitalReturned':
      return { ...s, cash: s.cash + o.data.amount, capital: s.capital + o.data.amount };
    case 'AdjustmentPosted':
      return { ...s, cash: s.cash - adjustmentCashEffect(o.data.lines) };
    default:
      throw new Error(`a reversal of ${o.type} on a fund stream has no undo`);
  }
}

/** The day a fund's books start: its FundCreated's `openedOn`, or (stored before it existed) the day it was created. */
export const fundOpenedOn = (created: { data: { openedOn?: string | undefined }; occurredOn: string }): string => created.data.openedOn ?? created.occurredOn;

/**
 * Nothing may be dated before the fund's books start (DESIGN §6 "Every fund"): the one check every
 * command gets from the pipeline. `field` is the request's name for the business date.
 */
export function requireOpened(fundId: string, openedOn: string, date: string, field: string): DomainError | undefined {
  if (date >= openedOn) return undefined;
  return domainError('before-fund-opened', `${field} ${date} is before fund ${fundId} opened on ${openedOn}`, { field, limit: `≥ ${openedOn}`, actual: date });
}

/**
 * A migrated position or an opening balance is posted on the fund's openedOn exactly, and its
 * original date (disbursedOn, startsOn…) is not after it: later positions are posted as new ones.
 * Checked once, by the command pipeline, for every command that carries migratedOn.
 */
export function requireMigration(fundId: string, openedOn: string, postedOn: string, postedField: string, original: { date: string; field: string }): DomainError | undefined {
  if (postedOn !== openedOn) {
    return domainError('not-opening-day', `${postedField} ${postedOn} is not fund ${fundId}'s openedOn ${openedOn}`, { field: postedField, limit: openedOn, actual: postedOn });
  }
  if (original.date > openedOn) {
    return domainError('migrated-after-opening', `${original.field} ${original.date} is after fund ${fundId} opened on ${openedOn}: post it as a new one`, {
      field: original.field,
      limit: `≤ ${openedOn}`,
      actual: original.date,
    });
  }
  return undefined;
}

/** The fund exists and is of the kind the command needs ("a risk pool has no bridge loans"). */
export function requireFundKind(fund: FundState, kind: FundKind): DomainError | undefined {
  if (fund.kind === null) return domainError('not-found', `fund ${fund.fundId || '(unknown)'} does not exist`, { field: 'fundId' });
  if (fund.kind !== kind) {
    return domainError('wrong-fund-kind', `fund ${fund.fundId} is a ${fund.kind}, not a ${kind}`, {
      field: 'fundId',
      limit: kind,
      actual: fund.kind,
    });
  }
  return undefined;
}

/** Refuses a payment the fund's cash cannot cover; never pays in part. */
export function requireCash(fund: FundState, amount: bigint): DomainError | undefined {
  if (fund.cash >= amount) return undefined;
  return domainError('insufficient-funds', `fund ${fund.fundId} holds ${formatYuan(fund.cash)}, needs ${formatYuan(amount)}`, {
    limit: formatYuan(fund.cash),
    actual: formatYuan(amount),
  });
}

// The policy is part of every decide's signature even where no limit applies yet, so callers stay uniform.
export function decideFund(state: FundState, command: FundCommand, _policy?: PolicyVersion): DomainEvent[] | DomainError {
  if (command.type === 'createFund') {
    if (state.kind !== null) return domainError('already-exists', `fund ${state.fundId} already exists`, { field: 'fundId' });
    if (command.openedOn > command.today) {
      return domainError('date-in-future', `openedOn ${command.openedOn} is later than today ${command.today}`, {
        field: 'openedOn',
        limit: `≤ ${command.today}`,
        actual: command.openedOn,
      });
    }
    return [event('FundCreated', { fundId: command.fundId, kind: command.kind, name: command.name, openedOn: command.openedOn })];
  }
  if (state.kind === null) return domainError('not-found', `fund ${state.fundId || '(unknown)'} does not exist`, { field: 'fundId' });
  if (command.type === 'recordOpeningBalance') {
    if (state.openingRecorded === true) return domainError('already-exists', `fund ${state.fundId} already has its opening balance`, { field: 'cash' });
    const negative = requireNonNegative(command.cash, 'cash') ?? requireNonNegative(command.capital, 'capital');
    if (negative) return negative;
    return [event('OpeningBalanceRecorded', { fundId: state.fundId, cash: command.cash, capital: command.capital })];
  }
  if (command.type === 'postAdjustment') return decideAdjustment(state, command);
  const bad = requirePositive(command.amount, 'amount');
  if (bad) return bad;
  if (command.type === 'bookBankCharge') {
    const short = requireCash(state, command.amount);
    if (short) return short;
    return [event('BankChargeBooked', { fundId: state.fundId, amount: command.amount, reference: command.reference, description: command.description })];
  }
  if (command.type === 'returnCapital') {
    const short = requireCash(state, command.amount);
    if (short) return short;
    // Surplus (3101) goes back by an adjustment; 3001 never turns into a debit balance.
    if (command.amount > state.capital) {
      return domainError('return-exceeds-paid-in', `fund ${state.fundId} holds fiscal capital of ${formatYuan(state.capital)}, cannot return ${formatYuan(command.amount)}`, {
        field: 'amount',
        limit: formatYuan(state.capital),
        actual: formatYuan(command.amount),
      });
    }
    return [event('CapitalReturned', { fundId: state.fundId, amount: command.amount, reference: command.reference, to: command.to })];
  }
  if (command.type === 'injectCapital') {
    return [event('CapitalInjected', { fundId: state.fundId, amount: command.amount, source: command.source, reference: command.reference })];
  }
  return [event('InterestReceived', { fundId: state.fundId, amount: command.amount, reference: command.reference })];
}

/** An adjustment re-checked against the chart (the request schema checked it too) and against cash. */
function decideAdjustment(state: FundState, command: Extract<FundCommand, { type: 'postAdjustment' }>): DomainEvent[] | DomainError {
  const [problem] = adjustmentProblems(command);
  if (problem !== undefined) return domainError(problem.code, problem.message, { field: problem.path.join('.') });
  const cash = adjustmentCashEffect(command.lines);
  const short = cash < 0n ? requireCash(state, -cash) : undefined;
  if (short) return short;
  const { adjustmentId, reason, bankReference, lines } = command;
  return [event('AdjustmentPosted', { fundId: state.fundId, adjustmentId, reason, ...(bankReference === undefined ? {} : { bankReference }), lines })];
}
