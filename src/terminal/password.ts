/**
 * Operator and supervisor passwords, stored as PBKDF2-HMAC-SHA256 hashes (RFC 8018) with a random
 * salt: the journal never holds a password, and checks are constant-time.
 */
import { constantTimeEqual, encodeUtf8, hex, toHex, type Random } from '../core/index';
import { pbkdf2, type CryptoBackend } from '../crypto/index';
import type { StoredPassword } from './state';

/** PBKDF2 iterations of a new password (a terminal's CPU is slow; the journal stays on the device). */
export const PASSWORD_ITERATIONS = 2048;

/**
 * Hash a password with a fresh salt.
 *
 * @example
 * ```ts
 * const stored = hashPassword('123456', random); // { salt: '…16 bytes hex…', hash: '…32 bytes hex…', iterations: 2048 }
 * ```
 */
export function hashPassword(password: string, random: Random, backend?: CryptoBackend, iterations = PASSWORD_ITERATIONS): StoredPassword {
  const salt = random.bytes(16);
  return { salt: toHex(salt), hash: toHex(pbkdf2(encodeUtf8(password), salt, { hash: 'sha256', iterations, length: 32, ...(backend ? { backend } : {}) })), iterations };
}

/** True when `password` is the stored one (constant time). */
export function checkPassword(password: string, stored: StoredPassword, backend?: CryptoBackend): boolean {
  const h = pbkdf2(encodeUtf8(password), hex(stored.salt), { hash: 'sha256', iterations: stored.iterations ?? PASSWORD_ITERATIONS, length: 32, ...(backend ? { backend } : {}) });
  return constantTimeEqual(h, hex(stored.hash));
}
