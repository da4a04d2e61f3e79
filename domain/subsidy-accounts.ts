import type { Programme } from '../events/subsidy-events';
import type { AccountCode } from './accounts';

/** Each programme's detail account under 5002 补贴支出 (docs/domain.md, postings). */
export const PROGRAMME_EXPENSE_ACCOUNT: Readonly<Record<Programme, AccountCode>> = {
  'ip-pledge-interest': '500201',
  'ip-pledge-fee': '500202',
  'first-unit-premium': '500203',
  'carbon-reduction-interest': '500204',
  'startup-loan-interest': '500205',
  'guarantee-fee-subsidy': '500206',
  award: '500207',
};
