// A month-end finding in the reader's language: the report stores an English sentence and, since
// 2026-12, its figures as facts; the page words the facts itself, and shows the stored sentence
// when a report predates the facts or lacks one a message needs.
import { isMessageKey, lang, translate } from '../i18n/i18n';

export interface DiscrepancyText {
  kind: string;
  detail: string;
  facts?: Record<string, string>;
}

export const discrepancyText = ({ kind, detail, facts }: DiscrepancyText): string => {
  const key = `discrepancy.detail.${kind}`;
  if (facts === undefined || !isMessageKey(key)) return detail;
  const scope = facts['scope'];
  const scopeKey = `discrepancy.scope.${scope ?? ''}`;
  const params = { ...facts, ...(scope !== undefined && isMessageKey(scopeKey) ? { scope: translate(lang(), scopeKey) } : {}) };
  const needed = [...translate(lang(), key).matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  return needed.every((name) => name in params) ? translate(lang(), key, params) : detail;
};
