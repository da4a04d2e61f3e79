// Wire shapes of the province's routes (issue 24 §3), declared on the routes so the OpenAPI document
// and the dashboard's generated types describe them. Each city's part reuses the city routes' own
// shapes (a fund's summary, /v1/kpis, an alert), with the city named beside it.
import * as z from 'zod';
import { signedYuan, yuan } from '../../events/money';
import { alertView } from '../store/read-models/views';
import { fundSummaryResponse, kpisResponse } from './responses';

/** Every item of the province's answers names its city: its id and its Chinese name. */
const city = { cityId: z.string(), nameZh: z.string() };
const kpiState = z.enum(['ok', 'warn', 'alert', 'no-target']);

const keyBalance = z.object({ code: z.string(), name: z.string(), nameZh: z.string(), balance: signedYuan });
const fundTotals = z.object({ funds: z.number().int(), cash: signedYuan, keyBalances: z.array(keyBalance) });

export const provinceFundsResponse = z.object({
  cities: z.array(z.object({ ...city, funds: z.array(fundSummaryResponse.extend({ keyBalances: z.array(keyBalance) })), totals: fundTotals })),
  province: fundTotals.extend({ cities: z.number().int() }),
});

const percentText = z.string();
const summed = <T extends z.ZodType>(value: T) =>
  z.object({ actual: value, target: value.nullable(), progressPercent: percentText.nullable(), citiesWithTargets: z.number().int() });

export const provinceKpisResponse = z.object({
  year: z.number().int(),
  asOf: z.string(),
  /** Each city's indicators against its own targets (the /v1/kpis answer), and its worst indicator's state. */
  cities: z.array(kpisResponse.extend({ ...city, state: kpiState })),
  province: z.object({
    cities: z.number().int(),
    /** Cities by their worst indicator's state. */
    citiesByState: z.record(kpiState, z.number().int()),
    indicators: z.object({
      newGuaranteeAmount: summed(yuan),
      inclusiveShare: z.object({ actualPercent: percentText }),
      averageFeeRate: z.object({ actualPercent: percentText }),
      compensationRate: z.object({ actualPercent: percentText }),
      bridgeUses: summed(z.number().int()).extend({ amountLent: yuan }),
      guidanceLanded: summed(yuan).extend({ leverage: z.string() }),
      newGreenFunds: summed(z.number().int()),
    }),
    subsidies: z.object({ budget: yuan, granted: yuan, pending: z.object({ count: z.number().int(), amount: yuan }), clawedBack: yuan, usedPercent: percentText }),
  }),
});

export const provinceAlertsResponse = z.object({
  items: z.array(alertView.extend(city)),
  cities: z.array(z.object({ ...city, open: z.number().int() })),
});
