// Reads of a fund's book: balances (point in time with asOf), journal lines, stored events.
import { CHART_OF_ACCOUNTS, isAccountCode, normalBalance } from '../../../domain/accounts';
import { formatYuan } from '../../../domain/money';
import { InvalidJournalCursor } from '../../store/read-models/queries';
import { journalLineView } from '../../store/read-models/views';
import type { JsonObject } from '../../store/types';
import { notFound, validationProblem } from '../problems';
import { defineRoute, type Route } from '../route';
import { asOfQuery, eventsQuery, journalQuery } from '../schemas';
import { READERS, json, requireFund, wire } from './helpers';
import { balancesResponse, eventsResponse, journalResponse } from '../responses';
import { algorithmOf } from '../../store/hash-algorithm';


const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}';
const MONTH = '\\d{4}-(0[1-9]|1[0-2])';

/** Stream ids of docs/design-notes.md that belong to `fundId` (ids never contain ':'). */
export const isStreamOfFund = (streamId: string, fundId: string): boolean => {
  const tail = (prefix: string): string | undefined => (streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined);
  if (streamId === `fund-${fundId}`) return true;
  for (const kind of ['guarantee', 'bridge-loan', 'commitment']) {
    const rest = tail(`${kind}-${fundId}:`);
    if (rest !== undefined && new RegExp(`^${ID}$`).test(rest)) return true;
  }
  for (const kind of ['period', 'statement', 'match']) {
    const rest = tail(`${kind}-${fundId}-`);
    if (rest !== undefined && new RegExp(`^${MONTH}$`).test(rest)) return true;
  }
  return false;
};

export const bookRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/balances',
    summary: 'Account balances (trial balance; memo accounts listed but not totalled)',
    tag: 'books',
    roles: READERS,
    successStatus: 200,
    response: balancesResponse,
    query: asOfQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const view = await req.deps.queries.getBalances(fundId, req.query.asOf);
      let debit = 0n;
      let credit = 0n;
      const accounts = view.accounts.map((a) => {
        const account = isAccountCode(a.code) ? CHART_OF_ACCOUNTS[a.code] : undefined;
        // Memo accounts track exposure one-sidedly; the trial balance leaves them out (DESIGN §5).
        if (account?.memo !== true) {
          debit += a.debit;
          credit += a.credit;
        }
        const balance = normalBalance(a.code, a.debit, a.credit);
        return {
          code: a.code,
          name: account?.nameEn ?? a.code,
          nameZh: account?.nameZh ?? a.code,
          memo: account?.memo ?? false,
          debit: formatYuan(a.debit),
          credit: formatYuan(a.credit),
          balance: formatYuan(balance),
        };
      });
      return json({ fundId, asOf: req.query.asOf ?? null, accounts, totals: { debit: formatYuan(debit), credit: formatYuan(credit) } });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/journal',
    summary: 'Journal lines by business date, paginated with an opaque cursor',
    tag: 'books',
    roles: READERS,
    successStatus: 200,
    response: journalResponse,
    query: journalQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      try {
        const page = await req.deps.queries.listJournal(fundId, {
          limit: req.query.limit ?? 100,
          ...(req.query.from === undefined ? {} : { from: req.query.from }),
          ...(req.query.to === undefined ? {} : { to: req.query.to }),
          ...(req.query.cursor === undefined ? {} : { cursor: req.query.cursor }),
        });
        return json({ items: page.items.map((line) => wire(journalLineView, line)), nextCursor: page.nextCursor ?? null });
      } catch (error) {
        if (error instanceof InvalidJournalCursor) throw validationProblem([{ field: 'query.cursor', message: error.message }]);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/events',
    summary: 'Stored events of the fund stream (or another stream of this fund) with version and hash',
    tag: 'books',
    roles: READERS,
    successStatus: 200,
    response: eventsResponse,
    query: eventsQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const streamId = req.query.stream ?? `fund-${fundId}`;
      // Only this fund's streams: a manager must not read another fund's records by naming them.
      const owned = isStreamOfFund(streamId, fundId);
      if (!owned) throw validationProblem([{ field: 'query.stream', message: `must be a stream of fund ${fundId}` }]);
      const from = req.query.from ?? 1;
      const limit = req.query.limit ?? 500;
      const head = await req.deps.store.readHead(streamId);
      if (head === undefined) throw notFound(`No stream ${streamId}`);
      const events = await req.deps.store.readStream(streamId, { fromVersion: from, toVersion: from + limit - 1 });
      const last = from + limit - 1;
      return json({
        streamId,
        version: head.version,
        nextFrom: head.version > last ? last + 1 : null,
        items: events.map((e): JsonObject => ({
          streamId: e.streamId,
          version: e.version,
          type: e.type,
          schemaVersion: e.schemaVersion,
          occurredOn: e.occurredOn,
          recordedAt: e.recordedAt,
          data: e.data,
          meta: { ...e.meta },
          voucherNo: e.voucherNo ?? null,
          hashAlgorithm: algorithmOf(e),
          prevHash: e.prevHash,
          hash: e.hash,
        })),
      });
    },
  }),
];
