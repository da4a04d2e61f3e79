import * as z from 'zod';
import { positiveYuan, yuan } from './money';
import { basisPoints, businessDate, creditCode, id, nonEmptyText } from './primitives';

// Subsidy-budget events (财政补贴资金, plan §3, §10, §11, §14, §15, §16, §18): one stream per grant
// (`subsidy-<fundId>:<subsidyId>`), the cash on the fund stream, and one counter stream per
// per-firm cap (`grant-cap-…`) so two approvals can never together pass a cap (docs/subsidies.md).

export const PROGRAMMES = [
  'ip-pledge-interest',
  'ip-pledge-fee',
  'first-unit-premium',
  'carbon-reduction-interest',
  'startup-loan-interest',
  'guarantee-fee-subsidy',
  'award',
] as const;
export const programme = z.enum(PROGRAMMES);
export type Programme = z.infer<typeof programme>;

export const BORROWER_KINDS = ['individual', 'small-business', 'veteran'] as const;
export const AWARD_KINDS = ['supply-chain-bill-platform', 'supply-chain-finance-institution', 'ipo'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

const reference = nonEmptyText(100);

/** The `details` of each programme's request: exactly the facts its formula needs. */
export const PROGRAMME_DETAILS = {
  'ip-pledge-interest': z.strictObject({
    loanReference: reference,
    principal: positiveYuan,
    startsOn: businessDate,
    repaidOn: businessDate,
    repaidOnTime: z.boolean(),
  }),
  'ip-pledge-fee': z.strictObject({ loanReference: reference, feeKind: z.enum(['evaluation', 'guarantee']), fee: positiveYuan }),
  'first-unit-premium': z.strictObject({
    policyReference: reference,
    insuredAmount: positiveYuan,
    premium: positiveYuan,
    policyYear: z.number().int().min(2000).max(2100),
  }),
  'carbon-reduction-interest': z.strictObject({ loanReference: reference, balance: positiveYuan, from: businessDate, to: businessDate }),
  'startup-loan-interest': z.strictObject({
    loanReference: reference,
    principal: positiveYuan,
    from: businessDate,
    to: businessDate,
    borrowerKind: z.enum(BORROWER_KINDS),
  }),
  'guarantee-fee-subsidy': z.strictObject({ guaranteedAmount: positiveYuan, feeRateBps: basisPoints, green: z.boolean() }),
  award: z.strictObject({ awardKind: z.enum(AWARD_KINDS), amount: positiveYuan }),
} as const;

export type ProgrammeDetails = { [P in Programme]: z.output<(typeof PROGRAMME_DETAILS)[P]> };
/** A programme with its details, discriminated by `programme`. */
export type SubsidyClaim = { [P in Programme]: { programme: P; details: ProgrammeDetails[P] } }[Programme];

export const firm = z.strictObject({ name: nonEmptyText(200), creditCode });

/**
 * One object schema per programme, `programme` as its literal and `details` as its shape, plus
 * `common`: a discriminated union on `programme` (the API body and SubsidyRequested share it).
 */
export const claimVariants = <T extends z.ZodRawShape>(common: T, make: typeof z.object = z.object) => [
  make({ ...common, programme: z.literal('ip-pledge-interest'), details: PROGRAMME_DETAILS['ip-pledge-interest'] }),
  make({ ...common, programme: z.literal('ip-pledge-fee'), details: PROGRAMME_DETAILS['ip-pledge-fee'] }),
  make({ ...common, programme: z.literal('first-unit-premium'), details: PROGRAMME_DETAILS['first-unit-premium'] }),
  make({ ...common, programme: z.literal('carbon-reduction-interest'), details: PROGRAMME_DETAILS['carbon-reduction-interest'] }),
  make({ ...common, programme: z.literal('startup-loan-interest'), details: PROGRAMME_DETAILS['startup-loan-interest'] }),
  make({ ...common, programme: z.literal('guarantee-fee-subsidy'), details: PROGRAMME_DETAILS['guarantee-fee-subsidy'] }),
  make({ ...common, programme: z.literal('award'), details: PROGRAMME_DETAILS.award }),
] as const;

/** Which cap cut a grant, and to what (docs/subsidies.md lists the caps). */
export const capCut = z.object({
  /** e.g. "per-item", "per-firm-year", "per-firm-total". */
  scope: z.enum(['per-item', 'per-firm-year', 'per-firm-total']),
  limit: yuan,
  /** Already granted against this cap before this grant (0 for a per-item cap). */
  used: yuan,
  uncutAmount: positiveYuan,
});

const requestedCommon = {
  fundId: id,
  subsidyId: id,
  firm,
  /** The approval holding the grant, when one was needed. */
  approvalId: id.optional(),
  /** What the formula gave, after every cap, when requested. */
  amount: positiveYuan,
  cut: capCut.optional(),
};

/** A grant was asked for; the figures were computed and checked. Nothing moves yet. */
export const SubsidyRequested = z.discriminatedUnion('programme', claimVariants(requestedCommon));

/** The grant was made (at once, or on approval): figures as recomputed at that moment. */
export const SubsidyGranted = z.object({
  fundId: id,
  subsidyId: id,
  programme,
  creditCode,
  amount: positiveYuan,
  cut: capCut.optional(),
  /** The per-firm cap counter the grant was counted on (a clawback gives the room back). */
  capKey: z.string().min(1).max(200).optional(),
  approvalId: id.optional(),
});

/** Rejected on approval; `amount` is the figure that was requested. Dated the day it was decided. */
export const SubsidyRejected = z.object({ fundId: id, subsidyId: id, programme, approvalId: id, amount: positiveYuan });

export const SubsidyClawedBack = z.object({ fundId: id, subsidyId: id, programme, amount: positiveYuan, reason: nonEmptyText(500) });

/** Fund stream: the grant expensed and paid from the budget account (5002xx / 2201, 2201 / 1001). */
export const SubsidyPaid = z.object({ fundId: id, subsidyId: id, programme, amount: positiveYuan });

/** Fund stream: a clawback's cash back in (1001 / 5002xx). */
export const SubsidyClawbackReceived = z.object({ fundId: id, subsidyId: id, programme, amount: positiveYuan, reason: nonEmptyText(500) });

/** Counter streams of per-firm caps: granted (net of clawbacks) against the cap. */
export const GrantCapUsed = z.object({ fundId: id, subsidyId: id, capKey: z.string().min(1).max(200), amount: positiveYuan });
export const GrantCapReleased = z.object({ fundId: id, subsidyId: id, capKey: z.string().min(1).max(200), amount: positiveYuan });

export const subsidyEvents = {
  SubsidyRequested,
  SubsidyGranted,
  SubsidyRejected,
  SubsidyClawedBack,
  SubsidyPaid,
  SubsidyClawbackReceived,
  GrantCapUsed,
  GrantCapReleased,
} as const;

/** A request for a grant, as the API takes it and as a held command keeps it (docs/api.md). */
export const subsidyRequest = z.discriminatedUnion('programme', claimVariants({ subsidyId: id, firm, occurredOn: businessDate }, z.strictObject as typeof z.object));
export type SubsidyRequestInput = z.output<typeof subsidyRequest>;
