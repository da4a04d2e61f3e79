import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_DIR, renderJsonSchemas } from '../../../events/export-json-schemas';

describe('committed JSON Schemas', () => {
  const fresh = renderJsonSchemas();

  it('are exactly what `npm run schemas` exports now', () => {
    const committed = readdirSync(JSON_SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(committed).toEqual(Object.keys(fresh).sort());
    for (const name of committed) expect(readFileSync(join(JSON_SCHEMA_DIR, name), 'utf8'), name).toBe(fresh[name]);
  });

  it('describe amounts as strings on the wire', () => {
    const schema = JSON.parse(fresh['CapitalInjected.v1.json'] ?? '{}') as { properties: { amount: { type: string } } };
    expect(schema.properties.amount.type).toBe('string');
  });
});
