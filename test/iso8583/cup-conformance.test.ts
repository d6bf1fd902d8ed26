// Conformance: real China UnionPay POS messages from public terminal code, with field values
// decoded by hand (../shared/fixtures/cup/samples.json). Skipped when the shared folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { encodeAscii, hex, toHex } from '../../src/core/index';
import { dialect, type FieldValue } from '../../src/iso8583/index';

const file = new URL('../../../shared/fixtures/cup/samples.json', import.meta.url);
const present = existsSync(file);
interface Sample {
  description: string;
  source: string;
  frame: string;
  hex: string;
  expected: Record<string, string>;
}
const samples: Sample[] = present ? (JSON.parse(readFileSync(file, 'utf8')) as { messages: Sample[] }).messages : [];

/** A positional composite's sub-fields joined back into the field text. */
function flat(v: FieldValue | undefined): unknown {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.values(v).join('');
  return v;
}

describe.skipIf(!present)('UnionPay samples decode to the hand-decoded values', () => {
  const { codec } = dialect('cup');
  test.each(samples.map((s) => [s.description, s] as const))('%s', (_d, s) => {
    const bytes = hex(s.hex);
    let body: Uint8Array;
    if (s.frame.startsWith('2-byte')) {
      // 2-byte big-endian length, then TPDU + header + message.
      expect((bytes[0]! << 8) | bytes[1]!).toBe(bytes.length - 2);
      body = bytes.subarray(2);
    } else {
      // The body starts at the bitmap: put a TPDU, header and MTI in front.
      const mti = s.expected['mti'] ?? ('2' in s.expected ? '0210' : '0200');
      body = new Uint8Array([...hex(`6000000000603100000000${mti}`), ...bytes]);
    }
    const msg = codec.unpack(body);
    for (const [k, want] of Object.entries(s.expected)) {
      if (k === 'mti') expect(msg.mti).toBe(want);
      else if (k === '64') expect(toHex(msg.getBytes(64)!)).toBe(toHex(encodeAscii(want)));
      else expect([k, flat(msg.get(k))]).toEqual([k, want]);
    }
  });
});
