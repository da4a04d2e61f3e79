// On-demand list prices used by bench/cost, in one place so another region's can be entered.
// us-east-1 (N. Virginia), USD, as published on the AWS pricing pages (DynamoDB on-demand after
// its 2024-11-01 reduction); this machine has no access to the live pages, so re-check before
// quoting. The Asia regions cost more (ap-east-1 roughly 10–30 % above us-east-1; cn-north-1 is
// priced in CNY by Sinnet, e.g. DynamoDB on-demand writes ¥11.1538 per million).

export const PRICES = {
  region: 'us-east-1',
  date: 'list prices as published 2025 (checked against the pricing pages 2026-12-02 where reachable)',
  /** per write / read request unit */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** arm64 (the stack's architecture), per GB-second */
  lambdaGbSecond: 0.0000133334,
  apiGatewayHttpRequest: 1.0 / 1e6,
  /** custom event on a bus, per 64 KB chunk */
  eventBridgeEvent: 1.0 / 1e6,
  /** Pipes request (after filtering), per 64 KB chunk */
  pipesRequest: 0.4 / 1e6,
  sqsRequest: 0.4 / 1e6,
} as const;

/**
 * Ningxia (cn-northwest-1, NWCD), CNY: DynamoDB on-demand writes as amazonaws.cn publishes them
 * (https://www.amazonaws.cn/en/dynamodb/pricing/, the same in Beijing). The on-demand read price
 * could not be read here: estimated at a fifth of the write price, the ratio of both the China
 * regions' provisioned prices (¥0.058 per 10 WCU-hours, per 50 RCU-hours) and us-east-1's on-demand.
 */
export const NINGXIA_DYNAMODB = {
  writeUnitCny: 11.1538 / 1e6,
  readUnitCnyEstimate: 11.1538 / 5 / 1e6,
} as const;

/** Memory of the functions (infra/constructs): the API 1024 MB, the consumers the default 512 MB. */
const API_GB = 1;
const CONSUMER_GB = 0.5;

export interface CommandCounts {
  /** Time the API took to answer (ms), as billed Lambda duration. */
  apiMs: number;
  /** Time inside the consumers' handlers (ms), all batches. */
  flowMs: number;
  apiDynamoRequests: number;
  flowDynamoRequests: number;
  writeUnits: number;
  readUnits: number;
  apiWriteUnits: number;
  events: number;
  messages: number;
  batches: number;
}

/** What `c` costs; `apiRequests` HTTP requests (and API invocations) carried it (one per command). */
export const costPerCommand = (c: CommandCounts, apiRequests = 1): { item: string; usd: number }[] => [
  { item: 'API Gateway', usd: apiRequests * PRICES.apiGatewayHttpRequest },
  { item: 'Lambda requests', usd: (apiRequests + c.batches) * PRICES.lambdaRequest },
  { item: 'Lambda duration', usd: ((c.apiMs / 1000) * API_GB + (c.flowMs / 1000) * CONSUMER_GB) * PRICES.lambdaGbSecond },
  { item: 'DynamoDB writes', usd: c.writeUnits * PRICES.dynamoWriteUnit },
  { item: 'DynamoDB reads', usd: c.readUnits * PRICES.dynamoReadUnit },
  { item: 'Pipes', usd: c.events * PRICES.pipesRequest },
  { item: 'EventBridge', usd: c.events * PRICES.eventBridgeEvent },
  // EventBridge's SendMessage per message; per batch the event source's ReceiveMessage and DeleteMessageBatch.
  { item: 'SQS', usd: (c.messages + 2 * c.batches) * PRICES.sqsRequest },
];

/** The plan's targets (no demo year yet): ~2,000 guarantees and 800 bridge uses a year, each with its follow-on. */
export const LIAOCHENG_YEAR = [
  { kind: 'issue guarantee', perYear: 2000 },
  { kind: 'release guarantee', perYear: 2000 },
  { kind: 'grant bridge loan', perYear: 800 },
  { kind: 'repay bridge loan', perYear: 800 },
  { kind: 'capital injection', perYear: 12 },
] as const;

export const monthlyCost = (perKind: Map<string, CommandCounts>): { total: number; byItem: { item: string; usd: number }[] } => {
  const byItem = new Map<string, number>();
  for (const { kind, perYear } of LIAOCHENG_YEAR) {
    const counts = perKind.get(kind);
    if (counts === undefined) continue;
    for (const { item, usd } of costPerCommand(counts)) byItem.set(item, (byItem.get(item) ?? 0) + (usd * perYear) / 12);
  }
  const items = [...byItem].map(([item, usd]) => ({ item, usd })).sort((a, b) => b.usd - a.usd);
  return { total: items.reduce((a, i) => a + i.usd, 0), byItem: items };
};
