// The cloud's audit writer: one JSON line per request on stdout, which Lambda sends to the API
// function's own log group — the audit log the stack keeps ≥ 180 days and denies its writers the
// right to delete or shorten (infra/constructs/audit-log.ts). A logger of its own at INFO, so the
// function's POWERTOOLS_LOG_LEVEL (set to WARN to quieten debugging lines) never silences audit.
import { ledgerLogger } from '../shared/ledger-logger';
import { SERVICE_NAMES } from '../shared/ops';
import type { AuditWriter } from './audit';

const auditLogger = ledgerLogger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? SERVICE_NAMES.api, logLevel: 'INFO' });

export const logAuditWriter: AuditWriter = async (record) => {
  auditLogger.info({ message: record.kind, audit: record });
};
