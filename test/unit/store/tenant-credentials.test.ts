// The request-serving functions' credentials in the cloud (issue 24 §2): one STS session of the
// tenant data role per city, tagged with the city, held until shortly before it expires.
import { describe, expect, it } from 'vitest';
import {
  type AssumeTenantRole,
  RENEW_BEFORE_MS,
  SESSION_SECONDS,
  type TenantSessionParams,
  sessionName,
  tenantCredentials,
} from '../../../functions/store/tenant-credentials';

const ROLE = 'arn:aws:iam::123456789012:role/fund-ledger-api-tenant';
const HOUR_MS = SESSION_SECONDS * 1000;

/** A fake STS: records each session asked for and counts the credential fetches of each. */
const fakeSts = (now: () => number, fail: { next: boolean } = { next: false }) => {
  const sessions: TenantSessionParams[] = [];
  const fetches: string[] = [];
  const assume: AssumeTenantRole = (params) => {
    sessions.push(params);
    return async () => {
      const city = params.Tags[0]!.Value;
      fetches.push(city);
      if (fail.next) {
        fail.next = false;
        throw new Error('STS unavailable');
      }
      return { accessKeyId: `AKIA-${city}-${fetches.length}`, secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(now() + HOUR_MS) };
    };
  };
  return { assume, sessions, fetches };
};

describe('tenantCredentials', () => {
  it('starts each city’s session with the role and one tag, city=<city>, for an hour', async () => {
    const sts = fakeSts(Date.now);
    const credentialsFor = tenantCredentials(ROLE, { assume: sts.assume });
    await credentialsFor('jinan')();
    await credentialsFor('liaocheng')();
    expect(sts.sessions.map(({ RoleArn, Tags, DurationSeconds }) => ({ RoleArn, Tags, DurationSeconds }))).toEqual([
      { RoleArn: ROLE, Tags: [{ Key: 'city', Value: 'jinan' }], DurationSeconds: 3600 },
      { RoleArn: ROLE, Tags: [{ Key: 'city', Value: 'liaocheng' }], DurationSeconds: 3600 },
    ]);
  });

  it('gives two cities different credentials and the same city the same, fetched once however often it is asked', async () => {
    const sts = fakeSts(Date.now);
    const credentialsFor = tenantCredentials(ROLE, { assume: sts.assume });
    const [a, b, c] = await Promise.all([credentialsFor('jinan')(), credentialsFor('jinan')(), credentialsFor('heze')()]);
    expect(a.accessKeyId).toBe(b.accessKeyId);
    expect(a.accessKeyId).not.toBe(c.accessKeyId);
    await credentialsFor('jinan')();
    expect(sts.fetches.sort()).toEqual(['heze', 'jinan']);
    expect(credentialsFor('jinan')).toBe(credentialsFor('jinan'));
  });

  it('renews a session five minutes before it expires, not earlier', async () => {
    let clock = 1_000_000;
    const sts = fakeSts(() => clock);
    const credentialsFor = tenantCredentials(ROLE, { assume: sts.assume, now: () => clock });
    const first = await credentialsFor('zibo')();
    clock += HOUR_MS - RENEW_BEFORE_MS - 1; // 1 ms before the renewal window
    expect(await credentialsFor('zibo')()).toBe(first);
    clock += 1; // inside it
    const renewed = await credentialsFor('zibo')();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.fetches).toEqual(['zibo', 'zibo']);
  });

  it('does not keep a failed AssumeRole: the next call asks STS again', async () => {
    const fail = { next: true };
    const sts = fakeSts(Date.now, fail);
    const credentialsFor = tenantCredentials(ROLE, { assume: sts.assume });
    await expect(credentialsFor('weihai')()).rejects.toThrow('STS unavailable');
    await expect(credentialsFor('weihai')()).resolves.toMatchObject({ accessKeyId: 'AKIA-weihai-2' });
  });
});

describe('sessionName', () => {
  it('names the function and the city, so CloudTrail shows who acted for which city', () => {
    expect(sessionName('jinan', 'fund-ledger-api')).toBe('fund-ledger-api@jinan');
    expect(sessionName('heze', undefined)).toBe('fund-ledger@heze');
  });

  it('keeps to what STS accepts: [\\w+=,.@-], at most 64 characters, the city kept', () => {
    const name = sessionName('zaozhuang', `prod/${'x'.repeat(80)}`);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(name.endsWith('@zaozhuang')).toBe(true);
  });
});
