// Lambda entry of the alerts consumer (functions/shared/functions.ts). The work is in ./alerts and ./cursor-projector.
import { alertsProjection } from './alerts';
import { type ConsumerConfig, createConsumerHandler, lazyConsumerHandler, type SqsConsumerHandler } from './consumer-handler';

export const createAlertsHandler = (config: ConsumerConfig): SqsConsumerHandler => createConsumerHandler(alertsProjection, config);

export const handler = lazyConsumerHandler(alertsProjection);
