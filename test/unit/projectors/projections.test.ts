import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../../domain/policy';
import type { EventEnvelope } from '../../../events/envelope';
import type { DomainEvent } from '../../../events/registry';
import { indicatorDeltas, levelOf, valueBps } from '../../../functions/projectors/alerts';
import { booksEffects, combinedBooksEffects, sumByAccount } from '../../../functions/projectors/books';
import { BusMessageInvalid, parseBusMessage } from '../../../functions/projectors/bus-message';
import { evolveBridgeLoan, evolveCommitment, evolveGuarantee } from '../../../functions/projectors/positions';
import { postingsFor } from '../../../domain/posting-rules';
import { ALERT_EVENT_TYPES, ROUTES } from '../../../functions/shared/routing';
import { SAMPLE_EVENTS } from '../events/samples';

const YUAN = 100n;
// Books effects only name the table; the client is never called.
const table = { client: new DynamoDBClient({ region: 'local' }), tableName: 't' };
const policy = DEFAULT_POLICIES[0]!;
let version = 0;
const envelope = (event: DomainEvent, streamId = 'fund-f1', occurredOn = '2024-02-01'): EventEnvelope =>
  ({
    ...event,
    streamId,
    version: ++version,
    occurredOn,
    recordedAt: '2024-02-01T01:00:00.000Z',
    meta: { actor: 'a', role: 'r', requestId: 'q', correlationId: 'c' },
    prevHash: '',
    hash: '',
    storedSchemaVersion: 1,
  }) as EventEnvelope;

const body = {
  version: '0',
  id: 'x',
  'detail-type': 'CapitalInjected',
  source: 'fund-ledger.events',
  time: '2024-02-01T01:00:00Z',
  region: 'local',
  account: '000000000000',
  resources: [],
  detail: { streamId: 'fund-f1', version: 3, type: 'CapitalInjected', occurredOn: '2024-02-01', recordedAt: '2024-02-01T01:00:00.000Z' },
};

describe('bus message', () => {
  it('parses the EventBridge event the flow delivers into "stream S reached version v"', () => {
    expect(parseBusMessage(JSON.stringify(body)).detail).toMatchObject({ streamId: 'fund-f1', version: 3 });
  });
  it('refuses a body that is not JSON, lacks the detail, or carries a non-integer version', () => {
    expect(() => parseBusMessage('{')).toThrow(BusMessageInvalid);
    expect(() => parseBusMessage(JSON.stringify({ ...body, detail: undefined }))).toThrow(BusMessageInvalid);
    expect(() => parseBusMessage(JSON.stringify({ ...body, detail: { ...body.detail, version: 1.5 } }))).toThrow(BusMessageInvalid);
    expect(() => parseBusMessage(JSON.stringify({ ...body, detail: { ...body.detail, version: 0 } }))).toThrow(BusMessageInvalid);
  });
});

describe('books effects', () => {
  it('sums a compensation\'s four lines per account, so the transaction touches 2202 once', () => {
    const event: DomainEvent = { type: 'CompensationPaid', data: { fundId: 'f1', guaranteeId: 'g1', principalLoss: 3_000_000n * YUAN, poolShareBps: 1000, amount: 300_000n * YUAN } };
    const sums = sumByAccount(postingsFor(event));
    // 3,000,000.00 × 10 % = 300,000.00 expensed (5001), through 2202 (nets to zero), out of cash (1001)
    expect(sums.get('2202')).toEqual({ debit: 30_000_000n, credit: 30_000_000n });
    expect(sums.get('5001')).toEqual({ debit: 30_000_000n, credit: 0n });
    expect(sums.get('1001')).toEqual({ debit: 0n, credit: 30_000_000n });
  });

  it('writes one journal Put per line plus one balance and one day ADD per account', () => {
    const event = envelope({ type: 'BridgeLoanRepaid', data: { fundId: 'f1', loanId: 'l1', principal: 8_000_000n * YUAN, fee: 2_400n * YUAN, daysUsed: 3, wasOverdue: false } });
    const items = booksEffects(event, table);
    expect(items.filter((i) => i.Put !== undefined)).toHaveLength(3);
    expect(items.filter((i) => i.Update !== undefined)).toHaveLength(6);
    const cashAdd = items.find((i) => i.Update?.Key?.SK?.S === 'BAL#1001');
    // 8,000,000.00 principal + 2,400.00 fee (1 bp × 3 days) received into cash = 8,002,400.00 = 800,240,000 fen
    expect(cashAdd?.Update?.ExpressionAttributeValues?.[':d']).toEqual({ N: '800240000' });
  });

  it('combines consecutive events into one ADD per balance item, summed', () => {
    const inject = (amount: bigint, occurredOn: string) =>
      envelope({ type: 'CapitalInjected', data: { fundId: 'f1', amount, source: 'city', reference: 'r' } }, 'fund-f1', occurredOn);
    const items = combinedBooksEffects([inject(100n, '2024-01-02'), inject(250n, '2024-01-02'), inject(7n, '2024-01-03')], table);
    const adds = items.filter((i) => i.Update?.Key?.SK?.S === 'BAL#1001');
    expect(adds).toHaveLength(1);
    expect(adds[0]?.Update?.ExpressionAttributeValues?.[':d']).toEqual({ N: '357' });
    // two days, two accounts each; one balance item per account; six journal lines
    expect(items.filter((i) => i.Update?.Key?.PK?.S === 'FUNDDAY#f1')).toHaveLength(4);
    expect(items.filter((i) => i.Put !== undefined)).toHaveLength(6);
  });

  it('opens the fund summary on FundCreated and posts nothing for it', () => {
    const items = booksEffects(envelope({ type: 'FundCreated', data: { fundId: 'f1', kind: 'risk-pool', name: 'Pool' } }), table);
    expect(items).toHaveLength(1);
    expect(items[0]?.Put?.Item?.SK).toEqual({ S: 'f1' });
  });
});

describe('positions', () => {
  const issued = envelope(
    {
      type: 'GuaranteeIssued',
      data: {
        fundId: 'f1', guaranteeId: 'g1', agency: 'A', lender: 'B', principal: 5_000_000n * YUAN, feeRateBps: 80,
        borrower: { name: 'N', creditCode: '91371500000000001X', category: 'small', county: 'linqing' },
        startsOn: '2024-01-01', maturesOn: '2024-12-31',
        riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
      },
    },
    'guarantee-f1:g1',
    '2024-01-05',
  );

  it('a guarantee is outstanding when issued and defaulted with its loss and pool share after a default', () => {
    const open = evolveGuarantee(undefined, issued);
    expect(open).toMatchObject({ status: 'outstanding', issuedOn: '2024-01-05', feesCollected: 0n });
    const defaulted = evolveGuarantee(open, envelope({ type: 'GuaranteeDefaulted', data: { fundId: 'f1', guaranteeId: 'g1', principal: 5_000_000n * YUAN, principalLoss: 3_000_000n * YUAN, poolShareBps: 1000, poolAmount: 300_000n * YUAN } }, 'guarantee-f1:g1', '2024-06-01'));
    expect(defaulted).toMatchObject({ status: 'defaulted', defaultedOn: '2024-06-01', poolAmount: 30_000_000n });
  });

  it('refuses an event for a position that was never created (a broken cursor, not a user error)', () => {
    expect(() => evolveGuarantee(undefined, envelope({ type: 'GuaranteeReleased', data: { fundId: 'f1', guaranteeId: 'g1', principal: 1n } }))).toThrow(/before the position was created/);
  });

  it('a bridge loan goes open → overdue → repaid with its fee and days', () => {
    const granted = evolveBridgeLoan(undefined, envelope({
      type: 'BridgeLoanGranted',
      data: { fundId: 'f1', loanId: 'l1', borrower: { name: 'N', creditCode: '91371500000000001X' }, bank: 'B', amount: 8_000_000n * YUAN, renewalCommitment: { reference: 'r', amount: 9_000_000n * YUAN }, disbursedOn: '2024-02-01', dueOn: '2024-02-10' },
    }));
    const overdue = evolveBridgeLoan(granted, envelope({ type: 'BridgeLoanMarkedOverdue', data: { fundId: 'f1', loanId: 'l1', principal: 8_000_000n * YUAN, dueOn: '2024-02-10' } }, 'x', '2024-02-11'));
    expect(overdue).toMatchObject({ status: 'overdue', overdueOn: '2024-02-11' });
    const repaid = evolveBridgeLoan(overdue, envelope({ type: 'BridgeLoanSettled', data: { fundId: 'f1', loanId: 'l1', repaidOn: '2024-02-15', principal: 8_000_000n * YUAN, fee: 89_600n * YUAN, daysUsed: 14 } }));
    expect(repaid).toMatchObject({ status: 'repaid', repaidOn: '2024-02-15', daysUsed: 14, fee: 8_960_000n });
  });

  it('a commitment tracks called, paid-in, unfunded and returned capital', () => {
    let c = evolveCommitment(undefined, envelope({
      type: 'CommitmentMade',
      data: { fundId: 'f1', commitmentId: 'c1', subFund: { name: 'S', size: 400n, prioritySector: false, green: true, manager: { name: 'M', paidInCapital: 1n } }, amount: 100n, committedOn: '2024-01-01' },
    }));
    c = evolveCommitment(c, envelope({ type: 'CapitalCalled', data: { fundId: 'f1', commitmentId: 'c1', callId: 'k1', amount: 40n, calledOn: '2024-02-01', dueOn: '2024-02-20' } }));
    c = evolveCommitment(c, envelope({ type: 'CapitalCallSettled', data: { fundId: 'f1', commitmentId: 'c1', callId: 'k1', amount: 40n, paidOn: '2024-02-10' } }));
    c = evolveCommitment(c, envelope({ type: 'DistributionRecorded', data: { fundId: 'f1', commitmentId: 'c1', distributionId: 'd1', receivedOn: '2024-03-01', returnOfCapital: 10n, gain: 5n } }));
    expect(c).toMatchObject({ committed: 100n, called: 40n, paidIn: 40n, unfunded: 60n, returned: 10n, gains: 5n });
    expect(c?.calls[0]?.paidOn).toBe('2024-02-10');
  });
});

describe('alert indicators', () => {
  it('the alerts reactor is sent the event types that can move an indicator and its own alert streams\' events, nothing else', () => {
    const moving = Object.values(SAMPLE_EVENTS).filter((sample) => indicatorDeltas(envelope(sample)).length > 0).map((sample) => sample.type);
    // Besides the samples that move one: a repayment moves the overdue ratio when the loan was overdue, a reversal when its original moved one.
    const sometimes = ['BridgeLoanRepaid', 'EntryReversed'];
    expect([...ROUTES.alerts.detailTypes].sort()).toEqual([...new Set([...moving, ...sometimes, ...ALERT_EVENT_TYPES])].sort());
  });

  it('the bridge overdue ratio warns at 30 % and breaches at the policy\'s 40 % suspension level', () => {
    expect(levelOf('bridge-overdue-ratio', 2999, policy).level).toBe('ok');
    expect(levelOf('bridge-overdue-ratio', 3000, policy).level).toBe('warn');
    expect(levelOf('bridge-overdue-ratio', 3999, policy).level).toBe('warn');
    expect(levelOf('bridge-overdue-ratio', 4000, policy)).toEqual({ level: 'breach', thresholdBps: 4000 });
  });

  it('the average fee breaches only above 1 % and the compensation rate only above 5 %', () => {
    expect(levelOf('average-guarantee-fee', 100, policy).level).toBe('ok');
    expect(levelOf('average-guarantee-fee', 101, policy).level).toBe('breach');
    expect(levelOf('compensation-rate', 500, policy).level).toBe('ok');
    expect(levelOf('compensation-rate', 501, policy).level).toBe('breach');
  });

  it('weights the average fee by principal', () => {
    // (1,000,000 × 200 bp + 3,000,000 × 50 bp) ÷ 4,000,000 = 87.5 bp → 88 bp (half up)
    const a = indicatorDeltas(envelope({ type: 'GuaranteeIssued', data: { fundId: 'f1', guaranteeId: 'a', agency: 'A', lender: 'B', principal: 1_000_000n * YUAN, feeRateBps: 200, borrower: { name: 'N', creditCode: '91371500000000001X', category: 'small' }, startsOn: '2024-01-01', maturesOn: '2024-12-31', riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 } } }));
    const fee = a.find((d) => d.indicator === 'average-guarantee-fee')!;
    const numerator = fee.numerator + 3_000_000n * YUAN * 50n;
    const denominator = fee.denominator + 3_000_000n * YUAN;
    expect(valueBps('average-guarantee-fee', numerator, denominator)).toBe(88);
  });

  it('a repayment of an overdue loan lowers overdue principal; of a current loan it does not', () => {
    const repaid = (wasOverdue: boolean) => indicatorDeltas(envelope({ type: 'BridgeLoanRepaid', data: { fundId: 'f1', loanId: 'l', principal: 5n, fee: 0n, daysUsed: 1, wasOverdue } }));
    expect(repaid(true)).toEqual([{ indicator: 'bridge-overdue-ratio', numerator: -5n, denominator: 0n }]);
    expect(repaid(false)).toEqual([]);
  });
});
