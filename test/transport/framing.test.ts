import { fc, test } from '../helpers/prop.js';
import { describe, expect } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import {
  FrameDecoder,
  decodeFrames,
  decodeTpdu,
  decodeUnionPayHeader,
  encodeFrame,
  encodeKeepAlive,
  encodeTpdu,
  encodeUnionPayHeader,
  formatTpdu,
  frameSpecs,
  parseFrameSpec,
  replyTpdu,
  type Frame,
  type FrameSpec,
  type Tpdu,
  type UnionPayHeader,
} from '../../src/transport/index';
import frameVectors from '../../fixtures/transport/frames.json';
import headerVectors from '../../fixtures/transport/headers.json';

function codeOf(fn: () => unknown): { code: string; path: string; offset: number | undefined } {
  try {
    fn();
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset };
    throw e;
  }
  throw new Error('expected a CardwireError');
}

function collect(decoder: FrameDecoder, chunks: Uint8Array[]): Frame[] {
  const out: Frame[] = [];
  for (const c of chunks) decoder.push(c, (f) => out.push(f));
  return out;
}

describe('frame vectors', () => {
  for (const v of frameVectors) {
    test(`${v.name}`, () => {
      const spec = parseFrameSpec(v.spec);
      const tpdu = 'tpdu' in v ? (v.tpdu as Tpdu) : undefined;
      const header = 'header' in v ? hex(v.header as string) : undefined;
      expect(toHex(encodeFrame(spec, { tpdu, header, message: hex(v.message) }))).toBe(v.frame);
      const frames = decodeFrames(spec, hex(v.frame));
      expect(frames).toHaveLength(1);
      const f = frames[0]!;
      expect(f.offset).toBe(0);
      expect(f.keepAlive).toBe(false);
      expect(toHex(f.message)).toBe(v.message);
      expect(f.tpdu).toEqual(tpdu);
      // The payload is the frame without its prefix (or without the ETX trailer).
      const prefixBytes: Record<string, number> = { '2b': 2, '2bi': 2, '2bcd': 2, '4a': 4, '4b': 4, '3b': 3, tpdu: 2, unionpay: 2, base24: 0 };
      expect(toHex(f.payload)).toBe(v.frame.slice(2 * prefixBytes[v.spec]!, v.spec === 'base24' ? -2 : undefined));
      expect(f.header === undefined ? undefined : toHex(f.header)).toBe(header === undefined ? undefined : toHex(header));
    });
  }
});

describe('TPDU and UnionPay header vectors', () => {
  for (const v of headerVectors) {
    test(`${v.kind} ${v.bytes}`, () => {
      if (v.kind === 'tpdu') {
        const t = decodeTpdu(hex(v.bytes));
        expect(t).toEqual(v.value);
        expect(toHex(encodeTpdu(v.value as Tpdu))).toBe(v.bytes);
        expect(toHex(encodeTpdu(replyTpdu(t)))).toBe(v.reply);
      } else {
        expect(decodeUnionPayHeader(hex(v.bytes))).toEqual(v.value);
        expect(toHex(encodeUnionPayHeader(v.value as UnionPayHeader))).toBe(v.bytes);
      }
    });
  }
  test('formatTpdu', () => {
    expect(formatTpdu({ id: 0x60, destination: 3, source: 0 })).toBe('60 0003 0000');
  });
  test('bad TPDU and header values', () => {
    expect(codeOf(() => decodeTpdu(hex('60000300')))).toMatchObject({ code: 'TPDU_INVALID', path: 'frame.tpdu' });
    expect(codeOf(() => encodeTpdu({ id: 0x60, destination: 0x10000, source: 0 }))).toMatchObject({ code: 'TPDU_INVALID', path: 'frame.tpdu.destination' });
    expect(codeOf(() => decodeUnionPayHeader(hex('6031003100')))).toMatchObject({ code: 'UNIONPAY_HEADER_INVALID' });
    expect(codeOf(() => decodeUnionPayHeader(hex('6A3100310001')))).toMatchObject({ code: 'UNIONPAY_HEADER_INVALID' });
    const bad = { applicationType: '6', softwareVersion: '31', terminalStatus: '0', processingRequirement: '0', softwareSubVersion: '310001' };
    expect(codeOf(() => encodeUnionPayHeader(bad))).toMatchObject({ code: 'UNIONPAY_HEADER_INVALID', path: 'frame.header.applicationType' });
  });
});

describe('keep-alive frames', () => {
  test('zero-length frames decode as keep-alives', () => {
    expect(toHex(encodeKeepAlive(frameSpecs.binary2))).toBe('0000');
    expect(toHex(encodeKeepAlive(frameSpecs.ascii4))).toBe('30303030');
    expect(toHex(encodeKeepAlive(frameSpecs.base24))).toBe('03');
    const frames = decodeFrames(frameSpecs.unionPay, hex('0000' + '0000'));
    expect(frames.map((f) => [f.offset, f.keepAlive, f.tpdu])).toEqual([
      [0, true, undefined],
      [2, true, undefined],
    ]);
    expect(decodeFrames(frameSpecs.base24, hex('03'))[0]?.keepAlive).toBe(true);
  });
});

describe('frame spec text', () => {
  test('presets and tokens', () => {
    expect(parseFrameSpec('UnionPay')).toBe(frameSpecs.unionPay);
    expect(parseFrameSpec('4a+tpdu+h6+max4000')).toEqual({ length: { kind: 'ascii', digits: 4 }, tpdu: true, headerLength: 6, maxFrameSize: 4000 });
  });
  test('errors', () => {
    expect(codeOf(() => parseFrameSpec('7q'))).toMatchObject({ code: 'FRAME_SPEC_INVALID', path: 'frame' });
    expect(codeOf(() => parseFrameSpec('2b+zz'))).toMatchObject({ code: 'FRAME_SPEC_INVALID' });
    expect(codeOf(() => parseFrameSpec('2b+max70000'))).toMatchObject({ code: 'FRAME_SPEC_INVALID', path: 'frame.maxFrameSize' });
  });
});

describe('encoding errors', () => {
  test('TPDU and header must match the spec', () => {
    expect(codeOf(() => encodeFrame(frameSpecs.unionPay, { message: hex('0800') }))).toMatchObject({ code: 'FRAME_HEADER_MISMATCH', path: 'frame.tpdu' });
    expect(codeOf(() => encodeFrame(frameSpecs.unionPay, { tpdu: { id: 0x60, destination: 3, source: 0 }, header: hex('60'), message: hex('0800') }))).toMatchObject({
      code: 'FRAME_HEADER_MISMATCH',
      path: 'frame.header',
    });
  });
  test('too large for the spec', () => {
    const spec: FrameSpec = { length: { kind: 'binary', size: 1 } };
    expect(codeOf(() => encodeFrame(spec, { message: new Uint8Array(256) }))).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(codeOf(() => encodeFrame(frameSpecs.binary2, { message: new Uint8Array(8193) }))).toMatchObject({ code: 'FRAME_TOO_LARGE' });
  });
  test('ETX inside the message', () => {
    expect(codeOf(() => encodeFrame(frameSpecs.base24, { header: new Uint8Array(12).fill(0x30), message: hex('3003') }))).toMatchObject({ code: 'FRAME_ETX_IN_MESSAGE', offset: 13 });
  });
  test('custom prefix: 2-byte little-endian', () => {
    const spec: FrameSpec = {
      length: {
        kind: 'custom',
        size: 2,
        maxLength: 0xffff,
        encode: (n) => new Uint8Array([n & 0xff, n >> 8]),
        decode: (p) => p[0]! | (p[1]! << 8),
      },
    };
    expect(toHex(encodeFrame(spec, { message: hex('0800') }))).toBe('02000800');
    expect(toHex(decodeFrames(spec, hex('02000800'))[0]!.message)).toBe('0800');
  });
  test('custom prefix whose decoder throws or returns nonsense: FRAME_LENGTH_INVALID', () => {
    const throwing: FrameSpec = { length: { kind: 'custom', size: 1, maxLength: 255, encode: (n) => new Uint8Array([n]), decode: () => { throw new Error('bad'); } } };
    const negative: FrameSpec = { length: { kind: 'custom', size: 1, maxLength: 255, encode: (n) => new Uint8Array([n]), decode: () => -5 } };
    expect(codeOf(() => decodeFrames(throwing, hex('0100')))).toEqual({ code: 'FRAME_LENGTH_INVALID', path: 'frame.length', offset: 0 });
    expect(codeOf(() => decodeFrames(negative, hex('0100')))).toMatchObject({ code: 'FRAME_LENGTH_INVALID' });
  });
});

describe('stream decoding', () => {
  const specs: Array<[string, FrameSpec]> = [
    ['2b', frameSpecs.binary2],
    ['2bi', parseFrameSpec('2bi')],
    ['2bcd', frameSpecs.bcd2],
    ['4a', frameSpecs.ascii4],
    ['3b', parseFrameSpec('3b')],
    ['4b', parseFrameSpec('4b')],
    ['unionpay', frameSpecs.unionPay],
    ['etx', parseFrameSpec('etx')],
  ];
  // Messages avoid 0x03 so that ETX framing can carry them too.
  const message = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((m) => m.map((b) => (b === 3 ? 4 : b)));

  test.prop([fc.constantFrom(...specs), fc.array(message, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 })])(
    'random frames split at random points decode identically',
    ([, spec], messages, cuts) => {
      const tpdu: Tpdu | undefined = spec.tpdu ? { id: 0x60, destination: 3, source: 0 } : undefined;
      const header = spec.headerLength ? new Uint8Array(spec.headerLength).fill(0x31) : undefined;
      const wire = messages.map((m) => encodeFrame(spec, { tpdu, header, message: m }));
      const all = new Uint8Array(wire.reduce((n, w) => n + w.length, 0));
      let at = 0;
      for (const w of wire) {
        all.set(w, at);
        at += w.length;
      }
      const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let prev = 0;
      for (const p of [...points, all.length]) {
        chunks.push(all.slice(prev, p));
        prev = p;
      }
      const decoder = new FrameDecoder(spec);
      const frames = collect(decoder, chunks);
      decoder.end();
      const expected = messages.map((m) => (m.length === 0 && !tpdu && !header ? '' : toHex(m)));
      expect(frames.map((f) => toHex(f.message))).toEqual(expected);
      expect(frames.map((f) => f.keepAlive)).toEqual(messages.map((m) => m.length === 0 && !tpdu && !header));
    },
  );

  test('one byte at a time, and many frames in one chunk', () => {
    const wire = hex('0002080000000003081000');
    const oneByOne = collect(new FrameDecoder(frameSpecs.binary2), [...wire].map((b) => new Uint8Array([b])));
    const together = collect(new FrameDecoder(frameSpecs.binary2), [wire]);
    for (const frames of [oneByOne, together]) {
      expect(frames.map((f) => [f.offset, f.keepAlive, toHex(f.message)])).toEqual([
        [0, false, '0800'],
        [4, true, ''],
        [6, false, '081000'],
      ]);
    }
  });

  test.prop([fc.constantFrom(...specs), fc.uint8Array({ maxLength: 400 }), fc.constantFrom('close', 'resynchronise')])(
    'random bytes only ever throw CardwireError',
    ([, spec], bytes, action) => {
      const decoder = new FrameDecoder({ ...spec, maxFrameSize: 512 }, { onMalformed: () => action as 'close' | 'resynchronise' });
      try {
        decoder.push(bytes, () => undefined);
        decoder.end();
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
      expect(decoder.buffered).toBeLessThanOrEqual(512 + 8);
    },
  );

  test('a prefix claiming 2 GB fails before anything is buffered, naming the frame offset', () => {
    const decoder = new FrameDecoder(parseFrameSpec('4b'));
    const frames: Frame[] = [];
    const err = codeOf(() => decoder.push(hex('000000020800' + '80000000' + '00'.repeat(16)), (f) => frames.push(f)));
    expect(err).toEqual({ code: 'FRAME_TOO_LARGE', path: 'frame.length', offset: 6 });
    expect(frames).toHaveLength(1);
    expect(decoder.buffered).toBe(0);
    expect(codeOf(() => decoder.push(hex('00'), () => undefined))).toMatchObject({ code: 'FRAME_DECODER_CLOSED', offset: 6 });
  });

  test('a prefix split across chunks is checked before the body is allocated', () => {
    const decoder = new FrameDecoder(parseFrameSpec('4b'));
    decoder.push(hex('7F'), () => undefined);
    expect(codeOf(() => decoder.push(hex('FFFFFF'), () => undefined))).toEqual({ code: 'FRAME_TOO_LARGE', path: 'frame.length', offset: 0 });
  });

  test('malformed ASCII and BCD prefixes', () => {
    expect(codeOf(() => decodeFrames(frameSpecs.ascii4, hex('30303041')))).toEqual({ code: 'FRAME_LENGTH_INVALID', path: 'frame.length', offset: 0 });
    expect(codeOf(() => decodeFrames(frameSpecs.bcd2, hex('00020800' + '0A00')))).toEqual({ code: 'FRAME_LENGTH_INVALID', path: 'frame.length', offset: 4 });
    expect(codeOf(() => decodeFrames(parseFrameSpec('2bi'), hex('0001')))).toMatchObject({ code: 'FRAME_LENGTH_INVALID' });
  });

  test('a frame shorter than its TPDU and header', () => {
    expect(codeOf(() => decodeFrames(frameSpecs.unionPay, hex('0003600003')))).toEqual({ code: 'FRAME_HEADER_TRUNCATED', path: 'frame', offset: 0 });
  });

  test('the stream ends inside a frame', () => {
    expect(codeOf(() => decodeFrames(frameSpecs.binary2, hex('00020800' + '0005')))).toEqual({ code: 'FRAME_TRUNCATED', path: 'frame', offset: 4 });
    expect(codeOf(() => decodeFrames(frameSpecs.binary2, hex('00')))).toMatchObject({ code: 'FRAME_TRUNCATED', offset: 0 });
    expect(codeOf(() => decodeFrames(frameSpecs.base24, hex('3030')))).toMatchObject({ code: 'FRAME_TRUNCATED', offset: 0 });
  });

  test('resynchronise skips garbage and finds the next good frame', () => {
    const errors: string[] = [];
    const decoder = new FrameDecoder(frameSpecs.ascii4, {
      onMalformed: (e) => {
        errors.push(`${e.code}@${e.offset ?? -1}`);
        return 'resynchronise';
      },
    });
    const wire = hex('4142' + '30303032' + '3038');
    const frames = collect(decoder, [...wire].map((b) => new Uint8Array([b])));
    expect(frames.map((f) => [f.offset, toHex(f.message)])).toEqual([[2, '3038']]);
    expect(errors).toEqual(['FRAME_LENGTH_INVALID@0', 'FRAME_LENGTH_INVALID@1']);
  });

  test('ETX framing: an over-long frame is dropped up to its ETX when resynchronising', () => {
    const spec: FrameSpec = { length: { kind: 'etx' }, maxFrameSize: 4 };
    const errors: Array<number | undefined> = [];
    const decoder = new FrameDecoder(spec, {
      onMalformed: (e) => {
        errors.push(e.offset);
        return 'resynchronise';
      },
    });
    const frames = collect(decoder, [hex('3132'), hex('333435'), hex('36' + '03' + '414203')]);
    expect(frames.map((f) => [f.offset, toHex(f.message)])).toEqual([[7, '4142']]);
    expect(errors).toEqual([0]);
    expect(codeOf(() => decodeFrames(spec, hex('3132333435')))).toEqual({ code: 'FRAME_TOO_LARGE', path: 'frame', offset: 0 });
  });
});
