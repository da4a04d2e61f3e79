// The closing summary of npm run demo: what was posted by kind, the plan's indicators as the demo
// made them, statements and month end, cash at the end, and any refusal with its reason.
import { formatYuan } from '../../events/money';
import { duration } from '../lib/progress-bar';
import { answerFen, type OpKind } from './demo-op';
import type { DemoPlan } from './plan';
import type { DemoResult } from './run';

/** 5119190000.00 → 5,119,190,000.00 (from the decimal string, never a float). */
export const grouped = (fen: bigint): string => formatYuan(fen).replace(/\B(?=(\d{3})+(?!\d))(?=[\d]*\.)/g, ',');

const LABELS: Record<OpKind, string> = {
  fund: 'funds created',
  injection: 'capital injections',
  interest: 'interest (结息)',
  guarantee: 'guarantees issued',
  release: 'guarantees released',
  compensation: 'compensations (代偿补偿)',
  recovery: 'recoveries',
  'bridge-loan': 'bridge loans (转贷)',
  repayment: 'bridge repayments',
  commitment: 'sub-fund commitments',
  'capital-call': 'capital calls',
  'call-payment': 'capital call payments',
  distribution: 'distributions',
  subsidy: 'subsidy grants (补贴)',
  clawback: 'subsidy clawbacks (追回)',
};

const percent = (part: bigint, whole: bigint, decimals = 1): string => (whole === 0n ? '-' : `${(Number((part * 10n ** BigInt(decimals + 2)) / whole) / 10 ** decimals).toFixed(decimals)} %`);

export const demoSummary = (plan: DemoPlan, result: DemoResult, baseUrl: string): string[] => {
  const { seed, scale } = plan.options;
  const lines = [
    `Demo year ${plan.period.year} (seed ${seed}, scale ${scale}, ${plan.period.months.length} months) on ${baseUrl}: ${duration(result.elapsedMs)}, ${result.requests} requests (${((result.requests * 1000) / Math.max(1, result.elapsedMs)).toFixed(0)}/s)`,
    `  ${result.phaseMs.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
    `  policy version ${result.policy.policyId}: ${result.policy.status}`,
    '',
  ];
  lines.push(`  ${'what'.padEnd(28)}${'accepted'.padStart(9)}${'held'.padStart(6)}${'rejected'.padStart(9)}${'pending'.padStart(8)}${'refused'.padStart(8)}  amount (yuan)`);
  for (const [kind, label] of Object.entries(LABELS) as [OpKind, string][]) {
    const t = result.tallies.get(kind);
    if (t === undefined) continue;
    lines.push(`  ${label.padEnd(28)}${String(t.accepted).padStart(9)}${String(t.held).padStart(6)}${String(t.rejected).padStart(9)}${String(t.pending).padStart(8)}${String(t.refused).padStart(8)}  ${t.amount === 0n ? '' : grouped(t.amount)}`);
  }
  const guarantees = result.accepted.filter((a) => a.op.kind === 'guarantee').map((a) => a.op.request.body as { principal: string; feeRateBps: number; borrower: { category: string } });
  const principal = (g: { principal: string }): bigint => BigInt(g.principal.replace('.', ''));
  const total = guarantees.reduce((s, g) => s + principal(g), 0n);
  const inclusive = guarantees.filter((g) => g.borrower.category !== 'other' && principal(g) <= 1_000_000_000n).reduce((s, g) => s + principal(g), 0n);
  const feeWeighted = guarantees.reduce((s, g) => s + principal(g) * BigInt(g.feeRateBps), 0n);
  const commitments = result.accepted.filter((a) => a.op.kind === 'commitment').map((a) => a.op.request.body as { amount: string; subFund: { green: boolean } });
  lines.push(
    '',
    `  new guarantee business ${grouped(total)} (plan ≥ 5,000,000,000.00); micro/small/agri ≤ 10,000,000.00: ${percent(inclusive, total)} (plan ≥ 80 %); average fee ${percent(feeWeighted, total * 10_000n, 2)} (plan ≤ 1 %)`,
    `  bridge-fund uses ${result.tallies.get('bridge-loan')?.accepted ?? 0} (plan ≥ 800), ${(result.tallies.get('bridge-loan')?.accepted ?? 0) - result.accepted.filter((a) => a.op.kind === 'repayment' && a.op.request.path.includes(`/ZD${result.year}-`)).length} not repaid in the year (the daily overdue sweep marks those past due overdue)`,
    `  guidance landed ${grouped(commitments.reduce((s, c) => s + BigInt(c.amount.replace('.', '')), 0n))} in ${commitments.length} sub-funds, ${commitments.filter((c) => c.subFund.green).length} green`,
    `  subsidies granted ${grouped(result.accepted.filter((a) => a.op.kind === 'subsidy').reduce((s, a) => s + answerFen(a.answer, 'amountGranted'), 0n))} in ${result.tallies.get('subsidy')?.accepted ?? 0} grants (${result.accepted.filter((a) => a.op.kind === 'subsidy' && a.answer.cap !== undefined).length} cut by a cap), clawed back ${grouped(result.accepted.filter((a) => a.op.kind === 'clawback').reduce((s, a) => s + answerFen(a.answer, 'clawedBack'), 0n))}`,
  );
  const cleanMonths = result.months.reduce((s, m) => s + m.clean.length, 0);
  const closed = result.months.reduce((s, m) => s + m.closed.length, 0);
  const fundMonths = result.months.length * result.cash.size;
  lines.push(
    `  bank statements recorded ${result.statements.recorded}${result.statements.refused.length > 0 ? `, refused ${result.statements.refused.length}` : ''}`,
    `  month end: ${result.months.length} months reconciled, ${cleanMonths}/${fundMonths} fund-months clean, ${closed} closed` +
      result.months.flatMap((m) => m.unclean.map((u) => `; ${u.fundId} ${m.month} not clean (${u.discrepancies} discrepancies)`)).join(''),
    `  cash at the end: ${[...result.cash].map(([fundId, fen]) => `${fundId} ${grouped(fen)}`).join(', ')}`,
  );
  for (const m of result.months) if (m.matched !== undefined) lines.push(`  ${m.month} ${m.matched.fundId}: bank lines ${m.matched.lineRefs.join(', ')} matched by hand (人工勾对)`);
  if (result.yearClose !== undefined) lines.push(`  year ${result.year} closed for ${result.yearClose.funds.length} funds${result.yearClose.refused === undefined ? '' : `; refused: ${result.yearClose.refused}`}`);
  for (const s of result.statements.refused.slice(0, 5)) lines.push(`  statement refused ${s.path}: ${s.reason}`);
  if (result.refusals.length > 0) {
    lines.push('', `  refused requests (${result.refusals.length}; first 10):`);
    for (const r of result.refusals.slice(0, 10)) lines.push(`    ${r.status} ${r.path}: ${r.reason}`);
  }
  return lines;
};

/** One line per city and year (what was sent, refused, month end, cash), then the whole run's time. */
export const citiesSummary = (runs: readonly { city: string; nameZh: string; results: readonly DemoResult[]; elapsedMs: number }[], elapsedMs: number, baseUrl: string, scale: number): string[] => {
  const requests = runs.reduce((s, r) => s + r.results.reduce((t, y) => t + y.requests, 0), 0);
  const lines = [`Demo for ${runs.length} cities (scale ${scale}) on ${baseUrl}: ${duration(elapsedMs)}, ${requests} requests (${((requests * 1000) / Math.max(1, elapsedMs)).toFixed(1)}/s)`];
  for (const run of runs) {
    for (const result of run.results) {
      const clean = result.months.reduce((s, m) => s + m.clean.length, 0);
      const closed = result.months.reduce((s, m) => s + m.closed.length, 0);
      const refused = result.refusals.length + result.statements.refused.length;
      lines.push(
        `  ${run.city.padEnd(10)} ${run.nameZh} ${result.year}: ${result.requests} requests in ${duration(result.elapsedMs)}, ${refused} refused, ` +
          `${clean}/${result.months.length * result.cash.size} fund-months clean, ${closed} closed; cash ${[...result.cash].map(([fundId, fen]) => `${fundId} ${grouped(fen)}`).join(', ')}`,
      );
      for (const r of result.refusals.slice(0, 3)) lines.push(`    refused ${r.status} ${r.path}: ${r.reason}`);
    }
  }
  return lines;
};
