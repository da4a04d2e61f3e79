// Lambda entry of the positions consumer (functions/shared/functions.ts). The work is in ./positions and ./cursor-projector.
import { positionsProjection } from './positions';
import { type ConsumerConfig, createConsumerHandler, lazyConsumerHandler, type SqsConsumerHandler } from './consumer-handler';

export const createPositionsHandler = (config: ConsumerConfig): SqsConsumerHandler => createConsumerHandler(positionsProjection, config);

export const handler = lazyConsumerHandler(positionsProjection);
