import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVerifier, LOCAL_ISSUER, signLocalToken } from '../../../functions/api/auth';
import { createDashboardFront } from '../../../infra/local/dashboard-front';
import { currentCity } from '../../../functions/shared/city-scope';

const SECRET = 'a-local-signing-key-of-at-least-32-chars';

const front = () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  mkdirSync(path.join(dist, 'docs'));
  writeFileSync(path.join(dist, 'docs', 'index.html'), '<!doctype html><title>API reference</title>');
  writeFileSync(path.join(dirname(dist), 'secret.txt'), 'outside');
  return createDashboardFront({
    distDir: dist,
    signToken: (role, funds, subject, city) => signLocalToken(SECRET, { role, funds, ...(subject === undefined ? {} : { subject }), ...(city === undefined ? {} : { city }) }),
    // Each city's funds: asked inside the city's scope, as the stack's queries are.
    listFunds: async () => (currentCity() === 'liaocheng' ? [{ fundId: 'pool', name: '资金池', kind: 'risk-pool' }] : currentCity() === 'jinan' ? [{ fundId: 'jn-pool', name: '济南资金池', kind: 'risk-pool' }] : []),
  });
};
const dirname = (p: string): string => path.dirname(p);

describe('the local stack’s dashboard front', () => {
  it('serves index.html at / without caching and hashed assets as immutable', async () => {
    const serve = front();
    const index = await serve('GET', '/', '');
    expect(index).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
    const asset = await serve('GET', '/assets/index-abc.js', '');
    expect(asset?.headers['cache-control']).toContain('immutable');
    expect(asset?.headers['content-type']).toContain('text/javascript');
  });

  it('serves the API reference page at /docs and /docs/', async () => {
    const serve = front();
    for (const pathname of ['/docs', '/docs/', '/docs/index.html']) {
      const page = await serve('GET', pathname, '');
      expect(page?.status).toBe(200);
      expect(String(page?.body)).toContain('API reference');
    }
  });

  it('leaves the API, unknown files and paths outside the bundle to the API handler', async () => {
    const serve = front();
    expect(await serve('GET', '/v1/funds', '')).toBeUndefined();
    expect(await serve('GET', '/health', '')).toBeUndefined();
    expect(await serve('POST', '/', '')).toBeUndefined();
    expect(await serve('GET', '/missing.js', '')).toBeUndefined();
    expect(await serve('GET', '/../secret.txt', '')).toBeUndefined();
  });

  it('mints a local token for the role and funds picked, which the API verifies', async () => {
    const serve = front();
    const answer = await serve('POST', '/local/token', JSON.stringify({ role: 'fund-manager', funds: ['pool'] }));
    expect(answer?.status).toBe(200);
    const { token } = JSON.parse(String(answer?.body)) as { token: string };
    const principal = await createVerifier({ kind: 'secret', secret: new TextEncoder().encode(SECRET), issuer: LOCAL_ISSUER })(`Bearer ${token}`);
    expect(principal).toEqual({ subject: 'local-fund-manager', roles: ['fund-manager'], funds: ['pool'], city: 'liaocheng' });
  });

  it('mints a token of the city picked, and refuses a city it does not know', async () => {
    const serve = front();
    const answer = await serve('POST', '/local/token', JSON.stringify({ role: 'finance-bureau', city: 'jinan' }));
    const { token } = JSON.parse(String(answer?.body)) as { token: string };
    const principal = await createVerifier({ kind: 'secret', secret: new TextEncoder().encode(SECRET), issuer: LOCAL_ISSUER })(`Bearer ${token}`);
    expect(principal.city).toBe('jinan');
    const unknown = await serve('POST', '/local/token', JSON.stringify({ role: 'finance-bureau', city: 'atlantis' }));
    expect(unknown?.status).toBe(400);
    expect(JSON.parse(String(unknown?.body)).errors[0].field).toBe('body.city');
  });

  it('refuses a token request naming no known role with a problem naming the field', async () => {
    const serve = front();
    const answer = await serve('POST', '/local/token', JSON.stringify({ role: 'admin' }));
    expect(answer?.status).toBe(400);
    expect(answer?.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(String(answer?.body)).errors[0].field).toBe('body.role');
    expect((await serve('POST', '/local/token', '{'))?.status).toBe(400);
  });

  it('offers the roles, the cities and every city’s funds to pick from, and a local sign-in config', async () => {
    const serve = front();
    const choices = JSON.parse(String((await serve('GET', '/local/sign-in', ''))?.body));
    expect(choices).toMatchObject({
      roles: ['finance-bureau', 'fund-manager', 'auditor', 'province'],
      defaultCity: 'liaocheng',
      funds: [
        { cityId: 'jinan', fundId: 'jn-pool', name: '济南资金池', kind: 'risk-pool' },
        { cityId: 'liaocheng', fundId: 'pool', name: '资金池', kind: 'risk-pool' },
      ],
    });
    expect(choices.cities).toHaveLength(16);
    expect(choices.cities).toContainEqual({ cityId: 'heze', name: '菏泽市' });
    expect(JSON.parse(String((await serve('GET', '/config.json', ''))?.body))).toEqual({ apiBase: '', auth: { kind: 'local' } });
  });
});
