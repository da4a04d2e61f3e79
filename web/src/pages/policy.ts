// 政策参数 (issue 20 §4): the policy version in force, grouped (risk pool, bridge fund, guidance
// fund, indicators, targets, subsidies, approvals); the history of versions with who proposed and
// approved each and, per version, what it changed (old → new); a proposal form for the bureau with
// a field per parameter — amounts in yuan, rates in % or ‰ as a finance officer writes them,
// converted exactly to basis points — sent as a JSON merge patch of what changed; and the 1-year
// LPR table with a form for a new fixing. Proposals wait in 审批 for a second bureau user.
import { type Answer, data, newIdempotencyKey } from '../api/client';
import { toFen } from '../format/amount';
import { fromBps, type RateUnit, toBps } from '../format/rate';
import { t, tOr } from '../i18n/i18n';
import { amount, errorBox, h, section, table } from '../ui/dom';
import type { PageContext } from './page';

type History = Answer<'/v1/policies', 'get'>;
type VersionSummary = History['items'][number];
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The parameter groups in the order a finance officer reads them. */
const GROUPS = ['riskPool', 'bridge', 'guidance', 'indicators', 'targets', 'subsidy', 'approval'] as const;
const AMOUNT = /^-?(0|[1-9]\d*)\.\d{2}$/;

export interface PolicyData {
  history: History;
  inForce: { summary: VersionSummary; version: JsonObject };
  /** Whole versions by id (each adopted version and the one it was based on), for the diffs. */
  versions: Map<string, JsonObject>;
}

const versionOf = (answer: { version: unknown }): JsonObject => answer.version as JsonObject;

export const load = async (ctx: PageContext): Promise<PolicyData> => {
  const [history, inForce] = await Promise.all([data(ctx.api.GET('/v1/policies')), data(ctx.api.GET('/v1/policies/in-force'))]);
  const wanted = new Set(history.items.filter((i) => i.status !== 'pending-approval' && i.changed.length > 0).flatMap((i) => [i.policyId, i.basedOn ?? '']).filter((id) => id !== ''));
  const versions = new Map<string, JsonObject>();
  await Promise.all(
    [...wanted].map(async (policyId) => {
      versions.set(policyId, versionOf(await data(ctx.api.GET('/v1/policies/{policyId}', { params: { path: { policyId } } }))));
    }),
  );
  const { version, ...summary } = inForce;
  return { history, inForce: { summary, version: version as unknown as JsonObject }, versions };
};

// ---- parameters ----

type Kind = 'bps' | 'amount' | 'optional-amount' | 'int' | 'bool' | 'text';
interface Leaf {
  path: string[];
  value: Json;
  kind: Kind;
}

/** A leaf's kind from its path: a rate when any key on it is one (startupLoanInterest.rateBps.veteran). */
const kindOf = (path: readonly string[], value: Json): Kind | undefined => {
  const key = path.at(-1) ?? '';
  if (path.some((k) => /Bps(PerDay)?$/.test(k)) && typeof value === 'number') return 'bps';
  if (key === 'compensationThreshold') return 'optional-amount';
  if (typeof value === 'string') return AMOUNT.test(value) ? 'amount' : 'text';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'boolean') return 'bool';
  return undefined;
};

/** Every scalar parameter under a group, depth first (arrays — the LPR fixings — have their own table). */
const leaves = (value: Json, path: string[]): Leaf[] => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([key, v]) => leaves(v, [...path, key]));
  const kind = kindOf(path, value);
  return kind === undefined || Array.isArray(value) ? [] : [{ path, value, kind }];
};

const at = (root: Json | undefined, path: readonly string[]): Json | undefined =>
  path.reduce<Json | undefined>((node, key) => (node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined), root);

/**
 * A parameter's name: from the catalogue by its dotted path, else each key's name joined
 * (知识产权质押贷款贴息 · 封顶 · 上限), so the programmes' like-named fields stay apart.
 */
const paramLabel = (path: readonly string[]): string =>
  tOr(`policy.param.${path.join('.')}`, path.map((key) => tOr(`policy.param.${key}`, key)).join(' · '));

/** A parameter's value as read: rates in % with their basis points, amounts in yuan. */
const shown = (kind: Kind, value: Json | undefined): Node | string => {
  if (value === undefined || value === null) return '—';
  if (kind === 'bps' && typeof value === 'number') return `${fromBps(value, 'percent')}% (${value} bp)`;
  if ((kind === 'amount' || kind === 'optional-amount') && typeof value === 'string') return amount(value);
  if (kind === 'bool') return t(value === true ? 'figure.yes' : 'figure.no');
  return String(value);
};

const groupLabel = (group: string): string => tOr(`policy.group.${group}`, group);

const inForceSection = (d: PolicyData): HTMLElement => {
  const v = d.inForce.version;
  return section(
    t('policy.inForce', { id: d.inForce.summary.policyId, from: d.inForce.summary.effectiveFrom }),
    GROUPS.map((group) =>
      h(
        'div',
        { class: 'policy-group', 'data-group': group },
        h('h3', {}, groupLabel(group)),
        table(
          [t('policy.parameter'), t('policy.value')],
          leaves(v[group] ?? null, [group]).map((leaf) => [paramLabel(leaf.path.slice(1)), h('span', { 'data-param': leaf.path.join('.') }, shown(leaf.kind, leaf.value))]),
          { class: 'numbers policy-params' },
        ),
      ),
    ),
  );
};

// ---- history ----

const diffOf = (item: VersionSummary, d: PolicyData): HTMLElement | string => {
  const version = d.versions.get(item.policyId);
  const before = item.basedOn === null ? undefined : d.versions.get(item.basedOn);
  if (item.changed.length === 0) return '';
  return h(
    'ul',
    { class: 'policy-diff' },
    item.changed.map((dotted) => {
      const path = dotted.split('.');
      const kind = kindOf(path, at(version, path) ?? at(before, path) ?? null) ?? 'text';
      const render = (value: Json | undefined): Node | string => (Array.isArray(value) ? t('policy.entries', { count: value.length }) : shown(kind, value));
      return h('li', { 'data-changed': dotted }, `${paramLabel(path.slice(1))}: `, version === undefined ? '' : h('span', { class: 'old' }, render(at(before, path))), version === undefined ? '' : ' → ', version === undefined ? '' : h('span', { class: 'new' }, render(at(version, path))));
    }),
  );
};

const historySection = (d: PolicyData): HTMLElement =>
  section(
    t('policy.history'),
    table(
      [t('policy.version'), t('policy.effectiveFrom'), t('alert.status'), t('policy.changes'), t('policy.reason'), t('policy.proposedBy'), t('policy.approvedBy')],
      [...d.history.items].reverse().map((item) => [
        item.policyId,
        item.effectiveFrom,
        h('span', { class: 'tag', 'data-status': item.status }, tOr(`policy.status.${item.status}`, item.status)),
        diffOf(item, d),
        item.reason,
        item.proposedBy === null ? '—' : `${item.proposedBy}${item.proposedOn === null ? '' : ` · ${item.proposedOn}`}`,
        item.approvedBy === null ? '—' : `${item.approvedBy}${item.adoptedOn === null ? '' : ` · ${item.adoptedOn}`}`,
      ]),
      { id: 'policy-history' },
    ),
  );

// ---- proposal ----

interface Field {
  leaf: Leaf;
  /** The changed value for the merge patch, undefined when unchanged; throws a message when invalid. */
  read(): Json | undefined;
  element: HTMLElement;
}

const fieldId = (path: readonly string[]): string => `param-${path.join('-')}`;

/** One input per parameter, prefilled; a rate field has its own unit (% or ‰), converted exactly. */
const field = (leaf: Leaf): Field => {
  const id = fieldId(leaf.path);
  const label = paramLabel(leaf.path.slice(1));
  const wrap = (...inputs: HTMLElement[]): HTMLElement => h('div', { class: 'param-field' }, h('label', { for: id }, label), h('div', { class: 'row' }, ...inputs));
  if (leaf.kind === 'bool') {
    const box = h('input', { id, type: 'checkbox', name: leaf.path.join('.'), checked: leaf.value === true });
    return { leaf, element: wrap(box), read: () => (box.checked === leaf.value ? undefined : box.checked) };
  }
  if (leaf.kind === 'bps') {
    const current = leaf.value as number;
    const input = h('input', { id, name: leaf.path.join('.'), inputmode: 'decimal', value: fromBps(current, 'percent'), 'data-bps': current });
    const unit = h('select', { 'aria-label': t('policy.rateUnit', { name: label }), name: `${leaf.path.join('.')}.unit` }, h('option', { value: 'percent' }, '%'), h('option', { value: 'permille' }, '‰'));
    let shownUnit: RateUnit = 'percent';
    unit.addEventListener('change', () => {
      // Rewrite the figure in the new unit when it reads as a whole number of bp; else leave it.
      const bps = toBps(input.value, shownUnit);
      shownUnit = unit.value as RateUnit;
      if (bps !== undefined) input.value = fromBps(bps, shownUnit);
    });
    return {
      leaf,
      element: wrap(input, unit),
      read: () => {
        const bps = toBps(input.value, shownUnit);
        if (bps === undefined || bps < 0) throw new Error(t('policy.badRate', { name: label }));
        return bps === current ? undefined : bps;
      },
    };
  }
  const input = h('input', { id, name: leaf.path.join('.'), inputmode: leaf.kind === 'text' ? undefined : 'decimal', value: leaf.value === null ? '' : String(leaf.value) });
  return {
    leaf,
    element: leaf.kind === 'amount' || leaf.kind === 'optional-amount' ? wrap(input, h('span', { class: 'unit' }, t('unit.yuan'))) : wrap(input),
    read: () => {
      const text = input.value.trim();
      if (leaf.kind === 'optional-amount' && text === '') return leaf.value === null ? undefined : null;
      if (leaf.kind === 'amount' || leaf.kind === 'optional-amount') {
        const normalised = /^\d+(\.\d{1,2})?$/.test(text) ? `${text.split('.')[0] ?? '0'}.${(text.split('.')[1] ?? '').padEnd(2, '0')}` : undefined;
        if (normalised === undefined) throw new Error(t('policy.badAmount', { name: label }));
        return typeof leaf.value === 'string' && toFen(leaf.value) === toFen(normalised) ? undefined : normalised;
      }
      if (leaf.kind === 'int') {
        if (!/^\d+$/.test(text)) throw new Error(t('policy.badInt', { name: label }));
        return Number(text) === leaf.value ? undefined : Number(text);
      }
      return text === leaf.value ? undefined : text;
    },
  };
};

/** The merge patch (RFC 7396) of the changed fields: only what changed, nested by path. */
export const mergePatchOf = (changes: { path: string[]; value: Json }[]): JsonObject => {
  const patch: JsonObject = {};
  for (const { path, value } of changes) {
    let node = patch;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[key] = {});
    }
    node[path.at(-1) ?? ''] = value;
  }
  return patch;
};

const afterProposal = (status: HTMLElement, approvalId: string): void => {
  status.replaceChildren(h('p', { class: 'ok', 'data-approval': approvalId }, t('policy.proposed', { approvalId }), ' ', h('a', { href: '#/approvals' }, t('nav.approvals'))));
};

const proposalSection = (d: PolicyData, ctx: PageContext): HTMLElement => {
  const v = d.inForce.version;
  const fields = GROUPS.flatMap((group) => leaves(v[group] ?? null, [group]).map(field));
  const policyId = h('input', { id: 'proposal-policyId', name: 'policyId', required: true, pattern: '[A-Za-z0-9._\\-]{1,64}' });
  const effectiveFrom = h('input', { id: 'proposal-effectiveFrom', name: 'effectiveFrom', type: 'date', required: true, value: d.history.today });
  const reason = h('textarea', { id: 'proposal-reason', name: 'reason', required: true, rows: 2, maxlength: 1000 });
  const status = h('div', { class: 'status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('policy.propose'));
  const form = h(
    'form',
    { id: 'policy-form' },
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'proposal-policyId' }, t('policy.newId'), policyId),
      h('label', { for: 'proposal-effectiveFrom' }, t('policy.effectiveFrom'), effectiveFrom),
      h('label', { for: 'proposal-reason' }, t('policy.reason'), reason),
    ),
    GROUPS.map((group) => h('fieldset', { 'data-group': group }, h('legend', {}, groupLabel(group)), fields.filter((f) => f.leaf.path[0] === group).map((f) => f.element))),
    submit,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let changes: { path: string[]; value: Json }[];
    try {
      changes = fields.flatMap((f) => {
        const value = f.read();
        return value === undefined ? [] : [{ path: f.leaf.path, value }];
      });
    } catch (error) {
      status.replaceChildren(errorBox(error));
      return;
    }
    if (changes.length === 0) {
      status.replaceChildren(h('p', { class: 'error-text' }, t('policy.noChanges')));
      return;
    }
    submit.disabled = true;
    data(
      ctx.api.POST('/v1/policies', {
        params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
        body: { policyId: policyId.value.trim(), effectiveFrom: effectiveFrom.value, reason: reason.value.trim(), changes: mergePatchOf(changes) },
      }),
    )
      .then((answer) => afterProposal(status, String((answer as { approvalId?: unknown }).approvalId ?? '')))
      .catch((error: unknown) => status.replaceChildren(errorBox(error)))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return section(t('policy.proposal'), h('p', { class: 'muted' }, t('policy.proposalHint')), form);
};

// ---- LPR ----

const lprSection = (d: PolicyData, ctx: PageContext): HTMLElement => {
  const fixings = (at(d.inForce.version, ['subsidy', 'lpr1Year']) ?? []) as { from: string; rateBps: number }[];
  const from = h('input', { id: 'lpr-from', name: 'from', type: 'date', required: true });
  const rate = h('input', { id: 'lpr-rate', name: 'rate', inputmode: 'decimal', required: true, placeholder: '3.00' });
  const status = h('div', { class: 'status', role: 'status' });
  const form = h(
    'form',
    { id: 'lpr-form', class: 'filters' },
    h('label', { for: 'lpr-from' }, t('policy.lpr.from'), from),
    h('label', { for: 'lpr-rate' }, t('policy.lpr.rate'), rate),
    h('button', { type: 'submit' }, t('policy.lpr.add')),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rateBps = toBps(rate.value, 'percent');
    if (rateBps === undefined || rateBps <= 0) {
      status.replaceChildren(h('p', { class: 'error-text' }, t('policy.badRate', { name: t('policy.lpr.rate') })));
      return;
    }
    data(ctx.api.POST('/v1/policies/lpr-fixings', { params: { header: { 'Idempotency-Key': newIdempotencyKey() } }, body: { from: from.value, rateBps } }))
      .then((answer) => afterProposal(status, String((answer as { approvalId?: unknown }).approvalId ?? '')))
      .catch((error: unknown) => status.replaceChildren(errorBox(error)));
  });
  return section(
    t('policy.lpr'),
    table([t('policy.lpr.from'), t('policy.lpr.rate')], [...fixings].reverse().map((f) => [f.from, `${fromBps(f.rateBps, 'percent')}%`]), { id: 'lpr-table', class: 'numbers' }),
    ctx.session.role === 'finance-bureau' ? form : null,
  );
};

export const view = (d: PolicyData, ctx: PageContext): HTMLElement =>
  h(
    'div',
    { class: 'policy-page' },
    inForceSection(d),
    historySection(d),
    lprSection(d, ctx),
    ctx.session.role === 'finance-bureau' ? proposalSection(d, ctx) : null,
  );
