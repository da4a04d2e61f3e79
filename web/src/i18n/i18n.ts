// The current language (zh-CN unless the user switched; the choice is kept in localStorage) and
// message lookup with {parameter} substitution.
import { en } from './en';
import { type MessageKey, zhCN } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey } from './zh-CN';

export const LANG_STORAGE_KEY = 'fund-ledger.lang';
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

let current: Lang = 'zh-CN';

/** The part of localStorage used here (so the unit tests, in Node, can pass a Map-backed one). */
export interface LangStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const initLang = (storage: Pick<LangStorage, 'getItem'>): Lang => {
  current = storage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  return current;
};

export const lang = (): Lang => current;

export const setLang = (next: Lang, storage: Pick<LangStorage, 'setItem'>): void => {
  current = next;
  storage.setItem(LANG_STORAGE_KEY, next);
};

/** The message in the current language; {name} is replaced by params.name. */
export const translate = (language: Lang, key: MessageKey, params: Record<string, string | number> = {}): string =>
  CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(current, key, params);

/** Whether a key built at run time (from an API value) names a message. */
export const isMessageKey = (key: string): key is MessageKey => key in zhCN;

/** A key built from an API value (a county slug, a status); the value itself when unknown. */
export const tOr = (key: string, fallback: string): string => (isMessageKey(key) ? t(key) : fallback);
