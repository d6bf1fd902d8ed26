// CRC-32 (ISO-HDLC / IEEE 802.3): the catalogued check value, and agreement with zlib's crc32.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { fc, test as prop } from '@fast-check/vitest';
import { expect, test } from 'vitest';
import { crc32, encodeAscii } from '../../src/core/index';

test.each([
  ['123456789', 0xcbf43926, 'Greg Cook, Catalogue of parametrised CRC algorithms, CRC-32/ISO-HDLC check value'],
  ['', 0, 'empty input'],
  ['The quick brown fox jumps over the lazy dog', 0x414fa339, 'Wikipedia, CRC-32 example'],
])('%j → %d (%s)', (text, value) => {
  expect(crc32(encodeAscii(text))).toBe(value);
});

prop.prop([fc.uint8Array({ maxLength: 2000 })])('agrees with zlib', (b) => {
  expect(crc32(b)).toBe(zlibCrc32(b));
});
