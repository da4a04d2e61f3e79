// Examples of the API reference (index.ts explains them): Registers: the blank template and a filled-in file validated (one row valid, one with a wrong check character).
import type { OperationExample } from './operation-example';
import { POOL_MANAGER } from './senders';

export const REGISTER_EXAMPLES: OperationExample[] = [
  {
    operation: 'GET /v1/registers/templates/{kind}',
    name: 'guaranteeTemplate',
    summary: '担保业务登记簿空白模板（CSV）',
    as: POOL_MANAGER,
    params: { kind: 'guarantees' },
    query: { format: 'csv' },
    answer: {
      status: 200,
      text: '担保编号,担保机构,借款人名称,统一社会信用代码,借款人类型,所属区县,贷款银行,担保金额(元),担保费率(‰),起始日,到期日\r\n',
      contentType: 'text/csv; charset=utf-8',
    },
  },
  {
    operation: 'POST /v1/funds/{fundId}/registers/{kind}/validations',
    name: 'guaranteeRegister',
    summary: '校验填好的担保业务登记簿：一行有效，一行信用代码校验位错误',
    as: POOL_MANAGER,
    params: { fundId: 'lc-pool', kind: 'guarantees' },
    idempotencyKey: 'DJB-2024-04',
    csv: '担保编号,担保机构,借款人名称,统一社会信用代码,借款人类型,所属区县,贷款银行,担保金额(元),担保费率(‰),起始日,到期日\nDB2024-0004,聊城市融资担保有限公司,冠县某某食品有限公司,91371500MA3U4J8F3D,小型企业,冠县,冠县农村商业银行,3000000.00,8,2024-04-02,2025-04-01\nDB2024-0005,聊城市融资担保有限公司,高唐县某某纸业有限公司,91371500MA3U4J8F3E,微型企业,高唐县,中国建设银行高唐支行,1000000.00,8,2024-04-03,2025-04-02\n',
    answer: {
      status: 200,
      body: {
        fileSha256: '08607a3fc8bf0f81a267b7244bd2d7dd80e796ee3026f7a48d4666a19449c139',
        rows: [
          {
            line: 2,
            errors: [],
            request: {
              method: 'POST',
              path: '/v1/funds/lc-pool/guarantees',
              body: {
                guaranteeId: 'DB2024-0004',
                agency: '聊城市融资担保有限公司',
                borrower: { name: '冠县某某食品有限公司', creditCode: '91371500MA3U4J8F3D', category: 'small', county: 'guanxian' },
                lender: '冠县农村商业银行',
                principal: '3000000.00',
                startsOn: '2024-04-02',
                maturesOn: '2025-04-01',
                feeRateBps: 80,
              },
              idempotencyKey: 'register:guarantees:lc-pool:08607a3fc8bf0f81a267b7244bd2d7dd80e796ee3026f7a48d4666a19449c139:2',
            },
          },
          {
            line: 3,
            errors: [{ field: '统一社会信用代码', message: 'unified social credit code has a wrong check character (GB 32100-2015)' }],
          },
        ],
        summary: { total: 2, valid: 1, invalid: 1 },
      },
    },
  },
];
