// A few DOM helpers so views read as the markup they build.
import { type FormattedAmount, formatAmount, headlineAmount, type Scale } from '../format/amount';
import { lang, t } from '../i18n/i18n';

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

const unitSpan = (scale: Scale): HTMLElement => h('span', { class: 'unit' }, t(`unit.${scale}`));

/**
 * An amount from the API in a scale (yuan by default: tables keep 元 to the fen), exact, never
 * rounded; the unit from the catalogue (English puts CNY before the figure), the exact yuan in
 * the title; data-amount keeps the API's string for tests.
 */
export const amount = (text: string, scale: Scale = 'yuan'): HTMLElement => figure(text, formatAmount(text, scale));

/** The exact yuan as words: "1,234.56 元", "CNY 1,234.56". */
const exactText = (formatted: FormattedAmount): string => `${t('unit.prefix')}${formatted.exactYuan} ${t('unit.yuan')}`.trim();

const figure = (text: string, formatted: FormattedAmount): HTMLElement => {
  const exact = exactText(formatted);
  return h(
    'span',
    {
      class: `amount${text.startsWith('-') ? ' negative' : ''}`,
      'data-amount': text,
      title: exact,
      // A rounded headline is read out with its exact amount too (the title is not reliably read).
      'aria-label': formatted.rounded ? t('amount.rounded', { figure: `${t('unit.prefix')}${formatted.digits} ${t(`unit.${formatted.scale}`)}`.trim(), exact }) : undefined,
    },
    t('unit.prefix') === '' ? null : h('span', { class: 'unit' }, t('unit.prefix')),
    formatted.digits,
    t(`unit.${formatted.scale}`) === '' ? null : [' ', unitSpan(formatted.scale)],
  );
};

/** A headline figure inline: 亿元/万元 (CNY m/k) with two decimals, the exact yuan on hover. */
export const headline = (text: string): HTMLElement => figure(text, headlineAmount(text, lang()));

/** A large total: the headline figure and, under it, the exact yuan. */
export const bigAmount = (text: string): HTMLElement => {
  const formatted = headlineAmount(text, lang());
  return h(
    'div',
    { class: 'big-amount' },
    figure(text, formatted),
    formatted.scale === 'yuan' ? null : h('div', { class: 'exact' }, exactText(formatted)),
  );
};

/**
 * A wide table scrolls sideways inside its own box on a narrow screen (the page never does). The
 * box joins the tab order only while it actually overflows, so a keyboard can scroll it too.
 */
const overflowWatch = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver((entries) => {
  for (const { target } of entries) {
    if (target.scrollWidth > target.clientWidth) target.setAttribute('tabindex', '0');
    else target.removeAttribute('tabindex');
  }
});

export const table = (headers: string[], rows: Child[][], attrs: Attrs = {}): HTMLElement => {
  const box = h(
    'div',
    { class: 'table-scroll' },
    h('table', attrs, h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))), h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell)))))),
  );
  overflowWatch?.observe(box);
  return box;
};

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
