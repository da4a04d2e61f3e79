// axe-core in the page under test: the engine is injected from node_modules (no CDN) and run
// against WCAG 2.0/2.1 A and AA rules (the level GB/T 37668 maps to), answering the violations
// with their impact, so a test can refuse serious and critical ones and docs can count them all.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
export type Impact = (typeof IMPACTS)[number];

export interface AxeViolation {
  id: string;
  impact: Impact;
  help: string;
  /** CSS targets of (at most five of) the offending nodes. */
  targets: string[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** Offending nodes by impact. */
  counts: Record<Impact, number>;
}

/** Runs in the page (a string, so this Node-typed file needs no DOM types). */
const AXE_RUN = `(async () => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact || 'minor', help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
})()`;

export const runAxe = async (page: Page): Promise<AxeResult> => {
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.addScriptTag({ path: AXE_SCRIPT });
  const raw = (await page.evaluate(AXE_RUN)) as (AxeViolation & { nodes: number })[];
  const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, 0])) as Record<Impact, number>;
  for (const v of raw) counts[v.impact] += v.nodes;
  return { violations: raw.map(({ nodes: _nodes, ...v }) => v), counts };
};

/** The violations a page may not have: serious and critical. */
export const blocking = (result: AxeResult): AxeViolation[] => result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
