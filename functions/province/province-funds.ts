// GET /v1/province/funds: every city's funds with cash and key balances (domain/key-accounts.ts),
// each city's totals, and the province's. A city without funds is listed with an empty list and
// zero totals, so the province always shows its sixteen cities.
import { CHART_OF_ACCOUNTS, normalBalance, type AccountCode } from '../../domain/accounts';
import { KEY_ACCOUNTS } from '../../domain/key-accounts';
import { formatYuan } from '../../domain/money';
import { FUND_KINDS } from '../../events/primitives';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { JsonObject } from '../store/types';
import { eachCity } from './each-city';

/** Every key account of every kind, once, in the kinds' order: the totals' rows. */
const TOTALLED: readonly AccountCode[] = [...new Set(FUND_KINDS.flatMap((kind) => KEY_ACCOUNTS[kind]))];

interface Totals {
  funds: number;
  cash: bigint;
  balances: Map<AccountCode, bigint>;
}

const emptyTotals = (): Totals => ({ funds: 0, cash: 0n, balances: new Map(TOTALLED.map((code) => [code, 0n])) });

const addInto = (into: Totals, from: Totals): void => {
  into.funds += from.funds;
  into.cash += from.cash;
  for (const [code, balance] of from.balances) into.balances.set(code, (into.balances.get(code) ?? 0n) + balance);
};

const balanceRow = (code: AccountCode, balance: bigint): JsonObject => ({
  code,
  name: CHART_OF_ACCOUNTS[code].nameEn,
  nameZh: CHART_OF_ACCOUNTS[code].nameZh,
  balance: formatYuan(balance),
});

const totalsJson = (t: Totals): JsonObject => ({
  funds: t.funds,
  cash: formatYuan(t.cash),
  keyBalances: TOTALLED.map((code) => balanceRow(code, t.balances.get(code) ?? 0n)),
});

/** One city's funds (read inside its scope): each fund's cash and key balances, and their totals. */
const cityFunds = async (queries: Pick<ReadModelQueries, 'listFunds' | 'getBalances'>): Promise<{ funds: JsonObject[]; totals: Totals }> => {
  const totals = emptyTotals();
  const funds = await Promise.all(
    (await queries.listFunds()).map(async (fund) => {
      const { accounts } = await queries.getBalances(fund.fundId);
      const keys = KEY_ACCOUNTS[fund.kind].map((code) => {
        const account = accounts.find((a) => a.code === code);
        return { code, balance: normalBalance(code, account?.debit ?? 0n, account?.credit ?? 0n) };
      });
      totals.funds += 1;
      totals.cash += fund.cash;
      for (const { code, balance } of keys) totals.balances.set(code, (totals.balances.get(code) ?? 0n) + balance);
      return {
        fundId: fund.fundId,
        kind: fund.kind,
        name: fund.name,
        openedOn: fund.openedOn,
        cash: formatYuan(fund.cash),
        keyBalances: keys.map(({ code, balance }) => balanceRow(code, balance)),
      };
    }),
  );
  return { funds, totals };
};

export const provinceFunds = async (queries: Pick<ReadModelQueries, 'listFunds' | 'getBalances'>): Promise<JsonObject> => {
  const cities = await eachCity(() => cityFunds(queries));
  const province = emptyTotals();
  for (const { value } of cities) addInto(province, value.totals);
  return {
    cities: cities.map(({ cityId, nameZh, value }) => ({ cityId, nameZh, funds: value.funds, totals: totalsJson(value.totals) })),
    province: { cities: cities.length, ...totalsJson(province) },
  };
};
