// The body of every SQS message a consumer receives: the EventBridge event the Pipe (or the local
// router) put on the bus. Binding contract with the event flow (functions/shared/routing.ts): a
// message means "stream S reached version v"; consumers never trust it for more than that and
// read the events themselves from the store.
import * as z from 'zod';
import { cityId, DEFAULT_CITY } from '../../events/cities';
import { businessDate } from '../../events/primitives';

export const busEventDetail = z.object({
  streamId: z.string().min(1).max(200),
  version: z.number().int().positive(),
  type: z.string().min(1),
  occurredOn: businessDate,
  recordedAt: z.string().min(1),
  /** Absent on messages published before cities (issue 24): those are the default city's. */
  city: cityId.default(DEFAULT_CITY),
});
export type BusEventDetail = z.infer<typeof busEventDetail>;

export const busMessage = z.object({
  version: z.literal('0'),
  id: z.string(),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  time: z.string(),
  region: z.string(),
  account: z.string(),
  resources: z.array(z.string()),
  detail: busEventDetail,
});
export type BusMessage = z.infer<typeof busMessage>;

export class BusMessageInvalid extends Error {
  override readonly name = 'BusMessageInvalid';
  constructor(reason: string) {
    super(`unparseable bus message: ${reason}`);
  }
}

/** Parses an SQS message body; throws BusMessageInvalid when it is not JSON or not a bus event. */
export const parseBusMessage = (body: string): BusMessage => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new BusMessageInvalid(error instanceof Error ? error.message : 'not JSON');
  }
  const result = busMessage.safeParse(json);
  if (!result.success) throw new BusMessageInvalid(z.prettifyError(result.error));
  return result.data;
};
