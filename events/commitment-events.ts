import * as z from 'zod';
import { migratedOn } from './migration';
import { positiveYuan, yuan } from './money';
import { businessDate, id, nonEmptyText } from './primitives';

// Commitment-stream events: a guidance fund's commitment to one sub-fund (子基金), its calls and distributions.

export const CommitmentMade = z.object({
  fundId: id,
  commitmentId: id,
  subFund: z.object({
    name: nonEmptyText(200),
    size: positiveYuan,
    prioritySector: z.boolean(),
    green: z.boolean(),
    manager: z.object({ name: nonEmptyText(200), paidInCapital: yuan }),
  }),
  amount: positiveYuan,
  committedOn: businessDate,
  migratedOn,
});

export const CapitalCalled = z.object({
  fundId: id,
  commitmentId: id,
  callId: id,
  amount: positiveYuan,
  calledOn: businessDate,
  dueOn: businessDate,
  migratedOn,
});

export const CapitalCallSettled = z.object({
  fundId: id,
  commitmentId: id,
  callId: id,
  amount: positiveYuan,
  paidOn: businessDate,
  migratedOn,
});

export const DistributionRecorded = z.object({
  fundId: id,
  commitmentId: id,
  distributionId: id,
  receivedOn: businessDate,
  returnOfCapital: yuan,
  gain: yuan,
});

export const commitmentEvents = { CommitmentMade, CapitalCalled, CapitalCallSettled, DistributionRecorded } as const;
