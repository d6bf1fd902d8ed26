// Helpers shared by the crypto tests: fixture loading and the list of backends every vector
// suite runs against (DESIGN.md §5).
import { readFileSync } from 'node:fs';
import { hex } from '../../src/core/index';
import type { CryptoBackend } from '../../src/crypto/index';
import { pureBackend } from '../../src/crypto/index';
import { createNodeBackend, nodeBackend } from '../../src/crypto/backends/node';

/** Read fixtures/crypto/<name>.json. */
export function fixture<T>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`../../fixtures/crypto/${name}.json`, import.meta.url), 'utf8')) as T[];
}

/** Hex from a fixture (spaces allowed there for readability). */
export const h = (text: string): Uint8Array => hex(text.replace(/\s+/g, ''));

/** Every backend, with the OpenSSL DES path of the node backend as its own entry. */
export const backends: ReadonlyArray<readonly [string, CryptoBackend]> = [
  ['pure', pureBackend],
  ['node', nodeBackend],
  ['node (OpenSSL DES)', createNodeBackend({ des: 'openssl' })],
];
