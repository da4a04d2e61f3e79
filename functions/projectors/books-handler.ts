// Lambda entry of the books consumer (functions/shared/functions.ts). The work is in ./books and ./cursor-projector.
import { booksProjection } from './books';
import { type ConsumerConfig, createConsumerHandler, lazyConsumerHandler, type SqsConsumerHandler } from './consumer-handler';

export const createBooksHandler = (config: ConsumerConfig): SqsConsumerHandler => createConsumerHandler(booksProjection, config);

export const handler = lazyConsumerHandler(booksProjection);
