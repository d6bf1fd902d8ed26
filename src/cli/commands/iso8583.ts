/**
 * `cardwire iso8583 …`: decode and encode ISO 8583 messages with a built-in dialect, a JSON spec
 * or a jPOS GenericPackager XML, and list the dialects. Output is masked unless --reveal.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fail, hex, toHex } from '../../core/index';
import { compileMessageSpec, dialect, dialectNames, importJposPackager, importSpec, messageFromJson, type MessageCodec } from '../../iso8583/index';
import { eachStdinLine, readArgument, reportError, type CliIo, type CommandGroup } from '../command';

const USAGE = `Usage:
  cardwire iso8583 decode [--dialect NAME | --spec FILE | --jpos FILE] [--frame FRAME] [--json] [--reveal] [--allow-trailing] <hex|@file|->
  cardwire iso8583 encode [--dialect NAME | --spec FILE | --jpos FILE] [--frame FRAME] <json|@file|->
  cardwire iso8583 dialects [--json]

decode prints the message (masked unless --reveal), or with --json one JSON object per message:
  {"mti":"0200","fields":{"2":"…","55":{"9F26":"…"}}}   text as sent, binary as uppercase hex.
encode reads that JSON (with --reveal-style clear values) and prints the message as hex.
With - they read many messages from standard input, one per line; a line that fails prints
{"error":{"code","path","offset"}} and the run goes on.

--dialect NAME  a built-in dialect (default iso87ascii): ${dialectNames.join(', ')}
--spec FILE     a JSON message spec (the format of docs/iso8583.md)
--jpos FILE     a jPOS GenericPackager XML file
--frame FRAME   none (default), 2B (2-byte binary length), 4B (4-byte binary length) or
                4A (4 ASCII digits) in front of each message
`;

/** A length frame around each message. */
type Frame = 'none' | '2B' | '4B' | '4A';

function frameOf(v: string | undefined): Frame {
  const f = (v ?? 'none').toUpperCase();
  if (f === 'NONE') return 'none';
  if (f === '2B' || f === '4B' || f === '4A') return f;
  return fail('INVALID_ARGUMENT', `unknown frame ${JSON.stringify(v)}: use none, 2B, 4B or 4A`, { path: 'frame' });
}

function unframe(bytes: Uint8Array, frame: Frame): Uint8Array {
  if (frame === 'none') return bytes;
  const size = frame === '2B' ? 2 : 4;
  if (bytes.length < size) fail('ISO8583_TRUNCATED', 'input is shorter than its length frame', { path: 'frame.length', offset: 0 });
  let n = 0;
  for (let i = 0; i < size; i++) {
    const b = bytes[i]!;
    if (frame === '4A') {
      if (b < 0x30 || b > 0x39) fail('ISO8583_LENGTH_PREFIX_INVALID', 'frame length is not 4 ASCII digits', { path: 'frame.length', offset: i });
      n = n * 10 + (b - 0x30);
    } else n = n * 256 + b;
  }
  if (n !== bytes.length - size) fail('ISO8583_TRUNCATED', `frame says ${n} bytes, ${bytes.length - size} follow`, { path: 'frame.length', offset: 0 });
  return bytes.subarray(size);
}

function frame(bytes: Uint8Array, f: Frame): Uint8Array {
  if (f === 'none') return bytes;
  const size = f === '2B' ? 2 : 4;
  const max = f === '2B' ? 0xffff : f === '4A' ? 9999 : 0xffffffff;
  if (bytes.length > max) fail('ISO8583_FIELD_TOO_LONG', 'message too long for its frame', { path: 'frame.length' });
  const out = new Uint8Array(size + bytes.length);
  let n = bytes.length;
  for (let i = size - 1; i >= 0; i--) {
    if (f === '4A') {
      out[i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } else {
      out[i] = n & 255;
      n = Math.floor(n / 256);
    }
  }
  out.set(bytes, size);
  return out;
}

function codecOf(values: { dialect?: string | undefined; spec?: string | undefined; jpos?: string | undefined }): MessageCodec {
  const chosen = [values.dialect, values.spec, values.jpos].filter((v) => v !== undefined).length;
  if (chosen > 1) fail('INVALID_ARGUMENT', 'give one of --dialect, --spec and --jpos');
  if (values.spec !== undefined) return compileMessageSpec(importSpec(readFileSync(values.spec, 'utf8')));
  if (values.jpos !== undefined) return compileMessageSpec(importJposPackager(readFileSync(values.jpos, 'utf8'), { name: values.jpos }));
  return dialect(values.dialect ?? 'iso87ascii').codec;
}

const OPTIONS = {
  dialect: { type: 'string' },
  spec: { type: 'string' },
  jpos: { type: 'string' },
  frame: { type: 'string' },
  json: { type: 'boolean' },
  reveal: { type: 'boolean' },
  'allow-trailing': { type: 'boolean' },
} as const;

async function decode(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  const json = values.json === true;
  try {
    const codec = codecOf(values);
    const f = frameOf(values.frame);
    const options = { allowTrailing: values['allow-trailing'] === true };
    const reveal = values.reveal === true;
    const one = (text: string): string => {
      const msg = codec.unpack(unframe(hex(text.replace(/\s+/g, ''), { path: 'input' }), f), options);
      return json ? JSON.stringify(msg.toJSON({ reveal })) : msg.describe({ reveal });
    };
    const input = positionals[0];
    if (input === undefined) fail('INVALID_ARGUMENT', 'give a message as hex, @file or - for standard input');
    if (input !== '-') {
      io.out(one(readArgument(input)));
      return 0;
    }
    return eachStdinLine(io, one);
  } catch (e) {
    return reportError(e, io, json);
  }
}

async function encode(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  try {
    const codec = codecOf(values);
    const f = frameOf(values.frame);
    const one = (text: string): string => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (e) {
        fail('INVALID_ARGUMENT', 'input is not JSON', { path: 'input', cause: e });
      }
      return toHex(frame(messageFromJson(codec, parsed).pack(), f));
    };
    const input = positionals[0];
    if (input === undefined) fail('INVALID_ARGUMENT', 'give a message as JSON, @file or - for standard input');
    if (input !== '-') {
      io.out(one(readArgument(input)));
      return 0;
    }
    return eachStdinLine(io, one);
  } catch (e) {
    return reportError(e, io, values.json === true);
  }
}

function dialects(args: readonly string[], io: CliIo): number {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: false });
  const list = dialectNames.map((name) => ({ name, description: dialect(name).description }));
  if (values.json === true) io.out(JSON.stringify(list));
  else for (const d of list) io.out(`${d.name.padEnd(26)} ${d.description}`);
  return 0;
}

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
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'decode':
        return decode(rest, io);
      case 'encode':
        return encode(rest, io);
      case 'dialects':
        return dialects(rest, io);
      default:
        io.err(USAGE);
        return 2;
    }
  },
};
