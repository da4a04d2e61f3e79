// The main API Lambda's examples: a JSON file its bundle carries beside index.mjs (written at
// bundling from functions/api/examples, infra/constructs/http-api.ts), read when the OpenAPI
// document is first served. Importing the examples' module instead would add their ~110 KB of
// text to the function's code, which is held to a size bound (test/infra/bundling.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OperationExample } from './operation-example';

export const BUNDLED_EXAMPLES_FILE = 'operation-examples.json';

/**
 * Reads the examples from `dir` (default: the running bundle's directory). A missing or unreadable
 * file gives none: the document is then served without examples rather than not at all. The file
 * is our own build output, written from the typed module, so it is not validated again here.
 */
export const bundledExamples =
  (dir: string = path.dirname(fileURLToPath(import.meta.url))) =>
  (): readonly OperationExample[] => {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path.join(dir, BUNDLED_EXAMPLES_FILE), 'utf8'));
      return Array.isArray(parsed) ? (parsed as OperationExample[]) : [];
    } catch {
      return [];
    }
  };
