import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../../src/core/index';
import { assertTr31Permits, unwrapTr31, wrapTr31 } from '../../../src/crypto/tr31/key-block';
import { createKey, keyBytes } from '../../../src/crypto/keys/key';
import { encipherPinBlock } from '../../../src/crypto/pin/pin-block';
import { parseTr31Header, type Tr31Header } from '../../../src/crypto/tr31/header';
import vectors from '../../../fixtures/crypto/tr31.json';
import { backends } from '../helpers/backends';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'none';
  } catch (e) {
    return isCardwireError(e) ? `${e.code}@${e.path}` : `not a CardwireError: ${String(e)}`;
  }
};

describe.each(backends)('TR-31 on the %s backend', (_name, backend) => {
  const o = { backend };

  test.each(vectors.keyBlocks)('unwrap: $name', (v) => {
    const { header, key } = unwrapTr31(hex(v.kbpk), v.keyBlock, o);
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
      expect(toHex(keyBytes(back.key))).toBe(toHex(key));
      expect(back.header).toEqual({ ...header, optionalBlocks: header.optionalBlocks.map((b) => ({ id: b.id, data: b.data })) });
    },
  );

  test('masked key length hides the key length', () => {
    const h: Tr31Header = { version: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersion: '00', exportability: 'E', reserved: '00', optionalBlocks: [] };
    const a = wrapTr31(hex('AB'.repeat(24)), h, hex('CD'.repeat(16)), { ...o, maskedKeyLength: 24 });
    const b = wrapTr31(hex('AB'.repeat(24)), h, hex('CD'.repeat(24)), o);
    expect(a.length).toBe(b.length);
    expect(toHex(keyBytes(unwrapTr31(hex('AB'.repeat(24)), a, o).key))).toBe('CD'.repeat(16));
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
    const { key } = unwrapTr31(hex(m3.kbpk), m3.keyBlock);
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
