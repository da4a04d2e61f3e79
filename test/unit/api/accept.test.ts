// Accept negotiation for the monthly report (issue 10 §4): which rendering a client gets.
import { describe, expect, it } from 'vitest';
import { negotiate } from '../../../functions/api/accept';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OFFERS = ['application/json', 'text/csv', XLSX];

describe('negotiate', () => {
  it('answers JSON without an Accept header, for */* and for application/*', () => {
    expect(negotiate(undefined, OFFERS)).toBe('application/json');
    expect(negotiate('*/*', OFFERS)).toBe('application/json');
    expect(negotiate('application/*', OFFERS)).toBe('application/json');
  });

  it('picks CSV or XLSX when asked for them, even beside a lower-weighted wildcard', () => {
    expect(negotiate('text/csv', OFFERS)).toBe('text/csv');
    expect(negotiate(`${XLSX}, */*;q=0.1`, OFFERS)).toBe(XLSX);
    expect(negotiate('text/*', OFFERS)).toBe('text/csv');
  });

  it('follows q-values, then the order of the header', () => {
    expect(negotiate('text/csv;q=0.5, application/json;q=0.9', OFFERS)).toBe('application/json');
    expect(negotiate('text/csv, application/json', OFFERS)).toBe('text/csv');
    expect(negotiate('*/*, text/csv;q=0', OFFERS)).toBe('application/json');
  });

  it('finds nothing when no offer is acceptable', () => {
    expect(negotiate('application/pdf', OFFERS)).toBeUndefined();
    expect(negotiate('text/csv;q=0', OFFERS)).toBeUndefined();
    expect(negotiate('*/*;q=0', OFFERS)).toBeUndefined();
  });
});
