import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/i18n/en';
import { initLang, lang, LANG_STORAGE_KEY, setLang, translate } from '../../../web/src/i18n/i18n';
import { zhCN } from '../../../web/src/i18n/zh-CN';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogues', () => {
  it('give both languages the same keys and the same parameters', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of Object.entries(zhCN)) expect([key, placeholders(en[key as keyof typeof en])]).toEqual([key, placeholders(text)]);
  });

  it("name no county but 'not stated': counties are each city's data (GET /v1/city)", () => {
    expect(Object.keys(zhCN).filter((key) => key.startsWith('county.'))).toEqual(['county.unknown']);
  });

  it('substitutes parameters and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'fund.page', { page: 3 })).toBe('第 3 页');
    expect(translate('en', 'fund.page', { page: 3 })).toBe('Page 3');
    expect(translate('en', 'fund.page')).toBe('Page {page}');
  });

  it('starts in Chinese and remembers a switch to English', () => {
    const saved = new Map<string, string>();
    const storage = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) };
    expect(initLang(storage)).toBe('zh-CN');
    setLang('en', storage);
    expect(saved.get(LANG_STORAGE_KEY)).toBe('en');
    expect(initLang(storage)).toBe('en');
    expect(lang()).toBe('en');
  });
});
