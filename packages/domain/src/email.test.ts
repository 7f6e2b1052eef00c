import { describe, expect, it } from 'vitest';
import { maskEmail } from './email.ts';

describe('maskEmail (EBL-7)', () => {
  it.each([
    ['jan.peeters@acme.be', 'j***@acme.be'],
    ['a@b.be', 'a***@b.be'],
    ['"odd@name"@acme.be', '"***@acme.be'],
    ['no-at-sign', '***'],
    ['@acme.be', '***'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
