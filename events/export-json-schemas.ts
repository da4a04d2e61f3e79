import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { GuaranteeIssuedV1 } from './guarantee-events';
import { EVENT_SCHEMAS, EVENT_TYPES, SCHEMA_VERSIONS } from './registry';

// Writes events/json-schema/<EventType>.v<N>.json (the wire form: amounts are strings) so consumers
// outside TypeScript can validate events. Superseded versions that are still stored are exported too.

export const JSON_SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'json-schema');

const SUPERSEDED: { type: string; version: number; schema: z.ZodType }[] = [
  { type: 'GuaranteeIssued', version: 1, schema: GuaranteeIssuedV1 },
];

/** File name → JSON text of every schema. */
export function renderJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (type: string, version: number, schema: z.ZodType) => {
    const json = { title: `${type} v${version}`, ...z.toJSONSchema(schema, { io: 'input' }) };
    files[`${type}.v${version}.json`] = `${JSON.stringify(json, null, 2)}\n`;
  };
  for (const type of EVENT_TYPES) add(type, SCHEMA_VERSIONS[type], EVENT_SCHEMAS[type]);
  for (const old of SUPERSEDED) add(old.type, old.version, old.schema);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(JSON_SCHEMA_DIR, { recursive: true });
  const files = renderJsonSchemas();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(JSON_SCHEMA_DIR, name), text);
  console.log(`wrote ${Object.keys(files).length} schemas to ${JSON_SCHEMA_DIR}`);
}
