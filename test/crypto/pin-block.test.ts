import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError, toHex, type Random } from '../../src/core/index';
import type { PinBlockFormat } from '../../src/crypto/index';
import { createKey, decipherPinBlock, decodePinBlock, encipherPinBlock, encodePinBlock, panField, panField4, pinField4, translatePinBlock } from '../../src/crypto/index';
import { keyCipher } from '../../src/crypto/keys/key';
import { backends, fixture, h } from './fixtures';

interface ClearVector {
  source: string;
  format: 0 | 1 | 2 | 3;
  width?: 8 | 16;
  pin: string;
  pan?: string;
  clear: string;
}
interface EncipheredVector {
  source: string;
  format: PinBlockFormat;
  keyAlgorithm: 'tdes' | 'aes';
  key: string;
  pin: string;
  pan: string;
  random?: string;
  block: string;
}

/** A Random that replays fixed bytes (format 4's random field in the X9.24-3 example). */
const replay = (bytes: Uint8Array): Random => ({ bytes: (n) => bytes.slice(0, n) });
const panOpt = (pan: string | undefined) => (pan === undefined ? {} : { pan });

describe('clear PIN blocks (ISO 9564-1 §9.3)', () => {
  test.each(fixture<ClearVector>('pin-blocks').map((v) => [v.source, v] as const))('%s', (_s, v) => {
    const width = v.width === undefined ? {} : { width: v.width };
    expect(toHex(encodePinBlock({ format: v.format, pin: v.pin, ...panOpt(v.pan), ...width }))).toBe(v.clear);
    expect(decodePinBlock(h(v.clear), { format: v.format, ...panOpt(v.pan), ...width })).toBe(v.pin);
  });

  test('format 1 fill comes from the Random; format 3 fill is A to F', () => {
    expect(toHex(encodePinBlock({ format: 1, pin: '1234', random: replay(h('0123456789ABCDEF')) }))).toBe('1412340123456789');
    const b3 = encodePinBlock({ format: 3, pin: '1234', pan: '43219876543210987', random: replay(h('0123456789ABCDEF0123456789ABCDEF')) });
    // PIN field 341234 + fill from nibbles 0..B mapped to A..F: 0→A,1→B,...,5→F,6→A,...
    expect(toHex(b3).slice(0, 6)).toBe('3412AC');
    expect(decodePinBlock(b3, { format: 3, pan: '43219876543210987' })).toBe('1234');
  });

  test.each([
    ['041274EDCBA9876F', { format: 3, pan: '4012345678909' }, 'PIN_BLOCK_FORMAT_MISMATCH', 0],
    ['041274EDCBA9876F', { format: 0, pan: '4012345678909999' }, 'PIN_BLOCK_FILL_INVALID', undefined],
    ['0D1234FFFFFFFFFF', { format: 0, pan: '0000000000000' }, 'PIN_LENGTH_INVALID', 0],
    ['0412A4FFFFFFFFFF', { format: 0, pan: '0000000000000' }, 'PIN_BLOCK_DIGIT_INVALID', 2],
    ['041274EDCBA987', { format: 0, pan: '4012345678909' }, 'PIN_BLOCK_LENGTH', undefined],
    ['041274EDCBA9876F', { format: 0 }, 'PAN_INVALID', undefined],
    ['241234FFFFFFFFFE', { format: 2 }, 'PIN_BLOCK_FILL_INVALID', 7],
  ] as const)('%s as %j is %s', (block, options, code, offset) => {
    expect(() => decodePinBlock(h(block), options)).toThrowError(expect.objectContaining({ code, ...(offset === undefined ? {} : { offset }) }));
  });

  test.each([['123'], ['1234567890123'], ['12a4'], ['']])('PIN %j is PIN_INVALID', (pin) => {
    expect(() => encodePinBlock({ format: 2, pin })).toThrowError(expect.objectContaining({ code: 'PIN_INVALID', path: 'pin' }));
  });

  fcTest.prop([fc.stringMatching(/^[0-9]{4,12}$/), fc.stringMatching(/^[0-9]{12,19}$/), fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), fc.uint8Array({ minLength: 16, maxLength: 16 })])(
    'decode(encode(pin)) = pin',
    (pin, pan, format, seed) => {
      const block = encodePinBlock({ format, pin, pan, random: replay(seed) });
      expect(decodePinBlock(block, { format, pan })).toBe(pin);
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 20 }), fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), fc.string({ maxLength: 22 })])('random bytes only throw CardwireError', (bytes, format, pan) => {
    try {
      decodePinBlock(bytes, { format, pan });
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('format 4 fields and the format 0/3 PAN field', () => {
  test('X9.24-3-2017 format 4 example: plain-text PIN field and PAN field', () => {
    expect(toHex(pinField4('1234', replay(h('2F69ADDE2E9E7ACE'))))).toBe('441234AAAAAAAAAA2F69ADDE2E9E7ACE');
    expect(toHex(panField4('4111111111111111'))).toBe('44111111111111111000000000000000');
  });

  test('ISO 9564-1 §9.4.2.3: a PAN shorter than 12 digits is padded on the left, M = 0', () => {
    expect(toHex(panField4('12345678901'))).toBe('00123456789010000000000000000000');
    expect(toHex(panField('43219876543210987'))).toBe('0000987654321098');
  });
});

describe.each(backends)('%s backend: enciphered PIN blocks', (_name, backend) => {
  fcTest.prop([fc.uint8Array({ maxLength: 20 }), fc.constantFrom<PinBlockFormat>(0, 1, 2, 3, 4), fc.string({ maxLength: 22 })])('random bytes only throw CardwireError', (bytes, format, pan) => {
    const key = createKey(h(format === 4 ? '00112233445566778899AABBCCDDEEFF' : '0123456789ABCDEFFEDCBA9876543210'), { algorithm: format === 4 ? 'aes' : 'tdes', usage: 'P0', backend });
    try {
      decipherPinBlock(bytes, { key, format, pan });
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });

  test.each(fixture<EncipheredVector>('pin-blocks-enciphered').map((v) => [v.source, v] as const))('%s', (_s, v) => {
    const key = createKey(h(v.key), { algorithm: v.keyAlgorithm, usage: 'P0', backend });
    if (v.random !== undefined) {
      const block = encipherPinBlock({ key, format: v.format, pin: v.pin, pan: v.pan, random: replay(h(v.random)) });
      expect(toHex(block)).toBe(v.block);
    }
    expect(decipherPinBlock(h(v.block), { key, format: v.format, pan: v.pan })).toBe(v.pin);
  });

  fcTest.prop([fc.stringMatching(/^[0-9]{4,12}$/), fc.stringMatching(/^[0-9]{12,19}$/), fc.constantFrom<PinBlockFormat>(0, 1, 2, 3, 4), fc.constantFrom<PinBlockFormat>(0, 1, 3, 4)])(
    'translate(key A, format x → key B, format y) keeps the PIN',
    (pin, pan, from, to) => {
      const a = createKey(h(from === 4 ? '00112233445566778899AABBCCDDEEFF' : '0123456789ABCDEFFEDCBA9876543210'), { algorithm: from === 4 ? 'aes' : 'tdes', usage: 'P0', backend });
      const b = createKey(h(to === 4 ? 'FFEEDDCCBBAA99887766554433221100' : '89ABCDEF01234567FEDCBA9876543210'), { algorithm: to === 4 ? 'aes' : 'tdes', usage: 'P0', backend });
      const block = encipherPinBlock({ key: a, format: from, pin, pan });
      const out = translatePinBlock(block, { from: { key: a, format: from, pan }, to: { key: b, format: to, pan } });
      expect(decipherPinBlock(out, { key: b, format: to, pan })).toBe(pin);
    },
  );

  test('an SM4 key enciphers the 16-byte format 0 block (UnionPay SM terminals)', () => {
    const sm4 = createKey(h('F351D490994603795C6EBEE8FAEBB481'), { algorithm: 'sm4', usage: 'P0', backend });
    const block = encipherPinBlock({ key: sm4, format: 0, pin: '123654', pan: '6230606601007726888' });
    expect(block.length).toBe(16);
    expect(toHex(keyCipher(sm4).decrypt(block))).toBe('06123654FFFFFFFFFFFF99FEFF88D977');
    expect(decipherPinBlock(block, { key: sm4, format: 0, pan: '6230606601007726888' })).toBe('123654');
    expect(() => encipherPinBlock({ key: sm4, format: 3, pin: '1234', pan: '6230606601007726888' })).toThrowError(expect.objectContaining({ code: 'KEY_ALGORITHM_MISMATCH' }));
    expect(() => encodePinBlock({ format: 1, pin: '1234', width: 16 })).toThrowError(expect.objectContaining({ code: 'PIN_BLOCK_FORMAT_INVALID' }));
  });

  test('a MAC key cannot encipher a PIN; format 4 needs AES, formats 0-3 DES/TDES', () => {
    const mac = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'M3', backend });
    expect(() => encipherPinBlock({ key: mac, format: 0, pin: '1234', pan: '4012345678909' })).toThrowError(expect.objectContaining({ code: 'KEY_USAGE_MISMATCH' }));
    const tdes = createKey(h('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0', backend });
    expect(() => encipherPinBlock({ key: tdes, format: 4, pin: '1234', pan: '4012345678909' })).toThrowError(expect.objectContaining({ code: 'KEY_ALGORITHM_MISMATCH' }));
    expect(() => decipherPinBlock(new Uint8Array(8), { key: tdes, format: 0, pan: '4012345678909' })).toThrowError(expect.objectContaining({ code: 'PIN_BLOCK_FORMAT_MISMATCH' }));
  });
});
