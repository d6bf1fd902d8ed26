/**
 * `cardwire iso8583 …`: decode and encode ISO 8583 messages with a built-in dialect, a JSON spec
 * or a jPOS GenericPackager XML, and list the dialects. Output is masked unless --reveal.
 */
import { fail, hex, toHex } from '../../core/index';
import { compileMessageSpec, dialect, dialectNames, importJposPackager, importSpec, messageFromJson, type MessageCodec } from '../../iso8583/index';
import { decodeFrames, encodeFrame, frameFromPayload, parseFrameSpec, type FrameSpec } from '../../transport/index';
import { defineCommand, eachStdinLine, readArgument, readFileArgument, usageError, type CommandGroup } from '../command';

const DECODE = `  cardwire iso8583 decode [--dialect NAME | --spec FILE | --jpos FILE] [--frame FRAME] [--json] [--reveal] [--allow-trailing] <hex|@file|->
      Print the message (masked unless --reveal), or with --json one JSON object per message:
      {"mti":"0200","fields":{"2":"…","55":{"9F26":"…"}}}   text as sent, binary as uppercase hex.
`;
const ENCODE = `  cardwire iso8583 encode [--dialect NAME | --spec FILE | --jpos FILE] [--frame FRAME] <json|@file|->
      Read that JSON (with --reveal-style clear values) and print the message as hex.
`;
const DIALECTS = `  cardwire iso8583 dialects [--json]
      List the built-in dialects.
`;
const NOTES = `
With - decode and encode read many messages from standard input, one per line; a line that
fails prints {"error":{"code","path","offset"}} and the run goes on.

--dialect NAME  a built-in dialect (default iso87ascii): ${dialectNames.join(', ')}
--spec FILE     a JSON message spec (the format of docs/iso8583.md)
--jpos FILE     a jPOS GenericPackager XML file
--frame FRAME   the frame around each message (default none): a preset (unionpay, tpdu,
                binary2, ascii4, bcd2, base24) or a length token (2b, 2bi, 3b, 4b, 2bcd, 4a,
                etx) with +tpdu, +hN (header bytes), +maxN, as \`cardwire frame decode\` takes.
                With a dialect whose header holds the TPDU and header (cup), they are part of
                the message; otherwise they are skipped on decode.
`;
const USAGE = `Usage:\n${DECODE}${ENCODE}${DIALECTS}${NOTES}`;

/** The frame around each message (`--frame`): a transport frame spec, or none. */
function frameOf(v: string | undefined): FrameSpec | undefined {
  if (v === undefined || v.trim().toLowerCase() === 'none') return undefined;
  return parseFrameSpec(v);
}

/**
 * The bytes to unpack from one framed message: the whole payload (TPDU, header, message) when the
 * codec's own header carries the TPDU and header (as `cup` does), else the message alone.
 */
function unframe(bytes: Uint8Array, spec: FrameSpec | undefined, codec: MessageCodec): Uint8Array {
  if (!spec) return bytes;
  const frames = decodeFrames(spec, bytes);
  const f = frames[0];
  if (frames.length !== 1 || !f || f.keepAlive) fail('INVALID_ARGUMENT', `expected one framed message, found ${frames.length} frame(s)${f?.keepAlive ? ' (a keep-alive)' : ''}`, { path: 'frame' });
  return codec.header.length > 0 ? f.payload : f.message;
}

function frameOut(packed: Uint8Array, spec: FrameSpec | undefined, codec: MessageCodec): Uint8Array {
  if (!spec) return packed;
  if ((spec.tpdu === true || (spec.headerLength ?? 0) > 0) && codec.header.length === 0) {
    fail('INVALID_ARGUMENT', 'the frame has a TPDU or header, which this dialect does not carry: use a dialect whose header holds them (cup)', { path: 'frame' });
  }
  return encodeFrame(spec, frameFromPayload(spec, packed));
}

function codecOf(values: { dialect?: string | undefined; spec?: string | undefined; jpos?: string | undefined }): MessageCodec {
  const chosen = [values.dialect, values.spec, values.jpos].filter((v) => v !== undefined).length;
  if (chosen > 1) usageError('give one of --dialect, --spec and --jpos');
  if (values.spec !== undefined) return compileMessageSpec(importSpec(readFileArgument(values.spec)));
  if (values.jpos !== undefined) return compileMessageSpec(importJposPackager(readFileArgument(values.jpos), { name: values.jpos }));
  return dialect(values.dialect ?? 'iso87ascii').codec;
}

const OPTIONS = {
  dialect: { type: 'string', choices: dialectNames },
  spec: { type: 'string' },
  jpos: { type: 'string' },
  frame: { type: 'string' },
  json: { type: 'boolean' },
  reveal: { type: 'boolean' },
  'allow-trailing': { type: 'boolean' },
} as const;

const decode = defineCommand({
  name: 'decode',
  usage: `Usage:\n${DECODE}${NOTES}`,
  options: OPTIONS,
  positionals: ['<hex|@file|->'],
  run({ values, positionals }, io) {
    const codec = codecOf(values);
    const f = frameOf(values.frame);
    const options = { allowTrailing: values['allow-trailing'] === true };
    const reveal = values.reveal === true;
    const json = values.json === true;
    const one = (text: string): string => {
      const msg = codec.unpack(unframe(hex(text.replace(/\s+/g, ''), { path: 'input' }), f, codec), options);
      return json ? JSON.stringify(msg.toJSON({ reveal })) : msg.describe({ reveal });
    };
    const input = positionals[0]!;
    if (input === '-') return eachStdinLine(io, one);
    io.out(one(readArgument(input)));
    return 0;
  },
});

const encode = defineCommand({
  name: 'encode',
  usage: `Usage:\n${ENCODE}${NOTES}`,
  options: OPTIONS,
  positionals: ['<json|@file|->'],
  run({ values, positionals }, io) {
    const codec = codecOf(values);
    const f = frameOf(values.frame);
    const one = (text: string): string => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (e) {
        fail('INVALID_ARGUMENT', 'input is not JSON', { path: 'input', cause: e });
      }
      return toHex(frameOut(messageFromJson(codec, parsed).pack(), f, codec));
    };
    const input = positionals[0]!;
    if (input === '-') return eachStdinLine(io, one);
    io.out(one(readArgument(input)));
    return 0;
  },
});

const dialects = defineCommand({
  name: 'dialects',
  usage: `Usage:\n${DIALECTS}`,
  options: { json: { type: 'boolean' } },
  run({ values }, io) {
    const list = dialectNames.map((name) => ({ name, description: dialect(name).description }));
    if (values.json === true) io.out(JSON.stringify(list));
    else for (const d of list) io.out(`${d.name.padEnd(26)} ${d.description}`);
    return 0;
  },
});

/** A UnionPay 0200 (TPDU, header, DE 55 with three tags), from fixtures/iso8583/messages.json. */
const CUP_SAMPLE =
  '600003000060310000000002007020048000C082101962123456789012345670000000000000000100000200051000313233343536373831323334353637383930313233343531353600379F260811223344556677889F2701809F101307010103A0A802010A010000000000ABCDEF12001422000001000501';

export const iso8583Command: CommandGroup = {
  name: 'iso8583',
  summary: 'decode, encode and list ISO 8583 dialects (1987/1993 ASCII, BCD, EBCDIC, UnionPay, Postilion-style, jPOS XML)',
  usage: USAGE,
  tour: [
    {
      title: 'ISO 8583: decode a UnionPay purchase',
      text: 'A China UnionPay 0200 with TPDU and header in front, BCD numerics and DE 55 as EMV tags. The PAN and the EMV values are masked.',
      argv: ['iso8583', 'decode', '--dialect', 'cup', CUP_SAMPLE],
    },
    {
      title: 'ISO 8583: the same message as JSON',
      text: 'One JSON object per message; binary values are uppercase hex, composites nested.',
      argv: ['iso8583', 'decode', '--dialect', 'cup', '--json', CUP_SAMPLE],
    },
    {
      title: 'ISO 8583: encode a sign-on from JSON',
      text: 'The inverse: JSON in, hex out, here in ISO 8583:1987 ASCII.',
      argv: ['iso8583', 'encode', '--dialect', 'iso87ascii', '{"mti":"0800","fields":{"7":"1125123456","11":"000001","70":"301"}}'],
    },
    {
      title: 'ISO 8583: a truncated message',
      text: 'Errors name the field and the byte offset.',
      argv: ['iso8583', 'decode', '--dialect', 'cup', CUP_SAMPLE.slice(0, 60)],
      expectError: true,
    },
  ],
  commands: [decode, encode, dialects],
};
