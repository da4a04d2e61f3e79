// Key layout of the read table (docs/projections.md). Every projector and every query builds its
// keys here, so a key can never be spelled two ways.
import { EVENT_KEYS } from '../../shared/tables';

/** The consumers that keep read models; each has its own cursors and its own items. */
export { CONSUMERS, type ConsumerName } from '../../shared/routing';
import type { ConsumerName } from '../../shared/routing';

export type PositionKind = 'GUARANTEE' | 'LOAN' | 'COMMITMENT' | 'SUBSIDY' | 'APPROVAL' | 'CORRECTION';

/** Zero-padded so that string order is numeric order (same width as the events table). */
export const padVersion = (version: number): string => String(version).padStart(EVENT_KEYS.versionDigits, '0');
const padLine = (line: number): string => String(line).padStart(4, '0');

export const readKeys = {
  /** Cursor of one consumer on one stream: {version}. */
  cursor: (consumer: ConsumerName, streamId: string) => ({ PK: `CURSOR#${consumer}`, SK: streamId }),
  cursorPartition: (consumer: ConsumerName) => `CURSOR#${consumer}`,

  /** One partition lists every fund (a handful): {fundId, kind, name, createdOn}. */
  fundsPartition: 'FUNDS',
  fund: (fundId: string) => ({ PK: 'FUNDS', SK: fundId }),

  /** Running balance of one account: {debit, credit} as DynamoDB numbers, updated with ADD. */
  balancePartition: (fundId: string) => `FUND#${fundId}`,
  balancePrefix: 'BAL#',
  balance: (fundId: string, code: string) => ({ PK: `FUND#${fundId}`, SK: `BAL#${code}` }),

  /** Movements of one account on one business day (ADD), summed up to asOf for point-in-time reads. */
  dayPartition: (fundId: string) => `FUNDDAY#${fundId}`,
  day: (fundId: string, date: string, code: string) => ({ PK: `FUNDDAY#${fundId}`, SK: `${date}#${code}` }),

  /** One journal line; SK sorts by business date, then recording instant, then stream position. */
  journalPartition: (fundId: string) => `JOURNAL#${fundId}`,
  journal: (fundId: string, occurredOn: string, recordedAt: string, streamId: string, version: number, line: number) => ({
    PK: `JOURNAL#${fundId}`,
    SK: `${occurredOn}#${recordedAt}#${streamId}#${padVersion(version)}#${padLine(line)}`,
  }),

  /** Current state of one guarantee / bridge loan / commitment. */
  positionPartition: (fundId: string, kind: PositionKind) => `FUND#${fundId}#${kind}`,
  position: (fundId: string, kind: PositionKind, id: string) => ({ PK: `FUND#${fundId}#${kind}`, SK: id }),

  /** The alerts reactor's running sums and current level of one indicator of one fund. */
  indicator: (fundId: string, indicator: string) => ({ PK: `FUND#${fundId}`, SK: `IND#${indicator}` }),

  /**
   * Alerts, oldest first. raisedAt is the recordedAt of the event that made the indicator cross;
   * the stream position makes the key unique when one command's events share that instant.
   */
  alertsPartition: 'ALERTS',
  /** An alert kept as an event stream → the SK of its view in ALERTS (written by its AlertRaised). */
  alertPointer: (alertId: string) => ({ PK: `ALERT#${alertId}`, SK: 'VIEW' }),
  alert: (raisedAt: string, fundId: string, indicator: string, streamId: string, version: number) => ({
    PK: 'ALERTS',
    SK: `${raisedAt}#${fundId}#${indicator}#${streamId}#${padVersion(version)}`,
  }),
} as const;

/** Every read-model item carries its consumer in this attribute, so a rebuild can wipe exactly its own. */
export const OWNER_ATTRIBUTE = 'owner';
