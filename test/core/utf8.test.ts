// UTF-8 (RFC 3629): the RFC's own examples, a differential property against the platform's
// TextEncoder/TextDecoder, and the malformed sequences of RFC 3629 §3 and §10.
import { fc, test as prop } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { decodeUtf8, encodeUtf8, hex, toHex } from '../../src/core/index';
import { caught } from '../helpers/caught';

describe('UTF-8', () => {
  test.each([
    // RFC 3629 §7 examples.
    ['A≢Α.', '41E289A2CE912E', 'RFC 3629 §7'],
    ['한국어', 'ED959CEAB5ADEC96B4', 'RFC 3629 §7'],
    ['日本語', 'E697A5E69CACE8AA9E', 'RFC 3629 §7'],
    ['\u{233B4}', 'F0A38EB4', 'RFC 3629 §7'],
    ['消费', 'E6B688E8B4B9', 'Unicode: U+6D88 U+8D39'],
  ])('%s ↔ %s (%s)', (text, bytes) => {
    expect(toHex(encodeUtf8(text))).toBe(bytes);
    expect(decodeUtf8(hex(bytes))).toBe(text);
  });

  prop.prop([fc.string({ unit: 'grapheme' })])('agrees with TextEncoder/TextDecoder', (s) => {
    const e = encodeUtf8(s);
    expect(toHex(e)).toBe(toHex(new TextEncoder().encode(s)));
    expect(decodeUtf8(e)).toBe(s);
  });

  prop.prop([fc.uint8Array({ maxLength: 64 })])('random bytes decode as the platform decodes them, or fail with UTF8_INVALID', (b) => {
    let platform: string | undefined;
    try {
      platform = new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      platform = undefined;
    }
    if (platform === undefined) expect(caught(() => decodeUtf8(b)).code).toBe('UTF8_INVALID');
    else expect(decodeUtf8(b)).toBe(platform);
  });

  test.each([
    ['C0AF', 0, 'overlong /'],
    ['E080AF', 0, 'overlong / in 3 bytes'],
    ['EDA080', 0, 'a surrogate (U+D800)'],
    ['F4908080', 0, 'above U+10FFFF'],
    ['E6B6', 0, 'truncated'],
    ['41E6B641', 3, 'a continuation byte missing'],
  ])('%s is UTF8_INVALID at offset %i (%s)', (bytes, offset) => {
    expect(caught(() => decodeUtf8(hex(bytes)))).toEqual({ code: 'UTF8_INVALID', path: '', offset });
  });

  test('a lone surrogate cannot be encoded', () => {
    expect(caught(() => encodeUtf8('a\uD800b'))).toEqual({ code: 'UTF8_INVALID', path: '', offset: 1 });
  });
});
