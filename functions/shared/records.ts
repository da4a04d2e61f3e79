// Where the books' permanent records go, and how long the law keeps them (docs/retention.md).
// 会计档案管理办法 (2015, 财政部 国家档案局令第79号) 第十四条 and its annex: accounting vouchers and
// ledgers 30 years; monthly/quarterly reports, bank statements and bank reconciliation statements
// (银行存款余额调节表) 10 years; annual reports permanently. Periods count from the first day after
// the end of the accounting year the record belongs to.

/** Environment variables through which the seal and archive jobs learn their storage. */
export const RECORDS_ENV = {
  /** S3 bucket (Object Lock) of the daily seals; absent locally. */
  sealBucket: 'SEAL_BUCKET_NAME',
  /** S3 bucket (Object Lock) of the monthly archives; absent locally. */
  archiveBucket: 'ARCHIVE_BUCKET_NAME',
  /** Local data directory: seals in <DATA_DIR>/seals/, archives in <DATA_DIR>/archive/. */
  dataDir: 'DATA_DIR',
} as const;

export const DEFAULT_DATA_DIR = '.data';

export const RETENTION_CLASSES = {
  /** 会计凭证, 会计账簿 (the events are the vouchers; the journal is the ledger). */
  ledger: { years: 30, zh: '会计凭证、会计账簿', what: 'events (vouchers and ledger entries)' },
  /** 月度财务会计报告, 银行对账单, 银行存款余额调节表. */
  monthly: { years: 10, zh: '月度报告、银行对账单、余额调节表', what: 'bank statements, reconciliation reports, the monthly 台账' },
  /** 年度财务会计报告: permanently (an S3 legal hold, which has no end date). */
  annual: { years: 'permanent', zh: '年度财务会计报告', what: 'annual reports' },
} as const;

export type RetentionClass = keyof typeof RETENTION_CLASSES;

/** The bucket-wide minimum every archived or sealed object gets (Object Lock default retention). */
export const MINIMUM_RETENTION_YEARS = 10;

/** The retain-until date of a record of `year` in a class: N years after the end of that year. */
export const retainUntil = (retention: RetentionClass, year: number): Date | 'permanent' => {
  const years = RETENTION_CLASSES[retention].years;
  return years === 'permanent' ? 'permanent' : new Date(Date.UTC(year + 1 + years, 0, 1));
};
