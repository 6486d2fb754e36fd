import { describe, expect, it } from 'vitest';
import { openToken, sealToken, VaultError } from '@/lib/vault';

const SECRET = 'a-secret-of-more-than-thirty-two-characters!';

describe('token vault', () => {
  it('round-trips a token and never contains it in plaintext', () => {
    const token = 'AQDrefresh-token-value-1234567890';
    const sealed = sealToken(token, SECRET, 'refresh');
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain(token);
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString('latin1')).not.toContain(token);
    expect(openToken(sealed, SECRET, 'refresh')).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    expect(sealToken('same', SECRET, 'refresh')).not.toBe(sealToken('same', SECRET, 'refresh'));
  });

  it('refuses another secret, another purpose and tampered ciphertext', () => {
    const sealed = sealToken('token', SECRET, 'refresh');
    expect(() => openToken(sealed, `${SECRET}x`, 'refresh')).toThrow(VaultError);
    expect(() => openToken(sealed, SECRET, 'access')).toThrow(VaultError);
    const [version, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openToken(`${version}.${iv}.${flipped.toString('base64url')}`, SECRET, 'refresh')).toThrow(VaultError);
    expect(() => openToken('plaintext-token', SECRET, 'refresh')).toThrow('not a sealed token');
  });
});
