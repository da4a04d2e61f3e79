// One structured JSON logger for the API. Request-scoped keys (requestId, correlationId) are
// passed per call rather than appended to the shared logger, because the local server handles
// many requests concurrently in one process. Never pass bodies: they hold names and credit codes.
import { Logger } from '@aws-lambda-powertools/logger';

export const apiLogger = new Logger({ serviceName: 'fund-ledger-api' });
export type ApiLogger = Pick<Logger, 'info' | 'warn' | 'error'>;
