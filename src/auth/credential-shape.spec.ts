import { describe, expect, it } from 'vitest';
import { isWellFormedCredential } from './credential-shape';

describe('isWellFormedCredential', () => {
  it('takes issued ids and secrets, and an operator secret of up to 255 characters', () => {
    for (const value of ['0123456789abcdef0123456789abcdef', 'kept-from-the-old-sds-connection:%é', 's'.repeat(255)]) {
      expect(isWellFormedCredential(value), value.slice(0, 20)).toBe(true);
    }
  });

  it('refuses an empty or over-long value, a control character and a lone surrogate', () => {
    for (const value of ['', 's'.repeat(256), 'a\u0000b', 'tab\there', 'line\n', 'x\uD800', '\uDFFFx']) {
      expect(isWellFormedCredential(value), JSON.stringify(value.slice(0, 20))).toBe(false);
    }
  });
});
