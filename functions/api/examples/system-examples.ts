// Examples of the API reference (index.ts explains them): Liveness and this document.
import { countiesOf } from '../../../events/city-counties';
import type { OperationExample } from './operation-example';
import { BUREAU } from './senders';

export const SYSTEM_EXAMPLES: OperationExample[] = [
  { operation: 'GET /health', name: 'health', summary: '存活检查（无需令牌）', answer: { status: 200, body: { status: 'ok' } } },
  {
    operation: 'GET /v1/openapi.json',
    name: 'document',
    summary: '本文档（无需令牌）',
    answer: {
      status: 200,
      body: {
        openapi: '3.1.0',
        info: {
          title: 'fund-ledger API',
          version: '1',
          description: 'Books of the risk pool, bridge fund, guidance funds and subsidy budget. Amounts are yuan decimal strings; dates YYYY-MM-DD (Asia/Shanghai). Every POST takes an Idempotency-Key: repeat it to retry the same request safely. Authorize with a bearer token: on the local stack `npm run -s token -- finance-bureau` (or `fund-manager <fundId…>`, `auditor`) prints one; in the cloud, the Cognito sign-in gives one.',
        },
        servers: [{ url: '/' }],
        security: [{ bearer: [] }],
        paths: {
          '/health': {
            get: {
              operationId: 'getHealth',
              summary: 'Liveness',
              tags: ['system'],
              security: [],
              parameters: [],
              responses: {
                '200': { description: 'Success', content: { 'application/json': { schema: {} } } },
                '503': {
                  description: 'The store could not be reached; retry after Retry-After seconds (a POST with the same Idempotency-Key)',
                  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
                },
              },
            },
          },
        },
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: 'Local stack: `npm run -s token -- <role>`; cloud: a Cognito token',
            },
          },
          schemas: {},
        },
      },
      compare: 'top',
    },
  },
  {
    operation: 'GET /v1/city',
    name: 'city',
    summary: '本市及其县（市、区）和功能区：代码与名称',
    as: BUREAU,
    answer: {
      status: 200,
      body: {
        cityId: 'liaocheng',
        name: '聊城市',
        nameEn: 'Liaocheng',
        // Liaocheng's eleven as the route answers them (events/city-counties.ts holds the names once).
        counties: countiesOf('liaocheng').map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn })),
      },
    },
  },
];
