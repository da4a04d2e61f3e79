// Every structured logger of the system is built here, so none can forget the personal-data mask
// (functions/shared/personal-data.ts): Powertools calls the replacer on every key of every line,
// the message and a logged error's message and stack included.
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { maskPersonalData } from './personal-data';

export const ledgerLogger = (options: { serviceName?: string; logLevel?: LogLevel } = {}): Logger =>
  new Logger({ ...options, jsonReplacerFn: maskPersonalData });
