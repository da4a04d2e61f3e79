// Who sends the examples: a token's role, funds and person. Two bureau people, because whatever
// moves money out, changes a rule or corrects the past is approved by someone other than its maker.
export const BUREAU = { role: 'finance-bureau', person: 'zhang.wei' } as const;
export const CHECKER = { role: 'finance-bureau', person: 'chen.jing' } as const;
export const AUDITOR = { role: 'auditor', person: 'liu.yang' } as const;
export const POOL_MANAGER = { role: 'fund-manager', funds: ['lc-pool'], person: 'li.na' } as const;
export const BRIDGE_MANAGER = { role: 'fund-manager', funds: ['lc-bridge'], person: 'wang.qiang' } as const;
export const GUIDE_MANAGER = { role: 'fund-manager', funds: ['lc-guide'], person: 'zhao.min' } as const;
export const SUBSIDY_MANAGER = { role: 'fund-manager', funds: ['lc-subsidy'], person: 'sun.li' } as const;
/** The province's finance department (省财政厅): reads every city, writes nothing. */
export const PROVINCE = { role: 'province', person: 'sun.hua' } as const;
