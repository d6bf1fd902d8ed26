// Core codecs next to the obvious Node peers (Buffer hex, a naive string-based BCD).
import { bench, describe } from 'vitest';
import { built, type Core } from './built';

const { hex, packBcd, toHex, unpackBcd } = built<Core>('');

const bytes = new Uint8Array(256).map((_, i) => (i * 37) & 0xff);
const text = Buffer.from(bytes).toString('hex').toUpperCase();
const digits = '6225881234567890123';

describe('hex decode (256 bytes)', () => {
  bench('cardwire hex()', () => void hex(text));
  bench('Buffer.from(hex)', () => void Buffer.from(text, 'hex'));
});

describe('hex encode (256 bytes)', () => {
  bench('cardwire toHex()', () => void toHex(bytes));
  bench('Buffer#toString(hex)', () => void Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'));
});

describe('BCD pack + unpack (19 digits, left-aligned F pad)', () => {
  bench('cardwire packBcd/unpackBcd', () => {
    unpackBcd(packBcd(digits, { align: 'left', pad: 'F' }), { digits: 19, align: 'left' });
  });
  bench('naive: pad + Buffer hex', () => {
    const padded = digits.length % 2 ? `${digits}F` : digits;
    Buffer.from(Buffer.from(padded, 'hex').toString('hex').slice(0, 19));
  });
});
