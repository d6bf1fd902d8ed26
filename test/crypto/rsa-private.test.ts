// The raw RSA private operation (PKCS #1 v2.2 §5.1.2, CRT form) that the virtual EMV cards sign
// with: vectors, the round trip through every backend's public operation, and the input errors.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { toHex } from '../../src/core/index';
import { rsaPrivateRaw, type RsaPrivateKey } from '../../src/crypto/index';
import { caught } from '../helpers/caught';
import { backends, fixture, h } from './fixtures';

interface Vector {
  source: string;
  modulus: string;
  prime1: string;
  prime2: string;
  exponent1: string;
  exponent2: string;
  coefficient: string;
  publicExponent: string;
  input: string;
  output: string;
}

const vectors = fixture<Vector>('rsa-private');
const keyOf = (v: Vector): RsaPrivateKey => ({
  modulus: h(v.modulus),
  prime1: h(v.prime1),
  prime2: h(v.prime2),
  exponent1: h(v.exponent1),
  exponent2: h(v.exponent2),
  coefficient: h(v.coefficient),
});

describe('rsaPrivateRaw', () => {
  test.each(vectors)('$source', (v) => {
    expect(toHex(rsaPrivateRaw(keyOf(v), h(v.input)))).toBe(v.output);
  });

  const big = vectors[1]!;
  describe.each(backends)('undone by the %s backend public operation', (_name, backend) => {
    fcTest.prop([fc.uint8Array({ minLength: 95, maxLength: 95 })], { numRuns: 20 })('public(private(x)) = x', (body) => {
      const x = new Uint8Array(96);
      x.set(body, 1); // leading 00 keeps x below the modulus
      const signed = rsaPrivateRaw(keyOf(big), x);
      expect(toHex(backend.rsaPublic(h(big.modulus), h(big.publicExponent), signed))).toBe(toHex(x));
    });
  });

  test.each([
    [{ ...keyOf(big) }, h(big.modulus), 'RSA_INPUT_INVALID', 'input'],
    [{ ...keyOf(big), prime1: h(big.prime2) }, h('01'), 'RSA_INPUT_INVALID', 'prime1'],
    [{ ...keyOf(big), coefficient: new Uint8Array(0) }, h('01'), 'RSA_INPUT_INVALID', 'coefficient'],
  ])('bad input %#', (key, input, code, path) => {
    expect(caught(() => rsaPrivateRaw(key, input))).toMatchObject({ code, path });
  });
});
