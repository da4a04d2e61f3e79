import { describe, expect, it } from 'vitest';
import { journalSummary, subjectNameOf, subjectStreamOf } from '../../../domain/journal-summary';
import { formatVoucherNo, parseVoucherNo, postsJournalLines } from '../../../domain/voucher';
import { postingsFor } from '../../../domain/posting-rules';
import { EVENT_TYPES, type DomainEvent } from '../../../events/registry';
import { SAMPLE_EVENTS } from '../events/samples';

const HAN = /[\u4e00-\u9fff]/;

describe('the 摘要 of every event type', () => {
  it.each(EVENT_TYPES)('%s has a Chinese summary, an English one, and never its English type name', (type) => {
    const words = journalSummary(SAMPLE_EVENTS[type] as DomainEvent);
    expect(words.summary).toMatch(HAN);
    expect(words.summary).not.toContain(type);
    expect(words.summaryEn.length).toBeGreaterThan(0);
    expect(words.summaryEn).not.toContain(type);
  });

  it('names a city injection by its source and reference, as the issue writes it', () => {
    const event: DomainEvent = { type: 'CapitalInjected', data: { fundId: 'p', amount: 100n, source: 'city', reference: 'LCCZ-2024-001' } };
    expect(journalSummary(event)).toEqual({ summary: '市财政注资 LCCZ-2024-001', summaryEn: 'Capital injected by city finance LCCZ-2024-001', reference: 'LCCZ-2024-001' });
  });

  it('names a compensation by the guarantee and its borrower, read from the guarantee\'s opening event', () => {
    const event: DomainEvent = { type: 'CompensationPaid', data: { fundId: 'p', guaranteeId: 'DB2024-0058', principalLoss: 1000n, poolShareBps: 1000, amount: 100n } };
    expect(journalSummary(event, '聊城市某某公司')).toEqual({ summary: 'DB2024-0058 聊城市某某公司 担保代偿', summaryEn: 'DB2024-0058 聊城市某某公司 default compensated', reference: 'DB2024-0058' });
    // Without the opening event (it is always there in a store; a unit caller may not pass it) the id alone.
    expect(journalSummary(event).summary).toBe('DB2024-0058 担保代偿');
  });

  it('says when a position was migrated onto the books', () => {
    const event: DomainEvent = { type: 'BridgeLoanDisbursed', data: { fundId: 'b', loanId: 'ZD-1', amount: 100n, migratedOn: '2024-01-01' } };
    expect(journalSummary(event, '某公司').summary).toBe('ZD-1 某公司 转贷放款（期初迁入）');
  });

  it('labels a subsidy by its programme', () => {
    expect(journalSummary(SAMPLE_EVENTS.SubsidyPaid, '某科技公司').summary).toMatch(/某科技公司 .+·拨付补贴$/);
  });

  it('takes the reference a bank line would quote, null when the entry has none', () => {
    expect(journalSummary(SAMPLE_EVENTS.BridgeLoanRepaid).reference).toBe('l1');
    expect(journalSummary(SAMPLE_EVENTS.OpeningBalanceRecorded)).toEqual({ summary: '期初余额', summaryEn: 'Opening balance', reference: null });
  });
});

describe('the subject of an entry', () => {
  it('is read from the opening event of the guarantee, loan, commitment or subsidy the event names', () => {
    expect(subjectStreamOf(SAMPLE_EVENTS.CompensationPaid)).toBe('guarantee-pool1:g1');
    expect(subjectStreamOf(SAMPLE_EVENTS.BridgeLoanRepaid)).toBe('bridge-loan-b1:l1');
    expect(subjectStreamOf(SAMPLE_EVENTS.CapitalCallPaid)).toBe('commitment-gf:c1');
    expect(subjectStreamOf(SAMPLE_EVENTS.SubsidyPaid)).toMatch(/^subsidy-/);
    // The opening events name their subject themselves; cash of the fund alone names none.
    expect(subjectStreamOf(SAMPLE_EVENTS.GuaranteeIssued)).toBeUndefined();
    expect(subjectStreamOf(SAMPLE_EVENTS.CapitalInjected)).toBeUndefined();
  });

  it('is the borrower, sub-fund or firm of those opening events', () => {
    expect(subjectNameOf(SAMPLE_EVENTS.GuaranteeIssued)).toBe('某农业合作社');
    expect(subjectNameOf(SAMPLE_EVENTS.BridgeLoanGranted)).toBe(SAMPLE_EVENTS.BridgeLoanGranted.data.borrower.name);
    expect(subjectNameOf(SAMPLE_EVENTS.CommitmentMade)).toBe(SAMPLE_EVENTS.CommitmentMade.data.subFund.name);
    expect(subjectNameOf(SAMPLE_EVENTS.SubsidyRequested)).toBe(SAMPLE_EVENTS.SubsidyRequested.data.firm.name);
    expect(subjectNameOf(SAMPLE_EVENTS.CapitalInjected)).toBeUndefined();
  });
});

describe('voucher numbers (凭证号)', () => {
  it('are 记-YYYY-MM-NNNN, four digits, more past 9999', () => {
    expect(formatVoucherNo('2024-05', 1)).toBe('记-2024-05-0001');
    expect(formatVoucherNo('2024-12', 123)).toBe('记-2024-12-0123');
    expect(formatVoucherNo('2024-05', 10_000)).toBe('记-2024-05-10000');
  });

  it('refuse what is not a month or a positive whole number (a bug, so they throw)', () => {
    expect(() => formatVoucherNo('2024-13', 1)).toThrow();
    expect(() => formatVoucherNo('2024-05', 0)).toThrow();
    expect(() => formatVoucherNo('2024-05', 1.5)).toThrow();
  });

  it('parse back to their month and number', () => {
    expect(parseVoucherNo('记-2024-05-0042')).toEqual({ month: '2024-05', n: 42 });
    expect(parseVoucherNo(formatVoucherNo('2024-05', 10_000))).toEqual({ month: '2024-05', n: 10_000 });
    expect(parseVoucherNo('记-2024-05-0000')).toBeUndefined();
    expect(parseVoucherNo('收-2024-05-0001')).toBeUndefined();
  });

  it('go to exactly the events that post journal lines, memo lines included', () => {
    for (const type of EVENT_TYPES) {
      const event = SAMPLE_EVENTS[type] as DomainEvent;
      expect(postsJournalLines(event), type).toBe(postingsFor(event).length > 0);
    }
    expect(postsJournalLines(SAMPLE_EVENTS.GuaranteeIssued)).toBe(true);
    expect(postsJournalLines(SAMPLE_EVENTS.CommitmentMade)).toBe(true);
    expect(postsJournalLines(SAMPLE_EVENTS.FundCreated)).toBe(false);
  });
});
