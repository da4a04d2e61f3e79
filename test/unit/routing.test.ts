import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../events/registry';
import { CONSUMERS, EVENT_BUS, PIPE, ROUTES, eventPattern, matches, routesFor } from '../../functions/shared/routing';
import { FUNCTIONS } from '../../functions/shared/functions';
import { postingsFor } from '../../domain/posting-rules';
import { SAMPLE_EVENTS } from './events/samples';

describe('shared routing', () => {
  it('routes only event types that exist in the event catalogue', () => {
    for (const consumer of CONSUMERS) {
      for (const type of ROUTES[consumer].detailTypes) expect(EVENT_TYPES).toContain(type);
    }
  });

  it('sends the books projector every event type that carries a posting', () => {
    // The posting column of docs/design-notes.md's event catalogue.
    const posting = [
      'CapitalInjected', 'InterestReceived', 'CompensationPaid', 'RecoveryReceived', 'BridgeLoanDisbursed',
      'BridgeLoanWentOverdue', 'BridgeLoanRepaid', 'CapitalCallPaid', 'DistributionReceived',
      'GuaranteeIssued', 'GuaranteeReleased', 'GuaranteeDefaulted', 'CommitmentMade', 'CapitalCalled',
    ];
    for (const type of posting) expect(ROUTES.books.detailTypes).toContain(type);
  });

  it('sends the books projector every sample event that posts a journal line (bank charges, capital returns, adjustments too)', () => {
    for (const sample of Object.values(SAMPLE_EVENTS)) {
      if (postingsFor(sample).length > 0) expect(ROUTES.books.detailTypes, sample.type).toContain(sample.type);
    }
  });

  it('matches on source and detail-type only, like the EventBridge pattern it exports', () => {
    const rule = ROUTES.positions;
    expect(eventPattern(rule)).toEqual({ source: [EVENT_BUS.source], 'detail-type': [...rule.detailTypes] });
    expect(matches(rule, { source: EVENT_BUS.source, 'detail-type': 'GuaranteeIssued' })).toBe(true);
    expect(matches(rule, { source: 'someone-else', 'detail-type': 'GuaranteeIssued' })).toBe(false);
    expect(matches(rule, { source: EVENT_BUS.source, 'detail-type': 'InterestReceived' })).toBe(false);
  });

  it('fans a guarantee default out to all three consumers and interest only to the books', () => {
    expect(routesFor({ source: EVENT_BUS.source, 'detail-type': 'GuaranteeDefaulted' }).map((r) => r.consumer)).toEqual(['books', 'positions', 'alerts']);
    expect(routesFor({ source: EVENT_BUS.source, 'detail-type': 'InterestReceived' }).map((r) => r.consumer)).toEqual(['books']);
  });

  it('names each consumer handler entry from the shared function list', () => {
    expect(ROUTES.books.entry).toBe(FUNCTIONS.booksProjector.entry);
    expect(ROUTES.alerts.entry).toBe(FUNCTIONS.alertsReactor.entry);
  });

  it('gives each queue a visibility timeout of at least 6 function timeouts', () => {
    for (const consumer of CONSUMERS) {
      const q = ROUTES[consumer].queue;
      expect(q.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * q.functionTimeoutSeconds);
      expect(q.batchSize).toBeLessThanOrEqual(10);
    }
  });

  it('builds a Pipe input template that is JSON once the paths are filled in', () => {
    const filled = PIPE.inputTemplate
      .replace(/"<\$\.dynamodb\.NewImage\.(\w+)\.S>"/g, '"x"')
      .replace(/<\$\.dynamodb\.NewImage\.version\.N>/g, '3');
    expect(JSON.parse(filled)).toEqual({ streamId: 'x', version: 3, type: 'x', occurredOn: 'x', recordedAt: 'x', city: 'x' });
  });
});
