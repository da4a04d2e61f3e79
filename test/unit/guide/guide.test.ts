// The user guide (docs/guide) against what the tests take and what the site serves: every picture
// it shows is one the guide's browser test writes (test/browser/guide-screenshots.ts, the one list),
// every listed picture is shown and committed, every link between chapters leads to a chapter, the
// dashboard's 帮助 links name chapters that exist, and the renderer turns chapters into site pages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_DIR, GUIDE_SCREENSHOT_DIR, renderGuidePage, siteHref } from '../../../scripts/guide-html';
import { GUIDE_SCREENSHOTS } from '../../browser/guide-screenshots';
import { HELP_CHAPTERS, helpHref } from '../../../web/src/guide-chapters';

const chapters = readdirSync(GUIDE_DIR).filter((name) => name.endsWith('.md'));
const text = (file: string): string => readFileSync(path.join(GUIDE_DIR, file), 'utf8');
/** Markdown images and links outside code: `![alt](target)` and `[label](target)`. */
const targets = (markdown: string, image: boolean): { label: string; target: string }[] =>
  [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(image ? /!\[([^\]]*)\]\(([^)\s]+)\)/g : /(?<!!)\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ label: m[1] ?? '', target: m[2] ?? '' }));

describe('the user guide (docs/guide)', () => {
  it('has its table of contents and a chapter per role and task', () => {
    expect(chapters).toContain('README.md');
    for (const prefix of ['bureau-', 'manager-', 'auditor-', 'admin-']) expect(chapters.some((c) => c.startsWith(prefix)), prefix).toBe(true);
  });

  it('shows only screenshots a browser test declares, each described (alt text) and committed', () => {
    const declared = new Set<string>(GUIDE_SCREENSHOTS);
    for (const chapter of chapters) {
      for (const { label, target } of targets(text(chapter), true)) {
        const name = /^screenshots\/([a-z0-9-]+)\.png$/.exec(target)?.[1];
        expect(name, `${chapter}: ${target} is not screenshots/<name>.png`).toBeDefined();
        expect(declared.has(name ?? ''), `${chapter} shows ${target}, which no browser test declares (test/browser/guide-screenshots.ts)`).toBe(true);
        expect(label.trim(), `${chapter}: ${target} has no alt text`).not.toBe('');
      }
    }
  });

  it('shows every declared screenshot somewhere, and each is committed', () => {
    const shown = new Set(chapters.flatMap((chapter) => targets(text(chapter), true).map((t) => t.target)));
    for (const name of GUIDE_SCREENSHOTS) {
      expect(shown.has(`screenshots/${name}.png`), `${name} is declared but no chapter shows it`).toBe(true);
      expect(existsSync(path.join(GUIDE_SCREENSHOT_DIR, `${name}.png`)), `${name}.png is not in docs/guide/screenshots`).toBe(true);
    }
  });

  it('links only to chapters that exist (or to the web)', () => {
    for (const chapter of chapters) {
      for (const { target } of targets(text(chapter), false)) {
        if (/^(https?:|mailto:|#|\/)/.test(target)) continue;
        const file = target.split('#')[0] ?? '';
        expect(chapters.includes(file), `${chapter} links to ${target}, not a chapter of docs/guide`).toBe(true);
      }
    }
  });

  it('is what every page’s 帮助 link opens', () => {
    for (const slug of HELP_CHAPTERS) expect(chapters, slug).toContain(`${slug}.md`);
    expect(helpHref('month-end', 'finance-bureau')).toBe('/guide/bureau-month-end.html');
    expect(helpHref('fund', 'fund-manager')).toBe('/guide/manager-journal.html');
    expect(helpHref('no-such-page', 'auditor')).toBe('/guide/');
  });
});

describe('the guide’s renderer (scripts/guide-html.ts)', () => {
  it('turns links between chapters into site pages and leaves others as written', () => {
    expect(siteHref('bureau-month-end.md')).toBe('bureau-month-end.html');
    expect(siteHref('README.md')).toBe('index.html');
    expect(siteHref('bureau-policy.md#part')).toBe('bureau-policy.html#part');
    for (const href of ['https://example.org/a.md', 'screenshots/sign-in.png', '/docs', '#top']) expect(siteHref(href)).toBe(href);
  });

  it('renders a chapter into a whole page: title, images, tables with column headers, code that scrolls in its box', () => {
    const html = renderGuidePage('# 月末对账\n\n1. 点 **运行对账**。\n   ![月末对账页面](screenshots/bureau-month-end-run.png)\n\n| 项目 | 说明 |\n|---|---|\n| 结账 | 该月不能再记账 |\n\n```sh\nnpm start\n```\n\n见 [结账](bureau-close-month.md)。\n', false);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>月末对账 · 使用手册</title>');
    expect(html).toContain('<img src="screenshots/bureau-month-end-run.png" alt="月末对账页面">');
    expect(html).toContain('<th scope="col">项目</th>');
    expect(html).toContain('<pre tabindex="0"><code class="language-sh">npm start</code></pre>');
    expect(html).toContain('<a href="bureau-close-month.html">结账</a>');
    expect(html).toContain('<a href="index.html">使用手册目录</a>');
    expect(html).toContain("script-src 'self'");
  });
});
