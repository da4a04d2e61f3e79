// Approvals (审批): the requests held for a second person, of every kind — what each would post
// (its `figures`), who asked and why — with approve / reject and a note for a bureau user other
// than the maker (the API answers 403 same-person anyway). Kinds the catalogue does not name yet
// still show, with their figures, so nothing waits unseen. Below, the latest decided requests.
import { type Answer, data, newIdempotencyKey } from '../api/client';
import { untilShown } from '../api/poll';
import { shanghaiMinute } from '../format/date-time';
import { lang, t, tOr } from '../i18n/i18n';
import { errorBox, h, section, table } from '../ui/dom';
import { figureList } from '../ui/figures';
import type { PageContext } from './page';

type Approval = Answer<'/v1/approvals', 'get'>['items'][number];

/** Decided requests shown under the pending ones, latest first. */
const DECIDED_SHOWN = 20;

export interface ApprovalsData {
  pending: Approval[];
  decided: Approval[];
  fundNames: Map<string, string>;
}

export const load = async (ctx: PageContext): Promise<ApprovalsData> => {
  const [funds, all] = await Promise.all([data(ctx.api.GET('/v1/funds')), data(ctx.api.GET('/v1/approvals'))]);
  const latest = (a: Approval): string => a.decided?.at ?? a.requested.at;
  return {
    pending: all.items.filter((a) => a.status === 'pending').sort((a, b) => a.requested.at.localeCompare(b.requested.at)),
    decided: all.items.filter((a) => a.status !== 'pending').sort((a, b) => latest(b).localeCompare(latest(a))).slice(0, DECIDED_SHOWN),
    fundNames: new Map(funds.items.map((f) => [f.fundId, f.name])),
  };
};

// ---- view ----

export const kindLabel = (a: Pick<Approval, 'command'>): string => tOr(`approvalKind.${a.command.name}`, a.command.name);

/** The maker's reason is English text from the policy; the Chinese page names it by kind. */
const reasonText = (a: Approval): string => (lang() === 'en' ? a.reason : tOr(`approvalReason.${a.command.name}`, a.reason));

/** Approve or reject (a rejection must say why), then wait until the read model shows the decision. */
const decisionForm = (a: Approval, ctx: PageContext): HTMLElement => {
  const noteId = `note-${a.approvalId}`;
  const note = h('textarea', { id: noteId, name: 'note', rows: 2, maxlength: 1000 });
  const status = h('div', { class: 'status', role: 'status' });
  const approve = h('button', { type: 'button', class: 'primary', 'data-action': 'approve' }, t('approvals.approve'));
  const reject = h('button', { type: 'button', class: 'danger', 'data-action': 'reject' }, t('approvals.reject'));
  const decide = (action: 'approve' | 'reject'): void => {
    const text = note.value.trim();
    if (action === 'reject' && text === '') {
      status.replaceChildren(h('p', { class: 'error-text' }, t('approvals.rejectNeedsNote')));
      note.focus();
      return;
    }
    approve.disabled = true;
    reject.disabled = true;
    status.textContent = t('app.loading');
    const path = action === 'approve' ? '/v1/approvals/{approvalId}/approve' : '/v1/approvals/{approvalId}/reject';
    data(ctx.api.POST(path, { params: { path: { approvalId: a.approvalId }, header: { 'Idempotency-Key': newIdempotencyKey() } }, body: { note: text } }))
      .then(async () => {
        await untilShown(async () => {
          const { items } = await data(ctx.api.GET('/v1/approvals', { params: { query: { fundId: a.fundId } } }));
          return items.find((x) => x.approvalId === a.approvalId)?.status !== 'pending';
        });
        ctx.refresh();
      })
      .catch((error: unknown) => {
        approve.disabled = false;
        reject.disabled = false;
        status.replaceChildren(errorBox(error));
      });
  };
  approve.addEventListener('click', () => decide('approve'));
  reject.addEventListener('click', () => decide('reject'));
  return h(
    'form',
    { class: 'decision', 'data-approval': a.approvalId, onsubmit: (event: Event) => event.preventDefault() },
    h('label', { for: noteId }, t('approvals.note')),
    note,
    h('div', { class: 'row' }, approve, reject),
    status,
  );
};

/** The maker sees their own request with no buttons; other roles read only. */
const actions = (a: Approval, ctx: PageContext): HTMLElement | null => {
  if (a.requested.by === ctx.session.subject) return h('p', { class: 'muted own-request' }, t('approvals.own'));
  return ctx.session.role === 'finance-bureau' ? decisionForm(a, ctx) : null;
};

/** The fund a request belongs to, or for a bureau-wide one (a policy version) the bureau itself. */
const scopeOf = (a: Approval, d: ApprovalsData): string => (a.fundId === undefined ? t('approvals.bureauWide') : (d.fundNames.get(a.fundId) ?? a.fundId));

const pendingCard = (a: Approval, d: ApprovalsData, ctx: PageContext): HTMLElement =>
  h(
    'article',
    { class: 'card approval', 'data-approval': a.approvalId, 'data-kind': a.command.name },
    h('div', { class: 'row' }, h('h3', {}, kindLabel(a)), h('span', { class: 'tag' }, scopeOf(a, d))),
    h(
      'p',
      { class: 'muted' },
      t('approvals.requested', { who: a.requested.by, at: shanghaiMinute(a.requested.at), on: a.command.occurredOn }),
      ' · ',
      reasonText(a),
    ),
    h('h4', {}, t('approvals.figures')),
    figureList(a.figures),
    actions(a, ctx),
  );

const decidedTable = (d: ApprovalsData): HTMLElement =>
  table(
    [t('approvals.kind'), t('alert.fund'), t('fund.date'), t('alert.status'), t('approvals.requester'), t('approvals.decider'), t('approvals.note')],
    d.decided.map((a) => [
      kindLabel(a),
      scopeOf(a, d),
      a.command.occurredOn,
      h('span', { 'data-status': a.status, 'data-approval': a.approvalId }, tOr(`approvals.status.${a.status}`, a.status)),
      a.requested.by,
      a.decided === undefined ? '' : `${a.decided.by} · ${shanghaiMinute(a.decided.at)}`,
      a.decided?.note ?? '',
    ]),
    { id: 'decided' },
  );

export const view = (d: ApprovalsData, ctx: PageContext): HTMLElement =>
  h(
    'div',
    { class: 'approvals' },
    h('h2', {}, t('approvals.pending', { count: d.pending.length })),
    d.pending.length === 0 ? h('p', { class: 'muted', id: 'no-pending' }, t('approvals.none')) : h('div', { id: 'pending' }, d.pending.map((a) => pendingCard(a, d, ctx))),
    section(t('approvals.decided'), d.decided.length === 0 ? h('p', { class: 'muted' }, t('approvals.noneDecided')) : decidedTable(d)),
  );
