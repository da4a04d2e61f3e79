// The accounts worth a glance for each kind of fund besides cash (the dashboard's fund cards, the
// province's roll-up): exposure and reserves of the risk pool, loans out of the bridge fund, the
// guidance fund's investments and unfunded commitments, the subsidy budget's payables and grants.
import type { AccountCode } from './accounts';
import type { FundKind } from '../events/primitives';

export const KEY_ACCOUNTS: Readonly<Record<FundKind, readonly AccountCode[]>> = {
  'risk-pool': ['3001', '5001', '9001'],
  'bridge-fund': ['1201', '1203', '4002'],
  'guidance-fund': ['1501', '4004', '9002'],
  'subsidy-budget': ['2201', '5002'],
};
