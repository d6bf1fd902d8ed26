// Conformance over real-card APDU traces (../shared/fixtures/emv/emv-traces.json: Visa, Mastercard,
// UnionPay and Amex, contact and contactless, from public repositories named in each entry).
// Skipped when the shared fixtures are not present.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import {
  decodeCommandApdu,
  decodeResponseApdu,
  decodeTlvDetailed,
  describeTlv,
  encodeCommandApdu,
  encodeTlv,
  formatTlvTree,
  parseGenerateAcResponse,
  parseGpoResponse,
  parseInternalAuthenticateResponse,
  statusWordInfo,
  type TlvInput,
  type TlvNode,
} from '../../src/emv/index';

interface Trace {
  description: string;
  brand: string;
  command: string;
  response: string;
  note?: string;
}

const url = new URL('../../../shared/fixtures/emv/emv-traces.json', import.meta.url);
const traces: Trace[] = existsSync(url) ? (JSON.parse(readFileSync(url, 'utf8')) as Trace[]) : [];

function input(nodes: readonly TlvNode[]): TlvInput[] {
  return nodes.map((n) => (n.children ? { tag: n.tag, children: input(n.children) } : { tag: n.tag, value: n.value }));
}
function shape(nodes: readonly TlvNode[]): unknown[] {
  return nodes.map((n) => (n.children ? [n.tag, shape(n.children)] : [n.tag, toHex(n.value)]));
}

describe.skipIf(traces.length === 0)('real-card traces', () => {
  test('the file holds the 30 exchanges it describes', () => {
    expect(traces.length).toBe(30);
  });

  test.each(traces.map((t) => [t.description, t] as const))('%s', (_d, t) => {
    const command = hex(t.command);
    expect(toHex(encodeCommandApdu(decodeCommandApdu(command)))).toBe(t.command);
    const ins = command[1];
    // GET PROCESSING OPTIONS carries its PDOL data in tag 83 (Book 3 §6.5.8.3).
    if (ins === 0xa8) expect(decodeTlvDetailed(decodeCommandApdu(command).data ?? new Uint8Array()).nodes[0]?.tag).toBe('83');

    const response = decodeResponseApdu(hex(t.response));
    expect(statusWordInfo(response.sw).meaning.length).toBeGreaterThan(0);
    const { nodes, padding } = decodeTlvDetailed(response.data);
    const reencoded = encodeTlv(input(nodes));
    if (padding.length === 0) {
      expect(toHex(reencoded)).toBe(toHex(response.data));
    } else {
      // The card added padding: the re-encoded objects are the same objects without it.
      const padded = padding.reduce((n, p) => n + p.length, 0);
      expect(reencoded.length).toBeLessThanOrEqual(response.data.length - padded);
      expect(shape(decodeTlvDetailed(reencoded).nodes)).toEqual(shape(nodes));
    }
    expect(formatTlvTree(describeTlv(nodes)).join('\n')).not.toMatch(/4761340000000050|5413330089600044/);

    if (response.sw !== 0x9000 || response.data.length === 0) return;
    if (ins === 0xa8) expect(parseGpoResponse(response.data).aip.length).toBe(2);
    if (ins === 0xae) expect(parseGenerateAcResponse(response.data).atc.length).toBe(2);
    if (ins === 0x88) expect(parseInternalAuthenticateResponse(response.data).sdad.length).toBeGreaterThan(0);
  });

  test('the 00/FF filler of the CDET test card is skipped and reported', () => {
    const t = traces.find((x) => x.description.includes('00/FF padding'));
    expect(t).toBeDefined();
    const { nodes, padding } = decodeTlvDetailed(decodeResponseApdu(hex(t?.response ?? '9000')).data);
    expect(shape(nodes)).toEqual([['70', [['5F34', '01'], ['9F57', '0840']]]]);
    expect(padding).toEqual([{ offset: 6, length: 3 }]);
    expect(() => decodeTlvDetailed(hex('700C5F340101FFFFFF9F57020840'), { strict: true })).toThrowError(
      expect.objectContaining({ code: 'TLV_PADDING', path: '70', offset: 6 }),
    );
  });

  test('the garbled "00000000" response decodes as padding only, never as objects', () => {
    const t = traces.find((x) => x.response === '00000000');
    const { nodes, padding } = decodeTlvDetailed(decodeResponseApdu(hex(t?.response ?? '')).data);
    expect(nodes).toEqual([]);
    expect(padding).toEqual([{ offset: 0, length: 2 }]);
  });

  test('format 1 and format 2 GPO responses normalise to the same shape', () => {
    const gpos = traces.filter((x) => x.command.startsWith('80A8') && x.response.endsWith('9000')).map((x) => parseGpoResponse(decodeResponseApdu(hex(x.response)).data));
    expect(new Set(gpos.map((g) => g.format))).toEqual(new Set([1, 2]));
    for (const g of gpos) expect(g.afl.length % 4).toBe(0);
  });
});
