import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fc, test as fcTest } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { concatBytes, encodeAscii, hex, isCardwireError, toHex } from '../../../src/core/index';
import { pureBackend } from '../../../src/crypto/backends/pure';
import { cmacWith } from '../../../src/crypto/mac/prepared';
import { assertTr31Permits, unwrapTr31, wrapTr31, type Tr31UnwrappedKey } from '../../../src/crypto/tr31/key-block';
import { AsymmetricKey } from '../../../src/crypto/keys/asymmetric-key';
import { keyCheckValue } from '../../../src/crypto/keys/kcv';
import { createKey, keyBytes, type SecretKey } from '../../../src/crypto/keys/key';
import { encipherPinBlock } from '../../../src/crypto/pin/pin-block';
import { parseTr31Header, type Tr31Header } from '../../../src/crypto/tr31/header';
import vectors from '../../../fixtures/crypto/tr31.json';
import { backends } from '../helpers/backends';
import { caught } from '../../helpers/caught';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'none';
  } catch (e) {
    return isCardwireError(e) ? `${e.code}@${e.path}` : `not a CardwireError: ${String(e)}`;
  }
};

/** The SecretKey of an unwrapped symmetric key block (fails the test on an asymmetric one). */
function secret(r: Tr31UnwrappedKey): SecretKey {
  if (r.kind !== 'secret') throw new Error(`expected a symmetric key, got ${r.kind}`);
  return r.key;
}

/** The AsymmetricKey of an unwrapped RSA/ECC/DSA key block (fails the test on a symmetric one). */
function asymmetric(r: Tr31UnwrappedKey): AsymmetricKey {
  if (r.kind !== 'asymmetric') throw new Error(`expected an asymmetric key, got ${r.kind}`);
  return r.key;
}

const ecc = vectors.asymmetricKeyBlocks.find((v) => v.algorithm === 'ecc')!;
const rsa = vectors.asymmetricKeyBlocks.find((v) => v.algorithm === 'rsa')!;

describe.each(backends)('TR-31 on the %s backend', (_name, backend) => {
  const o = { backend };

  test.each(vectors.keyBlocks)('unwrap: $name', (v) => {
    const unwrapped = unwrapTr31(hex(v.kbpk), v.keyBlock, o);
    const { header } = unwrapped;
    const key = secret(unwrapped);
    expect(unwrapped.kind).toBe('secret');
    expect(toHex(keyBytes(key))).toBe(v.key);
    expect(key.usage).toBe(header.keyUsage);
    if ('kcv' in v && typeof v.kcv === 'string') expect(key.kcv.slice(0, v.kcv.length)).toBe(v.kcv);
    expect(String(key)).not.toContain(v.key);
    expect(header.version).toBe(v.keyBlock[0]);
    expect(header.keyUsage).toBe(v.keyBlock.slice(5, 7));
  });

  test('wrap version D reproduces the TR-31:2018 A.7.4 block with its published padding', () => {
    const v = vectors.keyBlocks.find((k) => k.keyBlock.startsWith('D'))!;
    const { header } = parseTr31Header(v.keyBlock);
    const pad = hex(v.padding!);
    const block = wrapTr31(hex(v.kbpk), header, hex(v.key), { ...o, random: { bytes: (n) => pad.slice(0, n) } });
    expect(block).toBe(v.keyBlock);
  });

  test('a tampered header or MAC and a wrong KBPK fail authentication', () => {
    const v = vectors.keyBlocks[1]!;
    expect(codeOf(() => unwrapTr31(hex(v.kbpk), v.keyBlock.replace('P0TE00E', 'P0TE00N'), o))).toBe('TR31_AUTHENTICATION_FAILED@tr31.mac');
    const last = v.keyBlock.slice(-1) === '0' ? '1' : '0';
    expect(codeOf(() => unwrapTr31(hex(v.kbpk), v.keyBlock.slice(0, -1) + last, o))).toBe('TR31_AUTHENTICATION_FAILED@tr31.mac');
    expect(codeOf(() => unwrapTr31(hex('00'.repeat(16)), v.keyBlock, o))).toBe('TR31_AUTHENTICATION_FAILED@tr31.mac');
    const a = vectors.keyBlocks[0]!;
    expect(codeOf(() => unwrapTr31(hex(a.kbpk), a.keyBlock.replace('P0TE', 'M3TE'), o))).toBe('TR31_AUTHENTICATION_FAILED@tr31.mac');
  });

  const headerArb = (version: 'B' | 'C' | 'D') =>
    fc.record({
      version: fc.constant(version),
      keyUsage: fc.constantFrom('P0', 'M3', 'K0', 'B0', 'D0', 'E0'),
      algorithm: fc.constant(version === 'D' ? ('A' as const) : ('T' as const)),
      modeOfUse: fc.constantFrom('B', 'C', 'D', 'E', 'G', 'N', 'V', 'X'),
      keyVersion: fc.constantFrom('00', '12', 'c1'),
      exportability: fc.constantFrom('E', 'N', 'S'),
      reserved: fc.constant('00'),
      optionalBlocks: fc.array(fc.record({ id: fc.constantFrom('KS', 'KC', 'TS', 'HM'), data: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFXYZ'.split('')), maxLength: 24 }), fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFXYZ'.split('')), minLength: 248, maxLength: 300 })) }), { maxLength: 3 }),
    }) as fc.Arbitrary<Tr31Header>;

  fcTest.prop([fc.constantFrom('B' as const, 'C' as const, 'D' as const).chain((v) => fc.tuple(headerArb(v), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })))])(
    'wrap then unwrap gives back the key and the header',
    ([header, keyChoice, kbpkChoice]) => {
      const isAes = header.version === 'D';
      const key = hex((isAes ? ['11', '22'] : ['33', '44'])[keyChoice]!.repeat(isAes ? [16, 32][keyChoice]! : [16, 24][keyChoice]!));
      const kbpk = hex('5A'.repeat(isAes ? [16, 24, 32][kbpkChoice]! : [24, 24, 24][kbpkChoice]!));
      const block = wrapTr31(kbpk, header, key, o);
      const back = unwrapTr31(kbpk, block, o);
      expect(toHex(keyBytes(secret(back)))).toBe(toHex(key));
      expect(back.header).toEqual({ ...header, optionalBlocks: header.optionalBlocks.map((b) => ({ id: b.id, data: b.data })) });
    },
  );

  test('masked key length hides the key length', () => {
    const h: Tr31Header = { version: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersion: '00', exportability: 'E', reserved: '00', optionalBlocks: [] };
    const a = wrapTr31(hex('AB'.repeat(24)), h, hex('CD'.repeat(16)), { ...o, maskedKeyLength: 24 });
    const b = wrapTr31(hex('AB'.repeat(24)), h, hex('CD'.repeat(24)), o);
    expect(a.length).toBe(b.length);
    expect(toHex(keyBytes(secret(unwrapTr31(hex('AB'.repeat(24)), a, o))))).toBe('CD'.repeat(16));
  });

  test.each(vectors.asymmetricKeyBlocks)('unwrap $name: the DER key with its header', (v) => {
    const r = unwrapTr31(hex(v.kbpk), v.keyBlock, o);
    const key = asymmetric(r);
    expect(r.kind).toBe('asymmetric');
    expect(key).toBeInstanceOf(AsymmetricKey);
    expect(toHex(key.exportDer())).toBe(v.key);
    expect(key.toJSON()).toEqual({ algorithm: v.algorithm, length: v.key.length / 2, usage: 'S0' });
    expect(String(key)).toBe(`AsymmetricKey(${v.algorithm}, ${v.key.length / 2}-byte DER, S0)`);
    expect(JSON.stringify(r)).not.toContain(v.key.slice(8, 40));
    expect(r.header).toMatchObject({ version: 'D', keyUsage: 'S0', algorithm: v.algorithm === 'ecc' ? 'E' : 'R', modeOfUse: 'S', exportability: 'N' });
    expect(r.header.optionalBlocks.map((b) => b.id)).toEqual(['CT', 'KP', 'TS']);
  });

  // A DER SEQUENCE of `n` content bytes, in the short or long length form.
  const derOf = (content: Uint8Array): Uint8Array => {
    const n = content.length;
    const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return concatBytes(new Uint8Array([0x30, ...length]), content);
  };

  fcTest.prop([fc.constantFrom('R' as const, 'E' as const, 'S' as const), fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('')), maxLength: 3000 })], { numRuns: 30 })(
    'asymmetric keys of any DER length wrap and unwrap beside a long CT block',
    (algorithm, content, certificate) => {
      const der = derOf(content);
      const header: Tr31Header = { version: 'D', keyUsage: 'S0', algorithm, modeOfUse: 'S', keyVersion: '00', exportability: 'N', reserved: '00', optionalBlocks: [{ id: 'CT', data: `00${certificate}` }] };
      const kbpk = hex('5A'.repeat(32));
      const back = unwrapTr31(kbpk, wrapTr31(kbpk, header, der, o), o);
      expect(toHex(asymmetric(back).exportDer())).toBe(toHex(der));
      expect(back.header).toEqual(header);
    },
  );

  test.each(vectors.asymmetricKeyBlocks)('wrap reproduces $name with its published padding', (v) => {
    const { header } = parseTr31Header(v.keyBlock);
    const pad = hex(v.padding);
    const random = { bytes: (n: number) => pad.slice(0, n) };
    expect(wrapTr31(hex(v.kbpk), header, hex(v.key), { ...o, random })).toBe(v.keyBlock);
    // The same from the unwrapped AsymmetricKey, whose usage and algorithm must match the header.
    expect(wrapTr31(hex(v.kbpk), header, asymmetric(unwrapTr31(hex(v.kbpk), v.keyBlock, o)), { ...o, random })).toBe(v.keyBlock);
  });
});

describe('TR-31 asymmetric key blocks', () => {
  test('the KP block of each published example is the KBPK check value (CMAC, X9.24-1:2017)', () => {
    for (const v of vectors.asymmetricKeyBlocks) {
      const kbpk = createKey(hex(v.kbpk), { algorithm: 'aes', usage: 'K1' });
      expect(`01${toHex(keyCheckValue(kbpk))}`).toBe(v.optionalBlocks.KP);
    }
  });

  test.each(vectors.asymmetricKeyBlocks)('the DER of $name imports into node:crypto and is the key pair of the CT leaf certificate', (v) => {
    const r = unwrapTr31(hex(v.kbpk), v.keyBlock);
    const privateKey = createPrivateKey({ key: Buffer.from(asymmetric(r).exportDer()), format: 'der', type: v.algorithm === 'ecc' ? 'sec1' : 'pkcs1' });
    // X9.143 CT block: 00 and one base64 X.509 certificate, or 02 and a chain of (00, 4-digit length, base64) entries.
    const ct = r.header.optionalBlocks.find((b) => b.id === 'CT')!.data;
    const leaf = ct.startsWith('02') ? ct.slice(8, 8 + parseInt(ct.slice(4, 8), 16)) : ct.slice(2);
    const certificate = new X509Certificate(Buffer.from(leaf, 'base64'));
    const spki = (k: KeyObject): string => k.export({ type: 'spki', format: 'der' }).toString('hex');
    expect(spki(createPublicKey(privateKey))).toBe(spki(certificate.publicKey));
  });

  test('an asymmetric key stays opaque and is zeroised by destroy()', () => {
    const key = asymmetric(unwrapTr31(hex(ecc.kbpk), ecc.keyBlock));
    const der = key.exportDer();
    der.fill(0);
    expect(toHex(key.exportDer())).toBe(ecc.key);
    key.destroy();
    expect(caught(() => key.exportDer())).toEqual({ code: 'CIPHER_DESTROYED', path: 'key', offset: undefined });
    expect(String(key)).toBe('AsymmetricKey(ecc, 121-byte DER, S0, destroyed)');
  });

  const eccHeader = (): Tr31Header => parseTr31Header(ecc.keyBlock).header;

  test('wrap refuses a key that is not one DER SEQUENCE of its length, and a mismatched key object', () => {
    const kbpk = hex(ecc.kbpk);
    const der = hex(ecc.key);
    expect(caught(() => wrapTr31(kbpk, eccHeader(), der.subarray(0, 120)))).toEqual({ code: 'TR31_ASYMMETRIC_KEY_INVALID', path: 'key', offset: undefined });
    expect(caught(() => wrapTr31(kbpk, eccHeader(), hex(`04${ecc.key.slice(2)}`)))).toEqual({ code: 'TR31_ASYMMETRIC_KEY_INVALID', path: 'key', offset: undefined });
    expect(caught(() => wrapTr31(kbpk, eccHeader(), hex('3080000000')))).toEqual({ code: 'TR31_ASYMMETRIC_KEY_INVALID', path: 'key', offset: undefined });
    const key = asymmetric(unwrapTr31(kbpk, ecc.keyBlock));
    expect(caught(() => wrapTr31(kbpk, { ...eccHeader(), algorithm: 'R' }, key))).toEqual({ code: 'TR31_KEY_LENGTH_INVALID', path: 'tr31.algorithm', offset: undefined });
    expect(caught(() => wrapTr31(kbpk, { ...eccHeader(), keyUsage: 'K2' }, key))).toEqual({ code: 'TR31_USAGE_NOT_PERMITTED', path: 'tr31.keyUsage', offset: undefined });
    expect(caught(() => wrapTr31(hex('AB'.repeat(16)), { ...eccHeader(), version: 'B' }, der))).toEqual({ code: 'TR31_KEY_LENGTH_INVALID', path: 'tr31.algorithm', offset: undefined });
  });

  // A version D block built here step by step (X9.143 §6.4: KBEK and KBAK by CMAC under an AES-128
  // KBPK, CMAC over header ‖ clear key data, AES-CBC with the MAC as IV), so that its payload can be
  // something wrapTr31 would refuse to write.
  function versionD(kbpkHex: string, headerText: string, payload: Uint8Array): string {
    const aes = (k: Uint8Array) => pureBackend.cipher('aes', k);
    const kbpk = aes(hex(kbpkHex));
    const kbek = aes(cmacWith(kbpk, hex('0100000000020080')));
    const kbak = aes(cmacWith(kbpk, hex('0100010000020080')));
    const clear = new Uint8Array(Math.ceil((2 + payload.length) / 16) * 16);
    clear.set([(payload.length * 8) >> 8, (payload.length * 8) & 0xff]);
    clear.set(payload, 2);
    const mac = cmacWith(kbak, concatBytes(encodeAscii(headerText), clear));
    return headerText + toHex(kbek.encrypt(clear, 'cbc', mac)) + toHex(mac);
  }

  test('unwrap refuses an authenticated asymmetric payload that is not one DER SEQUENCE of its length', () => {
    const kbpk = '00112233445566778899AABBCCDDEEFF';
    const der = hex(ecc.key);
    // 16 header + (2 + 121 + 5 pad) * 2 + 32 = 304 characters.
    expect(toHex(asymmetric(unwrapTr31(hex(kbpk), versionD(kbpk, 'D0304S0ES00N0000', der))).exportDer())).toBe(ecc.key);
    for (const payload of [der.subarray(0, 120), hex(`31${ecc.key.slice(2)}`), hex('11'.repeat(121))]) {
      const block = versionD(kbpk, `D${String(16 + Math.ceil((2 + payload.length) / 16) * 32 + 32).padStart(4, '0')}S0ES00N0000`, payload);
      expect(caught(() => unwrapTr31(hex(kbpk), block))).toEqual({ code: 'TR31_ASYMMETRIC_KEY_INVALID', path: 'tr31.keyData', offset: undefined });
    }
  });

  test('an RSA-2048 key (1192-byte DER) wraps without maskedKeyLength, and a block past 9999 characters is refused before it is built', () => {
    const kbpk = hex(rsa.kbpk);
    const { header } = parseTr31Header(rsa.keyBlock);
    expect(wrapTr31(kbpk, header, hex(rsa.key)).length).toBe(rsa.keyBlock.length);
    expect(caught(() => wrapTr31(kbpk, header, hex(rsa.key), { maskedKeyLength: 4400 }))).toEqual({ code: 'TR31_LENGTH_MISMATCH', path: 'tr31.length', offset: undefined });
    expect(caught(() => wrapTr31(kbpk, header, hex(rsa.key), { maskedKeyLength: 1e9 }))).toEqual({ code: 'TR31_LENGTH_MISMATCH', path: 'tr31.length', offset: undefined });
  });
});

describe('TR-31 key block lengths', () => {
  test('key block length errors', () => {
    const kbpk = hex('45'.repeat(16));
    expect(codeOf(() => unwrapTr31(kbpk, 'B0040P0TE00N0000'))).toBe('TR31_LENGTH_MISMATCH@tr31.length');
    expect(codeOf(() => unwrapTr31(kbpk, 'A0087M3TC00E000062C2C14D8785A01A9E8283525CA96F490D0CC6346FC7C2AC1E6FF354468910379AA5BBA'))).toBe('TR31_LENGTH_MISMATCH@tr31.keyData');
    expect(codeOf(() => unwrapTr31(kbpk, 'A0088M3TC00E000062C2C14D8785A01A9E8283525CA96F490D0CC6346FC7C2AC1E6FF354468910379AA5BBAX'))).toBe('TR31_ENCRYPTED_DATA_INVALID@tr31.mac');
    expect(codeOf(() => unwrapTr31(hex('45'.repeat(7)), 'A0088M3TC00E000062C2C14D8785A01A9E8283525CA96F490D0CC6346FC7C2AC1E6FF354468910379AA5BBA6'))).toBe('TR31_KBPK_INVALID@kbpk');
    expect(codeOf(() => unwrapTr31(hex('45'.repeat(8)), 'B0088M3TC00E000062C2C14D8785A01A9E8283525CA96F490D0CC6346FC7C2AC1E6FF354468910379AA5BBA6'))).toBe('TR31_KBPK_INVALID@kbpk');
    // Key length set to 0 bits (KBPK 'E'*16, psec tests).
    expect(codeOf(() => unwrapTr31(encodeE16(), 'B0064M3TC00E000013F1B06566ECAE897A6DF8C7AA651FCEF9480447EEEC9933'))).toBe('TR31_KEY_LENGTH_INVALID@tr31.keyData');
    expect(codeOf(() => unwrapTr31(encodeE16(), 'A0056M3TC00E0000EF14FD71CFCDCE0630AD5C1CDE0041DCF95CF1D0'))).toBe('TR31_KEY_LENGTH_INVALID@tr31.keyData');
  });

  fcTest.prop([fc.uint8Array({ maxLength: 200 })])('random bytes into the header parser and unwrap only throw CardwireError', (bytes) => {
    const text = String.fromCharCode(...bytes);
    for (const f of [() => parseTr31Header(text), () => unwrapTr31(hex('11'.repeat(16)), text)]) {
      try {
        f();
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
  });

  fcTest.prop([fc.string({ unit: fc.constantFrom(...'ABCD0123456789PTEMNKS'.split('')), maxLength: 120 })])('random header-like text only throws CardwireError', (text) => {
    for (const candidate of [text, `B0${text}`, `D0112P0AE00E00${text}`]) {
      try {
        unwrapTr31(hex('11'.repeat(32)), candidate);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
  });
});

describe('TR-31 usage enforcement', () => {
  test('an unwrapped MAC key cannot encipher a PIN block, and a PIN key cannot be the KBPK', () => {
    const m3 = vectors.keyBlocks.find((k) => k.name.startsWith('M3 double-length key, version B'))!;
    const key = secret(unwrapTr31(hex(m3.kbpk), m3.keyBlock));
    expect(codeOf(() => encipherPinBlock({ key, format: 0, pin: '1234', pan: '4111111111111111' }))).toBe('KEY_USAGE_MISMATCH@key');
    const pinKey = createKey(hex(m3.kbpk.slice(0, 32)), { algorithm: 'tdes', usage: 'P0' });
    expect(codeOf(() => unwrapTr31(pinKey, m3.keyBlock))).toBe('KEY_USAGE_MISMATCH@kbpk');
  });

  const mac = parseTr31Header('B0016M3TC00E0000').header;
  const pin = parseTr31Header('B0016P0TE00N0000').header;
  test('a MAC key cannot encrypt a PIN', () => {
    expect(codeOf(() => assertTr31Permits(mac, { usages: ['P0'], operation: 'encrypt' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });
  test('an encrypt-only PIN key cannot decrypt and a non-exportable key cannot be exported', () => {
    assertTr31Permits(pin, { usages: ['P0'], operation: 'encrypt' });
    expect(codeOf(() => assertTr31Permits(pin, { usages: ['P0'], operation: 'decrypt' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.modeOfUse');
    expect(codeOf(() => assertTr31Permits(pin, { usages: ['P0'], operation: 'export' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.exportability');
    assertTr31Permits(mac, { usages: ['M3'], operation: 'verify' });
  });
});

function encodeE16(): Uint8Array {
  return new Uint8Array(16).fill(0x45);
}
