// Registers (fund managers): the month's guarantee or bridge-loan register as XLSX or CSV, from the
// template offered here. The API validates every row first (each shown with its errors); on
// confirm every valid row's command is posted with the idempotency key the API derived from the
// file and row (the same file again adds nothing), with progress, then a summary of accepted and
// refused rows with the reasons. Validation and posting are client/register-import.ts, the same
// code `npm run import` runs.
import { type RegisterImport, type RegisterKind, type RegisterValidation, postValidatedRows, validateRegisterFile, registerFileMediaType } from '../../../client/register-import';
import { type Answer, data } from '../api/client';
import { t } from '../i18n/i18n';
import { errorBox, h, saveBlob, section, table } from '../ui/dom';
import type { PageContext } from './page';

const KINDS: RegisterKind[] = ['guarantees', 'bridge-loans'];

// The shared client's shape must stay what the route documents: a changed answer fails this build.
type Documented = Answer<'/v1/funds/{fundId}/registers/{kind}/validations', 'post'>;
export const asSharedValidation = (answer: Documented): RegisterValidation => answer;

export interface RegistersData {
  funds: { fundId: string; name: string }[];
}

export const load = async (ctx: PageContext): Promise<RegistersData> => {
  const { items } = await data(ctx.api.GET('/v1/funds'));
  return { funds: items.filter((f) => ctx.session.funds.includes(f.fundId)) };
};

const fileBody = async (file: File): Promise<{ bytes: Uint8Array; contentType: string }> => ({
  bytes: new Uint8Array(await file.arrayBuffer()),
  // The API detects GBK in a CSV by itself.
  contentType: registerFileMediaType(file.name),
});

// ---- view ----

const rowsTable = (validation: RegisterValidation): HTMLElement =>
  table(
    [t('registers.line'), t('registers.errors')],
    validation.rows.map((row) => [
      row.line,
      row.errors.length === 0 ? h('span', { class: 'ok' }, t('registers.ok')) : h('ul', { class: 'row-errors' }, row.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))),
    ]),
    { id: 'register-rows' },
  );

const resultView = (result: RegisterImport): HTMLElement =>
  h(
    'div',
    {},
    h('p', { class: 'summary', id: 'register-result-summary' }, t('registers.result', { accepted: result.accepted.length, refused: result.refused.length })),
    result.refused.length === 0 ? null : table([t('registers.line'), t('registers.refused')], result.refused.map((r) => [r.line, r.reason]), { id: 'register-refused' }),
  );

const importPanel = (ctx: PageContext, kind: RegisterKind, validation: RegisterValidation): HTMLElement => {
  const valid = validation.summary.valid;
  const bar = h('progress', { max: Math.max(valid, 1), value: 0, id: 'register-progress' });
  const label = h('span', {}, '');
  const result = h('div', { id: 'register-result' });
  const confirm = h('button', { class: 'primary', id: 'register-confirm', disabled: valid === 0 }, t('registers.confirm', { valid }));
  confirm.addEventListener('click', () => {
    confirm.setAttribute('disabled', '');
    postValidatedRows(validation, {
      baseUrl: location.origin,
      token: ctx.session.token,
      kind,
      onProgress: (done, total) => {
        bar.value = done;
        label.textContent = t('registers.progress', { done, total });
      },
    }).then(
      (outcome) => result.replaceChildren(resultView(outcome)),
      (error: unknown) => result.replaceChildren(errorBox(error)),
    );
  });
  return h(
    'div',
    {},
    h('p', { id: 'register-summary' }, t('registers.summary', { total: validation.summary.total, valid, invalid: validation.summary.invalid })),
    rowsTable(validation),
    h('div', { class: 'row' }, confirm, bar, label),
    result,
  );
};

export const view = (d: RegistersData, ctx: PageContext): HTMLElement => {
  if (d.funds.length === 0) return section(t('registers.title'), h('p', { class: 'muted' }, t('registers.noFunds')));
  const output = h('div', { id: 'register-output' });
  const kind = h('select', { name: 'kind', id: 'register-kind' }, KINDS.map((k) => h('option', { value: k }, t(`registers.kind.${k}`))));
  const fund = h('select', { name: 'fundId', id: 'register-fund' }, d.funds.map((f) => h('option', { value: f.fundId }, f.name)));
  const file = h('input', { type: 'file', name: 'file', accept: '.xlsx,.xls,.csv', required: true, id: 'register-file' });
  const template = (format: 'xlsx' | 'csv'): HTMLElement =>
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        id: `register-template-${format}`,
        onclick: () => {
          const chosen = kind.value as RegisterKind;
          void ctx.api.GET('/v1/registers/templates/{kind}', { params: { path: { kind: chosen }, query: { format } }, parseAs: 'blob' }).then(({ data: blob }) => {
            if (blob !== undefined) saveBlob(blob as Blob, `${chosen}-register-template.${format}`);
          });
        },
      },
      `${t('registers.template')} (${format.toUpperCase()})`,
    );
  const form = h(
    'form',
    { id: 'register-form', class: 'filters' },
    h('label', {}, t('registers.fund'), fund),
    h('label', {}, t('registers.kind'), kind),
    template('xlsx'),
    template('csv'),
    h('label', {}, t('registers.file'), file),
    h('button', { type: 'submit', class: 'primary' }, t('registers.validate')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (chosen === undefined) return;
    const registerKind = kind.value as RegisterKind;
    output.replaceChildren(h('p', { class: 'loading' }, t('app.loading')));
    fileBody(chosen)
      .then((body) => validateRegisterFile({ baseUrl: location.origin, token: ctx.session.token, fundId: fund.value, kind: registerKind, file: body }))
      .then(
        (validation) => output.replaceChildren(importPanel(ctx, registerKind, validation)),
        (error: unknown) => output.replaceChildren(errorBox(error)),
      );
  });
  return section(t('registers.title'), form, output);
};
