import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts tokens at rest with AES-256-GCM. The key is derived from AUTH_SECRET with HKDF,
 * so the session secret itself never encrypts anything and rotating it locks the vault
 * (the owner then reconnects). Sealed values look like `v1.<iv>.<ciphertext+tag>` (base64url).
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'listening-stats', 'token-vault v1', 32));
}

/** `purpose` is bound as associated data: a sealed access token cannot pass as a refresh token. */
export function sealToken(plaintext: string, secret: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function openToken(sealed: string, secret: string, purpose: string): string {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText) throw new VaultError('not a sealed token');
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length <= TAG_BYTES) throw new VaultError('not a sealed token');
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret), iv);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError('the token cannot be decrypted (was AUTH_SECRET changed? reconnect Spotify)');
  }
}
