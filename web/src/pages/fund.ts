// Fund: balances by account as of any date; the journal with date filters and paging; the fund's
// positions by kind; its events with the hash chain's status.
import { type Answer, data } from '../api/client';
import { chart } from '../charts/chart';
import { breakdownChartOption } from '../charts/options';
import { lang, t, tOr } from '../i18n/i18n';
import { amount, h, headline, section, table } from '../ui/dom';
import { correctionDialog } from './correction-form';
import { hashOf, type PageContext } from './page';
import { type Bucket, chainStatus, countyLabel, sumBy, total } from './positions';

type Fund = Answer<'/v1/funds/{fundId}', 'get'>;
type Balances = Answer<'/v1/funds/{fundId}/balances', 'get'>;
type Journal = Answer<'/v1/funds/{fundId}/journal', 'get'>;
type Events = Answer<'/v1/funds/{fundId}/events', 'get'>['items'];
type Guarantees = Answer<'/v1/funds/{fundId}/guarantees', 'get'>['items'];
type BridgeLoans = Answer<'/v1/funds/{fundId}/bridge-loans', 'get'>['items'];
type Commitments = Answer<'/v1/funds/{fundId}/commitments', 'get'>['items'];
type Subsidies = Answer<'/v1/kpis', 'get'>['subsidies'];
type Grants = Answer<'/v1/funds/{fundId}/subsidies', 'get'>['items'];
type City = Answer<'/v1/city', 'get'>;

const PAGE_SIZE = 20;
/** The first page has no cursor; the trail of pages before this one still needs a token for it. */
const FIRST_PAGE = '0';
const EVENTS_SHOWN = 15;

type Positions =
  | { kind: 'risk-pool'; byCounty: Bucket[]; byCategory: Bucket[]; outstanding: string; count: number; counties: City['counties'] }
  | { kind: 'bridge-fund'; open: BridgeLoans; overdue: BridgeLoans }
  | { kind: 'guidance-fund'; commitments: Commitments }
  | { kind: 'subsidy-budget'; year: string; subsidies: Subsidies; grants: Grants }
  | { kind: 'none' };

export interface FundData {
  fund: Fund;
  balances: Balances;
  journal: Journal;
  positions: Positions;
  events: Events;
  filter: { asOf: string; from: string; to: string; cursor: string; trail: string[] };
}

const loadPositions = async (ctx: PageContext, fund: Fund, asOf: string): Promise<Positions> => {
  const path = { fundId: fund.fundId };
  if (fund.kind === 'risk-pool') {
    // The signed-in city's counties name the buckets (GET /v1/city): every city has its own list.
    const [{ items }, city] = await Promise.all([data(ctx.api.GET('/v1/funds/{fundId}/guarantees', { params: { path, query: { status: 'outstanding' } } })), data(ctx.api.GET('/v1/city'))]);
    const principal = (g: Guarantees[number]): string => g.principal;
    return {
      kind: 'risk-pool',
      byCounty: sumBy(items, (g) => g.borrower.county ?? 'unknown', principal),
      byCategory: sumBy(items, (g) => g.borrower.category, principal),
      outstanding: total(items, principal),
      count: items.length,
      counties: city.counties,
    };
  }
  if (fund.kind === 'bridge-fund') {
    const [open, overdue] = await Promise.all(
      (['open', 'overdue'] as const).map(async (status) => (await data(ctx.api.GET('/v1/funds/{fundId}/bridge-loans', { params: { path, query: { status } } }))).items),
    );
    return { kind: 'bridge-fund', open: open ?? [], overdue: overdue ?? [] };
  }
  if (fund.kind === 'guidance-fund') return { kind: 'guidance-fund', commitments: (await data(ctx.api.GET('/v1/funds/{fundId}/commitments', { params: { path } }))).items };
  if (fund.kind === 'subsidy-budget') {
    // The fund's grants, and the budget by programme (the KPIs) of the page's date's year, else of
    // the latest grant's (a demo year shows itself), else this year's.
    const grants = (await data(ctx.api.GET('/v1/funds/{fundId}/subsidies', { params: { path } }))).items;
    const latest = grants.reduce((max, g) => (g.occurredOn > max ? g.occurredOn : max), '');
    const year = (asOf !== '' ? asOf : latest !== '' ? latest : String(new Date().getFullYear())).slice(0, 4);
    const kpis = await data(ctx.api.GET('/v1/kpis', { params: { query: { year } } }));
    return { kind: 'subsidy-budget', year, subsidies: kpis.subsidies, grants };
  }
  return { kind: 'none' };
};

/** Every event of the fund's stream, a page of 1,000 at a time, so the whole chain is checked. */
const loadEvents = async (ctx: PageContext, fundId: string): Promise<Events> => {
  const events: Events = [];
  let from: number | null = 1;
  while (from !== null) {
    const page: Answer<'/v1/funds/{fundId}/events', 'get'> = await data(ctx.api.GET('/v1/funds/{fundId}/events', { params: { path: { fundId }, query: { from, limit: 1000 } } }));
    events.push(...page.items);
    from = page.nextFrom;
  }
  return events;
};

export const load = async (ctx: PageContext): Promise<FundData> => {
  const fundId = ctx.args[0] ?? '';
  const q = (name: string): string => ctx.query.get(name) ?? '';
  const filter = { asOf: q('asOf'), from: q('from'), to: q('to'), cursor: q('cursor'), trail: q('trail') === '' ? [] : q('trail').split(',') };
  const path = { fundId };
  const optional = (value: string): string | undefined => (value === '' ? undefined : value);
  const fund = await data(ctx.api.GET('/v1/funds/{fundId}', { params: { path } }));
  const [balances, journal, positions, events] = await Promise.all([
    data(ctx.api.GET('/v1/funds/{fundId}/balances', { params: { path, query: { asOf: optional(filter.asOf) } } })),
    data(ctx.api.GET('/v1/funds/{fundId}/journal', { params: { path, query: { from: optional(filter.from), to: optional(filter.to), cursor: optional(filter.cursor), limit: PAGE_SIZE } } })),
    loadPositions(ctx, fund, filter.asOf),
    loadEvents(ctx, fundId),
  ]);
  return { fund, balances, journal, positions, events, filter };
};

// ---- view ----

const accountName = (balances: Balances, code: string): string => {
  const account = balances.accounts.find((a) => a.code === code);
  return account === undefined ? code : `${code} ${lang() === 'en' ? account.name : account.nameZh}`;
};

const balancesSection = (d: FundData, ctx: PageContext): HTMLElement => {
  const asOf = h('input', { type: 'date', name: 'asOf', value: d.filter.asOf });
  const form = h('form', { class: 'filters', id: 'as-of-form' }, h('label', {}, t('fund.asOf'), asOf), h('button', { type: 'submit' }, t('fund.filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(hashOf(`fund/${d.fund.fundId}`, { asOf: asOf.value, from: d.filter.from, to: d.filter.to }));
  });
  const rows = d.balances.accounts
    .filter((a) => a.debit !== '0.00' || a.credit !== '0.00')
    .map((a) => [accountName(d.balances, a.code), a.memo ? t('fund.memo') : '', amount(a.debit), amount(a.credit), amount(a.balance)]);
  rows.push([t('fund.totals'), '', amount(d.balances.totals.debit), amount(d.balances.totals.credit), '']);
  return section(
    `${t('fund.balances')} · ${d.balances.asOf ?? t('fund.asOfAll')}`,
    form,
    table([t('fund.account'), '', t('fund.debit'), t('fund.credit'), t('fund.balance')], rows, { id: 'balances', class: 'numbers' }),
  );
};

const journalSection = (d: FundData, ctx: PageContext): HTMLElement => {
  const from = h('input', { type: 'date', name: 'from', value: d.filter.from });
  const to = h('input', { type: 'date', name: 'to', value: d.filter.to });
  const form = h('form', { class: 'filters', id: 'journal-form' }, h('label', {}, t('fund.from'), from), h('label', {}, t('fund.to'), to), h('button', { type: 'submit' }, t('fund.filter')));
  const base = { asOf: d.filter.asOf, from: d.filter.from, to: d.filter.to };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(hashOf(`fund/${d.fund.fundId}`, { asOf: d.filter.asOf, from: from.value, to: to.value }));
  });
  const page = d.filter.trail.length + 1;
  const previous = d.filter.trail.slice(0, -1);
  const nav = h(
    'div',
    { class: 'pager' },
    h(
      'button',
      {
        id: 'journal-prev',
        disabled: page === 1,
        onclick: () => {
          const cursor = d.filter.trail.at(-1);
          ctx.navigate(hashOf(`fund/${d.fund.fundId}`, { ...base, cursor: cursor === FIRST_PAGE ? undefined : cursor, trail: previous.join(',') }));
        },
      },
      t('fund.prev'),
    ),
    h('span', { id: 'journal-page' }, t('fund.page', { page })),
    h(
      'button',
      {
        id: 'journal-next',
        disabled: d.journal.nextCursor === null,
        onclick: () => ctx.navigate(hashOf(`fund/${d.fund.fundId}`, { ...base, cursor: d.journal.nextCursor ?? '', trail: [...d.filter.trail, d.filter.cursor === '' ? FIRST_PAGE : d.filter.cursor].join(',') })),
      },
      t('fund.next'),
    ),
  );
  return section(
    t('fund.journal'),
    form,
    d.journal.items.length === 0 ? h('p', { class: 'muted' }, t('fund.noLines')) : journalTable(d, ctx),
    nav,
  );
};

type JournalLine = Journal['items'][number];
type EntryRef = { streamId: string; version: number };

/** The row id of an entry's first line, so a reversal and its original can point at each other. */
const entryAnchor = (ref: EntryRef): string => `entry-${ref.streamId}-${ref.version}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** Moves to the linked entry when it is on this page of the journal; says so otherwise. */
const entryLink = (ref: EntryRef, label: string): HTMLElement => {
  const link = h('button', { type: 'button', class: 'link entry-link', 'data-entry': `${ref.streamId}@${ref.version}` }, label);
  link.addEventListener('click', () => {
    const row = document.getElementById(entryAnchor(ref));
    if (row === null) {
      if (!link.nextElementSibling?.classList.contains('elsewhere')) link.after(h('span', { class: 'muted elsewhere', role: 'status' }, ` ${t('fund.entryElsewhere')}`));
      return;
    }
    row.scrollIntoView({ block: 'center' });
    row.focus();
  });
  return link;
};

/**
 * What a journal line says: its 摘要 (summaryEn in English) from the API; a line projected before
 * summaries existed has none, and then the business is named from the catalogue — never the
 * English event type in the Chinese page.
 */
const lineSummary = (line: JournalLine): string => {
  const given = lang() === 'en' ? line.summaryEn : line.summary;
  return given !== '' ? given : tOr(`eventType.${line.eventType}`, line.eventType);
};

/** Who may ask for a correction: the bureau, and the manager of the fund (the API checks it again). */
const mayCorrect = (ctx: PageContext, fundId: string): boolean =>
  ctx.session.role === 'finance-bureau' || (ctx.session.role === 'fund-manager' && ctx.session.funds.includes(fundId));

const journalTable = (d: FundData, ctx: PageContext): HTMLElement => {
  const correct = mayCorrect(ctx, d.fund.fundId) ? correctionDialog(d.fund.fundId, ctx) : undefined;
  let previous = '';
  const rows = d.journal.items.map((line) => {
    const key = `${line.streamId}@${line.version}`;
    const first = key !== previous;
    previous = key;
    const summary: (Node | string)[] = [lineSummary(line)];
    if (line.reverses !== undefined) summary.push(' ', h('span', { class: 'tag bad' }, t('fund.redEntry')), ' ', entryLink(line.reverses, t('fund.reverses', { version: line.reverses.version })));
    if (line.reversedBy !== undefined) summary.push(' ', h('span', { class: 'tag' }, t('fund.reversed')), ' ', entryLink(line.reversedBy, t('fund.reversedBy', { version: line.reversedBy.version })));
    // 更正 on an entry's first line, unless it is a reversal itself or already reversed.
    const action =
      correct !== undefined && first && line.reverses === undefined && line.reversedBy === undefined
        ? h('button', { type: 'button', class: 'correct-button', 'data-entry': key, onclick: () => correct.open({ streamId: line.streamId, version: line.version, occurredOn: line.occurredOn, summary: lineSummary(line) }) }, t('fund.correct'))
        : '';
    const cells = [line.occurredOn, line.voucherNo ?? '', h('span', {}, ...summary), accountName(d.balances, line.account), line.debit === '0.00' ? '' : amount(line.debit), line.credit === '0.00' ? '' : amount(line.credit)];
    return { line, first, cells: correct === undefined ? cells : [...cells, action] };
  });
  const headers = [t('fund.date'), t('fund.voucherNo'), t('fund.summary'), t('fund.account'), t('fund.debit'), t('fund.credit'), ...(correct === undefined ? [] : [t('monthEnd.actions')])];
  const box = table(headers, rows.map((r) => r.cells), { id: 'journal', class: 'numbers' });
  if (correct !== undefined) box.append(correct.dialog);
  // Mark each entry's first row (an anchor for links) and the 红字 rows of reversals.
  box.querySelectorAll('tbody tr').forEach((tr, index) => {
    const row = rows[index];
    if (row === undefined) return;
    tr.setAttribute('data-entry', `${row.line.streamId}@${row.line.version}`);
    if (row.line.reverses !== undefined) tr.classList.add('red-entry');
    if (row.first) {
      tr.id = entryAnchor(row.line);
      tr.setAttribute('tabindex', '-1');
    }
  });
  return box;
};

const bucketTable = (buckets: Bucket[], label: (key: string) => string, id: string): HTMLElement =>
  table(['', t('fund.count'), t('fund.amount')], buckets.map((b) => [label(b.key), b.count, amount(b.amount)]), { id, class: 'numbers' });

const loansTable = (loans: BridgeLoans, id: string): HTMLElement =>
  table(['', t('fund.date'), t('fund.amount')], loans.slice(0, 20).map((l) => [`${l.loanId} ${l.borrower.name}`, `${l.disbursedOn} → ${l.dueOn}`, amount(l.amount)]), { id, class: 'numbers' });

const positionsSection = (p: Positions): HTMLElement => {
  if (p.kind === 'risk-pool') {
    const county = countyLabel(p.counties, lang(), t('county.unknown'));
    const category = (key: string): string => tOr(`category.${key}`, key);
    return section(
      t('fund.positions'),
      h('p', {}, `${p.count} · `, headline(p.outstanding)),
      h(
        'div',
        { class: 'two-columns' },
        h('div', {}, h('h3', {}, t('fund.guaranteesByCounty')), chart(breakdownChartOption(p.byCounty.map((b) => ({ label: county(b.key), count: b.count, amount: b.amount })), t('unit.wan')), { height: 260 }), bucketTable(p.byCounty, county, 'by-county')),
        h('div', {}, h('h3', {}, t('fund.guaranteesByCategory')), bucketTable(p.byCategory, category, 'by-category')),
      ),
    );
  }
  if (p.kind === 'bridge-fund') {
    return section(
      t('fund.positions'),
      h(
        'div',
        { class: 'two-columns' },
        h('div', {}, h('h3', {}, `${t('fund.bridgeOpen')} · ${p.open.length} · `, headline(total(p.open, (l) => l.amount))), loansTable(p.open, 'bridge-open')),
        h('div', {}, h('h3', {}, `${t('fund.bridgeOverdue')} · ${p.overdue.length} · `, headline(total(p.overdue, (l) => l.amount))), loansTable(p.overdue, 'bridge-overdue')),
      ),
    );
  }
  if (p.kind === 'guidance-fund') {
    return section(
      t('fund.commitments'),
      table(
        [t('fund.subFund'), t('fund.committed'), t('fund.called'), t('fund.uncalled')],
        p.commitments.map((c) => [c.subFund.name + (c.subFund.green ? ' 🌱' : '') + (c.status === 'voided' ? ` (${t('fund.reversed')})` : ''), amount(c.committed), amount(c.called), amount(c.unfunded)]),
        { id: 'commitments', class: 'numbers' },
      ),
    );
  }
  if (p.kind === 'subsidy-budget') return subsidySection(p);
  return section(t('fund.positions'), h('p', { class: 'muted' }, t('fund.noPositions')));
};

const countAmount = (c: { count: number; amount: string }): (string | Node)[] => [String(c.count), amount(c.amount)];

/** The year's budget by programme, the grants a cap cut (per item, per firm and year, per firm in all), and what waits for approval. */
const subsidySection = (p: Extract<Positions, { kind: 'subsidy-budget' }>): HTMLElement => {
  const s = p.subsidies;
  const programme = (key: string): string => tOr(`figure.programme.${key}`, key);
  const cut = p.grants.flatMap((g) => {
    const c = g.grantCut ?? g.requestedCut;
    return c === undefined ? [] : [[g.firm.name, programme(g.programme), tOr(`figure.scope.${c.scope}`, c.scope), amount(c.uncutAmount), amount(c.limit), amount(c.used), amount(g.status === 'granted' || g.status === 'clawed-back' ? g.amountGranted : g.requestedAmount)]];
  });
  const pending = p.grants.filter((g) => g.status === 'pending-approval');
  return section(
    t('subsidy.title', { year: p.year }),
    h('p', {}, t('subsidy.budgetOfYear'), ' ', headline(s.budget), ' · ', t('subsidy.granted'), ' ', headline(s.granted), ' · ', t('subsidy.used'), ` ${s.usedPercent}%`),
    table(
      [t('figure.programme'), t('subsidy.budget'), t('subsidy.grantedCount'), t('subsidy.granted'), t('subsidy.pendingCount'), t('subsidy.pending'), t('subsidy.rejectedCount'), t('subsidy.clawedBack'), t('subsidy.used')],
      Object.entries(s.byProgramme).map(([key, r]) => [programme(key), r.budget === null ? '—' : amount(r.budget), ...countAmount(r.granted), ...countAmount(r.pending), String(r.rejected.count), amount(r.clawedBack.amount), r.usedPercent === null ? '—' : `${r.usedPercent}%`]),
      { id: 'subsidy-programmes', class: 'numbers' },
    ),
    h('h3', {}, t('subsidy.capsUsed', { count: cut.length })),
    cut.length === 0
      ? h('p', { class: 'muted' }, t('subsidy.noCaps'))
      : table([t('figure.firm'), t('figure.programme'), t('figure.scope'), t('figure.uncutAmount'), t('figure.limit'), t('figure.alreadyGranted'), t('fund.amount')], cut, { id: 'subsidy-caps', class: 'numbers' }),
    h('p', { id: 'subsidy-pending' }, t('subsidy.waiting', { count: pending.length }), ' ', h('a', { href: '#/approvals' }, t('nav.approvals'))),
  );
};

const eventsSection = (events: Events): HTMLElement => {
  const status = chainStatus(events);
  return section(
    t('fund.events'),
    h('p', { id: 'chain-status', class: status.brokenAt === undefined ? 'ok' : 'error-text' }, status.brokenAt === undefined ? t('fund.chain.ok', { count: status.count }) : t('fund.chain.broken', { version: status.brokenAt })),
    table(
      [t('fund.version'), t('fund.date'), t('fund.eventType'), t('fund.hash')],
      events.slice(-EVENTS_SHOWN).reverse().map((e) => [e.version, e.occurredOn, h('span', { title: e.type }, tOr(`eventType.${e.type}`, e.type)), h('code', { title: e.hash }, e.hash.slice(0, 16))]),
      { id: 'events' },
    ),
  );
};

export const view = (d: FundData, ctx: PageContext): HTMLElement =>
  h(
    'div',
    { class: 'fund-page' },
    h('div', { class: 'row' }, h('h2', {}, d.fund.name), h('span', { class: 'tag' }, tOr(`fundKind.${d.fund.kind}`, d.fund.kind)), h('span', { class: 'cash' }, t('overview.cash'), ' ', amount(d.fund.cash))),
    balancesSection(d, ctx),
    positionsSection(d.positions),
    journalSection(d, ctx),
    eventsSection(d.events),
  );
