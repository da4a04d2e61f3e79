// Positions and corrections (冲正): the correction's own document, and what a reversal undoes in
// the position of the stream it lands on (a guarantee or commitment voided, a loan outstanding
// again, a capital call reopened). functions/projectors/positions.ts applies them.
import { originalOf } from '../../domain/reversal';
import type { EventEnvelope, EventEnvelope as Envelope } from '../../events/envelope';
import type { EventOf } from '../../events/registry';
import { ReadModelCorrupt } from '../store/read-models/items';
import type { CorrectionView } from '../store/read-models/correction-views';
import type { BridgeLoanView, CommitmentView, GuaranteeView } from '../store/read-models/views';

type Reversal = Envelope<EventOf<'EntryReversed'>>;

const missing = (event: EventEnvelope): never => {
  throw new ReadModelCorrupt(event.streamId, `${event.type} v${event.version} arrived before the position was created`);
};

export const evolveCorrectionView = (view: CorrectionView | undefined, event: EventEnvelope): CorrectionView | undefined => {
  switch (event.type) {
    case 'CorrectionRequested': {
      const { requestedBy, ...d } = event.data;
      return { ...d, status: 'pending', requested: { by: requestedBy, at: event.recordedAt }, version: event.version };
    }
    case 'CorrectionApproved':
    case 'CorrectionRejected': {
      if (view === undefined) return missing(event);
      const decided = { decided: { by: event.data.decidedBy, at: event.recordedAt, note: event.data.note }, version: event.version };
      return event.type === 'CorrectionApproved' ? { ...view, ...decided, status: 'approved', reversals: event.data.reversals } : { ...view, ...decided, status: 'rejected' };
    }
    default:
      return undefined;
  }
};

const unexpected = (event: Reversal): never => {
  throw new ReadModelCorrupt(event.streamId, `EntryReversed v${event.version} reverses ${event.data.reverses.type}, which this position has no undo for`);
};

export const undoGuaranteeView = (view: GuaranteeView, event: Reversal): GuaranteeView => {
  const o = originalOf(event.data);
  const at = { version: event.version };
  switch (o.type) {
    case 'GuaranteeIssued':
      return { ...view, ...at, status: 'voided', voidedOn: event.occurredOn };
    case 'GuaranteeFeeCollected':
      return { ...view, ...at, feesCollected: view.feesCollected - o.data.amount };
    case 'GuaranteeReleased': {
      const { releasedOn: _released, ...rest } = view;
      return { ...rest, ...at, status: 'outstanding' };
    }
    case 'GuaranteeDefaulted': {
      const { defaultedOn: _on, principalLoss: _loss, poolAmount: _pool, ...rest } = view;
      return { ...rest, ...at, status: 'outstanding' };
    }
    case 'GuaranteeRecoveryRecorded':
      return { ...view, ...at, recovered: view.recovered - o.data.poolAmount };
    default:
      return unexpected(event);
  }
};

export const undoBridgeLoanView = (view: BridgeLoanView, event: Reversal): BridgeLoanView => {
  const o = originalOf(event.data);
  const at = { version: event.version };
  switch (o.type) {
    case 'BridgeLoanGranted':
      return { ...view, ...at, status: 'voided', voidedOn: event.occurredOn };
    case 'BridgeLoanMarkedOverdue': {
      const { overdueOn: _on, ...rest } = view;
      return { ...rest, ...at, status: 'open' };
    }
    case 'BridgeLoanSettled': {
      // Outstanding again as it was before the repayment: overdue if it had been marked overdue.
      const { repaidOn: _on, fee: _fee, daysUsed: _days, ...rest } = view;
      return { ...rest, ...at, status: view.overdueOn === undefined ? 'open' : 'overdue' };
    }
    default:
      return unexpected(event);
  }
};

export const undoCommitmentView = (view: CommitmentView, event: Reversal): CommitmentView => {
  const o = originalOf(event.data);
  const at = { version: event.version };
  switch (o.type) {
    case 'CommitmentMade':
      // Reversed only with no call or distribution standing (domain/reversal.ts): nothing unfunded remains.
      return { ...view, ...at, status: 'voided', voidedOn: event.occurredOn, unfunded: 0n };
    case 'CapitalCalled':
      // The call never stood: unfunded again, and gone from the list of calls.
      return {
        ...view,
        ...at,
        called: view.called - o.data.amount,
        unfunded: view.unfunded + o.data.amount,
        calls: view.calls.filter((call) => call.callId !== o.data.callId),
      };
    case 'CapitalCallSettled':
      return {
        ...view,
        ...at,
        paidIn: view.paidIn - o.data.amount,
        calls: view.calls.map((call) => {
          if (call.callId !== o.data.callId) return call;
          const { paidOn: _paid, ...open } = call;
          return open;
        }),
      };
    case 'DistributionRecorded':
      return {
        ...view,
        ...at,
        returned: view.returned - o.data.returnOfCapital,
        gains: view.gains - o.data.gain,
        distributions: view.distributions.filter((d) => d.distributionId !== o.data.distributionId),
      };
    default:
      return unexpected(event);
  }
};
