import { describe, expect, it } from 'vitest';
import { toEnvelope, type StoredEventLike } from '../../../events/envelope';
import { decodeEvent, encodeEvent, EVENT_TYPES, EventDecodeError, SCHEMA_VERSIONS } from '../../../events/registry';
import { percentToBps, upcast } from '../../../events/upcasters';
import { streamIds } from '../../../events/stream-ids';
import { CREDIT_CODE, SAMPLE_EVENTS } from './samples';

describe('event registry', () => {
  it('has a sample, schema and version for every event of the catalogue', () => {
    expect(Object.keys(SAMPLE_EVENTS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(EVENT_TYPES).toHaveLength(52);
    expect(SCHEMA_VERSIONS.GuaranteeIssued).toBe(2);
    expect(SCHEMA_VERSIONS.CapitalInjected).toBe(1);
  });

  it.each(EVENT_TYPES)('%s round-trips through encode and decode', (type) => {
    const event = SAMPLE_EVENTS[type];
    const encoded = encodeEvent(event);
    expect(encoded.schemaVersion).toBe(SCHEMA_VERSIONS[type]);
    // The stored form is plain JSON: no bigint survives encoding.
    expect(JSON.parse(JSON.stringify(encoded.data))).toEqual(encoded.data);
    expect(decodeEvent(encoded)).toEqual(event);
  });

  it('stores amounts as yuan strings', () => {
    expect(encodeEvent(SAMPLE_EVENTS.BridgeLoanRepaid).data).toMatchObject({ principal: '8000000.00', fee: '19200.00' });
  });

  it('refuses to encode an event that breaks its schema', () => {
    expect(() => encodeEvent({ type: 'CapitalInjected', data: { ...SAMPLE_EVENTS.CapitalInjected.data, amount: 0n } })).toThrow(EventDecodeError);
  });

  it('refuses an unknown type, a future version and invalid data with a typed error', () => {
    expect(() => decodeEvent({ type: 'Nope', schemaVersion: 1, data: {} })).toThrow(/unknown-type/);
    expect(() => decodeEvent({ type: 'CapitalInjected', schemaVersion: 2, data: {} })).toThrow(/unknown-version/);
    try {
      decodeEvent({ type: 'CapitalInjected', schemaVersion: 1, data: { fundId: 'f', amount: 5, source: 'city', reference: 'r' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EventDecodeError);
      expect((error as EventDecodeError).issues).toEqual([{ path: 'amount', message: 'amount must be a decimal string, not a number' }]);
    }
  });
});

describe('GuaranteeIssued v1 → v2 upcaster', () => {
  const v1 = {
    fundId: 'pool1',
    guaranteeId: 'g-old',
    agency: '聊城市融资担保有限公司',
    borrower: { name: '某企业', creditCode: CREDIT_CODE, category: 'small' },
    lender: '聊城农商银行',
    principal: '3000000.00',
    feeRatePercent: '1.50',
    startsOn: '2023-06-01',
    maturesOn: '2024-05-31',
  };

  it('reads a stored v1 event as v2 with the fee in bp and the default risk split', () => {
    const event = decodeEvent({ type: 'GuaranteeIssued', schemaVersion: 1, data: v1 });
    expect(event.type).toBe('GuaranteeIssued');
    if (event.type !== 'GuaranteeIssued') return;
    expect(event.data.feeRateBps).toBe(150);
    expect(event.data.riskShare).toEqual({ guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 });
    expect(event.data).not.toHaveProperty('feeRatePercent');
    expect(event.data.principal).toBe(300_000_000n);
  });

  it('converts percent strings exactly', () => {
    expect(percentToBps('1.5')).toBe(150);
    expect(percentToBps('0.08')).toBe(8);
    expect(percentToBps('2')).toBe(200);
    expect(percentToBps('1.505')).toBeUndefined();
  });

  it('lets the v2 schema reject an unreadable v1 percent rather than guess', () => {
    expect(() => decodeEvent({ type: 'GuaranteeIssued', schemaVersion: 1, data: { ...v1, feeRatePercent: 'abc' } })).toThrow(/feeRateBps/);
  });

  it('fails loudly when a step of the chain is missing', () => {
    expect(() => upcast('CapitalInjected', 1, 2, {})).toThrow(/no upcaster/);
  });
});

describe('envelope', () => {
  it('decodes a stored event into metadata + typed event, keeping the stored version', () => {
    const encoded = encodeEvent(SAMPLE_EVENTS.CapitalInjected);
    const stored: StoredEventLike = {
      streamId: streamIds.fund('pool1'),
      version: 1,
      ...encoded,
      meta: { actor: 'u1', role: 'finance-bureau', requestId: 'r1', correlationId: 'c1' },
      occurredOn: '2024-05-02',
      recordedAt: '2024-05-02T01:00:00.000Z',
      prevHash: '',
      hash: 'h',
    };
    const envelope = toEnvelope(stored);
    expect(envelope).toMatchObject({ streamId: 'fund-pool1', version: 1, occurredOn: '2024-05-02', storedSchemaVersion: 1 });
    expect(envelope.type === 'CapitalInjected' && envelope.data.amount).toBe(5_000_000_000n);
  });

  it('builds the stream ids of the design notes', () => {
    expect(streamIds.guarantee('p', 'g')).toBe('guarantee-p:g');
    expect(streamIds.bridgeLoan('b', 'l')).toBe('bridge-loan-b:l');
    expect(streamIds.commitment('f', 'c')).toBe('commitment-f:c');
    expect(streamIds.period('f', '2024-05')).toBe('period-f-2024-05');
    expect(streamIds.statement('f', '2024-05')).toBe('statement-f-2024-05');
  });
});
