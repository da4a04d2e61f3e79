// Overview (bureau, auditor; a fund manager sees its own funds): every fund's cash and key
// balances with its monthly cash chart, the plan's indicators against the year's targets, and
// the open alerts.
import { type Answer, ApiError, data, newIdempotencyKey, type Problem } from '../api/client';
import { untilShown } from '../api/poll';
import { chart } from '../charts/chart';
import { cashChartOption } from '../charts/options';
import { lang, t, tOr } from '../i18n/i18n';
import { alertValue } from '../format/alert-value';
import { shanghaiMinute } from '../format/date-time';
import { amount, bigAmount, errorBox, h, headline, section, table } from '../ui/dom';
import { KEY_ACCOUNTS } from '../../../domain/key-accounts';
import { hashOf, type PageContext } from './page';

type Funds = Answer<'/v1/funds', 'get'>['items'];
type Balances = Answer<'/v1/funds/{fundId}/balances', 'get'>;
type CashByMonth = Answer<'/v1/funds/{fundId}/cash-by-month', 'get'>;
type Kpis = Answer<'/v1/kpis', 'get'>;
type Alerts = Answer<'/v1/alerts', 'get'>['items'];

export interface OverviewData {
  funds: { fund: Funds[number]; balances: Balances; cash: CashByMonth }[];
  kpis: Kpis | undefined;
  alerts: Alerts;
  year: number;
}

const kpisActive = (kpis: Kpis): boolean =>
  kpis.indicators.newGuaranteeAmount.actual !== '0.00' || kpis.indicators.bridgeUses.actual > 0 || kpis.indicators.guidanceLanded.actual !== '0.00';

/** The year asked for, else the latest of the last three with activity (a demo year shows itself). */
const chooseYear = async (ctx: PageContext): Promise<{ year: number; kpis: Kpis | undefined }> => {
  const asked = ctx.query.get('year');
  const thisYear = new Date().getFullYear();
  const candidates = asked !== null && /^\d{4}$/.test(asked) ? [Number(asked)] : [thisYear, thisYear - 1, thisYear - 2];
  if (ctx.session.role === 'fund-manager') return { year: candidates[0] ?? thisYear, kpis: undefined };
  for (const year of candidates) {
    const kpis = await data(ctx.api.GET('/v1/kpis', { params: { query: { year: String(year) } } }));
    if (kpisActive(kpis) || candidates.length === 1) return { year, kpis };
  }
  return { year: thisYear, kpis: await data(ctx.api.GET('/v1/kpis', { params: { query: { year: String(thisYear) } } })) };
};

export const load = async (ctx: PageContext): Promise<OverviewData> => {
  const [{ items }, alerts, chosen] = await Promise.all([
    data(ctx.api.GET('/v1/funds')),
    data(ctx.api.GET('/v1/alerts', { params: { query: { open: 'true' } } })),
    chooseYear(ctx),
  ]);
  const funds = await Promise.all(
    items.map(async (fund) => {
      const path = { fundId: fund.fundId };
      const [balances, cash] = await Promise.all([
        data(ctx.api.GET('/v1/funds/{fundId}/balances', { params: { path } })),
        data(ctx.api.GET('/v1/funds/{fundId}/cash-by-month', { params: { path, query: { year: String(chosen.year) } } })),
      ]);
      return { fund, balances, cash };
    }),
  );
  return { funds, kpis: chosen.kpis, alerts: alerts.items, year: chosen.year };
};

// ---- view ----

const fundCard = ({ fund, balances, cash }: OverviewData['funds'][number]): HTMLElement => {
  const keys: readonly string[] = KEY_ACCOUNTS[fund.kind];
  const rows = balances.accounts.filter((a) => keys.includes(a.code));
  return h(
    'article',
    { class: 'fund-card card', 'data-fund': fund.fundId },
    h('div', { class: 'row' }, h('h3', {}, fund.name), h('span', { class: 'tag' }, tOr(`fundKind.${fund.kind}`, fund.kind))),
    h('div', { class: 'label' }, t('overview.cash')),
    h('div', { class: 'cash' }, bigAmount(fund.cash)),
    table([t('overview.keyBalances'), t('fund.balance')], rows.map((a) => [`${a.code} ${lang() === 'en' ? a.name : a.nameZh}`, amount(a.balance)]), { class: 'compact' }),
    h('div', { class: 'label' }, `${t('overview.cashChart')} · ${cash.year}`),
    chart(cashChartOption(cash.months, t('unit.wan')), { height: 140 }),
    h('a', { class: 'button', href: hashOf(`fund/${encodeURIComponent(fund.fundId)}`) }, t('overview.openFund')),
  );
};

const kpiRow = (label: string, detail: (Node | string)[], percent: string | undefined, state: string): HTMLElement =>
  h(
    'div',
    { class: `kpi state-${state}` },
    h('div', { class: 'row' }, h('strong', {}, label), h('span', { class: 'tag' }, tOr(`kpi.state.${state}`, state))),
    percent === undefined ? null : h('div', { class: 'bar' }, h('div', { class: 'fill', style: `width:${Math.min(100, Number(percent))}%` })),
    h('div', { class: 'detail' }, ...detail),
  );

const kpiSection = (kpis: Kpis): HTMLElement => {
  const i = kpis.indicators;
  // A year without targets of its own (issue 20 §3) shows its actuals only, and says so.
  const progress = (p: { progressPercent: string | null; expectedPercent: string }): string =>
    p.progressPercent === null ? t('kpi.state.no-target') : t('kpi.progress', { progress: p.progressPercent, expected: p.expectedPercent });
  const amounts = (p: { actual: string; target: string | null; progressPercent: string | null; expectedPercent: string }): (Node | string)[] =>
    p.target === null ? [headline(p.actual), ` · ${progress(p)}`] : [headline(p.actual), ' / ', headline(p.target), ` · ${progress(p)}`];
  const count = (p: { actual: number; target: number | null }, max?: number | null): string =>
    p.target === null ? String(p.actual) : `${p.actual} / ${p.target}${max === undefined || max === null ? '' : `–${max}`}`;
  const bar = (p: string | null): string | undefined => p ?? undefined;
  const targets = kpis.targets.ownTargets ? t('kpi.targetsFrom', { year: kpis.year, policyId: kpis.targets.policyId ?? '' }) : t('kpi.noTargets', { year: kpis.year });
  return section(
    t('overview.kpis', { year: kpis.year, asOf: kpis.asOf }),
    h(
      'div',
      { class: 'kpis' },
      h('p', { class: 'detail' }, targets),
      kpiRow(t('kpi.newGuaranteeAmount'), amounts(i.newGuaranteeAmount), bar(i.newGuaranteeAmount.progressPercent), i.newGuaranteeAmount.alert),
      kpiRow(t('kpi.bridgeUses'), [`${count(i.bridgeUses)} · ${progress(i.bridgeUses)}`], bar(i.bridgeUses.progressPercent), i.bridgeUses.alert),
      kpiRow(t('kpi.guidanceLanded'), amounts(i.guidanceLanded), bar(i.guidanceLanded.progressPercent), i.guidanceLanded.alert),
      kpiRow(t('kpi.newGreenFunds'), [count(i.newGreenFunds, i.newGreenFunds.max)], bar(i.newGreenFunds.progressPercent), i.newGreenFunds.alert),
      kpiRow(t('kpi.inclusiveShare'), [t('kpi.bound.min', { limit: i.inclusiveShare.minPercent, actual: i.inclusiveShare.actualPercent })], i.inclusiveShare.actualPercent, i.inclusiveShare.alert),
      kpiRow(t('kpi.averageFeeRate'), [t('kpi.bound.max', { limit: i.averageFeeRate.maxPercent, actual: i.averageFeeRate.actualPercent })], undefined, i.averageFeeRate.alert),
      kpiRow(t('kpi.compensationRate'), [t('kpi.bound.max', { limit: i.compensationRate.maxPercent, actual: i.compensationRate.actualPercent })], undefined, i.compensationRate.alert),
    ),
  );
};

/** The alert list is a read model: wait (bounded) until it shows the acknowledgement. */
const untilAcknowledged = (ctx: PageContext, alert: Alerts[number]): Promise<void> =>
  untilShown(async () => {
    const { items } = await data(ctx.api.GET('/v1/alerts', { params: { query: { fundId: alert.fundId, open: 'true' } } }));
    return items.find((a) => a.alertId === alert.alertId)?.status !== 'open';
  });

/**
 * An open alert's acknowledgement form (a note, then POST with a fresh Idempotency-Key), shown to
 * the bureau only: the route allows no other role. Alerts kept as event streams (those with a
 * `kind`: every alert raised since issue 20 §3) have a life the API can acknowledge.
 */
const acknowledgeForm = (alert: Alerts[number], ctx: PageContext): HTMLElement => {
  const note = h('input', { name: 'note', maxlength: 1000, placeholder: t('alert.acknowledgeNote'), 'aria-label': t('alert.acknowledgeNote') });
  const button = h('button', { type: 'submit' }, t('alert.acknowledge'));
  const status = h('span', { class: 'status', role: 'status' });
  const form = h('form', { class: 'ack-form row', 'data-alert': alert.alertId }, note, button, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    ctx.api
      .POST('/v1/alerts/{alertId}/acknowledgements', { params: { path: { alertId: alert.alertId }, header: { 'Idempotency-Key': newIdempotencyKey() } }, body: { note: note.value.trim() } })
      .then(async ({ response, error }) => {
        if (!response.ok) throw new ApiError(response.status, (error ?? {}) as Partial<Problem>);
        status.textContent = t('app.loading');
        await untilAcknowledged(ctx, alert);
        ctx.refresh();
      })
      .catch((error: unknown) => {
        button.disabled = false;
        status.replaceChildren(errorBox(error));
      });
  });
  return form;
};

/** Who acknowledged the alert and when (with the note), or the form when the user may do it. */
const acknowledgement = (alert: Alerts[number], ctx: PageContext): Node | string => {
  if (alert.acknowledgedBy !== undefined) {
    const who = t('alert.acknowledgedBy', { who: alert.acknowledgedBy, at: alert.acknowledgedAt === undefined ? '' : shanghaiMinute(alert.acknowledgedAt) });
    return h('span', { class: 'acknowledged' }, who, alert.note === undefined || alert.note === '' ? null : h('div', { class: 'muted' }, alert.note));
  }
  return alert.status === 'open' && alert.kind !== undefined && ctx.session.role === 'finance-bureau' ? acknowledgeForm(alert, ctx) : '';
};

const alertsSection = (alerts: Alerts, names: Map<string, string>, ctx: PageContext): HTMLElement =>
  section(
    t('overview.alerts'),
    alerts.length === 0
      ? h('p', { class: 'muted' }, t('overview.noAlerts'))
      : table(
          [t('alert.fund'), t('alert.indicator'), t('alert.level'), t('alert.value'), t('alert.raisedOn'), t('alert.status'), t('alert.acknowledgement')],
          alerts.map((a) => [
            names.get(a.fundId) ?? a.fundId,
            tOr(`indicator.${a.indicator}`, a.indicator),
            tOr(`alert.level.${a.level}`, a.level),
            alertValue(a),
            a.raisedOn,
            h('span', { 'data-status': a.status, 'data-alert': a.alertId }, tOr(`alert.status.${a.status}`, a.status)),
            acknowledgement(a, ctx),
          ]),
          { id: 'alerts' },
        ),
  );

export const view = (d: OverviewData, ctx: PageContext): HTMLElement => {
  const names = new Map(d.funds.map(({ fund }) => [fund.fundId, fund.name]));
  return h(
    'div',
    { class: 'overview' },
    h('h2', {}, t('overview.funds')),
    h('div', { class: 'fund-grid', id: 'funds' }, d.funds.map(fundCard)),
    d.kpis === undefined ? null : kpiSection(d.kpis),
    alertsSection(d.alerts, names, ctx),
  );
};
