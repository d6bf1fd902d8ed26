// Sample messages per shipped dialect (fixtures/iso8583/messages.json, assembled by hand from the
// standards' field tables): each unpacks to the listed values and packs back to the same bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import { dialect, dialectNames } from '../../src/iso8583/index';

interface Vector {
  dialect: string;
  description: string;
  source: string;
  hex: string;
  mti: string;
  header?: Record<string, string>;
  fields: Record<string, string>;
}
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/iso8583/messages.json', import.meta.url), 'utf8')) as Vector[];

function show(v: unknown): unknown {
  return v instanceof Uint8Array ? toHex(v) : v;
}

describe.each(vectors)('$dialect: $description', (v) => {
  const { codec } = dialect(v.dialect);
  test('unpacks to the expected values', () => {
    const msg = codec.unpack(hex(v.hex));
    expect(msg.mti).toBe(v.mti);
    for (const [path, want] of Object.entries(v.fields)) expect([path, show(msg.get(path))]).toEqual([path, want]);
    for (const [id, want] of Object.entries(v.header ?? {})) expect(show(msg.getHeader(id))).toBe(want);
  });
  test('packs back to the same bytes', () => {
    expect(toHex(codec.unpack(hex(v.hex)).pack())).toBe(v.hex);
  });
  test('builds from the values to the same bytes', () => {
    const msg = codec.create(v.mti);
    for (const [id, h] of Object.entries(v.header ?? {})) msg.setHeader(id, hex(h));
    for (const [path, want] of Object.entries(v.fields)) {
      const f = codec.field(Number(path.split('.')[0]));
      const isBytes = path.includes('.') ? path.startsWith('55.') : f?.spec.type === 'b';
      msg.set(path, isBytes ? hex(want) : want);
    }
    expect(toHex(msg.pack())).toBe(v.hex);
  });
});

test('every shipped dialect has at least one sample message', () => {
  for (const name of dialectNames.filter((n) => n !== 'iso87ascii-binary-bitmap')) expect(vectors.some((v) => v.dialect === name), name).toBe(true);
});
