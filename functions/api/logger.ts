// One structured JSON logger for the API. Request-scoped keys (requestId, correlationId) are
// passed per call rather than appended to the shared logger, because the local server handles
// many requests concurrently in one process. Never pass bodies: they hold names and credit codes.
// The service is the function's POWERTOOLS_SERVICE_NAME (api or api-files, set by the stack), so
// each API function's logs say which one wrote them; the main API's name where nothing sets it.
import type { Logger } from '@aws-lambda-powertools/logger';
import { ledgerLogger } from '../shared/ledger-logger';
import { SERVICE_NAMES } from '../shared/ops';

export const apiLogger = ledgerLogger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? SERVICE_NAMES.api });
export type ApiLogger = Pick<Logger, 'info' | 'warn' | 'error'>;
