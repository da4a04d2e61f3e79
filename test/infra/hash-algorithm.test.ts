// `-c hashAlgorithm=sm3` sets HASH_ALGORITHM on every function (issue 23 §2); without it the
// functions carry none and default to sha256; any other value fails the synth.
import { describe, expect, it } from 'vitest';
import { HASH_ALGORITHM_ENV } from '../../functions/store/hash-algorithm';
import { SYNTH_TIMEOUT_MS, ofType, synth } from './synth';

const algorithmsOf = (context: Record<string, unknown>): (string | undefined)[] =>
  ofType(synth('dev', { nag: false, context }).resources, 'AWS::Lambda::Function').map(
    ([, fn]) => (fn.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.[HASH_ALGORITHM_ENV],
  );

describe('the chain algorithm setting in the CDK app', () => {
  it('gives every function HASH_ALGORITHM=sm3 with -c hashAlgorithm=sm3, and none by default', { timeout: SYNTH_TIMEOUT_MS }, () => {
    const sm3 = algorithmsOf({ hashAlgorithm: 'sm3' });
    expect(sm3.length).toBeGreaterThan(3);
    expect(new Set(sm3)).toEqual(new Set(['sm3']));
    expect(new Set(algorithmsOf({}))).toEqual(new Set([undefined]));
  });

  it('refuses an algorithm it does not know', { timeout: SYNTH_TIMEOUT_MS }, () => {
    expect(() => algorithmsOf({ hashAlgorithm: 'md5' })).toThrow(/hashAlgorithm must be one of sha256, sm3/);
  });
});
