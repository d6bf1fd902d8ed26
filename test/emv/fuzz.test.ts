// Aggressive robustness properties (DESIGN.md §3): every decoder of the emv layer, fed random or
// adversarial input, returns or throws a CardwireError — never a RangeError/TypeError, a hang or
// an allocation sized by a declared length. Raise FC_NUM_RUNS (e.g. 20000) for long local runs.
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError, toHex } from '../../src/core/index';
import {
  AdditionalTerminalCapabilities,
  Aip,
  Auc,
  Ctq,
  MastercardCvr,
  TerminalCapabilities,
  Tsi,
  Ttq,
  Tvr,
  VisaCvr,
  aflRecords,
  buildDolData,
  decodeCid,
  decodeCommandApdu,
  decodeCvmList,
  decodeCvmResults,
  decodeIssuerApplicationData,
  decodeResponseApdu,
  decodeTerminalType,
  decodeTlv,
  decodeTlvDetailed,
  describeEmv,
  encodeTlv,
  explainIssuerApplicationData,
  fitDolValue,
  formatTlvTree,
  nextT0Command,
  parseAfl,
  parseDe55,
  parseDol,
  parseGenerateAcResponse,
  parseGpoResponse,
  parseInternalAuthenticateResponse,
  renderValue,
  splitDolData,
  emvTags,
  exchangeT0,
  type IssuerApplicationDataLayout,
  type TlvInput,
} from '../../src/emv/index';
import { fuzzRuns, onlyCardwireErrors } from '../helpers/fuzz';

const runs = fuzzRuns;

/** Bytes biased towards TLV structure: tag-ish bytes, length prefixes 80-84 and FF, constructed tags. */
const tlvish = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(0x00, 0xff, 0x1f, 0x3f, 0x5f, 0x7f, 0x9f, 0xbf, 0xdf, 0xff, 0x70, 0x77, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xe1, 0xa5),
  ),
  { maxLength: 300, size: 'max' },
).map((a) => Uint8Array.from(a));

/** Well-formed headers claiming huge lengths: 4-byte lengths up to 0xFFFFFFFF over a short body. */
const hugeDeclared = fc
  .tuple(fc.constantFrom([0x9f, 0x26], [0x70], [0xbf, 0x0c], [0x5a]), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 16, size: 'max' }))
  .map(([tag, n, len, body]) => {
    const lenBytes: number[] = [];
    for (let k = n - 1; k >= 0; k--) lenBytes.push(Math.floor(len / 2 ** (8 * k)) & 0xff);
    return Uint8Array.from([...tag, 0x80 | n, ...lenBytes, ...body]);
  });

/** Constructed objects nested `depth` deep: 70 LL 70 LL ... */
function nested(depth: number, tag = 0x70): Uint8Array {
  let inner: Uint8Array = Uint8Array.of(0x5a, 0x01, 0x12);
  for (let d = 0; d < depth; d++) {
    const len = inner.length;
    const head = len < 0x80 ? [tag, len] : len <= 0xff ? [tag, 0x81, len] : len <= 0xffff ? [tag, 0x82, len >> 8, len & 0xff] : [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
    const out = new Uint8Array(head.length + len);
    out.set(head);
    out.set(inner, head.length);
    inner = out;
  }
  return inner;
}

describe('BER-TLV decoder under attack', () => {
  fcTest.prop([tlvish, fc.boolean(), fc.boolean()], { numRuns: runs })('TLV-biased bytes: CardwireError or a tree that re-encodes', (bytes, strict, detailed) => {
    onlyCardwireErrors(() => {
      const nodes = detailed ? decodeTlvDetailed(bytes, { strict }).nodes : decodeTlv(bytes, { strict });
      encodeTlv(nodes.map(function strip(n): { tag: string; value?: Uint8Array; children?: ReturnType<typeof strip>[] } {
        return n.children ? { tag: n.tag, children: n.children.map(strip) } : { tag: n.tag, value: n.value };
      }));
    });
  });

  fcTest.prop([hugeDeclared], { numRuns: runs })('huge declared lengths: TLV_TRUNCATED at offset 0 before anything is read or allocated', (bytes) => {
    const declared = (() => {
      const n = bytes[bytes[0] === 0x70 || bytes[0] === 0x5a ? 1 : 2]! & 0x7f;
      const at = (bytes[0] === 0x70 || bytes[0] === 0x5a ? 2 : 3);
      let len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + bytes[at + k]!;
      return { len, valueAt: at + n };
    })();
    try {
      decodeTlv(bytes);
      expect(declared.valueAt + declared.len).toBeLessThanOrEqual(bytes.length);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
      if (isCardwireError(e) && declared.valueAt + declared.len > bytes.length) {
        expect(e.code).toBe('TLV_TRUNCATED');
        expect(e.offset).toBe(0);
      }
    }
  });

  fcTest.prop([fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 64 })], { numRuns: Math.min(runs, 500) })('nesting deeper than maxDepth is TLV_TOO_DEEP, never a stack overflow', (depth, maxDepth) => {
    const bytes = nested(depth);
    try {
      decodeTlv(bytes, { maxDepth });
      expect(depth).toBeLessThanOrEqual(maxDepth);
    } catch (e) {
      expect(isCardwireError(e) && e.code).toBe('TLV_TOO_DEEP');
    }
  });

  const deep = nested(5000);
  fcTest.prop([fc.oneof(fc.integer({ min: 257, max: 200000 }), fc.constantFrom(Infinity, Number.NaN, -1, 2.5))], { numRuns: 5 })(
    'an absurd maxDepth is INVALID_ARGUMENT, not a stack overflow',
    (maxDepth) => {
      expect(() => decodeTlv(deep, { maxDepth })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    },
  );

  test.each([257, 100000])('encodeTlv of a caller-built tree %i levels deep is TLV_TOO_DEEP, not a stack overflow', (depth) => {
    let tree: TlvInput = { tag: '5A', value: Uint8Array.of(0x12) };
    for (let d = 0; d < depth; d++) tree = { tag: '70', children: [tree] };
    expect(() => encodeTlv([tree])).toThrowError(expect.objectContaining({ code: 'TLV_TOO_DEEP' }));
  });

  test('exchangeT0 refuses an unbounded maxExchanges (a card answering 61xx forever would never end)', async () => {
    const transmit = (): Promise<Uint8Array> => Promise.resolve(Uint8Array.of(0x61, 0x10));
    await expect(exchangeT0(transmit, Uint8Array.of(0, 0xb2, 1, 0x0c, 0), { maxExchanges: Infinity })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(exchangeT0(transmit, Uint8Array.of(0, 0xb2, 1, 0x0c, 0), { maxExchanges: 3 })).rejects.toMatchObject({ code: 'APDU_INVALID' });
  });

  fcTest.prop([fc.integer({ min: 1, max: 5000 })], { numRuns: 20 })('many tiny objects hit maxObjects as a CardwireError', (n) => {
    const bytes = new Uint8Array(3 * n).map((_, i) => [0x5a, 0x01, 0x00][i % 3]!);
    try {
      decodeTlv(bytes, { maxObjects: 100 });
      expect(n).toBeLessThanOrEqual(100);
    } catch (e) {
      expect(isCardwireError(e) && e.code).toBe('TLV_TOO_MANY_OBJECTS');
    }
  });
});

const layouts: readonly (IssuerApplicationDataLayout | undefined)[] = [undefined, 'visa-format-0-1-3', 'visa-format-2', 'mastercard-mchip', 'unionpay', 'unknown'];

describe('every value decoder, random bytes', () => {
  const fields = [Tvr, Tsi, Aip, Auc, TerminalCapabilities, AdditionalTerminalCapabilities, Ttq, Ctq, VisaCvr, MastercardCvr];
  fcTest.prop([fc.uint8Array({ maxLength: 300, size: 'max' })], { numRuns: runs })('value decoders only throw CardwireError', (bytes) => {
    for (const f of fields) {
      onlyCardwireErrors(() => f.decode(bytes));
      onlyCardwireErrors(() => f.explain(bytes));
      onlyCardwireErrors(() => f.setFlags(bytes));
    }
    for (const layout of layouts) onlyCardwireErrors(() => explainIssuerApplicationData(decodeIssuerApplicationData(bytes, layout ? { layout } : {})));
    onlyCardwireErrors(() => decodeCvmList(bytes));
    onlyCardwireErrors(() => decodeCvmResults(bytes));
    onlyCardwireErrors(() => decodeCid(bytes));
    onlyCardwireErrors(() => decodeTerminalType(bytes));
    onlyCardwireErrors(() => aflRecords(parseAfl(bytes)));
    onlyCardwireErrors(() => parseDol(bytes));
    onlyCardwireErrors(() => parseDe55(bytes));
    onlyCardwireErrors(() => parseDe55(bytes, { strict: false, scheme: 'unionpay', message: 'reversal' }));
    onlyCardwireErrors(() => decodeCommandApdu(bytes));
    onlyCardwireErrors(() => decodeResponseApdu(bytes));
    onlyCardwireErrors(() => nextT0Command(bytes, bytes.subarray(0, 2)));
    onlyCardwireErrors(() => parseGpoResponse(bytes));
    onlyCardwireErrors(() => parseGenerateAcResponse(bytes));
    onlyCardwireErrors(() => parseInternalAuthenticateResponse(bytes));
  });

  fcTest.prop([fc.constantFrom(...emvTags.map((t) => t.tag)), fc.uint8Array({ maxLength: 64, size: 'max' }), fc.boolean()], { numRuns: runs })(
    'renderValue never throws for any dictionary tag',
    (tag, bytes, reveal) => {
      expect(() => renderValue(tag, bytes, { reveal })).not.toThrow();
    },
  );

  fcTest.prop([tlvish, fc.boolean()], { numRuns: runs })('describeEmv + formatTlvTree only throw CardwireError (from decodeTlv)', (bytes, reveal) => {
    onlyCardwireErrors(() => formatTlvTree(describeEmv(bytes, { reveal })));
  });

  fcTest.prop([fc.uint8Array({ minLength: 2, maxLength: 2, size: 'max' }), fc.uint8Array({ maxLength: 300, size: 'max' })], { numRuns: runs })('nextT0Command on any command/response pair', (sw, command) => {
    onlyCardwireErrors(() => nextT0Command(command, sw));
  });
});

describe('DOL builders with caller-supplied entries', () => {
  const entry = fc.record({
    tag: fc.oneof(fc.constantFrom('9F02', '9F37', '5A', '57', '70', '9F1A', '95'), fc.string({ maxLength: 10, size: 'max' })),
    length: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(Number.NaN, 1.5, 1e12, -1, Infinity)),
  });
  fcTest.prop([fc.array(entry, { maxLength: 6, size: 'max' }), fc.uint8Array({ maxLength: 40, size: 'max' })], { numRuns: runs })('buildDolData / splitDolData only throw CardwireError', (entries, data) => {
    onlyCardwireErrors(() => buildDolData(entries, { '9F02': data, '9F37': data, '5A': data, '57': data, '95': data }));
    onlyCardwireErrors(() => splitDolData(entries, data));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 20, size: 'max' }), fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(Number.NaN, 1.5, 1e12)), fc.constantFrom('n', 'cn', 'b', 'an', 'ans', 'a' as const)], { numRuns: runs })(
    'fitDolValue only throws CardwireError',
    (value, length, format) => {
      onlyCardwireErrors(() => fitDolValue(value, length, format));
    },
  );
});

describe('no cardholder data in describe output or errors', () => {
  const pan = fc.stringMatching(/^[0-9]{13,19}$/);
  fcTest.prop([pan, fc.stringMatching(/^[0-9]{7}$/), fc.integer({ min: 0, max: 40 })], { numRuns: runs })(
    'describe masks 5A and 57; errors on damaged records never carry the digits',
    (digits, rest, cut) => {
      const panBytes = hexOf(digits.length % 2 ? `${digits}F` : digits);
      const t2 = hexOf(`${digits}D${rest}`.length % 2 ? `${digits}D${rest}F` : `${digits}D${rest}`);
      const record = encodeTlv([{ tag: '70', children: [{ tag: '5A', value: panBytes }, { tag: '57', value: t2 }] }]);
      const text = JSON.stringify(describeEmv(record)) + formatTlvTree(describeEmv(record)).join('\n');
      expect(text).not.toContain(digits);
      const damaged = record.subarray(0, Math.min(cut, record.length));
      for (const attempt of [() => describeEmv(damaged), () => parseDe55(damaged), () => decodeTlv(damaged, { strict: true })]) {
        try {
          attempt();
        } catch (e) {
          expect(isCardwireError(e)).toBe(true);
          expect(String(e)).not.toContain(digits);
          expect(JSON.stringify(e)).not.toContain(digits);
        }
      }
    },
  );
});

function hexOf(digits: string): Uint8Array {
  const out = new Uint8Array(digits.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(digits.slice(2 * k, 2 * k + 2), 16);
  return out;
}

describe('every sensitive dictionary entry is masked by renderValue, whatever its render', () => {
  const sensitive = emvTags.filter((t) => t.sensitive);
  fcTest.prop([fc.constantFrom(...sensitive), fc.uint8Array({ minLength: 8, maxLength: 19, size: 'max' })], { numRuns: runs })('no full value in text, masked or details', (info, value) => {
    const clear = toHex(value);
    const digits = clear.replace(/[^0-9]/g, '');
    const r = renderValue(info.tag, value, { scheme: info.scheme });
    const shown = JSON.stringify(r);
    expect(shown).not.toContain(clear);
    if (digits.length >= 12) expect(shown).not.toContain(digits);
  });
});
