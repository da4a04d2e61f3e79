import { describe, expect, it } from 'vitest';
import { isStreamOfFund } from '../../../functions/api/routes/book-routes';

describe('which streams a fund owns (GET …/events?stream=)', () => {
  it("accepts the fund's own streams", () => {
    for (const stream of ['fund-a', 'guarantee-a:g1', 'bridge-loan-a:L-1', 'commitment-a:c_1', 'period-a-2024-03', 'statement-a-2024-12', 'match-a-2024-11']) {
      expect(isStreamOfFund(stream, 'a')).toBe(true);
    }
  });

  it("refuses another fund's streams, even when that fund's id starts with this one's", () => {
    for (const stream of ['fund-ab', 'fund-a-b', 'guarantee-a-b:g1', 'period-a-b-2024-03', 'period-a-2024-13', 'statement-a-2024-03x', 'match-a-b-2024-11', 'guarantee-a:', 'guarantee-a:g1:x', 'idem-a']) {
      expect(isStreamOfFund(stream, 'a')).toBe(false);
    }
  });
});
