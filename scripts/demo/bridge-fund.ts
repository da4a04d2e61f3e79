// The bridge fund's year: 800+ uses (plan target 800), each against a bank's renewal commitment,
// ≤ 95 % of it and ≤ 10,000,000.00, for at most 15 days, repaid with the 1 bp/day fee (日万分之一); a handful are
// never repaid, so the daily overdue sweep marks them overdue.
import { feeFor } from '../../domain/money';
import { addDays, businessDays, type Period } from './calendar';
import { BANKS, COUNTY_WEIGHTS, creditCodeFor, firmName } from './catalogue';
import { answerFen, type DemoOp, DEMO_FUNDS, opsFor, yuanOf } from './demo-op';
import type { Random } from './random';

const WAN = 10_000_00n;
const FEE_BPS_PER_DAY = 1; // version 0's default (docs/policy.md); the statement uses the API's own fee

/**
 * `carryOver`: another demo year follows, so a few loans disbursed in the year's last days are still
 * out at 31 December and repaid in January (their repayment is an op of the next year).
 */
export const bridgeFundYear = (seed: number, period: Period, random: Random, scale: number, carryOver = false): DemoOp[] => {
  const { fundId } = DEMO_FUNDS.bridge;
  const op = opsFor(seed, fundId);
  const monthsShare = period.months.length / 12;
  const count = Math.max(6, Math.round((840 + random.int(0, 30)) * scale * monthsShare));
  const overdue = Math.max(1, Math.round(5 * Math.min(1, scale * 4)));
  const days = businessDays(addDays(period.first, 3), addDays(period.last, -16));
  const ops: DemoOp[] = [];
  const rows = Array.from({ length: count }, (_, i) => ({ i, disbursedOn: random.pick(days) })).sort((a, b) => (a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : a.i - b.i));
  // Late-December loans (a separate draw, after the year's own, so a single year stays as it was).
  const lateDays = businessDays(addDays(period.last, -10), addDays(period.last, -1));
  const late = carryOver ? Array.from({ length: Math.max(2, Math.round(6 * Math.min(1, scale * 4))) }, (_, k) => ({ i: rows.length + k, disbursedOn: lateDays[k % lateDays.length] ?? period.last })) : [];
  const loans = [...rows, ...late];
  // The handful left unpaid are spread over the year, never in its last weeks.
  const unpaid = new Set(Array.from({ length: overdue }, (_, k) => Math.floor(((k + 0.5) * rows.length) / (overdue + 1))));
  loans.forEach(({ disbursedOn }, index) => {
    const loanId = `ZD${period.year}-${String(index + 1).padStart(4, '0')}`;
    const county = random.weighted(COUNTY_WEIGHTS);
    const amount = BigInt(Math.min(1000, Math.max(100, Math.round(480 * Math.exp(0.5 * random.normal()))))) * WAN;
    // The bank commits to renew somewhat more than it asks the fund to bridge (≤ 95 % rule).
    const commitment = ((amount * BigInt(random.int(1060, 1250))) / 1000n / WAN) * WAN;
    const term = random.int(5, 15);
    const dueOn = addDays(disbursedOn, term);
    const base = { fundId, role: 'fund-manager' as const, chain: `zd-${loanId}`, amount };
    ops.push({
      ...base,
      kind: 'bridge-loan',
      date: disbursedOn,
      order: 2,
      request: op.post(`zd-${loanId}`, '/bridge-loans', {
        loanId,
        borrower: { name: firmName(random, county, random.pick(['micro', 'small', 'small', 'other'] as const)), creditCode: creditCodeFor(random), county },
        bank: random.pick(BANKS),
        amount: yuanOf(amount),
        renewalCommitment: { reference: `XD-${period.year}-${String(index + 1).padStart(4, '0')}`, amount: yuanOf(commitment) },
        disbursedOn,
        dueOn,
      }),
      plannedCash: -amount,
      cash: () => ({ fundId, date: disbursedOn, amount: -amount, reference: loanId, description: '转贷放款' }),
    });
    if (unpaid.has(index)) return;
    // A late loan is used its whole term, into January.
    const daysUsed = index >= rows.length ? term : random.int(Math.min(3, term), term);
    const repaidOn = addDays(disbursedOn, daysUsed);
    ops.push({
      ...base,
      kind: 'repayment',
      date: repaidOn,
      order: 1,
      request: op.post(`zd-${loanId}-rep`, `/bridge-loans/${loanId}/repayments`, { repaidOn }),
      plannedCash: amount + feeFor(amount, FEE_BPS_PER_DAY, daysUsed),
      cash: (answer) => ({ fundId, date: repaidOn, amount: answerFen(answer, 'principal') + answerFen(answer, 'fee'), reference: loanId, description: '转贷回款及资金占用费' }),
    });
  });
  return ops;
};
