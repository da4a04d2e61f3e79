// The user guide (使用手册, docs/guide/*.md) as static pages in web/dist/guide/: each chapter
// rendered by marked at build time into the same page frame, links between chapters turned from
// .md (what GitHub follows) into .html (what the site serves), and the screenshots copied beside
// them, so the same relative image links work on GitHub and on the site. The local stack serves
// web/dist; in the cloud scripts/deploy-web.sh syncs it to the site bucket (infra/site-pages.ts
// maps /guide to its index).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Marked, type Tokens } from 'marked';

export const GUIDE_DIR = path.resolve(import.meta.dirname, '../docs/guide');
export const GUIDE_SCREENSHOT_DIR = path.join(GUIDE_DIR, 'screenshots');

/** README.md is the guide's table of contents: GitHub shows it for the folder, the site as index.html. */
export const pageNameOf = (markdownFile: string): string => (markdownFile === 'README.md' ? 'index.html' : markdownFile.replace(/\.md$/, '.html'));

/** A link inside the guide to another chapter (`x.md`, `x.md#part`) points at its page; every other link is left as written. */
export const siteHref = (href: string): string => {
  const match = /^([a-z0-9-]+\.md)(#.*)?$/i.exec(href);
  return match === null ? href : `${pageNameOf(match[1] ?? '')}${match[2] ?? ''}`;
};

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  walkTokens: (token) => {
    if (token.type === 'link') (token as Tokens.Link).href = siteHref((token as Tokens.Link).href);
  },
  renderer: {
    // Code and tables may be wider than a phone: they scroll in their own box, which a keyboard can reach.
    code({ text, lang }) {
      const language = lang === undefined || lang === '' ? '' : ` class="language-${escapeHtml(lang)}"`;
      return `<pre tabindex="0"><code${language}>${escapeHtml(text)}</code></pre>\n`;
    },
    table(token) {
      const cell = (c: Tokens.TableCell, tag: 'th' | 'td'): string => `<${tag}${tag === 'th' ? ' scope="col"' : ''}>${this.parser.parseInline(c.tokens)}</${tag}>`;
      const head = `<tr>${token.header.map((c) => cell(c, 'th')).join('')}</tr>`;
      const body = token.rows.map((row) => `<tr>${row.map((c) => cell(c, 'td')).join('')}</tr>`).join('\n');
      return `<div class="table-box" tabindex="0"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>\n`;
    },
  },
});

/** The chapter's title: its first level-1 heading. */
export const titleOf = (markdown: string): string => /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? '使用手册';

/** The frame's words in the chapter's language: the guide is Chinese, en.md its English summary. */
const FRAME = {
  'zh-CN': { name: '财政金融协同资金台账 · 使用手册', suffix: '使用手册', contents: '使用手册目录', back: '返回台账' },
  en: { name: 'fund-ledger · user guide', suffix: 'user guide', contents: '使用手册 (contents, Chinese)', back: 'Back to the dashboard' },
} as const;

export const languageOf = (markdownFile: string): keyof typeof FRAME => (markdownFile === 'en.md' ? 'en' : 'zh-CN');

/** One chapter as a whole page, under the same Content-Security-Policy as the dashboard. */
export const renderGuidePage = (markdown: string, isIndex: boolean, language: keyof typeof FRAME = 'zh-CN'): string => {
  const title = titleOf(markdown);
  const frame = FRAME[language];
  const contents = isIndex ? '' : `<a href="index.html">${frame.contents}</a>`;
  return `<!doctype html>
<html lang="${language}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'self'" />
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="guide.css" />
    <title>${escapeHtml(title.replace(/<[^>]*>/g, ''))} · ${frame.suffix}</title>
  </head>
  <body>
    <header class="guide-header">
      <span class="guide-name">${frame.name}</span>
      <nav aria-label="${frame.suffix}">${contents}<a href="/">${frame.back}</a></nav>
    </header>
    <main class="guide">
${marked.parse(markdown, { async: false })}
    </main>
  </body>
</html>
`;
};

/** Writes every chapter, the screenshots and nothing else into `outDir` (web/dist/guide). */
export const writeGuide = (outDir: string): void => {
  mkdirSync(path.join(outDir, 'screenshots'), { recursive: true });
  for (const file of readdirSync(GUIDE_DIR).filter((name) => name.endsWith('.md'))) {
    writeFileSync(path.join(outDir, pageNameOf(file)), renderGuidePage(readFileSync(path.join(GUIDE_DIR, file), 'utf8'), file === 'README.md', languageOf(file)));
  }
  if (!existsSync(GUIDE_SCREENSHOT_DIR)) return;
  for (const png of readdirSync(GUIDE_SCREENSHOT_DIR).filter((name) => name.endsWith('.png'))) {
    copyFileSync(path.join(GUIDE_SCREENSHOT_DIR, png), path.join(outDir, 'screenshots', png));
  }
};
