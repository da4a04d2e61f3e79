// `npm run bench -- annual-report`: run time of the annual accounts (GET /v1/reports/annual/{year}'s
// work: every month of the year read from the month index, each fund's statements and business,
// the plan's indicators) on DynamoDB Local, for a year of ANNUAL_BENCH_EVENTS events (default
// 20,000, about a demo year) over 10 funds, seeded into one month by the month-end bench's seeder.
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { createEventStore } from '../functions/store/event-store';
import { createReadModelQueries } from '../functions/store/read-models/queries';
import { annualReport } from '../functions/year-end/annual-report';
import { annualReportXlsx } from '../functions/year-end/annual-files';
import { seedMonth } from './month-end';

export default async function bench(): Promise<void> {
  const size = Number(process.env.ANNUAL_BENCH_EVENTS ?? '20000');
  const dynamo = await startDynamoLocal({});
  const client = createDynamoClient(dynamo.endpoint);
  try {
    const tables = await createTables(client, { eventsTableName: 'bench-annual-events', readTableName: 'bench-annual-read' });
    await seedMonth(client, tables, '2026-06', size);
    const store = createEventStore({ client, tableName: tables.eventsTableName });
    const queries = createReadModelQueries({ client, tableName: tables.readTableName });
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const report = await annualReport({ store, queries }, 2026, '2027-01-10');
      await annualReportXlsx(report);
      runs.push(performance.now() - start);
    }
    const best = Math.min(...runs);
    console.log(`annual report 2026, ${size} events over 10 funds (JSON + XLSX): best of 3 ${Math.round(best)} ms, runs ${runs.map((r) => Math.round(r)).join(' / ')} ms`);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
