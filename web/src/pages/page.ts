// What every page gets, and the shape of a page module: `load` (its data, from the API) on top,
// `view` (DOM from that data) below. The shell calls load, then view, and again on refresh.
import type { Api } from '../api/client';
import type { Session } from '../auth/session';

export interface PageContext {
  api: Api;
  session: Session;
  /** Path segments after the page name: #/fund/f1 → ['f1']. */
  args: string[];
  /** The hash's query: #/fund/f1?asOf=2024-06-30 → asOf. */
  query: URLSearchParams;
  /** Goes to another hash route (and renders it). */
  navigate(hash: string): void;
  /** Loads and renders the current page again (after an action changed its data). */
  refresh(): void;
}

export interface Page<D> {
  load(ctx: PageContext): Promise<D>;
  view(data: D, ctx: PageContext): HTMLElement;
}

/** The hash for a page and query, dropping empty values. */
export const hashOf = (path: string, query: Record<string, string | undefined> = {}): string => {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const text = search.toString();
  return `#/${path}${text === '' ? '' : `?${text}`}`;
};
