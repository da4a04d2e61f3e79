// Read-model queries for the API and the jobs. Everything here reads the read table only; the
// projectors in functions/projectors/ keep it. Layout: docs/projections.md.
import { correctionView, type CorrectionView } from './correction-views';
import { type DynamoDBClient, GetItemCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { ACCOUNT_CODES, CASH_ACCOUNT } from '../../../domain/accounts';
import type { FundKind } from '../../../events/primitives';
import { bigintOf, fromDocument, type Item, keyOf, numberOf } from './items';
import { type ConsumerName, readKeys } from './keys';
import {
  type AccountBalance,
  type AlertView,
  alertView,
  type BridgeLoanStatus,
  type BridgeLoanView,
  bridgeLoanView,
  type CommitmentView,
  commitmentView,
  type FundView,
  fundView,
  fundViewOf,
  type GuaranteeStatus,
  type GuaranteeView,
  guaranteeView,
  type JournalLineView,
  storedJournalLine,
} from './views';
import { type ApprovalView, type ApprovalViewStatus, approvalView, type SubsidyView, type SubsidyViewStatus, subsidyView } from './grant-views';

export interface FundListItem {
  fundId: string;
  kind: FundKind;
  name: string;
  /** The day the fund's books start. */
  openedOn: string;
  /** Balance of 1001 cash at bank, fen. */
  cash: bigint;
}

export interface BalancesView {
  fundId: string;
  /** Present when the read was point in time. */
  asOf?: string;
  /** Every account of the chart, memo accounts included, in chart order; zero when never moved. */
  accounts: AccountBalance[];
}

export interface JournalQuery {
  /** Business dates, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. Opaque (base64url). */
  nextCursor?: string;
}

export interface GuaranteeFilter {
  status?: GuaranteeStatus;
  county?: string;
  category?: string;
}

export interface ReadModelQueries {
  listFunds(): Promise<FundListItem[]>;
  getFund(fundId: string): Promise<(FundView & { cash: bigint }) | undefined>;
  getBalances(fundId: string, asOf?: string): Promise<BalancesView>;
  listJournal(fundId: string, query: JournalQuery): Promise<Page<JournalLineView>>;
  getGuarantee(fundId: string, guaranteeId: string): Promise<GuaranteeView | undefined>;
  listGuarantees(fundId: string, filter?: GuaranteeFilter): Promise<GuaranteeView[]>;
  getBridgeLoan(fundId: string, loanId: string): Promise<BridgeLoanView | undefined>;
  listBridgeLoans(fundId: string, filter?: { status?: BridgeLoanStatus }): Promise<BridgeLoanView[]>;
  getCommitment(fundId: string, commitmentId: string): Promise<CommitmentView | undefined>;
  listCommitments(fundId: string): Promise<CommitmentView[]>;
  listAlerts(filter?: { fundId?: string; open?: boolean }): Promise<AlertView[]>;
  getSubsidy(fundId: string, subsidyId: string): Promise<SubsidyView | undefined>;
  listSubsidies(fundId: string, filter?: { status?: SubsidyViewStatus }): Promise<SubsidyView[]>;
  /** Approval requests of the given funds (each fund is its own partition), oldest first. */
  /** Requests of these scopes: fund ids, and BUREAU_SCOPE (domain/approval.ts) for bureau-wide ones. */
  listApprovals(scopes: readonly string[], filter?: { status?: ApprovalViewStatus }): Promise<ApprovalView[]>;
  getCorrection(fundId: string, correctionId: string): Promise<CorrectionView | undefined>;
  /** Corrections (冲正) of the fund, oldest request first. */
  listCorrections(fundId: string, filter?: { status?: CorrectionView['status'] }): Promise<CorrectionView[]>;
  /** Last version of the stream the consumer has applied; 0 when none. */
  getCursor(consumer: ConsumerName, streamId: string): Promise<number>;
}

export interface ReadModelQueriesOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** A journal cursor that was not produced by listJournal (or belongs to another fund). */
export class InvalidJournalCursor extends Error {
  override readonly name = 'InvalidJournalCursor';
  constructor() {
    super('cursor is not a cursor this journal issued');
  }
}

const journalCursor = z.object({ f: z.string(), sk: z.string().min(1).max(400) });

const encodeCursor = (fundId: string, sk: string): string => Buffer.from(JSON.stringify({ f: fundId, sk }), 'utf8').toString('base64url');

const decodeCursor = (fundId: string, text: string): string => {
  try {
    const parsed = journalCursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success && parsed.data.f === fundId) return parsed.data.sk;
  } catch {
    // fall through: any undecodable text is the same caller error
  }
  throw new InvalidJournalCursor();
};

/** '~' sorts after every character that follows a date in a sort key, so `<date>#~` closes the day. */
const endOfDay = (date: string): string => `${date}#~`;

export const createReadModelQueries = ({ client, tableName }: ReadModelQueriesOptions): ReadModelQueries => {
  const get = async (key: { PK: string; SK: string }): Promise<Item | undefined> =>
    (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }))).Item;

  /** The document at key, read through its view; undefined when there is none. */
  const getDocument = async <S extends z.ZodType>(view: S, key: { PK: string; SK: string }): Promise<z.output<S> | undefined> => {
    const item = await get(key);
    return item === undefined ? undefined : fromDocument(view, item);
  };

  /** Every item of a query, following pagination. */
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  };

  const partition = (pk: string, skPrefix?: string): Promise<Item[]> =>
    queryAll({
      KeyConditionExpression: skPrefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: pk }, ...(skPrefix === undefined ? {} : { ':prefix': { S: skPrefix } }) },
    });

  const cashOf = async (fundId: string): Promise<bigint> => {
    const item = await get(readKeys.balance(fundId, CASH_ACCOUNT));
    return bigintOf(item?.debit) - bigintOf(item?.credit);
  };

  /** Sums debit/credit per account code over items whose SK ends with the code. */
  const sumByCode = (items: Item[], codeOf: (sk: string) => string): AccountBalance[] => {
    const sums = new Map<string, { debit: bigint; credit: bigint }>();
    for (const item of items) {
      const code = codeOf(item.SK?.S ?? '');
      const sum = sums.get(code) ?? { debit: 0n, credit: 0n };
      sums.set(code, { debit: sum.debit + bigintOf(item.debit), credit: sum.credit + bigintOf(item.credit) });
    }
    return ACCOUNT_CODES.map((code) => ({ code, debit: sums.get(code)?.debit ?? 0n, credit: sums.get(code)?.credit ?? 0n }));
  };

  return {
    listFunds: async () => {
      const funds = (await partition(readKeys.fundsPartition)).map((item) => fundViewOf(fromDocument(fundView, item)));
      return Promise.all(funds.map(async (f) => ({ fundId: f.fundId, kind: f.kind, name: f.name, openedOn: f.openedOn, cash: await cashOf(f.fundId) })));
    },

    getFund: async (fundId) => {
      const item = await get(readKeys.fund(fundId));
      if (item === undefined) return undefined;
      return { ...fundViewOf(fromDocument(fundView, item)), cash: await cashOf(fundId) };
    },

    getBalances: async (fundId, asOf) => {
      if (asOf === undefined) {
        const items = await partition(readKeys.balancePartition(fundId), readKeys.balancePrefix);
        return { fundId, accounts: sumByCode(items, (sk) => sk.slice(readKeys.balancePrefix.length)) };
      }
      // Point in time: the sum of every day's movements up to and including asOf.
      const items = await queryAll({
        KeyConditionExpression: 'PK = :pk AND SK <= :to',
        ExpressionAttributeValues: { ':pk': { S: readKeys.dayPartition(fundId) }, ':to': { S: endOfDay(asOf) } },
      });
      return { fundId, asOf, accounts: sumByCode(items, (sk) => sk.slice(sk.indexOf('#') + 1)) };
    },

    listJournal: async (fundId, { from, to, limit, cursor }) => {
      const after = cursor === undefined ? undefined : decodeCursor(fundId, cursor);
      const low = from ?? '0000';
      const high = to === undefined ? '~' : endOfDay(to);
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': { S: readKeys.journalPartition(fundId) }, ':low': { S: low }, ':high': { S: high } },
          Limit: limit,
          ...(after === undefined ? {} : { ExclusiveStartKey: { PK: { S: readKeys.journalPartition(fundId) }, SK: { S: after } } }),
        }),
      );
      const items = (page.Items ?? []).map((item) => fromDocument(storedJournalLine, item));
      const last = page.LastEvaluatedKey?.SK?.S;
      return last === undefined ? { items } : { items, nextCursor: encodeCursor(fundId, last) };
    },

    getGuarantee: (fundId, guaranteeId) => getDocument(guaranteeView, readKeys.position(fundId, 'GUARANTEE', guaranteeId)),

    listGuarantees: async (fundId, filter = {}) =>
      (await partition(readKeys.positionPartition(fundId, 'GUARANTEE')))
        .map((item) => fromDocument(guaranteeView, item))
        .filter(
          (g) =>
            (filter.status === undefined || g.status === filter.status) &&
            (filter.county === undefined || g.borrower.county === filter.county) &&
            (filter.category === undefined || g.borrower.category === filter.category),
        ),

    getBridgeLoan: (fundId, loanId) => getDocument(bridgeLoanView, readKeys.position(fundId, 'LOAN', loanId)),

    listBridgeLoans: async (fundId, filter = {}) =>
      (await partition(readKeys.positionPartition(fundId, 'LOAN')))
        .map((item) => fromDocument(bridgeLoanView, item))
        .filter((loan) => filter.status === undefined || loan.status === filter.status),

    getCommitment: (fundId, commitmentId) => getDocument(commitmentView, readKeys.position(fundId, 'COMMITMENT', commitmentId)),

    listCommitments: async (fundId) =>
      (await partition(readKeys.positionPartition(fundId, 'COMMITMENT'))).map((item) => fromDocument(commitmentView, item)),

    listAlerts: async (filter = {}) =>
      (await partition(readKeys.alertsPartition))
        .map((item) => fromDocument(alertView, item))
        .filter(
          (a) =>
            (filter.fundId === undefined || a.fundId === filter.fundId) &&
            // Open means not yet resolved: an acknowledged alert is still being dealt with.
            (filter.open === undefined || (a.status !== 'resolved') === filter.open),
        ),

    getSubsidy: (fundId, subsidyId) => getDocument(subsidyView, readKeys.position(fundId, 'SUBSIDY', subsidyId)),

    listSubsidies: async (fundId, filter = {}) =>
      (await partition(readKeys.positionPartition(fundId, 'SUBSIDY')))
        .map((item) => fromDocument(subsidyView, item))
        .filter((s) => filter.status === undefined || s.status === filter.status),

    listApprovals: async (scopes, filter = {}) =>
      (await Promise.all(scopes.map((scope) => partition(readKeys.positionPartition(scope, 'APPROVAL')))))
        .flat()
        .map((item) => fromDocument(approvalView, item))
        .filter((a) => filter.status === undefined || a.status === filter.status)
        .sort((a, b) => a.requested.at.localeCompare(b.requested.at)),

    getCorrection: (fundId, correctionId) => getDocument(correctionView, readKeys.position(fundId, 'CORRECTION', correctionId)),

    listCorrections: async (fundId, filter = {}) =>
      (await partition(readKeys.positionPartition(fundId, 'CORRECTION')))
        .map((item) => fromDocument(correctionView, item))
        .filter((c) => filter.status === undefined || c.status === filter.status)
        .sort((a, b) => a.requested.at.localeCompare(b.requested.at)),

    getCursor: async (consumer, streamId) => numberOf((await get(readKeys.cursor(consumer, streamId)))?.version),
  };
};
