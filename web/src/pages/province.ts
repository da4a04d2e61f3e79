// 全省 (the province role, issue 24 §3): every city ranked in one table — cash, key balances, the
// plan's main indicator and the city's worst indicator state, open alerts — with the province's
// totals, and the open alerts of every city. A city's name opens that city's own pages read-only
// (the shell sends ?city= with every request while a city is viewed: auth/city-view.ts).
import { type Answer, data } from '../api/client';
import { rememberCityNames } from '../auth/city-view';
import { cityName } from '../format/city';
import { alertValue } from '../format/alert-value';
import { t, tOr } from '../i18n/i18n';
import { bigAmount, h, headline, section, table } from '../ui/dom';
import { hashOf, type PageContext } from './page';

type Funds = Answer<'/v1/province/funds', 'get'>;
type Kpis = Answer<'/v1/province/kpis', 'get'>;
type Alerts = Answer<'/v1/province/alerts', 'get'>;

export interface ProvinceData {
  funds: Funds;
  kpis: Kpis;
  alerts: Alerts;
  year: number;
  rank: Rank;
}

/** What the cities are ranked by (?rank=): cash at bank, new guarantees, or open alerts. */
const RANKS = ['cash', 'guarantees', 'alerts'] as const;
type Rank = (typeof RANKS)[number];
/** The key balances shown per city (the API totals every key account; these fit a row). */
const COLUMNS = ['9001', '1201', '1501'] as const;

export const load = async (ctx: PageContext): Promise<ProvinceData> => {
  const asked = ctx.query.get('year');
  const year = asked !== null && /^\d{4}$/.test(asked) ? Number(asked) : new Date().getFullYear();
  const rankAsked = ctx.query.get('rank');
  const rank: Rank = RANKS.find((r) => r === rankAsked) ?? 'cash';
  const [funds, kpis, alerts] = await Promise.all([
    data(ctx.api.GET('/v1/province/funds')),
    data(ctx.api.GET('/v1/province/kpis', { params: { query: { year: String(year) } } })),
    data(ctx.api.GET('/v1/province/alerts')),
  ]);
  rememberCityNames(Object.fromEntries(funds.cities.map((c) => [c.cityId, c.nameZh])));
  return { funds, kpis, alerts, year, rank };
};

// ---- view ----

/** A yuan string as fen, only to order rows (never shown, never summed). */
const fen = (text: string): bigint => BigInt(text.replace('.', ''));

interface CityRow {
  cityId: string;
  nameZh: string;
  totals: Funds['cities'][number]['totals'];
  kpis: Kpis['cities'][number] | undefined;
  open: number;
}

const rowsOf = (d: ProvinceData): CityRow[] => {
  const kpis = new Map(d.kpis.cities.map((c) => [c.cityId, c]));
  const open = new Map(d.alerts.cities.map((c) => [c.cityId, c.open]));
  const rows = d.funds.cities.map((c) => ({ cityId: c.cityId, nameZh: c.nameZh, totals: c.totals, kpis: kpis.get(c.cityId), open: open.get(c.cityId) ?? 0 }));
  const key = (r: CityRow): bigint =>
    d.rank === 'cash' ? fen(r.totals.cash) : d.rank === 'guarantees' ? fen(r.kpis?.indicators.newGuaranteeAmount.actual ?? '0.00') : BigInt(r.open);
  // Highest first; equal keys keep the province's order of cities.
  return rows.map((r, index) => ({ r, index })).sort((a, b) => (key(b.r) > key(a.r) ? 1 : key(b.r) < key(a.r) ? -1 : a.index - b.index)).map(({ r }) => r);
};

const balance = (totals: CityRow['totals'], code: string): string => totals.keyBalances.find((b) => b.code === code)?.balance ?? '0.00';

const cityLink = (cityId: string, nameZh: string): HTMLElement => h('a', { href: hashOf('overview', { city: cityId }), 'data-city': cityId }, cityName(cityId, nameZh));

const stateTag = (state: string): HTMLElement => h('span', { class: `state-${state}` }, h('span', { class: 'tag' }, tOr(`kpi.state.${state}`, state)));

const guarantees = (k: CityRow['kpis']): (Node | string)[] => {
  if (k === undefined) return ['—'];
  const i = k.indicators.newGuaranteeAmount;
  return [headline(i.actual), i.progressPercent === null ? '' : ` · ${i.progressPercent}%`];
};

const rankForm = (d: ProvinceData, ctx: PageContext): HTMLElement => {
  const year = h('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: d.year, id: 'province-year' });
  const rank = h('select', { name: 'rank', id: 'province-rank' }, RANKS.map((r) => h('option', { value: r, selected: r === d.rank }, t(`province.rank.${r}`))));
  const form = h(
    'form',
    { class: 'filters', id: 'province-form' },
    h('label', {}, t('province.year'), year),
    h('label', {}, t('province.rankBy'), rank),
    h('button', { type: 'submit' }, t('province.show')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(hashOf('province', { year: year.value, rank: rank.value }));
  });
  return form;
};

const headlines = (d: ProvinceData): HTMLElement => {
  const p = d.kpis.province;
  const openTotal = d.alerts.items.length;
  const guarantee = p.indicators.newGuaranteeAmount;
  return h(
    'div',
    { class: 'fund-grid', id: 'province-totals' },
    h('article', { class: 'card fund-card' }, h('div', { class: 'label' }, t('province.cash', { cities: d.funds.province.cities, funds: d.funds.province.funds })), h('div', { class: 'cash' }, bigAmount(d.funds.province.cash))),
    h(
      'article',
      { class: 'card fund-card' },
      h('div', { class: 'label' }, t('province.guarantees', { year: d.kpis.year })),
      h('div', { class: 'cash' }, bigAmount(guarantee.actual)),
      h('div', { class: 'exact' }, guarantee.target === null ? t('kpi.state.no-target') : t('province.ofTarget', { progress: guarantee.progressPercent ?? '0.00', cities: guarantee.citiesWithTargets })),
    ),
    h(
      'article',
      { class: 'card fund-card' },
      h('div', { class: 'label' }, t('province.ratios')),
      h('div', {}, t('province.ratioLine', { inclusive: p.indicators.inclusiveShare.actualPercent, fee: p.indicators.averageFeeRate.actualPercent, compensation: p.indicators.compensationRate.actualPercent })),
      h('div', { class: 'exact' }, t('province.byState', { ok: p.citiesByState.ok ?? 0, warn: p.citiesByState.warn ?? 0, alert: p.citiesByState.alert ?? 0 })),
    ),
    h('article', { class: 'card fund-card' }, h('div', { class: 'label' }, t('overview.alerts')), h('div', { class: 'count-figure', id: 'province-open-alerts' }, String(openTotal))),
  );
};

const citiesTable = (d: ProvinceData): HTMLElement => {
  const rows = rowsOf(d);
  const headers = [t('province.col.rank'), t('province.col.city'), t('province.col.funds'), t('overview.cash'), ...COLUMNS.map((code) => t(`province.account.${code}`)), t('kpi.newGuaranteeAmount'), t('province.col.state'), t('overview.alerts')];
  const body = rows.map((r, index) => [
    String(index + 1),
    cityLink(r.cityId, r.nameZh),
    String(r.totals.funds),
    headline(r.totals.cash),
    ...COLUMNS.map((code) => headline(balance(r.totals, code))),
    h('span', {}, ...guarantees(r.kpis)),
    // A city with no fund yet has nothing to measure: its zeros against the shipped targets say nothing.
    r.totals.funds === 0 || r.kpis === undefined ? h('span', { class: 'muted' }, t('province.noFunds')) : stateTag(r.kpis.state),
    h('span', { 'data-open': r.open }, String(r.open)),
  ]);
  const p = d.funds.province;
  const total = [
    '',
    h('strong', {}, t('province.total')),
    String(p.funds),
    headline(p.cash),
    ...COLUMNS.map((code) => headline(balance(p, code))),
    headline(d.kpis.province.indicators.newGuaranteeAmount.actual),
    '',
    String(d.alerts.items.length),
  ];
  return table(headers, [...body, total], { id: 'province-cities', class: 'numbers' });
};

const alertsSection = (d: ProvinceData): HTMLElement =>
  section(
    t('province.alerts'),
    d.alerts.items.length === 0
      ? h('p', { class: 'muted' }, t('overview.noAlerts'))
      : table(
          [t('province.col.city'), t('alert.fund'), t('alert.indicator'), t('alert.level'), t('alert.value'), t('alert.raisedOn'), t('alert.status')],
          d.alerts.items.map((a) => [
            cityLink(a.cityId, a.nameZh),
            a.fundId,
            tOr(`indicator.${a.indicator}`, a.indicator),
            tOr(`alert.level.${a.level}`, a.level),
            alertValue(a),
            a.raisedOn,
            h('span', { 'data-status': a.status, 'data-alert': a.alertId }, tOr(`alert.status.${a.status}`, a.status)),
          ]),
          { id: 'province-alerts' },
        ),
  );

export const view = (d: ProvinceData, ctx: PageContext): HTMLElement =>
  h(
    'div',
    { class: 'province' },
    h('div', { class: 'row' }, h('h2', {}, t('province.title', { year: d.kpis.year, asOf: d.kpis.asOf })), rankForm(d, ctx)),
    headlines(d),
    section(t('province.cities'), h('p', { class: 'muted' }, t('province.hint')), citiesTable(d)),
    alertsSection(d),
  );
