// Bank-book commands that move public money or correct the books (issue 19 §2): capital returns
// (资金缴回/上缴国库) and adjustments (调整分录). Both ALWAYS go through the one maker-checker
// mechanism: a request is checked and held (202), and a second finance-bureau user's approval
// decides it again with the fund as it is then (the overdraw check runs again) and posts it in the
// same transaction as ApprovalGranted. Bank charges are booked at once (fund-commands.ts).
import * as z from 'zod';
import { type AdjustmentLine, adjustmentProblems } from '../../domain/adjustment';
import { type DomainError, isDomainError } from '../../domain/errors';
import { decideFund, type FundCommand } from '../../domain/fund-book';
import { formatYuan } from '../../domain/money';
import { positiveYuan } from '../../events/money';
import { businessDate, id, nonEmptyText } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import { sha256Hex } from '../store/hash';
import type { JsonObject } from '../store/types';
import { changeOf } from './changes';
import { fundAggregate } from './fund-commands';
import { approvalAggregate, heldFundId, type HeldCommandType, type HoldableSpec, type Load, runHoldable } from './maker-checker';
import type { CommandContext, CommandResult, Decision, Pipeline, PolicyOf } from './pipeline';

export const RETURN_CAPITAL = 'returnCapital';
export const POST_ADJUSTMENT = 'postAdjustment';

/** The request of a capital return; also the held command's input (its wire form). */
export const capitalReturnRequest = z.strictObject({ occurredOn: businessDate, amount: positiveYuan, reference: nonEmptyText(100), to: z.enum(['treasury']) });
export type CapitalReturnInput = z.output<typeof capitalReturnRequest>;

const adjustmentLineRequest = z
  .strictObject({
    account: z.string().regex(/^[0-9]{4,6}$/, { error: 'must be an account code of the chart, e.g. "5005"' }),
    debit: positiveYuan.optional(),
    credit: positiveYuan.optional(),
  })
  .superRefine((line, ctx) => {
    if ((line.debit === undefined) === (line.credit === undefined)) ctx.addIssue({ code: 'custom', message: 'needs exactly one of debit or credit', input: line });
  })
  .transform((line): AdjustmentLine => (line.debit === undefined ? { account: line.account, side: 'credit', amount: line.credit ?? 0n } : { account: line.account, side: 'debit', amount: line.debit }));

/**
 * The request of an adjustment, checked against the chart here (400 naming each bad line) and again
 * when it is decided; also the held command's input, so an approval re-reads it the same way.
 */
export const adjustmentRequest = z
  .strictObject({
    adjustmentId: id,
    occurredOn: businessDate,
    reason: nonEmptyText(500),
    /** The bank line a cash (1001) line stands for; required when the entry moves cash. */
    bankReference: nonEmptyText(100).optional(),
    lines: z.array(adjustmentLineRequest).min(2).max(50),
  })
  .superRefine((request, ctx) => {
    // zod runs this even when a line failed (and was not transformed): those lines are named already.
    if (request.lines.some((l) => typeof (l as { amount?: unknown }).amount !== 'bigint')) return;
    for (const problem of adjustmentProblems(request)) ctx.addIssue({ code: 'custom', path: problem.path, message: `${problem.message} (${problem.code})`, input: request });
  });
export type AdjustmentInput = z.output<typeof adjustmentRequest>;

/** An adjustment's lines in their wire form: `{account, debit}` or `{account, credit}`. */
export const adjustmentLinesWire = (lines: readonly AdjustmentLine[]): JsonObject[] => lines.map((l) => ({ account: l.account, [l.side]: formatYuan(l.amount) }));

const adjustmentWire = (input: AdjustmentInput): JsonObject => ({
  adjustmentId: input.adjustmentId,
  occurredOn: input.occurredOn,
  reason: input.reason,
  ...(input.bankReference === undefined ? {} : { bankReference: input.bankReference }),
  lines: adjustmentLinesWire(input.lines),
});

/**
 * The approval that holds an adjustment is named by the fund and the adjustmentId, so an id is taken
 * once (a second request with it is refused) and a read finds the request from the id alone.
 */
export const adjustmentApprovalId = (fundId: string, adjustmentId: string): string =>
  `adj-${sha256Hex(`${fundId}\n${adjustmentId}`).slice(0, 40)}`;

/**
 * A fund-book command that is always held: decided on request (a refusal answers at once and holds
 * nothing), held with the figures the checker sees, decided again and posted on approval.
 */
const alwaysHeld = (
  fundId: string,
  command: FundCommand,
  hold: { reason: string; figures: JsonObject },
  answer: (cash: bigint) => JsonObject,
  before?: (load: Load) => Promise<DomainError | undefined>,
) =>
  async (load: Load, phase: { kind: 'request' | 'approval' }, policyOf: PolicyOf): Promise<Decision | { hold: { reason: string; figures: JsonObject; changes: [] } } | DomainError> => {
    const refused = phase.kind === 'request' && before !== undefined ? await before(load) : undefined;
    if (refused !== undefined) return refused;
    const aggregate = fundAggregate(fundId);
    const [fund, policy] = await Promise.all([load(streamIds.fund(fundId), aggregate), policyOf()]);
    const events = decideFund(fund.state, command, policy);
    if (isDomainError(events)) return events;
    if (phase.kind === 'request') return { hold: { ...hold, changes: [] } };
    const { change, state } = changeOf(fund, events, aggregate);
    return { changes: [change], result: { status: 201, body: answer(state.cash) } };
  };

const capitalReturnSpec = (fundId: string, input: CapitalReturnInput): HoldableSpec => {
  const figures = { fundId, occurredOn: input.occurredOn, amount: formatYuan(input.amount), reference: input.reference, to: input.to };
  return {
    held: { name: RETURN_CAPITAL, fundId, occurredOn: input.occurredOn, input: capitalReturnRequest.encode(input) as JsonObject },
    decide: alwaysHeld(
      fundId,
      { type: 'returnCapital', amount: input.amount, reference: input.reference, to: input.to },
      { reason: 'a capital return moves public money out of the fund: it always needs a second person', figures },
      (cash) => ({ ...figures, cash: formatYuan(cash) }),
    ),
  };
};

const adjustmentSpec = (fundId: string, input: AdjustmentInput): HoldableSpec => {
  const approvalId = adjustmentApprovalId(fundId, input.adjustmentId);
  const figures = { fundId, ...adjustmentWire(input) };
  return {
    held: { name: POST_ADJUSTMENT, fundId, occurredOn: input.occurredOn, input: adjustmentWire(input) },
    approvalId,
    decide: alwaysHeld(
      fundId,
      { type: 'postAdjustment', adjustmentId: input.adjustmentId, reason: input.reason, bankReference: input.bankReference, lines: input.lines },
      { reason: 'an adjustment corrects the books: it always needs a second person', figures },
      (cash) => ({ ...figures, approvalId, cash: formatYuan(cash) }),
      async (load) => {
        const existing = await load(streamIds.approval(approvalId), approvalAggregate(approvalId));
        if (existing.version === 0) return undefined;
        return { code: 'already-exists', message: `adjustment ${input.adjustmentId} of fund ${fundId} already exists (${existing.state.status})`, field: 'adjustmentId' };
      },
    ),
  };
};

/** How the maker-checker mechanism rebuilds a held capital return. */
export const returnCapitalHeld: HeldCommandType = { build: (held) => capitalReturnSpec(heldFundId(held), capitalReturnRequest.parse(held.input)) };
/** How the maker-checker mechanism rebuilds a held adjustment. */
export const postAdjustmentHeld: HeldCommandType = { build: (held) => adjustmentSpec(heldFundId(held), adjustmentRequest.parse(held.input)) };

export const createBankBookCommands = (pipeline: Pipeline) => ({
  returnCapital: (fundId: string, input: CapitalReturnInput, context: CommandContext): Promise<CommandResult> => runHoldable(pipeline, capitalReturnSpec(fundId, input), context),
  postAdjustment: (fundId: string, input: AdjustmentInput, context: CommandContext): Promise<CommandResult> => runHoldable(pipeline, adjustmentSpec(fundId, input), context),
});
