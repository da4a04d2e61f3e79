// Closing a month (会计期间结账) for one or more funds through the command pipeline: a fund closes only
// when its latest reconciliation of the month is clean, or with the bureau's recorded override reason
// (domain/period.ts). Every fund is checked before any is closed, so a refusal closes none; each
// close is then its own transaction on period-<fundId>-<month>.
import { decidePeriod, evolvePeriod, initialPeriodState, type PeriodState } from '../../domain/period';
import { isDomainError, type DomainError } from '../../domain/errors';
import { streamIds } from '../../events/stream-ids';
import { PeriodClosed } from '../commands/errors';
import type { CommandContext, Pipeline } from '../commands/pipeline';
import { lastDayOf } from './reconcile';

export interface CloseOutcome {
  fundId: string;
  status: 'closed' | 'already-closed';
  reconciliationClean: boolean;
  overrideReason?: string;
}

export class CloseRefused extends Error {
  override readonly name = 'CloseRefused';
  constructor(readonly refusals: { fundId: string; error: DomainError }[]) {
    super(`not closed: ${refusals.map((r) => `${r.fundId} (${r.error.message})`).join('; ')}`);
  }
}

const periodAggregate = (fundId: string, month: string) => ({ initial: initialPeriodState(fundId, month), evolve: evolvePeriod });

export async function closePeriods(
  pipeline: Pipeline,
  input: { month: string; fundIds: string[]; overrideReason?: string; context: CommandContext },
): Promise<CloseOutcome[]> {
  const { month, overrideReason } = input;
  const command = { type: 'closePeriod' as const, ...(overrideReason === undefined ? {} : { overrideReason }) };
  const states = await Promise.all(input.fundIds.map(async (fundId) => ({ fundId, period: await pipeline.load<PeriodState>(streamIds.period(fundId, month), periodAggregate(fundId, month)) })));
  const refusals = states.flatMap(({ fundId, period }) => {
    if (period.state.closed) return [];
    const decided = decidePeriod({ ...period.state, fundId, month }, command);
    return isDomainError(decided) ? [{ fundId, error: decided }] : [];
  });
  if (refusals.length > 0) throw new CloseRefused(refusals);

  const outcomes: CloseOutcome[] = [];
  for (const { fundId, period } of states) {
    if (period.state.closed) {
      outcomes.push({ fundId, status: 'already-closed', reconciliationClean: period.state.reconciliationClean === true });
      continue;
    }
    const streamId = streamIds.period(fundId, month);
    const { idempotencyKey } = input.context;
    try {
      const result = await pipeline.run(
        {
          fundId,
          occurredOn: lastDayOf(month),
          dateField: 'month',
          dateRule: 'period-end',
          decide: async (load) => {
            const loaded = await load(streamId, periodAggregate(fundId, month));
            const state = { ...loaded.state, fundId, month };
            const events = decidePeriod(state, command);
            if (isDomainError(events)) return events;
            const closed = events.find((e) => e.type === 'PeriodClosed');
            const clean = closed?.type === 'PeriodClosed' ? closed.data.reconciliationClean : false;
            const outcome: CloseOutcome = { fundId, status: 'closed', reconciliationClean: clean, ...(clean || overrideReason === undefined ? {} : { overrideReason }) };
            return {
              changes: [{ streamId, expectedVersion: loaded.version, events, snapshot: events.reduce(evolvePeriod, state) }],
              result: { status: 200, body: { ...outcome } },
            };
          },
        },
        // One request closes several funds, each in its own transaction: each gets its own idempotency key.
        { ...input.context, ...(idempotencyKey === undefined ? {} : { idempotencyKey: `${idempotencyKey}:${fundId}` }) },
      );
      outcomes.push(result.body as unknown as CloseOutcome);
    } catch (error) {
      // Closed by a concurrent request between the check and the append: the month is closed all the same.
      if (!(error instanceof PeriodClosed)) throw error;
      outcomes.push({ fundId, status: 'already-closed', reconciliationClean: period.state.reconciliationClean === true });
    }
  }
  return outcomes;
}
