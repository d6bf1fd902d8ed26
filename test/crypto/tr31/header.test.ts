import { fc, test as fcTest } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError } from '../../../src/core/index';
import { buildTr31Header, parseTr31Header, tr31BlockSize, tr31HeaderLength, type Tr31Header, type Tr31OptionalBlock } from '../../../src/crypto/tr31/header';
import vectors from '../../../fixtures/crypto/tr31.json';
import { caught } from '../../helpers/caught';

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'none';
  } catch (e) {
    return isCardwireError(e) ? `${e.code}@${e.path}` : `not a CardwireError: ${String(e)}`;
  }
};

const P256 = 'P'.repeat(256);

describe('TR-31 header: the X9.143:2021 examples with extended-length CT blocks', () => {
  test.each(vectors.asymmetricKeyBlocks)('parse $name', (v) => {
    const p = parseTr31Header(v.keyBlock);
    expect(p.blockLength).toBe(v.keyBlock.length);
    expect(p.headerLength).toBe(v.headerLength);
    expect(p.header.optionalBlocks).toEqual([
      { id: 'CT', data: v.keyBlock.slice(v.optionalBlocks.CT.start, v.optionalBlocks.CT.end) },
      { id: 'KP', data: v.optionalBlocks.KP },
      { id: 'TS', data: v.optionalBlocks.TS },
    ]);
  });

  test.each(vectors.asymmetricKeyBlocks)('build writes the header of $name byte for byte', (v) => {
    const header: Tr31Header = {
      version: 'D',
      keyUsage: 'S0',
      algorithm: v.algorithm === 'ecc' ? 'E' : 'R',
      modeOfUse: 'S',
      keyVersion: '00',
      exportability: 'N',
      reserved: '00',
      optionalBlocks: [
        { id: 'CT', data: v.keyBlock.slice(v.optionalBlocks.CT.start, v.optionalBlocks.CT.end) },
        { id: 'KP', data: v.optionalBlocks.KP },
        { id: 'TS', data: v.optionalBlocks.TS },
      ],
    };
    expect(buildTr31Header(header, v.keyBlock.length)).toBe(v.keyBlock.slice(0, v.headerLength));
    expect(tr31HeaderLength(header)).toBe(v.headerLength);
  });
});

describe('TR-31 header', () => {
  test.each([
    ['B0000P0TE00N0000xxxxxxxx', 16, []],
    ['B0000P0TE00N0100KS1800604B120F9292800000xxxxxxxx', 40, [{ id: 'KS', data: '00604B120F9292800000' }]],
    ['B0000P0TE00N0200KS1200604B120F9292PB0600', 40, [{ id: 'KS', data: '00604B120F9292' }]],
    ['B0000P0TE00N0400KS1800604B120F9292800000T104T20600PB0600', 56, [{ id: 'KS', data: '00604B120F9292800000' }, { id: 'T1', data: '' }, { id: 'T2', data: '00' }]],
    // The extended form (X9.143:2021 §6.3.6): 00, the number of hex characters of the length, the
    // length in characters. Any width from 1 to 4 reads, and a short block may use it too.
    ['B0000P0TE00N0100KS0004001800604B120F9292', 40, [{ id: 'KS', data: '00604B120F9292' }]],
    ['B0000P0TE00N0200KS00021600604B120F9292PB0A000000', 48, [{ id: 'KS', data: '00604B120F9292' }]],
    ['B0000P0TE00N0100KS0001F00604B12', 31, [{ id: 'KS', data: '00604B12' }]],
    [`B0000P0TE00N0200KS0004010A${P256}PB0600`, 288, [{ id: 'KS', data: P256 }]],
  ])('parse %s', (text, length, blocks) => {
    const p = parseTr31Header(text);
    expect(p.headerLength).toBe(length);
    expect(p.header.optionalBlocks).toEqual(blocks);
  });

  test.each([
    [[{ id: 'KS', data: '00604B120F9292' }], 40, 'B0040P0TE00N0200KS1200604B120F9292PB0600'],
    [[{ id: 'KS', data: '00604B120F9292800000' }], 40, 'B0040P0TE00N0100KS1800604B120F9292800000'],
    [[], 16, 'B0016P0TE00N0000'],
  ])('build with optional blocks %j (knovichikhin/psec tests/test_tr31.py header dumps)', (blocks, length, expected) => {
    const header: Tr31Header = { version: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersion: '00', exportability: 'N', reserved: '00', optionalBlocks: blocks };
    expect(buildTr31Header(header, length)).toBe(expected);
  });

  test('a block of 252 data characters or more takes the extended form 00 04 LLLL, the length in characters', () => {
    const header = (data: string): Tr31Header => ({ version: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersion: '00', exportability: 'N', reserved: '00', optionalBlocks: [{ id: 'KS', data }] });
    expect(buildTr31Header(header('P'.repeat(251)), 280)).toBe(`B0280P0TE00N0200KSFF${'P'.repeat(251)}PB0900000`);
    expect(buildTr31Header(header('P'.repeat(252)), 288)).toBe(`B0288P0TE00N0200KS00040106${'P'.repeat(252)}PB0A000000`);
    expect(buildTr31Header(header(P256), 288)).toBe(`B0288P0TE00N0200KS0004010A${P256}PB0600`);
  });

  test.each([
    ['B0000P0TE00N0100', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS1Y', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS02', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS071', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS0000', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS0001FF', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0200KS04TT05', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[1]'],
    ['B0000P0TE00N0100**04', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['B0000P0TE00N0100KS05\u0003', 'TR31_OPTIONAL_BLOCK_INVALID@tr31.optionalBlocks[0]'],
    ['_0000P0TE00N0000', 'TR31_VERSION_UNSUPPORTED@tr31.version'],
    ['B0000', 'TR31_HEADER_INVALID@tr31.header'],
    ['B0000P0TE00N0X00', 'TR31_HEADER_INVALID@tr31.optionalBlockCount'],
    ['BX040P0TE00N0000', 'TR31_HEADER_INVALID@tr31.length'],
    ['B0000P_TE00N0000', 'TR31_HEADER_INVALID@tr31.keyUsage'],
    ['B0000P0_E00N0000', 'TR31_HEADER_INVALID@tr31.algorithm'],
    ['B0000P0T_00N0000', 'TR31_HEADER_INVALID@tr31.modeOfUse'],
    ['B0000P0TE00_0000', 'TR31_HEADER_INVALID@tr31.exportability'],
  ])('reject %j', (text, expected) => {
    expect(codeOf(() => parseTr31Header(text))).toBe(expected);
  });

  test.each([
    // A length of length counted in bytes (0002 then four digits) reads as two digits here: 01.
    [`B0000P0TE00N0200KS0002010A${P256}PB0600`, 18, 'does not cover'],
    ['B0000P0TE00N0100KS0005000A1', 20, '1 to 4'],
    ['B0000P0TE00N0100KS000400', 22, 'runs past'],
    ['B0000P0TE00N0100KS0004001G', 22, 'hex digits'],
    ['B0000P0TE00N0100KS0004FFFF', 16, 'runs past the end'],
  ])('reject the extended length of %s at offset %i', (text, offset, message) => {
    const e = caught(() => parseTr31Header(text));
    expect(e).toEqual({ code: 'TR31_OPTIONAL_BLOCK_INVALID', path: 'tr31.optionalBlocks[0]', offset });
    expect(() => parseTr31Header(text)).toThrow(message);
  });

  test('a header longer than the block length it declares is refused', () => {
    const header: Tr31Header = { version: 'D', keyUsage: 'S0', algorithm: 'E', modeOfUse: 'S', keyVersion: '00', exportability: 'N', reserved: '00', optionalBlocks: [{ id: 'CT', data: 'C'.repeat(300) }] };
    expect(caught(() => buildTr31Header(header, 100))).toEqual({ code: 'TR31_LENGTH_MISMATCH', path: 'tr31.length', offset: undefined });
  });

  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
  const long = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('')), minLength: 240, maxLength: 3000 });
  const blockArb: fc.Arbitrary<Tr31OptionalBlock> = fc.record({ id: fc.constantFrom('CT', 'KP', 'KS', 'TS', 'HM', 'LB', 'WP'), data: fc.oneof(printable, long) });

  fcTest.prop([fc.constantFrom('A' as const, 'B' as const, 'C' as const, 'D' as const), fc.array(blockArb, { maxLength: 3 })])(
    'long optional blocks (certificate chains, labels) build and parse back, each length in the form X9.143 gives',
    (version, optionalBlocks) => {
      const header: Tr31Header = { version, keyUsage: 'S0', algorithm: 'R', modeOfUse: 'S', keyVersion: '00', exportability: 'N', reserved: '00', optionalBlocks };
      const text = buildTr31Header(header, 9999);
      const parsed = parseTr31Header(text);
      expect(parsed.header).toEqual(header);
      expect(parsed.headerLength).toBe(text.length);
      expect(text.length % tr31BlockSize(version)).toBe(0);
      // Each block as written, read here without the parser: id, length (short or 00 04 LLLL), data.
      let at = 16;
      for (const b of optionalBlocks) {
        const n = b.data.length + 4;
        const expected = n <= 0xff ? `${b.id}${n.toString(16).toUpperCase().padStart(2, '0')}${b.data}` : `${b.id}0004${(n + 6).toString(16).toUpperCase().padStart(4, '0')}${b.data}`;
        expect(text.slice(at, at + expected.length)).toBe(expected);
        at += expected.length;
      }
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 200 })])('random bytes into the header parser only throw CardwireError', (bytes) => {
    try {
      parseTr31Header(String.fromCharCode(...bytes));
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
