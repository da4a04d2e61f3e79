// The annual accounts balance for every fund of a demo-like history (issue 21 §2): several seeded
// histories over the three fund kinds, each fund's balance sheet at the start and end of 2024.
import { describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { createEventStore } from '../../functions/store/event-store';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { annualReport } from '../../functions/year-end/annual-report';
import { parseYuan } from '../../events/money';
import { useDynamoLocal } from '../support/dynamo';
import { appendHistory } from './projectors-support';

const db = useDynamoLocal();

describe('annual accounts of a demo-like history', () => {
  it('balance at the start and end of the year for every fund, and add up over all funds', async () => {
    const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    for (const seed of [1, 2, 3]) await appendHistory(store, seed, { pool: `pool-${seed}`, bridge: `bridge-${seed}`, guidance: `guide-${seed}` });
    await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    const report = await annualReport({ store, queries: createReadModelQueries({ client: db.client, tableName: db.readTableName }) }, 2024, '2025-01-10');
    const funds = report.funds as { fundId: string; balanceSheet: Record<'start' | 'end', { assets: string; liabilities: string; netAssets: string; balanced: boolean }> }[];
    expect(funds).toHaveLength(9);
    for (const f of funds) {
      for (const at of ['start', 'end'] as const) {
        const s = f.balanceSheet[at];
        expect(s.balanced, `${f.fundId} ${at}`).toBe(true);
        const fen = (t: string) => parseYuan(t, 'amount', { signed: true });
        expect(fen(s.assets), `${f.fundId} ${at}`).toBe(fen(s.liabilities) + fen(s.netAssets));
      }
    }
    expect(report).toMatchObject({ status: 'draft', statusZh: '未结账' });
  });
});
