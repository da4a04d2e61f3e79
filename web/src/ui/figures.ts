// A held request's `figures` (what it would post) shown without knowing its kind: every field,
// named from the catalogue when it has a name there (else its key), values too (an event `type` by
// the event catalogue's name), amounts as amounts, rates in
// basis points as percents, nested objects as nested lists. A new kind of request shows its
// figures the day it lands, before anyone names them.
import { fromBps } from '../format/rate';
import { t, tOr } from '../i18n/i18n';
import { amount, h } from './dom';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A yuan decimal string as the API writes amounts (two decimals), so it reads as an amount. */
const AMOUNT = /^-?(0|[1-9]\d*)\.\d{2}$/;

const value = (key: string, v: Json): Node | string => {
  if (v === null) return '—';
  if (typeof v === 'string') return AMOUNT.test(v) ? amount(v) : tOr(`figure.${key}.${v}`, key === 'type' ? tOr(`eventType.${v}`, v) : v);
  if (typeof v === 'number') return /Bps$/.test(key) && Number.isInteger(v) ? `${fromBps(v, 'percent')}%` : String(v);
  if (typeof v === 'boolean') return t(v ? 'figure.yes' : 'figure.no');
  if (Array.isArray(v)) return h('ol', { class: 'figure-list' }, v.map((item) => h('li', {}, value(key, item))));
  return figureList(v);
};

export const figureList = (figures: Record<string, unknown>): HTMLElement =>
  h(
    'dl',
    { class: 'figures' },
    Object.entries(figures as Record<string, Json>).flatMap(([key, v]) => [h('dt', {}, tOr(`figure.${key}`, key)), h('dd', { 'data-figure': key }, value(key, v))]),
  );
