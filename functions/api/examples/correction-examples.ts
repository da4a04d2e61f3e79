// Examples of the API reference (index.ts explains them): Corrections (冲正) of a mistyped guarantee.
import type { OperationExample } from './operation-example';
import { AUDITOR, BUREAU } from './senders';

export const CORRECTION_EXAMPLES: OperationExample[] = [
  {
    operation: 'POST /v1/funds/{fundId}/corrections',
    name: 'reverseGuarantee',
    summary: '冲正误录的担保（红字冲销），待第二人审批',
    as: BUREAU,
    params: { fundId: 'lc-pool' },
    idempotencyKey: 'CZ-2024-001',
    body: {
      correctionId: 'CZ-2024-001',
      reverses: { streamId: 'guarantee-lc-pool:DB2024-0003', version: 1 },
      occurredOn: '2024-03-07',
      reason: '本金 560,000.00 误录为 5,600,000.00',
    },
    answer: {
      status: 202,
      body: {
        approvalId: 'e7a577b9-824f-4bfa-ba65-c8749fa72400',
        status: 'pending-approval',
        reason: '本金 560,000.00 误录为 5,600,000.00',
        fundId: 'lc-pool',
        correctionId: 'CZ-2024-001',
        kind: 'guarantee',
        reverses: { streamId: 'guarantee-lc-pool:DB2024-0003', version: 1 },
        entry: [
          {
            streamId: 'guarantee-lc-pool:DB2024-0003',
            version: 1,
            type: 'GuaranteeIssued',
            occurredOn: '2024-03-06',
            recordedAt: '2026-12-07T05:44:09.690Z',
            voucherNo: '记-2024-03-0002',
          },
        ],
        occurredOn: '2024-03-07',
        lines: [
          {
            streamId: 'guarantee-lc-pool:DB2024-0003',
            reversesVersion: 1,
            account: '9001',
            side: 'debit',
            amount: '-5600000.00',
          },
        ],
        policyId: 'liaocheng-2024',
      },
    },
  },
  {
    operation: 'GET /v1/funds/{fundId}/corrections',
    name: 'corrections',
    summary: '冲正申请',
    as: BUREAU,
    params: { fundId: 'lc-pool' },
    answer: {
      status: 200,
      body: {
        items: [
          {
            fundId: 'lc-pool',
            correctionId: 'CZ-2024-001',
            approvalId: 'e7a577b9-824f-4bfa-ba65-c8749fa72400',
            status: 'pending',
            reverses: { streamId: 'guarantee-lc-pool:DB2024-0003', version: 1 },
            entry: [
              {
                streamId: 'guarantee-lc-pool:DB2024-0003',
                version: 1,
                type: 'GuaranteeIssued',
                occurredOn: '2024-03-06',
                recordedAt: '2026-12-07T05:44:09.690Z',
                voucherNo: '记-2024-03-0002',
              },
            ],
            occurredOn: '2024-03-07',
            reason: '本金 560,000.00 误录为 5,600,000.00',
            lines: [
              {
                account: '9001',
                side: 'debit',
                amount: '-5600000.00',
                streamId: 'guarantee-lc-pool:DB2024-0003',
                reversesVersion: 1,
              },
            ],
            requested: { by: 'zhang.wei', at: '2026-12-07T05:44:12.474Z' },
            version: 1,
          },
        ],
      },
    },
  },
  {
    operation: 'GET /v1/funds/{fundId}/corrections/{correctionId}',
    name: 'correction',
    summary: '一笔冲正',
    as: AUDITOR,
    params: { fundId: 'lc-pool', correctionId: 'CZ-2024-001' },
    answer: {
      status: 200,
      body: {
        fundId: 'lc-pool',
        correctionId: 'CZ-2024-001',
        approvalId: 'e7a577b9-824f-4bfa-ba65-c8749fa72400',
        status: 'pending',
        reverses: { streamId: 'guarantee-lc-pool:DB2024-0003', version: 1 },
        entry: [
          {
            streamId: 'guarantee-lc-pool:DB2024-0003',
            version: 1,
            type: 'GuaranteeIssued',
            occurredOn: '2024-03-06',
            recordedAt: '2026-12-07T05:44:09.690Z',
            voucherNo: '记-2024-03-0002',
          },
        ],
        occurredOn: '2024-03-07',
        reason: '本金 560,000.00 误录为 5,600,000.00',
        lines: [
          {
            account: '9001',
            side: 'debit',
            amount: '-5600000.00',
            streamId: 'guarantee-lc-pool:DB2024-0003',
            reversesVersion: 1,
          },
        ],
        requested: { by: 'zhang.wei', at: '2026-12-07T05:44:12.474Z' },
        version: 1,
      },
    },
  },
];
