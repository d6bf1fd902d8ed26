/**
 * Keys given to the EMV, TR-31 and card-security operations: an opaque {@link SecretKey}, whose
 * TR-31 usage is then enforced (a PIN verification key cannot compute a CVV), or clear bytes for
 * test vectors and tools that hold keys outside cardwire.
 */
import { fail } from '../core/index';
import { keyBytes, requireUsage, SecretKey } from './keys/key';
import type { KeyUsage } from './keys/usage';

/** A key: a {@link SecretKey} (usage enforced) or clear bytes. */
export type KeyInput = SecretKey | Uint8Array;

/** The bytes of `key` after checking a SecretKey's usage against `usages`. @internal */
export function keyMaterial(key: KeyInput, usages: readonly KeyUsage[], operation: string, path: string): Uint8Array {
  if (key instanceof Uint8Array) return key;
  if (key instanceof SecretKey) {
    requireUsage(key, usages, operation, path);
    return keyBytes(key);
  }
  return fail('INVALID_ARGUMENT', `${path} must be a SecretKey or bytes`, { path });
}
