import { describe, expect, it } from 'vitest';
import { SITE_PAGES, sitePagesFunctionCode } from '../../../infra/site-pages';

interface ViewerRequest {
  uri: string;
}

/** Runs the CloudFront function's source as CloudFront would: a global `handler(event)`. */
const cloudFrontHandler = (): ((event: { request: ViewerRequest }) => ViewerRequest) =>
  new Function(`${sitePagesFunctionCode()}\nreturn handler;`)() as (event: { request: ViewerRequest }) => ViewerRequest;

describe('the site pages CloudFront serves', () => {
  it('rewrites /docs and /docs/ to the reference page, /guide and /guide/ to the guide, as the local front serves them', () => {
    const handler = cloudFrontHandler();
    for (const [uri, page] of Object.entries(SITE_PAGES)) expect(handler({ request: { uri } }).uri).toBe(page);
    expect(handler({ request: { uri: '/docs' } }).uri).toBe('/docs/index.html');
    expect(handler({ request: { uri: '/guide/' } }).uri).toBe('/guide/index.html');
  });

  it('leaves every other path, the API and the assets, as it is', () => {
    const handler = cloudFrontHandler();
    for (const uri of ['/v1/funds', '/assets/docs-abc.js', '/docs/index.html', '/docsx', '/index.html', '/guide/bureau-month-end.html', '/guide/screenshots/sign-in.png']) expect(handler({ request: { uri } }).uri).toBe(uri);
  });
});
