// 年终结账 on the annual accounts page: where each fund's year stands (closed or open, the months
// still open, who asked and who approved) and, for the bureau, the button that asks to close the
// year. The request is held for a second person (one approval per fund, POST /v1/years/{year}/close
// answers 202), like every correction of the past: this form only proposes, another bureau user
// approves in 审批, and the page shows the year closed once the closing entries are posted.
import { type Answer, data, newIdempotencyKey } from '../api/client';
import { shanghaiMinute } from '../format/date-time';
import { t } from '../i18n/i18n';
import { errorBox, h, section, table } from '../ui/dom';
import type { PageContext } from './page';

export type YearStatus = Answer<'/v1/years/{year}', 'get'>;

export const loadYearStatus = (ctx: PageContext, year: number): Promise<YearStatus> =>
  data(ctx.api.GET('/v1/years/{year}', { params: { path: { year: String(year) } } }));

/** The dialog the 年终结账 button opens: the reason, then 提交审批 (held for a second person). */
const closeYearDialog = (year: number, fundIds: string[] | undefined, ctx: PageContext): HTMLDialogElement => {
  const reason = h('textarea', { id: 'year-close-reason', name: 'reason', rows: 2, maxlength: 500 }, t('yearClose.defaultReason', { year }));
  const status = h('div', { class: 'status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'year-close-submit' }, t('correction.submit'));
  const cancel = h('button', { type: 'button', id: 'year-close-cancel' }, t('monthEnd.cancel'));
  const form = h(
    'form',
    { id: 'year-close-form', method: 'dialog' },
    h('h3', { id: 'year-close-title' }, t('yearClose.confirm', { year })),
    h('p', { class: 'muted' }, t('yearClose.hint')),
    h('label', { for: 'year-close-reason' }, t('yearClose.reason'), reason),
    status,
    h('div', { class: 'row' }, cancel, submit),
  );
  const dialog = h('dialog', { id: 'year-close-dialog', 'aria-labelledby': 'year-close-title' }, form);
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = t('app.loading');
    const text = reason.value.trim();
    data(
      ctx.api.POST('/v1/years/{year}/close', {
        params: { path: { year: String(year) }, header: { 'Idempotency-Key': newIdempotencyKey() } },
        body: { ...(fundIds === undefined ? {} : { fundIds }), ...(text === '' ? {} : { reason: text }) },
      }),
    )
      .then((answer) => {
        status.replaceChildren(
          h(
            'p',
            { class: 'ok', id: 'year-close-held', 'data-approvals': answer.approvals.map((a) => a.approvalId).join(' ') },
            t('yearClose.held', { count: answer.approvals.length }),
            ' ',
            h('a', { href: '#/approvals' }, t('nav.approvals')),
          ),
        );
      })
      .catch((error: unknown) => status.replaceChildren(errorBox(error)))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return dialog;
};

/** The year's state per fund (the one shown, or all) and, for the bureau while a fund is open, 年终结账. */
export const yearClosePanel = (year: number, status: YearStatus, fund: string, ctx: PageContext): HTMLElement => {
  const funds = fund === 'all' ? status.funds : status.funds.filter((f) => f.fundId === fund);
  const open = funds.filter((f) => f.status === 'open');
  const canClose = ctx.session.role === 'finance-bureau' && open.length > 0;
  const dialog = canClose ? closeYearDialog(year, fund === 'all' ? undefined : [fund], ctx) : null;
  return h(
    'div',
    { class: 'no-print', id: 'year-close' },
    section(
      t('yearClose.title', { year }),
      table(
        [t('annual.fund'), t('alert.status'), t('yearClose.openMonths'), t('approvals.requester'), t('approvals.decider')],
        funds.map((f) => [
          f.name,
          h('span', { class: `tag ${f.status === 'closed' ? 'ok' : ''}`, 'data-fund': f.fundId, 'data-status': f.status }, t(`annual.status.${f.status === 'closed' ? 'closed' : 'draft'}`)),
          f.openMonths.length === 0 ? '—' : f.openMonths.join('、'),
          f.requestedBy ?? '',
          f.approvedBy === undefined ? '' : `${f.approvedBy}${f.closedAt === undefined ? '' : ` · ${shanghaiMinute(f.closedAt)}`}`,
        ]),
        { id: 'year-status', 'aria-label': t('yearClose.title', { year }) },
      ),
      canClose ? h('p', { class: 'muted' }, t('yearClose.needsMonths')) : null,
      canClose ? h('button', { type: 'button', class: 'danger', id: 'close-year', onclick: () => dialog?.showModal() }, t('yearClose.button')) : null,
      dialog,
    ),
  );
};
