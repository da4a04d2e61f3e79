// Paths the dashboard's origin answers with a built page: the dashboard itself, the API
// reference at /docs and the user guide's table of contents at /guide (its chapters are files,
// /guide/<chapter>.html, served as they are). Read by the local stack's front and by CloudFront's viewer-request function,
// so both serve the same pages at the same paths.
export const SITE_PAGES: Readonly<Record<string, string>> = { '/': '/index.html', '/docs': '/docs/index.html', '/docs/': '/docs/index.html', '/guide': '/guide/index.html', '/guide/': '/guide/index.html' };

/** CloudFront Functions (cloudfront-js-2.0) source that rewrites those paths to their page. */
export const sitePagesFunctionCode = (): string =>
  `var PAGES = ${JSON.stringify(SITE_PAGES)};\nfunction handler(event) {\n  var request = event.request;\n  var page = PAGES[request.uri];\n  if (page) request.uri = page;\n  return request;\n}\n`;
