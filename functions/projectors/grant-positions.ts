// Positions of the subsidy-budget fund and of two-person approvals: one document per grant and per
// request, evolved from its own stream (functions/projectors/positions.ts applies them).
import type { EventEnvelope } from '../../events/envelope';
import { SubsidyRequested } from '../../events/subsidy-events';
import { ReadModelCorrupt } from '../store/read-models/items';
import type { ApprovalView, SubsidyView } from '../store/read-models/grant-views';

const missing = (event: EventEnvelope): never => {
  throw new ReadModelCorrupt(event.streamId, `${event.type} v${event.version} arrived before the position was created`);
};

const who = (event: EventEnvelope) => ({ by: event.meta.actor, at: event.recordedAt });

export const evolveSubsidyView = (view: SubsidyView | undefined, event: EventEnvelope): SubsidyView | undefined => {
  if (event.type === 'SubsidyRequested') {
    const d = event.data;
    // details are kept in their wire form (amounts as yuan strings), as the request named them.
    const wire = SubsidyRequested.encode(d) as unknown as { details: Record<string, string | number | boolean> };
    return {
      fundId: d.fundId,
      subsidyId: d.subsidyId,
      programme: d.programme,
      firm: d.firm,
      occurredOn: event.occurredOn,
      details: wire.details,
      status: 'pending-approval',
      requestedAmount: d.amount,
      ...(d.cut === undefined ? {} : { requestedCut: d.cut }),
      amountGranted: 0n,
      clawedBack: 0n,
      ...(d.approvalId === undefined ? {} : { approvalId: d.approvalId }),
      requested: who(event),
      clawbacks: [],
      version: event.version,
    };
  }
  const at = { version: event.version };
  switch (event.type) {
    case 'SubsidyGranted':
      return view === undefined
        ? missing(event)
        : { ...view, ...at, status: 'granted', amountGranted: event.data.amount, ...(event.data.cut === undefined ? {} : { grantCut: event.data.cut }), granted: who(event) };
    case 'SubsidyRejected':
      return view === undefined ? missing(event) : { ...view, ...at, status: 'rejected', rejected: who(event) };
    case 'SubsidyClawedBack': {
      if (view === undefined) return missing(event);
      const { amount, reason } = event.data;
      return { ...view, ...at, status: 'clawed-back', clawedBack: view.clawedBack + amount, clawbacks: [...view.clawbacks, { occurredOn: event.occurredOn, amount, reason, ...who(event) }] };
    }
    default:
      return undefined;
  }
};

export const evolveApprovalView = (view: ApprovalView | undefined, event: EventEnvelope): ApprovalView | undefined => {
  switch (event.type) {
    case 'ApprovalRequested': {
      const d = event.data;
      return {
        approvalId: d.approvalId,
        ...(d.fundId === undefined ? {} : { fundId: d.fundId }),
        status: 'pending',
        command: d.command,
        reason: d.reason,
        figures: d.figures,
        requested: { by: d.requestedBy, at: event.recordedAt },
        version: event.version,
      };
    }
    case 'ApprovalGranted':
    case 'ApprovalRejected': {
      if (view === undefined) return missing(event);
      const { decidedBy, note } = event.data;
      return { ...view, status: event.type === 'ApprovalGranted' ? 'approved' : 'rejected', decided: { by: decidedBy, at: event.recordedAt, note }, version: event.version };
    }
    default:
      return undefined;
  }
};
