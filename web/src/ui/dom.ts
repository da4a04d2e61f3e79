// A few DOM helpers so views read as the markup they build.
import { formatAmount, type Scale } from '../format/amount';
import { t } from '../i18n/i18n';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
};

/**
 * An amount from the API: the figure in its scale (exact, never rounded), the unit from the
 * catalogue, and the exact yuan in the title; data-amount keeps the API's string for tests.
 */
export const amount = (text: string, scale: Scale | 'auto' = 'yuan'): HTMLElement => {
  const formatted = formatAmount(text, scale);
  return h(
    'span',
    { class: `amount${text.startsWith('-') ? ' negative' : ''}`, 'data-amount': text, title: `${formatted.exactYuan} ${t('unit.yuan')}` },
    formatted.digits,
    h('span', { class: 'unit' }, ` ${t(`unit.${formatted.scale}`)}`),
  );
};

/** A large total: 万元/亿元 figure and, under it, the exact yuan. */
export const bigAmount = (text: string): HTMLElement => {
  const formatted = formatAmount(text, 'auto');
  return h(
    'div',
    { class: 'big-amount' },
    amount(text, formatted.scale),
    formatted.scale === 'yuan' ? null : h('div', { class: 'exact' }, `${formatted.exactYuan} ${t('unit.yuan')}`),
  );
};

export const table = (headers: string[], rows: Child[][], attrs: Attrs = {}): HTMLTableElement =>
  h('table', attrs, h('thead', {}, h('tr', {}, headers.map((header) => h('th', {}, header)))), h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));

export const section = (title: string, ...children: (Child | Child[])[]): HTMLElement => h('section', { class: 'card' }, h('h2', {}, title), ...children);

export const errorBox = (error: unknown): HTMLElement => h('div', { class: 'error', role: 'alert' }, t('app.error', { message: (error as Error).message }));

/** Saves a fetched file under its name (downloads need the bearer token, so no plain link). */
export const saveBlob = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
