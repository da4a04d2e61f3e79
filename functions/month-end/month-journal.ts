// The month's journal lines of each fund, read from the journal read model for the monthly report's
// 明细账 and journal rows (every page: a month's journal is not capped like the stored report).
import type { ReadModelQueries } from '../store/read-models/queries';
import type { JournalLineView } from '../store/read-models/views';
import { lastDayOf } from './reconcile';

/** Journal lines of the month by fund id; a fund absent from the map has none. */
export type MonthJournal = ReadonlyMap<string, readonly JournalLineView[]>;

export const NO_JOURNAL: MonthJournal = new Map();

const PAGE = 1000;

export const readMonthJournal = async (queries: Pick<ReadModelQueries, 'listJournal'>, fundIds: readonly string[], month: string): Promise<MonthJournal> => {
  const entries = await Promise.all(
    fundIds.map(async (fundId) => {
      const lines: JournalLineView[] = [];
      let cursor: string | undefined;
      do {
        const page = await queries.listJournal(fundId, { from: `${month}-01`, to: lastDayOf(month), limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
        lines.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return [fundId, lines] as const;
    }),
  );
  return new Map(entries);
};
