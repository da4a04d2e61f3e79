// Lambda entry of the alerts consumer (functions/shared/functions.ts). The work is in ./alerts and ./cursor-projector;
// live, the reactor judges indicators into alert streams through ./indicator-judge (it appends to the events table).
import { readPolicyBook } from '../commands/policy-stream';
import { createEventStore } from '../store/event-store';
import { createAlertsProjection } from './alerts';
import { type ConsumerConfig, createConsumerHandler, lazyHandler, type SqsConsumerHandler } from './consumer-handler';
import { createIndicatorJudge } from './indicator-judge';

export const createAlertsHandler = (config: ConsumerConfig): SqsConsumerHandler => {
  const store = createEventStore({ client: config.client, tableName: config.eventsTableName });
  const projection = createAlertsProjection({ policyBook: () => readPolicyBook(store), judge: createIndicatorJudge(store) });
  return createConsumerHandler(projection, config);
};

export const handler = lazyHandler(createAlertsHandler);
