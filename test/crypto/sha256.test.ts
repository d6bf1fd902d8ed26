// SHA-256 of the pure backend (src/crypto/hashes/sha256.ts): the FIPS 180 vectors run in
// backends.test.ts on every backend; here the padding boundaries and a differential property
// against node:crypto.
import { createHash } from 'node:crypto';
import { fc, test as prop } from '../helpers/prop.js';
import { expect, test } from 'vitest';
import { encodeAscii, toHex } from '../../src/core/index';
import { sha256 } from '../../src/crypto/hashes/sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').toUpperCase();

test('every length across the padding boundaries (55, 56, 63, 64, 119, 120 bytes) agrees with node:crypto', () => {
  for (let n = 0; n <= 200; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 255);
    expect(toHex(sha256(b))).toBe(node(b));
  }
});

test('FIPS 180-4: one million "a"', () => {
  expect(toHex(sha256(encodeAscii('a'.repeat(1_000_000))))).toBe('CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0');
});

prop.prop([fc.uint8Array({ maxLength: 1000 })])('random input agrees with node:crypto', (b) => {
  expect(toHex(sha256(b))).toBe(node(b));
});
