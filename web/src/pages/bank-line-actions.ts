// What the bureau can do about a bank line the books do not explain (issue 19 §2), on the month-end
// page: 记账 — book it, prefilled from the line (a bank charge, booked at once, or a capital return
// to the treasury, held for a second person in 审批) — and 勾对 — mark bank lines and book entries
// as explaining each other (a charge and its refund, one line paying several entries), with a note.
// Either way the month is reconciled again and the page shows the new report.
import { data, newIdempotencyKey } from '../api/client';
import { formatDigits, fromFen, toFen } from '../format/amount';
import { t } from '../i18n/i18n';
import { errorBox, h } from '../ui/dom';
import type { PageContext } from './page';

export interface BankLine {
  lineRef?: string | undefined;
  date: string;
  amount: string;
  reference: string;
  description: string;
}
export interface BookMovement {
  streamId: string;
  version: number;
  date: string;
  amount: string;
  reference: string;
}

/** After a change: the month reconciled again, then the page loaded again. */
export type AfterChange = () => Promise<void>;

type BookKind = 'bank-charge' | 'capital-return';

/** The 记账 form for an outflow line: kind, date, amount, reference and description prefilled. */
export const bookLineForm = (fundId: string, line: BankLine, ctx: PageContext, after: AfterChange): HTMLElement => {
  const id = (name: string): string => `book-${line.lineRef ?? line.reference}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const field = (name: string, label: string, input: HTMLElement): HTMLElement => {
    input.id = id(name);
    return h('label', { for: id(name) }, label, input);
  };
  const kind = h('select', { name: 'kind' }, h('option', { value: 'bank-charge' }, t('monthEnd.book.bankCharge')), h('option', { value: 'capital-return' }, t('monthEnd.book.capitalReturn')));
  const occurredOn = h('input', { type: 'date', name: 'occurredOn', value: line.date, required: true });
  const amount = h('input', { name: 'amount', inputmode: 'decimal', value: fromFen(-toFen(line.amount)), required: true });
  const reference = h('input', { name: 'reference', value: line.reference, required: true, maxlength: 100 });
  const description = h('input', { name: 'description', value: line.description === '' ? t('monthEnd.book.chargeDefault') : line.description, maxlength: 200 });
  const status = h('div', { class: 'status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('monthEnd.book.submit'));
  const form = h(
    'form',
    { class: 'book-line filters', 'data-line': line.lineRef ?? '' },
    field('kind', t('monthEnd.book.kind'), kind),
    field('date', t('fund.date'), occurredOn),
    field('amount', t('fund.amount'), amount),
    field('reference', t('monthEnd.book.reference'), reference),
    field('description', t('monthEnd.book.description'), description),
    submit,
    status,
  );
  kind.addEventListener('change', () => {
    description.closest('label')?.toggleAttribute('hidden', kind.value === 'capital-return');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = t('app.loading');
    const path = { fundId };
    const header = { 'Idempotency-Key': newIdempotencyKey() };
    const chosen = kind.value as BookKind;
    const sent =
      chosen === 'bank-charge'
        ? data(ctx.api.POST('/v1/funds/{fundId}/bank-charges', { params: { path, header }, body: { occurredOn: occurredOn.value, amount: amount.value.trim(), reference: reference.value.trim(), description: description.value.trim() } }))
        : data(ctx.api.POST('/v1/funds/{fundId}/capital-returns', { params: { path, header }, body: { occurredOn: occurredOn.value, amount: amount.value.trim(), reference: reference.value.trim(), to: 'treasury' } }));
    sent
      .then(async () => {
        if (chosen === 'capital-return') {
          // Held for a second person: nothing is booked until it is approved in 审批.
          status.textContent = t('monthEnd.book.held');
          return;
        }
        status.textContent = t('monthEnd.book.booked');
        await after();
      })
      .catch((error: unknown) => {
        submit.disabled = false;
        status.replaceChildren(errorBox(error));
      });
  });
  return form;
};

/** A checkbox choosing a line for a manual match, labelled by what it is. */
export const matchChoice = (kind: 'bank' | 'book', value: string, label: string, amount: string): HTMLElement =>
  h('input', { type: 'checkbox', name: `match-${kind}`, value, 'data-amount': amount, 'aria-label': label });

/** Sum of the chosen boxes' amounts, in fen. */
const chosenSum = (root: HTMLElement, kind: 'bank' | 'book'): bigint =>
  [...root.querySelectorAll<HTMLInputElement>(`input[name=match-${kind}]:checked`)].reduce((sum, box) => sum + toFen(box.dataset.amount ?? '0.00'), 0n);

/**
 * The 勾对 form under a report: the bank lines and book entries ticked in its tables, their sums
 * side by side (the API refuses a match whose sides differ: 422), a note, and the button.
 */
export const matchForm = (month: string, fundId: string, card: () => HTMLElement, ctx: PageContext, after: AfterChange): HTMLElement => {
  const noteId = `match-note-${fundId}`;
  const note = h('input', { id: noteId, name: 'note', maxlength: 500, required: true });
  const sums = h('p', { class: 'match-sums', 'aria-live': 'polite' });
  const status = h('div', { class: 'status', role: 'status' });
  const submit = h('button', { type: 'submit' }, t('monthEnd.match.submit'));
  const form = h('form', { class: 'match-form filters', 'data-fund': fundId }, h('label', { for: noteId }, t('monthEnd.match.note'), note), submit, sums, status);
  const show = (): void => {
    const bank = chosenSum(card(), 'bank');
    const book = chosenSum(card(), 'book');
    sums.textContent = t('monthEnd.match.sums', { bank: formatDigits(fromFen(bank)), book: formatDigits(fromFen(book)) });
    sums.className = `match-sums ${bank === book ? 'ok' : 'error-text'}`;
  };
  // Ticks in the report's tables change the sums (the boxes live in the card, not in the form);
  // the card exists only once this form is in it, hence after this call.
  queueMicrotask(() => {
    card().addEventListener('change', show);
    show();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const bankLines = [...card().querySelectorAll<HTMLInputElement>('input[name=match-bank]:checked')].map((box) => box.value);
    const bookEntries = [...card().querySelectorAll<HTMLInputElement>('input[name=match-book]:checked')].map((box) => {
      const [streamId = '', version = '0'] = box.value.split('@');
      return { streamId, version: Number(version) };
    });
    if (bankLines.length === 0) {
      status.replaceChildren(h('p', { class: 'error-text' }, t('monthEnd.match.needBankLine')));
      return;
    }
    submit.disabled = true;
    status.textContent = t('app.loading');
    data(
      ctx.api.POST('/v1/reconciliations/{month}/funds/{fundId}/matches', {
        params: { path: { month, fundId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
        body: { matchId: `m-${newIdempotencyKey().slice(0, 8)}`, bankLines, bookEntries, note: note.value.trim() },
      }),
    )
      .then(after)
      .catch((error: unknown) => {
        submit.disabled = false;
        status.replaceChildren(errorBox(error));
      });
  });
  return form;
};

/** 撤销勾对: undoes a manual match before the month closes (the API answers 409 period-closed after), then reconciles again. */
export const undoMatchButton = (month: string, fundId: string, matchId: string, ctx: PageContext, after: AfterChange): HTMLElement => {
  const status = h('span', { class: 'status', role: 'status' });
  const button = h('button', { type: 'button', class: 'undo-match', 'data-match': matchId, 'aria-label': `${t('monthEnd.match.undo')} ${matchId}` }, t('monthEnd.match.undo'));
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = t('app.loading');
    data(ctx.api.DELETE('/v1/reconciliations/{month}/funds/{fundId}/matches/{matchId}', { params: { path: { month, fundId, matchId }, header: { 'Idempotency-Key': newIdempotencyKey() } } }))
      .then(after)
      .catch((error: unknown) => {
        button.disabled = false;
        status.replaceChildren(errorBox(error));
      });
  });
  return h('span', {}, button, status);
};
