// JSON written straight into bytes is JSON.stringify's output as UTF-8, byte for byte, whenever the
// writer takes the value; what it does not take (escapes, non-ASCII text, non-plain objects) it
// refuses, and the journal then encodes with JSON.stringify itself.
import { fc, test as prop } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { encodeUtf8 } from '../../src/core/index';
import { JsonByteWriter } from '../../src/terminal/json-bytes';

function written(value: unknown): Uint8Array | undefined {
  const w = new JsonByteWriter();
  return w.value(value) ? w.copy() : undefined;
}

function same(a: Uint8Array, b: Uint8Array | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

const stringify = (value: unknown): Uint8Array | undefined => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return text === undefined ? undefined : encodeUtf8(text);
};

describe('JsonByteWriter', () => {
  const asciiText = fc.string({ unit: 'grapheme-ascii', maxLength: 12 });
  prop.prop([fc.object({ maxDepth: 3, maxKeys: 6, key: asciiText, values: [asciiText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)], withNullPrototype: true })])(
    'nested objects and arrays of JSON values: the bytes of JSON.stringify, or refused',
    (value) => {
      const bytes = written(value);
      if (bytes) expect(same(bytes, stringify(value))).toBe(true);
    },
  );

  prop.prop([fc.anything({ maxDepth: 3, size: 'small', withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, withBigInt: true })])(
    'any value: when the writer takes it, the bytes of JSON.stringify',
    (value) => {
      const bytes = written(value);
      if (bytes) expect(same(bytes, stringify(value))).toBe(true);
    },
  );

  prop.prop([fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'b', '0', '1', '_') , minLength: 1, maxLength: 3 }), fc.oneof(fc.string({ unit: 'grapheme-ascii', size: 'medium' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)), { size: 'medium' })])(
    'plain records of ASCII text: always taken (key order, skipped undefined, numbers as JSON writes them)',
    (record) => {
      const text = JSON.stringify(record);
      const ascii = /^[\x20-\x7e]*$/.test(text) && !/\\/.test(text);
      const bytes = written(record);
      if (ascii) expect(bytes).toBeDefined();
      if (bytes) expect(same(bytes, encodeUtf8(text))).toBe(true);
    },
  );

  test('refuses what JSON escapes or encodes in more than one byte, and non-plain objects', () => {
    for (const v of ['a"b', 'a\\b', 'a\nb', '\u0000', 'é', '消费', '\ud800', new Date(0), { toJSON: () => 1 }, 1n, Uint8Array.of(1), new (class X {})()]) expect(written(v)).toBeUndefined();
    expect(written({ a: 'b"' })).toBeUndefined();
  });

  test('writes records as the journal had them', () => {
    const r = { t: 'transaction', transaction: { voucher: '000001', amount: '100', expiry: undefined, pinVerified: true, n: -0, x: 1e21, nan: NaN, list: [1, undefined, 'x'] } };
    expect(new TextDecoder().decode(written(r))).toBe(JSON.stringify(r));
  });
});
