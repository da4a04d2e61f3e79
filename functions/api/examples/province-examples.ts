// Examples of the API reference (index.ts explains them): the province's view (省财政厅) after the
// examples before it, which all post in liaocheng. Every answer lists the sixteen cities in the
// province's order; only the first is shown here (jinan, without data: zeros, no targets of its own
// since version 0's are Liaocheng's, no funds, no alerts), so the province's totals are liaocheng's.
import type { OperationExample } from './operation-example';
import { PROVINCE } from './senders';

export const PROVINCE_EXAMPLES: OperationExample[] = [
  {
    operation: 'GET /v1/province/kpis',
    name: 'provinceKpis',
    summary: '全省 2024 年计划指标：各市对照本市目标，全省金额与笔数合计，比率按合计重新计算',
    as: PROVINCE,
    query: { year: '2024' },
    answer: {
      status: 200,
      body: {
        year: 2024,
        asOf: '2024-12-31',
        cities: [
          {
            cityId: 'jinan',
            nameZh: '济南市',
            state: 'no-target',
            year: 2024,
            asOf: '2024-12-31',
            policyId: 'liaocheng-2024',
            targets: {
              year: 2024,
              ownTargets: false,
              policyId: null,
            },
            indicators: {
              newGuaranteeAmount: {
                target: null,
                actual: '0.00',
                progressPercent: null,
                expectedPercent: '100.00',
                alert: 'no-target',
              },
              inclusiveShare: {
                minPercent: '80.00',
                actualPercent: '0.00',
                alert: 'ok',
              },
              averageFeeRate: {
                maxPercent: '1.00',
                actualPercent: '0.00',
                alert: 'ok',
              },
              compensationRate: {
                maxPercent: '5.00',
                actualPercent: '0.00',
                alert: 'ok',
              },
              bridgeUses: {
                target: null,
                actual: 0,
                progressPercent: null,
                expectedPercent: '100.00',
                alert: 'no-target',
                amountLent: '0.00',
              },
              guidanceLanded: {
                target: null,
                actual: '0.00',
                progressPercent: null,
                expectedPercent: '100.00',
                alert: 'no-target',
                leverage: '0.00',
              },
              newGreenFunds: {
                target: null,
                actual: 0,
                progressPercent: null,
                expectedPercent: '100.00',
                alert: 'no-target',
                max: null,
              },
            },
            subsidies: {
              budget: '0.00',
              granted: '0.00',
              pending: {
                count: 0,
                amount: '0.00',
              },
              clawedBack: '0.00',
              usedPercent: '0.00',
              byProgramme: {
                'ip-pledge-interest': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                'ip-pledge-fee': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                'first-unit-premium': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                'carbon-reduction-interest': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                'startup-loan-interest': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                'guarantee-fee-subsidy': {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
                award: {
                  granted: {
                    count: 0,
                    amount: '0.00',
                  },
                  pending: {
                    count: 0,
                    amount: '0.00',
                  },
                  rejected: {
                    count: 0,
                    amount: '0.00',
                  },
                  clawedBack: {
                    count: 0,
                    amount: '0.00',
                  },
                  budget: null,
                  usedPercent: null,
                },
              },
            },
          },
        ],
        province: {
          cities: 16,
          citiesByState: {
            ok: 0,
            warn: 0,
            alert: 1,
            'no-target': 15,
          },
          indicators: {
            newGuaranteeAmount: {
              actual: '12600000.00',
              target: '5000000000.00',
              progressPercent: '0.25',
              citiesWithTargets: 1,
            },
            inclusiveShare: {
              actualPercent: '100.00',
            },
            averageFeeRate: {
              actualPercent: '0.97',
            },
            compensationRate: {
              actualPercent: '11.90',
            },
            bridgeUses: {
              actual: 1,
              target: 800,
              progressPercent: '0.13',
              citiesWithTargets: 1,
              amountLent: '8000000.00',
            },
            guidanceLanded: {
              actual: '40000000.00',
              target: '1000000000.00',
              progressPercent: '4.00',
              citiesWithTargets: 1,
              leverage: '5.00',
            },
            newGreenFunds: {
              actual: 1,
              target: 2,
              progressPercent: '50.00',
              citiesWithTargets: 1,
            },
          },
          subsidies: {
            budget: '5000000.00',
            granted: '15000.00',
            pending: {
              count: 0,
              amount: '0.00',
            },
            clawedBack: '5000.00',
            usedPercent: '0.20',
          },
        },
      },
    },
  },
  {
    operation: 'GET /v1/province/funds',
    name: 'provinceFunds',
    summary: '全省各市基金的银行存款和主要余额，各市合计与全省合计',
    as: PROVINCE,
    answer: {
      status: 200,
      body: {
        cities: [
          {
            cityId: 'jinan',
            nameZh: '济南市',
            funds: [],
            totals: {
              funds: 0,
              cash: '0.00',
              keyBalances: [
                {
                  code: '3001',
                  name: 'fiscal capital',
                  nameZh: '财政注资',
                  balance: '0.00',
                },
                {
                  code: '5001',
                  name: 'compensation expense',
                  nameZh: '代偿补偿支出',
                  balance: '0.00',
                },
                {
                  code: '9001',
                  name: 'memo: guarantees outstanding',
                  nameZh: '在保余额（备查）',
                  balance: '0.00',
                },
                {
                  code: '1201',
                  name: 'bridge loans receivable',
                  nameZh: '应收转贷款',
                  balance: '0.00',
                },
                {
                  code: '1203',
                  name: 'overdue bridge loans',
                  nameZh: '逾期转贷款',
                  balance: '0.00',
                },
                {
                  code: '4002',
                  name: 'bridge fee income',
                  nameZh: '资金占用费收入',
                  balance: '0.00',
                },
                {
                  code: '1501',
                  name: 'equity investments',
                  nameZh: '长期股权投资',
                  balance: '0.00',
                },
                {
                  code: '4004',
                  name: 'investment income',
                  nameZh: '投资收益',
                  balance: '0.00',
                },
                {
                  code: '9002',
                  name: 'memo: unfunded commitments',
                  nameZh: '未缴出资承诺（备查）',
                  balance: '0.00',
                },
                {
                  code: '2201',
                  name: 'subsidies payable',
                  nameZh: '应付补贴款',
                  balance: '0.00',
                },
                {
                  code: '5002',
                  name: 'subsidy expense',
                  nameZh: '补贴支出',
                  balance: '0.00',
                },
              ],
            },
          },
        ],
        province: {
          cities: 16,
          funds: 5,
          cash: '206005425.00',
          keyBalances: [
            {
              code: '3001',
              name: 'fiscal capital',
              nameZh: '财政注资',
              balance: '10000000.00',
            },
            {
              code: '5001',
              name: 'compensation expense',
              nameZh: '代偿补偿支出',
              balance: '150000.00',
            },
            {
              code: '9001',
              name: 'memo: guarantees outstanding',
              nameZh: '在保余额（备查）',
              balance: '5600000.00',
            },
            {
              code: '1201',
              name: 'bridge loans receivable',
              nameZh: '应收转贷款',
              balance: '0.00',
            },
            {
              code: '1203',
              name: 'overdue bridge loans',
              nameZh: '逾期转贷款',
              balance: '0.00',
            },
            {
              code: '4002',
              name: 'bridge fee income',
              nameZh: '资金占用费收入',
              balance: '8800.00',
            },
            {
              code: '1501',
              name: 'equity investments',
              nameZh: '长期股权投资',
              balance: '9000000.00',
            },
            {
              code: '4004',
              name: 'investment income',
              nameZh: '投资收益',
              balance: '120000.00',
            },
            {
              code: '9002',
              name: 'memo: unfunded commitments',
              nameZh: '未缴出资承诺（备查）',
              balance: '30000000.00',
            },
            {
              code: '2201',
              name: 'subsidies payable',
              nameZh: '应付补贴款',
              balance: '0.00',
            },
            {
              code: '5002',
              name: 'subsidy expense',
              nameZh: '补贴支出',
              balance: '0.00',
            },
          ],
        },
      },
    },
  },
  {
    operation: 'GET /v1/province/alerts',
    name: 'provinceAlerts',
    summary: '全省各市未处理的预警（每条注明所属市）及各市预警数',
    as: PROVINCE,
    answer: {
      status: 200,
      body: {
        items: [
          {
            cityId: 'liaocheng',
            nameZh: '聊城市',
            alertId: 'al-fd7193fba5744d56c435fd66',
            fundId: 'lc-pool',
            indicator: 'compensation-rate',
            level: 'breach',
            valueBps: 1190,
            thresholdBps: 500,
            raisedAt: '2026-12-07T11:20:40.601Z',
            raisedOn: '2024-03-10',
            raisedBy: {
              streamId: 'guarantee-lc-pool:DB2024-0002',
              version: 2,
            },
            status: 'open',
            kind: 'compensation-rate',
            summary: 'compensation-rate of fund lc-pool is 11.90 % on 2024-03-10: breach (threshold 5.00 %, policy liaocheng-2024)',
            cause: {
              streamId: 'guarantee-lc-pool:DB2024-0002',
              type: 'GuaranteeDefaulted',
            },
            policyId: 'liaocheng-2024',
          },
        ],
        cities: [
          {
            cityId: 'jinan',
            nameZh: '济南市',
            open: 0,
          },
        ],
      },
    },
  },
];
