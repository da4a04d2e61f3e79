// docs/compliance.md names, for each 等保 control, the code that meets it and the test that proves
// it. This keeps the page from going stale: every named test file exists and holds every title the
// page quotes from it, every path in the table exists, and every row names a test or says plainly
// why not (pending, not met, AWS).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/compliance.md'), 'utf8');
const controls = doc.slice(doc.indexOf('<!-- controls -->'), doc.indexOf('<!-- /controls -->'));

/** `test/….test.ts` followed by one or more 「title」. */
const references = [...controls.matchAll(/`(test\/[^`]+?\.test\.ts)`((?:\s*「[^」]+」)+)/g)].map((match) => ({
  file: match[1] ?? '',
  titles: [...(match[2] ?? '').matchAll(/「([^」]+)」/g)].map((title) => title[1] ?? ''),
}));
/** Table rows (not headers or separators) of the control tables. */
const rows = controls.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Clause') && !line.startsWith('| Layer'));
/** Every backticked repository path in the table: files and directories of the code. */
const paths = [...controls.matchAll(/`((?:functions|infra|web|events|domain|scripts|test)\/[^`\s]*|package-lock\.json)`/g)].map((match) => match[1] ?? '');

describe('docs/compliance.md', () => {
  it('quotes only tests that exist: each named file is there and contains each title named from it', () => {
    expect(references.length).toBeGreaterThan(20);
    for (const { file, titles } of references) {
      const full = path.join(ROOT, file);
      expect(existsSync(full), file).toBe(true);
      const source = readFileSync(full, 'utf8');
      for (const title of titles) expect(source.includes(title), `${file} 「${title}」`).toBe(true);
    }
  });

  it('names only code paths that exist', () => {
    expect(paths.length).toBeGreaterThan(20);
    for (const named of paths) expect(existsSync(path.join(ROOT, named)), named).toBe(true);
  });

  it('gives every control a test, or says it is pending, not met or the cloud operator’s', () => {
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) expect(/「[^」]+」|\*\*pending\*\*|\*\*not met\*\*|\*\*AWS\*\*/.test(row), row.slice(0, 80)).toBe(true);
  });
});
