// The main API Lambda reads the OpenAPI examples from the JSON beside its bundle, and serves the
// document without them (not a failure) when the file is missing or broken.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_EXAMPLES } from '../../../functions/api/examples';
import { BUNDLED_EXAMPLES_FILE, bundledExamples } from '../../../functions/api/examples/bundled-examples';

describe('the examples a bundle carries', () => {
  it('reads the file the bundling writes (the examples as JSON)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundled-examples-'));
    writeFileSync(path.join(dir, BUNDLED_EXAMPLES_FILE), JSON.stringify(OPERATION_EXAMPLES));
    expect(bundledExamples(dir)()).toEqual(OPERATION_EXAMPLES);
  });

  it('gives none when the file is missing or not a list', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundled-examples-'));
    expect(bundledExamples(dir)()).toEqual([]);
    writeFileSync(path.join(dir, BUNDLED_EXAMPLES_FILE), '{"not":"a list"}');
    expect(bundledExamples(dir)()).toEqual([]);
    writeFileSync(path.join(dir, BUNDLED_EXAMPLES_FILE), 'not json');
    expect(bundledExamples(dir)()).toEqual([]);
  });
});
