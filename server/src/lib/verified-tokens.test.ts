import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified-tokens.ts';

/** A verifier that accepts "ok:<name>" and counts its calls. */
function counting() {
  const calls: string[] = [];
  const verify = (token: string) => {
    calls.push(token);
    if (!token.startsWith('ok:')) throw new Error('bad signature');
    return { name: token.slice(3) };
  };
  return { calls, verify };
}

describe('VerifiedTokens', () => {
  it('verifies a token once, then answers its payload from memory', () => {
    const { calls, verify } = counting();
    const tokens = new VerifiedTokens(verify);
    expect(tokens.payload('ok:a')).toEqual({ name: 'a' });
    expect(tokens.payload('ok:a')).toEqual({ name: 'a' });
    expect(tokens.payload('ok:b')).toEqual({ name: 'b' });
    expect(calls).toEqual(['ok:a', 'ok:b']);
  });

  it('keeps nothing of a token that fails: it fails again, checked again', () => {
    const { calls, verify } = counting();
    const tokens = new VerifiedTokens(verify);
    expect(() => tokens.payload('forged')).toThrow('bad signature');
    expect(() => tokens.payload('forged')).toThrow('bad signature');
    expect(calls).toEqual(['forged', 'forged']);
    expect(tokens.size).toBe(0);
  });

  it('lets the oldest go past its bound', () => {
    const { calls, verify } = counting();
    const tokens = new VerifiedTokens(verify, 2);
    tokens.payload('ok:a');
    tokens.payload('ok:b');
    tokens.payload('ok:c');
    expect(tokens.size).toBe(2);
    tokens.payload('ok:b');
    tokens.payload('ok:a');
    expect(calls).toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:a']);
  });
});
