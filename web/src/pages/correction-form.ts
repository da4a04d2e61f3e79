// 更正 (issue 19 §1): the form a journal entry's 更正 button opens. It names the entry reversed
// (stream and version), asks the date of the reversal (an open period; the original's month may be
// closed) and the reason, and posts the correction, which always waits for a second person in 审批.
import { data, newIdempotencyKey } from '../api/client';
import { t } from '../i18n/i18n';
import { errorBox, h } from '../ui/dom';
import type { PageContext } from './page';

export interface ReversibleEntry {
  streamId: string;
  version: number;
  occurredOn: string;
  /** What the entry says (its 摘要), shown so the user knows what they reverse. */
  summary: string;
}

/** Today in Beijing, YYYY-MM-DD: the default date of a reversal. */
const todayInShanghai = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The dialog (one per page), filled for an entry each time a 更正 button opens it. */
export const correctionDialog = (fundId: string, ctx: PageContext): { dialog: HTMLDialogElement; open(entry: ReversibleEntry): void } => {
  const what = h('p', { id: 'correction-entry' });
  const correctionId = h('input', { id: 'correction-id', name: 'correctionId', required: true, pattern: '[A-Za-z0-9._\\-]{1,64}' });
  const occurredOn = h('input', { id: 'correction-date', name: 'occurredOn', type: 'date', required: true });
  const reason = h('textarea', { id: 'correction-reason', name: 'reason', required: true, rows: 3, maxlength: 1000 });
  const status = h('div', { class: 'status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'correction-submit' }, t('correction.submit'));
  const cancel = h('button', { type: 'button', id: 'correction-cancel' }, t('monthEnd.cancel'));
  const form = h(
    'form',
    { id: 'correction-form', method: 'dialog' },
    h('h3', {}, t('correction.title')),
    what,
    h('label', { for: 'correction-id' }, t('correction.id'), correctionId),
    h('label', { for: 'correction-date' }, t('correction.date'), occurredOn),
    h('label', { for: 'correction-reason' }, t('correction.reason'), reason),
    h('p', { class: 'muted' }, t('correction.hint')),
    status,
    h('div', { class: 'row' }, cancel, submit),
  );
  const dialog = h('dialog', { id: 'correction-dialog', 'aria-labelledby': 'correction-entry' }, form);
  let current: ReversibleEntry | undefined;
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (current === undefined) return;
    submit.disabled = true;
    status.textContent = t('app.loading');
    data(
      ctx.api.POST('/v1/funds/{fundId}/corrections', {
        params: { path: { fundId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
        body: { correctionId: correctionId.value.trim(), reverses: { streamId: current.streamId, version: current.version }, occurredOn: occurredOn.value, reason: reason.value.trim() },
      }),
    )
      .then((answer) => {
        const approvalId = String((answer as { approvalId?: unknown }).approvalId ?? '');
        status.replaceChildren(h('p', { class: 'ok', id: 'correction-held', 'data-approval': approvalId }, t('correction.held', { approvalId }), ' ', h('a', { href: '#/approvals' }, t('nav.approvals'))));
      })
      .catch((error: unknown) => status.replaceChildren(errorBox(error)))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return {
    dialog,
    open: (entry) => {
      current = entry;
      what.textContent = t('correction.entry', { date: entry.occurredOn, summary: entry.summary, streamId: entry.streamId, version: entry.version });
      correctionId.value = `corr-${newIdempotencyKey().slice(0, 8)}`;
      occurredOn.value = todayInShanghai();
      reason.value = '';
      status.replaceChildren();
      dialog.showModal();
      reason.focus();
    },
  };
};
