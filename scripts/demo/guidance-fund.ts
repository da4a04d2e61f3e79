// The guidance fund's year: commitments to sub-funds (子基金) within the 25 % share (30 % in priority
// sectors), three of them green at full scale, landing more than the plan's 1,000,000,000.00;
// capital calls paid within days; one distribution late in the year.
import { addDays, addMonths, type Period } from './calendar';
import { type DemoOp, DEMO_FUNDS, opsFor, yuanOf } from './demo-op';
import type { Random } from './random';

const WAN = 10_000_00n;

const SUB_FUNDS = [
  { name: '聊城市绿色低碳产业投资基金', sizeWan: 200_000n, sharePermille: 220n, prioritySector: true, green: true, manager: '聊城市财信股权投资管理有限公司' },
  { name: '聊城市高端装备制造产业基金', sizeWan: 100_000n, sharePermille: 250n, prioritySector: false, green: false, manager: '山东鲁信创业投资管理有限公司' },
  { name: '聊城市新能源新材料产业基金', sizeWan: 150_000n, sharePermille: 200n, prioritySector: false, green: true, manager: '聊城市新动能私募基金管理有限公司' },
  { name: '聊城市乡村振兴发展基金', sizeWan: 80_000n, sharePermille: 280n, prioritySector: true, green: false, manager: '山东省农业发展基金管理有限公司' },
  { name: '聊城市生态环保产业基金', sizeWan: 60_000n, sharePermille: 200n, prioritySector: false, green: true, manager: '聊城市水城资本管理有限公司' },
  { name: '聊城市科技创新创业投资基金', sizeWan: 50_000n, sharePermille: 200n, prioritySector: false, green: false, manager: '聊城高新创业投资有限公司' },
  { name: '聊城市数字经济产业基金', sizeWan: 120_000n, sharePermille: 200n, prioritySector: false, green: false, manager: '山东高速投资基金管理有限公司' },
] as const;

/** `round`: 0 in the first demo year; later years raise second-phase (二期) funds of the same sectors. */
export const guidanceFundYear = (seed: number, period: Period, random: Random, scale: number, round = 0): DemoOp[] => {
  const { fundId } = DEMO_FUNDS.guidance;
  const op = opsFor(seed, fundId);
  const subFunds = scale >= 0.5 ? SUB_FUNDS : SUB_FUNDS.slice(0, 3);
  const n = period.months.length;
  const ops: DemoOp[] = [];
  subFunds.forEach((s, i) => {
    const commitmentId = `ZJJ${period.year}-${String(i + 1).padStart(2, '0')}`;
    const month = period.months[Math.floor((i * n) / subFunds.length)] ?? period.months[0];
    const committedOn = `${month}-${String(random.int(8, 14)).padStart(2, '0')}`;
    const amount = ((s.sizeWan * s.sharePermille) / 1000n) * WAN;
    const base = { fundId, role: 'fund-manager' as const, chain: `c-${commitmentId}` };
    ops.push({
      ...base,
      kind: 'commitment',
      date: committedOn,
      order: 2,
      request: op.post(`c-${commitmentId}`, '/commitments', {
        commitmentId,
        subFund: { name: round === 0 ? s.name : s.name.replace(/基金$/, '二期基金'), size: yuanOf(s.sizeWan * WAN), prioritySector: s.prioritySector, green: s.green, manager: { name: s.manager, paidInCapital: yuanOf(BigInt(random.int(2, 10)) * 1000n * WAN) } },
        amount: yuanOf(amount),
        committedOn,
      }),
      plannedCash: 0n,
      amount,
    });
    const calls = [addDays(committedOn, 15), addMonths(committedOn, 4)].filter((d) => addDays(d, 10) <= period.last);
    calls.forEach((calledOn, k) => {
      const callId = `${commitmentId}-C${k + 1}`;
      const callAmount = ((amount * BigInt(k === 0 ? 250 : 200)) / 1000n / WAN) * WAN;
      const paidOn = addDays(calledOn, random.int(4, 8));
      ops.push({ ...base, kind: 'capital-call', date: calledOn, order: 2, request: op.post(`c-${callId}`, `/commitments/${commitmentId}/capital-calls`, { callId, amount: yuanOf(callAmount), calledOn, dueOn: addDays(calledOn, 15) }), plannedCash: 0n, amount: callAmount });
      ops.push({
        ...base,
        kind: 'call-payment',
        date: paidOn,
        order: 3,
        request: op.post(`c-${callId}-pay`, `/commitments/${commitmentId}/capital-calls/${callId}/payments`, { paidOn }),
        plannedCash: -callAmount,
        cash: () => ({ fundId, date: paidOn, amount: -callAmount, reference: callId, description: '子基金实缴出资' }),
        amount: callAmount,
      });
      if (i === 0 && k === 0) {
        // The first sub-fund returns part of its first call with a gain late in the year.
        const receivedOn = `${period.months[Math.max(1, n - 2)]}-20`;
        const distributionId = `${commitmentId}-D1`;
        const returnOfCapital = callAmount / 10n;
        const gain = ((amount * 30n) / 1000n / 100n) * 100n;
        ops.push({
          ...base,
          kind: 'distribution',
          date: receivedOn,
          order: 1,
          request: op.post(`c-${distributionId}`, `/commitments/${commitmentId}/distributions`, { distributionId, receivedOn, returnOfCapital: yuanOf(returnOfCapital), gain: yuanOf(gain) }),
          plannedCash: returnOfCapital + gain,
          cash: () => ({ fundId, date: receivedOn, amount: returnOfCapital + gain, reference: distributionId, description: '子基金分配' }),
          amount: returnOfCapital + gain,
        });
      }
    });
  });
  return ops;
};
