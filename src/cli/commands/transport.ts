/**
 * `cardwire frame decode` (split a capture into frames: length prefix, TPDU, header, message) and
 * `cardwire listen` (a host that prints every message a terminal sends and answers it).
 */
import { toHex, type CardwireErrorCode } from '../../core/index';
import { dialect as isoDialect, dialectNames, responseMti, type DialectName } from '../../iso8583/index';
import {
  FrameDecoder,
  UNIONPAY_HEADER_LENGTH,
  decodeTpdu,
  decodeUnionPayHeader,
  encodeTpdu,
  formatTpdu,
  frameFromPayload,
  parseFrameSpec,
  replyTpdu,
  type Frame,
  type FrameSpec,
  type OutgoingFrame,
} from '../../transport/index';
import { TcpServer } from '../../transport/node/index';
import { defineCommand, readHexArgument, reportError, usageError, type CliIo, type CommandGroup } from '../command';

/**
 * Bytes of a message left visible when masked: the MTI and bitmap(s), in BCD (2 + 8 or 16 bytes)
 * or ASCII (4 + 16 or 32 characters); nothing when the message does not start with an MTI.
 */
function visiblePrefix(message: Uint8Array): number {
  if (readMti(message) === undefined) return 0;
  const ascii = isAsciiMti(message);
  const mtiLength = ascii ? 4 : 2;
  // ISO 8583 bitmap bit 1: a secondary bitmap follows.
  const first = ascii ? Number.parseInt(String.fromCharCode(message[4] ?? 48), 16) : (message[2] ?? 0) >> 4;
  const bitmaps = first >= 8 ? 2 : 1;
  return Math.min(message.length, mtiLength + bitmaps * (ascii ? 16 : 8));
}

function isAsciiMti(message: Uint8Array): boolean {
  return message.length >= 4 && message.subarray(0, 4).every((b) => b >= 0x30 && b <= 0x39);
}

interface FrameView {
  offset: number;
  length: number;
  keepAlive: boolean;
  tpdu?: string;
  header?: string;
  unionPayHeader?: ReturnType<typeof decodeUnionPayHeader>;
  mti?: string;
  message: string;
}

/** The MTI at the start of a message, in BCD (2 bytes) or ASCII (4 bytes), if it looks like one. */
export function readMti(message: Uint8Array): string | undefined {
  if (isAsciiMti(message)) return String.fromCharCode(...message.subarray(0, 4));
  if (message.length >= 2) {
    const t = toHex(message, 0, 2);
    if (/^[0-9]{4}$/.test(t)) return t;
  }
  return undefined;
}

function view(frame: Frame, spec: FrameSpec, reveal: boolean): FrameView {
  const m = frame.message;
  const out: FrameView = { offset: frame.offset, length: m.length + (frame.tpdu ? 5 : 0) + (frame.header?.length ?? 0), keepAlive: frame.keepAlive, message: '' };
  if (frame.tpdu) out.tpdu = formatTpdu(frame.tpdu);
  if (frame.header) {
    out.header = toHex(frame.header);
    if (spec.tpdu && frame.header.length === UNIONPAY_HEADER_LENGTH) {
      try {
        out.unionPayHeader = decodeUnionPayHeader(frame.header);
      } catch {
        // Not a UnionPay header: the hex is shown as is.
      }
    }
  }
  const mti = readMti(m);
  if (mti) out.mti = mti;
  // Without an ISO 8583 dialect the fields cannot be told apart, so everything after the MTI and
  // bitmap is hidden unless --reveal is given (it may hold PAN, track or PIN data).
  const visible = visiblePrefix(m);
  out.message = reveal || m.length === visible ? toHex(m) : `${toHex(m, 0, visible)}…[${m.length - visible} bytes masked]`;
  return out;
}

function printView(v: FrameView, io: CliIo): void {
  if (v.keepAlive) {
    io.out(`frame @${v.offset}: keep-alive`);
    return;
  }
  io.out(`frame @${v.offset}: ${v.length} bytes${v.mti ? `, MTI ${v.mti}` : ''}`);
  if (v.tpdu) io.out(`  TPDU     ${v.tpdu}   (id, destination, source)`);
  if (v.unionPayHeader) {
    const h = v.unionPayHeader;
    io.out(`  header   ${v.header ?? ''}   (UnionPay: application ${h.applicationType}, version ${h.softwareVersion}, status ${h.terminalStatus}, processing ${h.processingRequirement}, sub-version ${h.softwareSubVersion})`);
  } else if (v.header) io.out(`  header   ${v.header}`);
  io.out(`  message  ${v.message}`);
}

const FRAME_USAGE = `Usage: cardwire frame decode [--frame SPEC] [--dialect NAME] [--resync] [--json] [--reveal] <hex|@file>

Split bytes captured from a link into frames and show each one's length, TPDU, application
header and message. The message is masked after its MTI and bitmap unless --reveal.

  --frame SPEC    unionpay (default), tpdu, binary2, ascii4, bcd2, base24, or a prefix
                  (2b, 2bi, 3b, 4b, 2bcd, 4a, etx) with +tpdu, +hN (header bytes), +maxN
  --dialect NAME  raw (default), or an ISO 8583 dialect (cup, iso87binary, …) to show the
                  fields, masked
  --resync        skip malformed bytes and keep going (reported) instead of stopping

Example: cardwire frame decode --frame unionpay 001360000300006031003100010800002000000000
`;

/** `cardwire frame decode`: split captured link bytes into frames. */
export const frameCommand: CommandGroup = {
  name: 'frame',
  summary: 'split captured link bytes into frames (length, TPDU, header, message)',
  usage: FRAME_USAGE,
  tour: [
    {
      title: 'Frames on a UnionPay link',
      text: 'A 2-byte length, the TPDU (id 60, destination 0003, source 0000), the 6-byte UnionPay header, then the ISO 8583 message.',
      argv: ['frame', 'decode', '--frame', 'unionpay', '001360000300006031003100010800002000000000'],
    },
    {
      title: 'A UnionPay purchase off the wire, fields and all',
      text: 'The same framing carrying a 0200; with --dialect cup the ISO 8583 fields are shown too, PAN and chip data masked.',
      argv: ['frame', 'decode', '--frame', 'unionpay', '--dialect', 'cup', '0079600003000060310000000002007020048000C082101962123456789012345670000000000000000100000200051000313233343536373831323334353637383930313233343531353600379F260811223344556677889F2701809F101307010103A0A802010A010000000000ABCDEF12001422000001000501'],
    },
  ],
  commands: [
    defineCommand({
      name: 'decode',
      usage: FRAME_USAGE,
      options: {
        frame: { type: 'string', default: 'unionpay' },
        dialect: { type: 'string', default: 'raw' },
        json: { type: 'boolean' },
        reveal: { type: 'boolean' },
        resync: { type: 'boolean' },
      },
      positionals: ['<hex|@file>'],
      run({ values, positionals }, io) {
        const json = values.json === true;
        const spec = parseFrameSpec(values.frame);
        const make = listenDialects[values.dialect] ?? usageError(`--dialect must be one of ${Object.keys(listenDialects).join(', ')}, not '${values.dialect.slice(0, 40)}'`);
        const shown = make(spec);
        const reveal = values.reveal === true;
        const bytes = readHexArgument(positionals[0]!);
        const views: unknown[] = [];
        const lines: string[] = [];
        const problems: Array<{ code: CardwireErrorCode; offset: number | null; message: string }> = [];
        const decoder = new FrameDecoder(spec, {
          onMalformed: (e) => {
            problems.push({ code: e.code, offset: e.offset ?? null, message: e.message });
            return values.resync ? 'resynchronise' : 'close';
          },
        });
        let failure: unknown;
        try {
          decoder.push(bytes, (f) => {
            views.push(shown.json(f, { reveal }));
            lines.push(...shown.describe(f, { reveal }));
          });
          decoder.end();
        } catch (e) {
          failure = e;
        }
        if (json) io.out(JSON.stringify({ frames: views, errors: problems }));
        else {
          for (const l of lines) io.out(l);
          if (values.resync) for (const p of problems) io.err(`skipped: ${p.message}`);
        }
        if (failure !== undefined) return reportError(failure, io, json);
        return 0;
      },
    }),
  ],
};

/**
 * A dialect of `cardwire listen`: how to frame, show and answer messages. Dialects with ISO 8583
 * packing plug in here; `raw` needs none.
 */
export interface ListenDialect {
  readonly frame: FrameSpec;
  readonly describe: (frame: Frame, options: { readonly reveal: boolean }) => string[];
  /** The frame as JSON (`--json`). */
  readonly json: (frame: Frame, options: { readonly reveal: boolean }) => unknown;
  readonly respond: (frame: Frame, options: { readonly responseCode: string }) => OutgoingFrame | undefined;
}

/** Turn a request MTI into its response in place (function digit + 1), BCD or ASCII. */
function answerMti(message: Uint8Array): Uint8Array {
  const out = message.slice();
  const mti = readMti(out);
  if (mti === undefined) return out;
  const ascii = isAsciiMti(out);
  const f = mti.charCodeAt(2) - 48;
  const answered = f % 2 === 0 ? f + 1 : f;
  if (ascii) out[2] = 48 + answered;
  else out[1] = (answered << 4) | (out[1]! & 0x0f);
  return out;
}

function frameLines(frame: Frame, spec: FrameSpec, reveal: boolean): string[] {
  const lines: string[] = [];
  printView(view(frame, spec, reveal), { out: (l) => lines.push(l), err: () => undefined, readStdin: async () => '' });
  return lines;
}

/** Fields a host echoes from a request into its response (ISO 8583:1987 §4.3, "mandatory echo"). */
const ECHOED_FIELDS = [2, 3, 4, 7, 11, 12, 13, 22, 25, 32, 37, 41, 42, 49, 60];

/**
 * A `listen` dialect over a `cardwire/iso8583` dialect: shows the masked field dump, answers with
 * the response MTI, the echoed fields and DE 39 = the response code. A dialect whose spec carries
 * the TPDU and header itself (UnionPay `cup`) unpacks the whole frame payload.
 */
function isoListenDialect(name: DialectName, frame: FrameSpec): ListenDialect {
  const { codec } = isoDialect(name);
  const carriesHeader = codec.header.length > 0;
  const unpack = (f: Frame) => codec.unpack(carriesHeader ? f.payload : f.message);
  return {
    frame,
    describe: (f, { reveal }) => {
      // The dump shows the message; with a dialect that carries the TPDU and header, those too.
      const lines = frameLines(f, frame, reveal).filter((l) => !l.startsWith('  message') && !(carriesHeader && /^ {2}(TPDU|header) /.test(l)));
      try {
        lines.push(...unpack(f).describe({ reveal }).split('\n').map((l) => `  ${l}`));
      } catch (e) {
        lines.push(`  (not a ${name} message: ${e instanceof Error ? e.message : 'unknown error'})`, ...frameLines(f, frame, reveal).slice(-1));
      }
      return lines;
    },
    json: (f, { reveal }) => {
      const v = view(f, frame, reveal);
      if (f.keepAlive) return v;
      try {
        return { ...v, iso8583: unpack(f).toJSON({ reveal }) };
      } catch (e) {
        return { ...v, iso8583Error: e instanceof Error ? e.message : 'unknown error' };
      }
    },
    respond: (f, { responseCode }) => {
      if (f.keepAlive) return undefined;
      const request = unpack(f);
      const response = codec.create(responseMti(request.mti));
      for (const n of ECHOED_FIELDS) {
        const v = request.get(n);
        if (v !== undefined) response.set(n, v);
      }
      response.set(39, responseCode);
      if (!carriesHeader) return { tpdu: f.tpdu ? replyTpdu(f.tpdu) : undefined, header: f.header, message: response.pack() };
      for (const h of codec.header) {
        const v = request.getHeader(h.id);
        if (v === undefined) continue;
        // The TPDU goes back with source and destination swapped; other header parts as received.
        response.setHeader(h.id, h.id === 'tpdu' && v instanceof Uint8Array && v.length === 5 ? encodeTpdu(replyTpdu(decodeTpdu(v))) : v);
      }
      return frameFromPayload(frame, response.pack());
    },
  };
}

/** Dialects known to `listen`, by name: `raw` and every built-in ISO 8583 dialect. */
export const listenDialects: Record<string, (frame: FrameSpec) => ListenDialect> = {
  // Frames only: shows TPDU, header and the masked message; answers with the request echoed under
  // the response MTI and the TPDU swapped (no field is changed: that needs an ISO 8583 dialect).
  raw: (frame) => ({
    frame,
    describe: (f, { reveal }) => frameLines(f, frame, reveal),
    json: (f, { reveal }) => view(f, frame, reveal),
    respond: (f) => (f.keepAlive ? undefined : { tpdu: f.tpdu ? replyTpdu(f.tpdu) : undefined, header: f.header, message: answerMti(f.message) }),
  }),
  ...Object.fromEntries(dialectNames.map((n) => [n, (frame: FrameSpec) => isoListenDialect(n, frame)])),
};

const LISTEN_USAGE = `Usage: cardwire listen [--port N] [--host H] [--dialect NAME] [--frame SPEC] [--rc CODE] [--count N] [--json] [--reveal]

Listen for terminals, print every message received (masked) and answer it.

  --port N       TCP port (default 5000; 0 picks a free one)
  --host H       address to bind (default 127.0.0.1)
  --dialect NAME how messages are shown and answered (default raw: frames only, answered
                 with the request under the response MTI); an ISO 8583 dialect
                 (${dialectNames.join(', ')}) shows the fields masked and answers
                 with the echoed fields and DE 39 = --rc
  --frame SPEC   framing, as for 'cardwire frame decode' (default unionpay)
  --rc CODE      response code (DE 39) to answer with, for the ISO 8583 dialects (default 00)
  --count N      stop after answering N messages (default: run until Ctrl-C)
`;

/** `cardwire listen`: a host that prints what a terminal sends (masked) and answers it. */
export const listenCommand: CommandGroup = {
  name: 'listen',
  summary: 'a host that prints what a terminal sends (masked) and answers it',
  usage: LISTEN_USAGE,
  commands: [
    defineCommand({
      name: '',
      usage: LISTEN_USAGE,
      options: {
        port: { type: 'string', default: '5000' },
        host: { type: 'string', default: '127.0.0.1' },
        dialect: { type: 'string', default: 'raw' },
        frame: { type: 'string', default: 'unionpay' },
        rc: { type: 'string', default: '00' },
        count: { type: 'string' },
        json: { type: 'boolean' },
        reveal: { type: 'boolean' },
      },
      async run({ values }, io) {
        const json = values.json === true;
        if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) usageError(`--port must be 0 to 65535, not '${values.port.slice(0, 40)}'`);
        const port = Number(values.port);
        if (values.count !== undefined && !/^[1-9]\d{0,8}$/.test(values.count)) usageError(`--count must be a positive number, not '${values.count.slice(0, 40)}'`);
        const count = values.count === undefined ? Infinity : Number(values.count);
        if (!/^[0-9A-Za-z]{2}$/.test(values.rc)) usageError(`--rc must be a two-character response code, not '${values.rc.slice(0, 40)}'`);
        const make = listenDialects[values.dialect] ?? usageError(`--dialect must be one of ${Object.keys(listenDialects).join(', ')}, not '${values.dialect.slice(0, 40)}'`);
        const dialect = make(parseFrameSpec(values.frame));
        if (values.dialect === 'raw' && values.rc !== '00') io.err('note: --rc needs an ISO 8583 dialect (for example --dialect cup); raw answers with the request under the response MTI');
        const reveal = values.reveal === true;
        let answered = 0;
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const server = new TcpServer({
          frame: dialect.frame,
          echoKeepAlive: true,
          onMalformed: () => 'close',
          onError: (e, c) => (json ? io.out(JSON.stringify({ connection: c?.id ?? null, error: e.toJSON() })) : io.err(`connection ${c?.id ?? '-'}: ${e.message}`)),
          handler: (frame, connection) => {
            const lines = dialect.describe(frame, { reveal });
            if (json) io.out(JSON.stringify({ connection: connection.id, from: `${connection.remoteAddress}:${connection.remotePort}`, frame: dialect.json(frame, { reveal }) }));
            else io.out([`<- connection ${connection.id} (${connection.remoteAddress}:${connection.remotePort})`, ...lines].join('\n'));
            let response: OutgoingFrame | undefined;
            try {
              response = dialect.respond(frame, { responseCode: values.rc });
            } catch (e) {
              // A message the dialect cannot answer is shown, not fatal: the connection stays open.
              io.err(`connection ${connection.id}: not answered: ${e instanceof Error ? e.message : 'unknown error'}`);
            }
            if (++answered >= count) setImmediate(stop);
            return response;
          },
        });
        const bound = await server.listen(port, values.host);
        io.out(json ? JSON.stringify({ listening: bound }) : `listening on ${bound.host}:${bound.port} (dialect ${values.dialect}, frame ${values.frame})`);
        const onSignal = (): void => stop();
        process.once('SIGINT', onSignal);
        await stopped;
        process.off('SIGINT', onSignal);
        await server.close({ drainTimeoutMs: 2000 });
        return 0;
      },
    }),
  ],
};
