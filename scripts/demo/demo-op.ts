// One step of the demo year: an ordinary API request, who sends it, the chain it belongs to (the
// steps of one chain are sent one after the other; chains run side by side, scripts/demo/send.ts),
// the second person's decision when the API holds it for approval, and the movement it makes on the
// fund's bank account, which becomes a line of the month's bank statement.
import { formatYuan, parseYuan } from '../../events/money';
import type { PreparedRequest } from '../../client/post-requests';

export type OpKind =
  | 'fund'
  | 'injection'
  | 'interest'
  | 'guarantee'
  | 'release'
  | 'compensation'
  | 'recovery'
  | 'bridge-loan'
  | 'repayment'
  | 'commitment'
  | 'capital-call'
  | 'call-payment'
  | 'distribution'
  | 'subsidy'
  | 'clawback';

export interface CashMovement {
  fundId: string;
  date: string;
  /** Signed fen: positive = money into the fund's account. */
  amount: bigint;
  reference: string;
  description: string;
}

export interface DemoOp {
  kind: OpKind;
  fundId: string;
  role: 'finance-bureau' | 'fund-manager';
  /**
   * What must happen in order: a guarantee's issue, release, compensation and recovery; a loan and
   * its repayment; a commitment, its calls and payments; a firm's grants (its caps count them in
   * order). Steps of one chain are sent one after the other, in plan order; chains run side by side.
   */
  chain: string;
  /** Runs before everything else (fund creation, opening capital), one at a time. */
  setup?: boolean;
  /** Business date; the plan is sent by date, then by `order` (money in before money out on a day). */
  date: string;
  order: number;
  request: PreparedRequest;
  /** The cash this op is planned to move (the plan checks no fund ever goes below zero). */
  plannedCash: bigint;
  /** The movement as the API answered it (fees and pool shares are the API's figures). */
  cash?: (answer: Record<string, unknown>) => CashMovement;
  /** The business amount counted in the summary (principal, loan, commitment…). */
  amount: bigint;
  /**
   * A held command's second person (maker-checker): when the API answers 202 pending-approval, a
   * second finance-bureau user approves or rejects it at once; `cash` then reads the approval's
   * `result` (the command's own answer). Absent: a 202 stays pending.
   */
  decision?: { action: 'approve' | 'reject'; note: string };
}

export const DEMO_FUNDS = {
  pool: { fundId: 'lc-risk-pool', kind: 'risk-pool', name: '聊城市政府性融资担保风险补偿资金池' },
  bridge: { fundId: 'lc-bridge-fund', kind: 'bridge-fund', name: '聊城市应急转贷基金' },
  guidance: { fundId: 'lc-guidance-fund', kind: 'guidance-fund', name: '聊城市政府引导基金' },
  subsidy: { fundId: 'lc-subsidy-budget', kind: 'subsidy-budget', name: '聊城市财政补贴资金' },
} as const;

export type FundKey = keyof typeof DEMO_FUNDS;

export const OPENED_ON = (year: number): string => `${year}-01-01`;

export const yuanOf = (fen: bigint): string => formatYuan(fen);
export const fenOf = (yuan: string): bigint => parseYuan(yuan);

/** Reads a yuan string field of an answer (absent → 0). */
export const answerFen = (answer: Record<string, unknown>, field: string): bigint => {
  const value = answer[field];
  return typeof value === 'string' ? parseYuan(value) : 0n;
};

/** A builder of ops for one fund, keeping keys `demo-<seed>-<suffix>` and paths under the fund. */
export const opsFor = (seed: number, fundId: string) => ({
  key: (suffix: string): string => `demo-${seed}-${suffix}`,
  post: (seedKey: string, path: string, body: unknown): PreparedRequest => ({ method: 'POST', path: `/v1/funds/${fundId}${path}`, body, idempotencyKey: `demo-${seed}-${seedKey}` }),
});
