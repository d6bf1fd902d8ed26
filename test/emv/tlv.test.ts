import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import {
  decodeTlv,
  decodeTlvDetailed,
  encodeTlv,
  findAllTlv,
  findTlv,
  isConstructedTag,
  measureTlv,
  tagBytes,
  type TlvInput,
  type TlvNode,
} from '../../src/emv/index';
import vectors from '../../fixtures/emv/tlv.json';

interface TreeNode {
  tag: string;
  offset: number;
  headerLength: number;
  value?: string;
  children?: TreeNode[];
}

function tree(nodes: readonly TlvNode[]): TreeNode[] {
  return nodes.map((n) =>
    n.children
      ? { tag: n.tag, offset: n.offset, headerLength: n.headerLength, children: tree(n.children) }
      : { tag: n.tag, offset: n.offset, headerLength: n.headerLength, value: toHex(n.value) },
  );
}

function input(nodes: readonly TlvNode[]): TlvInput[] {
  return nodes.map((n) => (n.children ? { tag: n.tag, children: input(n.children) } : { tag: n.tag, value: n.value }));
}

const runs = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('decodeTlv: vectors', () => {
  test.each(vectors)('$name', (v) => {
    const bytes = hex(v.hex);
    const { nodes, padding } = decodeTlvDetailed(bytes);
    expect(tree(nodes)).toEqual(v.tree);
    expect(padding).toEqual(v.padding);
    expect(tree(decodeTlv(bytes))).toEqual(v.tree);
    if (v.padding.length === 0) expect(toHex(encodeTlv(input(nodes)))).toBe(v.hex);
  });

  test('values are views into the input, not copies', () => {
    const bytes = hex('9F02060000000010005A0112');
    const [amount] = decodeTlv(bytes);
    expect(amount?.value.buffer).toBe(bytes.buffer);
    expect(amount?.value.byteOffset).toBe(3);
  });

  test('long lengths 82, 83 and 84 with the value that fills them', () => {
    const value = new Uint8Array(300).fill(0xab);
    for (const [header, len] of [
      ['DF01820' + '12C', 300],
      ['DF0183' + '00012C', 300],
      ['DF0184' + '0000012C', 300],
    ] as const) {
      const [node] = decodeTlv(hex(header + toHex(value)));
      expect(node?.value.length).toBe(len);
      expect(node?.headerLength).toBe(header.length / 2);
    }
    expect(toHex(encodeTlv([{ tag: 'DF01', value }]).subarray(0, 5))).toBe('DF01820' + '12C');
  });

  test('recurse: false leaves constructed values undecoded', () => {
    const [node] = decodeTlv(hex('70035A0112'), { recurse: false });
    expect(node?.children).toBeUndefined();
    expect(toHex(node?.value ?? new Uint8Array())).toBe('5A0112');
  });

  test('copy: values are copies that outlive the input; views otherwise', () => {
    const input = hex('70075A0512345678909F3401AA');
    const copied = decodeTlv(input, { copy: true });
    const viewed = decodeTlv(input);
    input.fill(0);
    expect(toHex(copied[0]!.children![0]!.value)).toBe('1234567890');
    expect(toHex(copied[1]!.value)).toBe('AA');
    expect(copied[1]!.value.buffer).not.toBe(input.buffer);
    expect(toHex(viewed[1]!.value)).toBe('00');
  });

  test('baseOffset and path are applied to nodes and errors', () => {
    const [node] = decodeTlv(hex('5A0112'), { baseOffset: 10 });
    expect(node?.offset).toBe(10);
    expect(() => decodeTlv(hex('70039F2601'), { path: 'DE55', baseOffset: 4 })).toThrowError(
      expect.objectContaining({ code: 'TLV_TRUNCATED', path: 'DE55.70.9F26', offset: 6 }),
    );
  });
});

describe('decodeTlv: errors', () => {
  test.each([
    ['9F2608AABB', {}, 'TLV_TRUNCATED', '9F26', 0],
    ['9F', {}, 'TLV_TRUNCATED', '9F', 0],
    ['9F26', {}, 'TLV_TRUNCATED', '9F26', 0],
    ['5A81', {}, 'TLV_TRUNCATED', '5A', 1],
    ['5A8201', {}, 'TLV_TRUNCATED', '5A', 1],
    ['5A80', {}, 'TLV_INDEFINITE_LENGTH', '5A', 1],
    ['5A8500000000010A', {}, 'TLV_INVALID_LENGTH', '5A', 1],
    ['DF818181810100', {}, 'TLV_INVALID_TAG', 'DF818181', 0],
    ['DF8181', {}, 'TLV_TRUNCATED', 'DF8181', 0],
    ['700A5A0212', {}, 'TLV_TRUNCATED', '70', 0],
    ['70035A0212', {}, 'TLV_TRUNCATED', '70.5A', 2],
    ['5A011200', { strict: true }, 'TLV_PADDING', '', 3],
    ['7003005A00', { strict: true }, 'TLV_PADDING', '70', 2],
    ['5A810112', { strict: true }, 'TLV_NONMINIMAL_LENGTH', '5A', 1],
    ['5A82000112', { strict: true }, 'TLV_NONMINIMAL_LENGTH', '5A', 1],
    ['9F800100', { strict: true }, 'TLV_INVALID_TAG', '9F', 1],
    ['7002700070027000', { maxDepth: 1 }, 'TLV_TOO_DEEP', '70.70', 2],
    ['5A005A005A00', { maxObjects: 2 }, 'TLV_TOO_MANY_OBJECTS', '', 4],
  ] as const)('%s %j → %s at %j offset %d', (h, options, code, path, offset) => {
    expect(() => decodeTlv(hex(h), options)).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test('deep nesting stops at the default limit without exhausting the stack', () => {
    const depth = 60;
    const bytes = new Uint8Array(depth * 2);
    for (let k = 0; k < depth; k++) {
      bytes[2 * k] = 0x70;
      bytes[2 * k + 1] = 2 * (depth - k - 1);
    }
    expect(() => decodeTlv(bytes)).toThrowError(expect.objectContaining({ code: 'TLV_TOO_DEEP' }));
  });

  test('non-strict mode accepts what strict rejects', () => {
    expect(decodeTlv(hex('5A81011200FF')).map((n) => toHex(n.value))).toEqual(['12']);
  });
});

describe('encodeTlv', () => {
  test('order and repeats are kept; empty values and empty templates', () => {
    const out = encodeTlv([
      { tag: '9f36', value: hex('0001') },
      { tag: '83' },
      { tag: '9F36', value: hex('0002') },
      { tag: '77', children: [] },
    ]);
    expect(toHex(out)).toBe('9F36020001' + '8300' + '9F36020002' + '7700');
  });

  test.each([
    [{ tag: '9F' }, 'TLV_INVALID_TAG'],
    [{ tag: '5A5A' }, 'TLV_INVALID_TAG'],
    [{ tag: 'DF81818101' }, 'TLV_INVALID_TAG'],
    [{ tag: '00' }, 'TLV_INVALID_TAG'],
    [{ tag: 'G1' }, 'TLV_INVALID_TAG'],
    [{ tag: '5A', children: [] }, 'TLV_INVALID_TAG'],
    [{ tag: '70', value: hex('00'), children: [] }, 'INVALID_ARGUMENT'],
  ] as const)('%j is rejected with %s', (node, code) => {
    expect(() => encodeTlv([node])).toThrowError(expect.objectContaining({ code }));
  });

  test('measureTlv writes what encodeTlv returns, at an offset, into a buffer the caller owns', () => {
    const nodes: TlvInput[] = [{ tag: '9F02', value: hex('000000001000') }, { tag: '70', children: [{ tag: '5A', value: hex('12') }] }];
    const enc = measureTlv(nodes);
    expect(enc.length).toBe(14);
    const out = new Uint8Array(20).fill(0xee);
    expect(enc.writeTo(out, 3)).toBe(17);
    expect(toHex(out)).toBe('EEEEEE' + toHex(encodeTlv(nodes)) + 'EEEEEE');
    expect(() => enc.writeTo(out, 7)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => enc.writeTo(out, -1)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => measureTlv([{ tag: '9F' }])).toThrowError(expect.objectContaining({ code: 'TLV_INVALID_TAG' }));
  });

  test('a value longer than 16 bytes and a lowercase tag encode like short ones', () => {
    const long = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    const out = encodeTlv([{ tag: 'df01', value: long }]);
    expect(toHex(out.subarray(0, 5))).toBe('DF0182012C');
    expect(out.subarray(5)).toEqual(long);
  });

  test('tagBytes and isConstructedTag', () => {
    expect(toHex(tagBytes('9f26'))).toBe('9F26');
    expect(isConstructedTag('70')).toBe(true);
    expect(isConstructedTag('BF0C')).toBe(true);
    expect(isConstructedTag('9F26')).toBe(false);
  });
});

describe('findTlv / findAllTlv', () => {
  const nodes = decodeTlv(hex('70075A0512345678909F3401AA77069F3603000102'));
  test('bare tag searches every level; a path is anchored at the top', () => {
    expect(findTlv(nodes, '5a')?.offset).toBe(2);
    expect(findTlv(nodes, '70/5A')?.offset).toBe(2);
    expect(findTlv(nodes, '77/5A')).toBeUndefined();
    expect(findTlv(nodes, '5A/70')).toBeUndefined();
    expect(findTlv(nodes, '9F34')?.offset).toBe(9);
    expect(findTlv(nodes, '77/9F36')?.value.length).toBe(3);
    expect(findTlv(nodes, '9F27')).toBeUndefined();
  });
  test('findAllTlv keeps repeats in card order', () => {
    const all = findAllTlv(decodeTlv(hex('9F3602000170059F36020002')), '9f36');
    expect(all.map((n) => toHex(n.value))).toEqual(['0001', '0002']);
  });
});

// Arbitrary TLV trees: tags valid per Annex B1, primitive or constructed, values of any length.
const primitiveTag = fc.oneof(
  fc.integer({ min: 0x01, max: 0xfe }).filter((b) => (b & 0x1f) !== 0x1f && (b & 0x20) === 0).map((b) => toHex(Uint8Array.of(b))),
  fc.tuple(fc.constantFrom(0x1f, 0x5f, 0x9f, 0xdf), fc.integer({ min: 0, max: 0x7f })).map(([a, b]) => toHex(Uint8Array.of(a, b))),
  fc.tuple(fc.constantFrom(0x9f, 0xdf), fc.integer({ min: 0x81, max: 0xff }), fc.integer({ min: 0, max: 0x7f })).map(([a, b, c]) => toHex(Uint8Array.of(a, b, c))),
);
const constructedTag = fc.constantFrom('70', '77', '6F', 'A5', 'BF0C', 'E1', 'BF8101');
const tlvTree: fc.Arbitrary<TlvInput[]> = fc.letrec<{ node: TlvInput; nodes: TlvInput[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: primitiveTag, value: fc.uint8Array({ maxLength: 300, size: 'max' }) }),
    fc.record({ tag: constructedTag, children: tie('nodes') }),
  ),
  nodes: fc.array(tie('node'), { maxLength: 4, size: 'max' }),
})).nodes;

function strip(nodes: readonly TlvNode[]): unknown[] {
  return nodes.map((n) => (n.children ? { tag: n.tag, children: strip(n.children) } : { tag: n.tag, value: toHex(n.value) }));
}
function stripInput(nodes: readonly TlvInput[]): unknown[] {
  return nodes.map((n) => (n.children ? { tag: n.tag, children: stripInput(n.children) } : { tag: n.tag, value: toHex(n.value ?? new Uint8Array()) }));
}

describe('properties', () => {
  fcTest.prop([tlvTree], { numRuns: runs })('decode(encode(tree)) = tree, and re-encoding is byte-identical', (t) => {
    const bytes = encodeTlv(t);
    const decoded = decodeTlv(bytes, { strict: true });
    expect(strip(decoded)).toEqual(stripInput(t));
    expect(encodeTlv(input(decoded))).toEqual(bytes);
  });

  fcTest.prop([tlvTree, fc.array(fc.constantFrom(0x00, 0xff), { minLength: 1, maxLength: 5, size: 'max' })], { numRuns: runs })(
    'padding after the objects is skipped and reported',
    (t, pad) => {
      const body = encodeTlv(t);
      const bytes = new Uint8Array([...body, ...pad]);
      const { nodes, padding } = decodeTlvDetailed(bytes);
      expect(strip(nodes)).toEqual(stripInput(t));
      expect(padding.at(-1)).toEqual({ offset: body.length, length: pad.length });
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 200, size: 'max' }), fc.boolean()], { numRuns: runs * 5 })('random bytes only ever throw CardwireError', (bytes, strict) => {
    try {
      decodeTlvDetailed(bytes, { strict });
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
