// Month end: each fund's reconciliation with its discrepancies, the bank reconciliation statement
// (余额调节表) and the unmatched lines of both sides next to each other; upload of a bank statement
// file (then the month is reconciled again); the monthly report as CSV or XLSX; closing the month
// (finance bureau, after a confirmation).
import { type Answer, ApiError, data, newIdempotencyKey } from '../api/client';
import { t, tOr } from '../i18n/i18n';
import { discrepancyText } from '../format/discrepancy';
import { shanghaiMinute } from '../format/date-time';
import { amount, errorBox, h, saveBlob, section, table } from '../ui/dom';
import { type AfterChange, bookLineForm, matchChoice, matchForm, undoMatchButton } from './bank-line-actions';
import { hashOf, type PageContext } from './page';

type Report = Answer<'/v1/reconciliations/{month}', 'get'>['funds'][number];
type Funds = Answer<'/v1/funds', 'get'>['items'];

export interface MonthEndData {
  month: string;
  funds: Funds;
  /** Undefined when the month has not been reconciled yet. */
  reports: Report[] | undefined;
}

/** The month before today's, YYYY-MM: the one month end is usually about. */
export const previousMonth = (today: Date): string => {
  const date = new Date(Date.UTC(today.getFullYear(), today.getMonth() - 1, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
};

export const load = async (ctx: PageContext): Promise<MonthEndData> => {
  const asked = ctx.query.get('month') ?? '';
  const month = /^\d{4}-\d{2}$/.test(asked) ? asked : previousMonth(new Date());
  const [funds, answer] = await Promise.all([data(ctx.api.GET('/v1/funds')), ctx.api.GET('/v1/reconciliations/{month}', { params: { path: { month } } })]);
  if (answer.response.status === 404) return { month, funds: funds.items, reports: undefined };
  if (answer.data === undefined) throw new ApiError(answer.response.status, answer.error ?? {});
  return { month, funds: funds.items, reports: answer.data.funds };
};

/** Runs the month's reconciliation and waits (bounded) until its report is there. */
const reconcile = async (ctx: PageContext, month: string): Promise<void> => {
  const started = await data(ctx.api.POST('/v1/reconciliations', { body: { month }, params: { header: { 'Idempotency-Key': newIdempotencyKey() } } }));
  if (started.status === 'completed') return;
  for (let attempt = 0; attempt < 30; attempt++) {
    const answer = await ctx.api.GET('/v1/reconciliations/{month}', { params: { path: { month } } });
    if (answer.data !== undefined && answer.data.funds.every((f) => f.runId === started.runId)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

// ---- view ----

const balanceTable = (r: Report): HTMLElement => {
  const b = r.bank.balanceReconciliation;
  if (b === null) return h('p', { class: 'muted' }, t('monthEnd.noStatement'));
  const line = (label: string, value: string): HTMLElement[] => [h('span', {}, label), amount(value)];
  return h(
    'div',
    { class: 'balance-table' },
    h('h4', {}, t('monthEnd.balanceTable'), ' · ', h('span', { class: b.balanced ? 'ok' : 'error-text' }, b.balanced ? t('monthEnd.balanced') : t('monthEnd.notBalanced'))),
    table(
      ['', t('fund.amount'), '', t('fund.amount')],
      [
        [...line(t('monthEnd.ledgerBalance'), b.ledgerBalance), ...line(t('monthEnd.statementBalance'), b.statementBalance)],
        [...line(t('monthEnd.bankReceivedNotInLedger'), b.bankReceivedNotInLedger), ...line(t('monthEnd.depositsInTransit'), b.depositsInTransit)],
        [...line(t('monthEnd.bankPaidNotInLedger'), b.bankPaidNotInLedger), ...line(t('monthEnd.paymentsInTransit'), b.paymentsInTransit)],
        [...line(t('monthEnd.adjustedLedger'), b.adjustedLedgerBalance), ...line(t('monthEnd.adjustedStatement'), b.adjustedStatementBalance)],
      ],
      { class: 'numbers reconciliation' },
    ),
  );
};

/** The bureau may book and match the lines of a report. */
const mayAct = (ctx: PageContext): boolean => ctx.session.role === 'finance-bureau';

const unmatched = (r: Report, month: string, ctx: PageContext, card: () => HTMLElement, after: AfterChange): HTMLElement => {
  const act = mayAct(ctx);
  const bookSlot = h('div', { class: 'book-slot' });
  const choose = t('monthEnd.match.choose');
  const ledgerRows = r.bank.unmatchedLedger.items.map((m) => [
    ...(act ? [matchChoice('book', `${m.streamId}@${m.version}`, `${choose} ${m.date} ${m.reference} ${m.amount}`, m.amount)] : []),
    m.date,
    m.reference,
    amount(m.amount),
  ]);
  const statementRows = r.bank.unmatchedStatement.items.map((m) => {
    const ref = m.lineRef;
    const book =
      act && ref !== undefined && m.amount.startsWith('-')
        ? h('button', { type: 'button', class: 'book-button', 'data-line': ref, onclick: () => bookSlot.replaceChildren(bookLineForm(r.fundId, m, ctx, after)) }, t('monthEnd.book'))
        : null;
    return [
      ...(act ? [ref === undefined ? '' : matchChoice('bank', ref, `${choose} ${m.date} ${m.reference} ${m.amount}`, m.amount)] : []),
      m.date,
      `${m.reference} ${m.description}`,
      amount(m.amount),
      ...(act ? [book ?? ''] : []),
    ];
  });
  const pick = act ? [t('monthEnd.match.pick')] : [];
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'two-columns' },
      h(
        'div',
        {},
        h('h4', {}, `${t('monthEnd.unmatchedLedger')} (${r.bank.unmatchedLedger.count})`),
        r.bank.unmatchedLedger.count === 0 ? null : table([...pick, t('fund.date'), t('monthEnd.reference'), t('fund.amount')], ledgerRows, { class: 'numbers unmatched-ledger' }),
      ),
      h(
        'div',
        {},
        h('h4', {}, `${t('monthEnd.unmatchedStatement')} (${r.bank.unmatchedStatement.count})`),
        r.bank.unmatchedStatement.count === 0 ? null : table([...pick, t('fund.date'), t('monthEnd.reference'), t('fund.amount'), ...(act ? [t('monthEnd.actions')] : [])], statementRows, { class: 'numbers unmatched-statement' }),
      ),
    ),
    bookSlot,
    act && r.bank.unmatchedStatement.count > 0 ? matchForm(month, r.fundId, card, ctx, after) : null,
  );
};

/** The month's manual matches: lines, amount, why, who and when; the bureau can undo one (撤销勾对). */
const manualMatches = (r: Report, month: string, ctx: PageContext, after: AfterChange): HTMLElement | null => {
  const matches = r.bank.manualMatches ?? [];
  if (matches.length === 0) return null;
  const act = mayAct(ctx);
  return h(
    'div',
    { class: 'manual-matches' },
    h('h4', {}, t('monthEnd.match.list', { count: matches.length })),
    table(
      [t('monthEnd.match.lines'), t('fund.amount'), t('monthEnd.match.note'), t('monthEnd.match.by'), ...(act ? [t('monthEnd.actions')] : [])],
      matches.map((m) => [
        `${m.bankLines.join(', ')}${m.bookEntries.length === 0 ? '' : ` ↔ ${m.bookEntries.map((e) => `${e.streamId}@${e.version}`).join(', ')}`}`,
        amount(m.amount),
        m.note,
        `${m.matchedBy} · ${shanghaiMinute(m.matchedAt)}`,
        ...(act ? [undoMatchButton(month, r.fundId, m.matchId, ctx, after)] : []),
      ]),
      { class: 'numbers manual-match-list' },
    ),
  );
};

const reportCard = (r: Report, month: string, ctx: PageContext): HTMLElement => {
  const after: AfterChange = async () => {
    await reconcile(ctx, month);
    ctx.refresh();
  };
  const card: HTMLElement = h(
    'article',
    { class: 'card report', 'data-fund': r.fundId },
    h('div', { class: 'row' }, h('h3', {}, r.name), h('span', { class: `tag ${r.clean ? 'ok' : 'bad'}`, 'data-clean': String(r.clean) }, r.clean ? t('monthEnd.clean') : t('monthEnd.discrepancies', { count: r.discrepancyCount }))),
    r.discrepancies.length === 0 ? null : h('ul', { class: 'discrepancies' }, r.discrepancies.map((d) => h('li', {}, h('strong', {}, tOr(`discrepancy.${d.kind}`, d.kind)), ' ', discrepancyText(d)))),
    r.bank.statement === null ? null : h('p', { class: 'muted' }, `${t('monthEnd.statement')}: ${r.bank.statement.lineCount} · `, t('monthEnd.opening'), ' ', amount(r.bank.statement.openingBalance), ' · ', t('monthEnd.closing'), ' ', amount(r.bank.statement.closingBalance)),
    balanceTable(r),
    unmatched(r, month, ctx, () => card, after),
    manualMatches(r, month, ctx, after),
  );
  return card;
};

const uploadForm = (d: MonthEndData, ctx: PageContext): HTMLElement => {
  const status = h('p', { class: 'status', role: 'status' });
  const form = h(
    'form',
    { id: 'statement-form', class: 'filters' },
    h('label', {}, t('monthEnd.uploadFund'), h('select', { name: 'fundId' }, d.funds.map((f) => h('option', { value: f.fundId }, f.name)))),
    h('label', {}, t('monthEnd.file'), h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,.xls,text/csv', required: true })),
    h('label', {}, t('monthEnd.opening'), h('input', { name: 'openingBalance', inputmode: 'decimal', placeholder: t('monthEnd.fromFile') })),
    h('label', {}, t('monthEnd.closing'), h('input', { name: 'closingBalance', inputmode: 'decimal', placeholder: t('monthEnd.fromFile') })),
    h('button', { type: 'submit', class: 'primary' }, t('monthEnd.uploadSubmit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const fundId = String(fields.get('fundId'));
    // The form posts as the browser sends it (multipart: the file and the text fields); balances left
    // empty are read from the file's 余额 column by the API.
    const upload = new FormData();
    upload.append('file', fields.get('file') as File);
    upload.append('month', d.month);
    for (const name of ['openingBalance', 'closingBalance']) {
      const value = String(fields.get(name) ?? '').trim();
      if (value !== '') upload.append(name, value);
    }
    void (async () => {
      try {
        status.textContent = t('app.loading');
        const recorded = await data(
          ctx.api.POST('/v1/funds/{fundId}/bank-statements', {
            params: { path: { fundId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
            body: upload as never,
            bodySerializer: (body: unknown) => body as FormData,
          }),
        );
        await reconcile(ctx, d.month);
        status.textContent = t('monthEnd.uploaded', { lines: recorded.lineCount, encoding: recorded.encoding ?? recorded.format ?? '' });
        ctx.refresh();
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    })();
  });
  return section(t('monthEnd.upload'), form, status);
};

const download = (ctx: PageContext, month: string, format: 'csv' | 'xlsx'): void => {
  void ctx.api.GET('/v1/reports/monthly/{month}', { params: { path: { month }, query: { format } }, parseAs: 'blob' }).then(({ data: blob }) => {
    if (blob !== undefined) saveBlob(blob as Blob, `fund-ledger-${month}.${format}`);
  });
};

const closeDialog = (d: MonthEndData, ctx: PageContext): HTMLDialogElement => {
  const reason = h('input', { name: 'overrideReason', placeholder: t('monthEnd.closeOverride') });
  const message = h('p', { class: 'status', role: 'status' });
  const dialog = h(
    'dialog',
    { id: 'close-dialog' },
    h('p', {}, t('monthEnd.closeConfirm', { month: d.month })),
    h('label', {}, t('monthEnd.closeOverride'), reason),
    message,
    h('div', { class: 'row' }, h('button', { id: 'close-cancel', onclick: () => dialog.close() }, t('monthEnd.cancel')), h('button', { id: 'close-confirm', class: 'danger' }, t('monthEnd.confirm'))),
  );
  dialog.querySelector('#close-confirm')?.addEventListener('click', () => {
    const body = reason.value.trim() === '' ? {} : { overrideReason: reason.value.trim() };
    ctx.api
      .POST('/v1/periods/{month}/close', { params: { path: { month: d.month }, header: { 'Idempotency-Key': newIdempotencyKey() } }, body })
      .then(({ data: closed, error }) => {
        if (closed !== undefined) message.textContent = t('monthEnd.closed', { month: d.month });
        else message.replaceChildren(errorBox(new ApiError(400, error ?? {})));
      }, (error: unknown) => message.replaceChildren(errorBox(error)));
  });
  return dialog;
};

export const view = (d: MonthEndData, ctx: PageContext): HTMLElement => {
  const monthInput = h('input', { type: 'month', name: 'month', value: d.month, id: 'month' });
  monthInput.addEventListener('change', () => ctx.navigate(hashOf('month-end', { month: monthInput.value })));
  const isBureau = ctx.session.role === 'finance-bureau';
  const dialog = closeDialog(d, ctx);
  const actions = h(
    'div',
    { class: 'row actions' },
    h('label', {}, t('monthEnd.month'), monthInput),
    isBureau ? h('button', { id: 'run-reconciliation', onclick: () => void reconcile(ctx, d.month).then(ctx.refresh) }, t('monthEnd.run')) : null,
    d.reports === undefined ? null : h('span', {}, t('monthEnd.download'), ' ', h('button', { id: 'download-csv', onclick: () => download(ctx, d.month, 'csv') }, 'CSV'), h('button', { id: 'download-xlsx', onclick: () => download(ctx, d.month, 'xlsx') }, 'XLSX')),
    isBureau && d.reports !== undefined ? h('button', { id: 'close-month', class: 'danger', onclick: () => dialog.showModal() }, t('monthEnd.close')) : null,
  );
  return h(
    'div',
    { class: 'month-end' },
    actions,
    dialog,
    d.reports === undefined ? h('p', { class: 'muted', id: 'no-report' }, t('monthEnd.noReport', { month: d.month })) : h('div', { id: 'reports' }, d.reports.map((r) => reportCard(r, d.month, ctx))),
    isBureau || ctx.session.role === 'fund-manager' ? uploadForm(d, ctx) : null,
  );
};
