/**
 * `cardwire track …`: parse magnetic-stripe tracks (text or EMV tag 57), decode and encode the
 * raw bits a read head delivers. Output is masked unless `--reveal` is given.
 */
import { isCardwireError, toHex } from '../../core/index';
import {
  decodeServiceCode,
  decodeStripeBits,
  encodeStripeBits,
  parseTrack1,
  parseTrack2,
  parseTrack2Equivalent,
  parseTrack3,
  swipeAction,
  type ServiceCode,
  type StripeRead,
  type Track1,
  type Track2,
  type Track3,
  type TrackNumber,
} from '../../track/index';
import { defineCommand, readArgument, readHexArgument, usageError, type CliIo, type CommandGroup } from '../command';

/** Synthetic sample cards for the tour (Visa ADVT test PAN, valid Luhn; no real person's data). */
export const SAMPLE_TRACK1 = '%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?';
export const SAMPLE_TRACK2 = ';4761739001010010=25122011143804400000?';
/** The sample track 2 as a read head delivers it when the card is swiped backwards. */
export const SAMPLE_TRACK2_REVERSE_BITS = toHex(encodeStripeBits(SAMPLE_TRACK2, { track: 2, leadingZeros: 12, trailingZeros: 12, direction: 'reverse' }).bytes);

const PARSE = `  cardwire track parse <data> [--track 1|2|3] [--tag57] [--reveal] [--json]
      Parse track text (sentinels optional). The track is detected from the data unless
      --track is given; --tag57 takes EMV Track 2 Equivalent Data as hex.
`;
const DECODE_BITS = `  cardwire track decode-bits <hex|@file> [--track 1|2|3] [--binary] [--allow-trailing] [--reveal] [--json]
      Decode the bits a read head delivered (packed, first bit = most significant bit of the
      first byte; --binary: the argument is '0'/'1' text), in either swipe direction, then parse
      the track. Without --track, the 7-bit (track 1) and 5-bit (tracks 2/3) codings are tried
      and tracks 2 and 3 are told apart by their content.
`;
const ENCODE_BITS = `  cardwire track encode-bits <text> --track 1|2|3 [--leading N] [--trailing N] [--reverse] [--json]
      Encode track text as stripe bits (hex), e.g. for a virtual card reader. The output is
      as sensitive as the track text it encodes.
`;
const NOTES = `
@file reads the argument from a file. Sensitive values are masked unless --reveal is given.
`;
const USAGE = `Usage:\n${PARSE}${DECODE_BITS}${ENCODE_BITS}${NOTES}`;

const TRACKS = ['1', '2', '3'] as const;

type ParsedTrack = { readonly track: 1; readonly value: Track1 } | { readonly track: 2; readonly value: Track2 } | { readonly track: 3; readonly value: Track3 };

function trackOption(v: string | undefined): TrackNumber | undefined {
  return v === undefined ? undefined : (Number(v) as TrackNumber);
}

/** Guess the track of a text: `%`/format code B → 1; format code 01/02 or longer than track 2 → 3; else 2. */
function detectTrack(text: string): TrackNumber {
  if (text.startsWith('%') || /^B\d/.test(text)) return 1;
  const data = text.startsWith(';') ? text.slice(1) : text;
  if (/^0[12]/.test(data) || text.length > 40) return 3;
  return 2;
}

function parseAs(track: TrackNumber, text: string): ParsedTrack {
  switch (track) {
    case 1:
      return { track, value: parseTrack1(text) };
    case 2:
      return { track, value: parseTrack2(text) };
    case 3:
      return { track, value: parseTrack3(text) };
    default: {
      const never: never = track;
      return usageError(`unknown track ${String(never)}`);
    }
  }
}

function serviceOf(parsed: ParsedTrack): ServiceCode | undefined {
  if (parsed.track === 3) return undefined;
  const sc = parsed.value.serviceCode;
  return sc === undefined ? undefined : decodeServiceCode(sc, { path: `track${parsed.track}.serviceCode` });
}

function explain(sc: ServiceCode): string {
  const tech = sc.technology === 'ic' ? `chip card: ${swipeAction(sc) === 'insert-chip' ? 'prompt for insertion unless fallback' : 'proceed'}` : sc.technology;
  return `${sc.interchange} interchange, ${tech}; authorisation ${sc.authorisation}; services ${sc.services}; PIN ${sc.pin}${sc.reserved ? ' (reserved values)' : ''}`;
}

function fieldsOf(parsed: ParsedTrack, reveal: boolean): Record<string, unknown> {
  return reveal ? { ...parsed.value.reveal() } : parsed.value.toJSON();
}

function printFields(io: CliIo, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'layout') continue;
    io.out(`  ${k.padEnd(30)} ${v === undefined || v === null ? '-' : v === '' ? '(empty)' : String(v)}`);
  }
}

function output(io: CliIo, parsed: ParsedTrack, opts: { reveal: boolean; json: boolean; source?: string; read?: StripeRead }): void {
  const fields = fieldsOf(parsed, opts.reveal);
  const sc = serviceOf(parsed);
  if (opts.json) {
    io.out(
      JSON.stringify({
        track: parsed.track,
        ...(opts.read ? { bits: opts.reveal ? opts.read.reveal() : opts.read.toJSON() } : {}),
        ...(parsed.track === 3 ? { layout: parsed.value.layout } : {}),
        fields,
        ...(sc ? { service: sc } : {}),
      }),
    );
    return;
  }
  if (opts.read) io.out(`read ${opts.read.direction} swipe, ${opts.read.leadingZeros} leading clocking zeros, LRC ok`);
  io.out(`track ${parsed.track}${parsed.track === 3 ? ` (${parsed.value.layout === 'iso4909' ? 'ISO/IEC 4909 layout' : 'unrecognised layout, kept raw'})` : ''}`);
  printFields(io, fields);
  if (sc) io.out(`  ${'service code meaning'.padEnd(30)} ${explain(sc)}`);
  if (!opts.reveal) io.out('(masked; --reveal shows the values)');
}

const parseCommand = defineCommand({
  name: 'parse',
  usage: `Usage:\n${PARSE}${NOTES}`,
  options: { track: { type: 'string', choices: TRACKS }, tag57: { type: 'boolean' }, reveal: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['<data>'],
  run({ values, positionals }, io) {
    const arg = positionals[0]!;
    let parsed: ParsedTrack;
    if (values.tag57) parsed = { track: 2, value: parseTrack2Equivalent(readHexArgument(arg, 'tag57')) };
    else {
      const text = readArgument(arg).trim();
      parsed = parseAs(trackOption(values.track) ?? detectTrack(text), text);
    }
    output(io, parsed, { reveal: values.reveal === true, json: values.json === true });
    return 0;
  },
});

function isNoStart(e: unknown): boolean {
  return isCardwireError(e) && e.code === 'TRACK_NO_START_SENTINEL';
}

const decodeBitsCommand = defineCommand({
  name: 'decode-bits',
  usage: `Usage:\n${DECODE_BITS}${NOTES}`,
  options: {
    track: { type: 'string', choices: TRACKS },
    binary: { type: 'boolean' },
    'allow-trailing': { type: 'boolean' },
    reveal: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: ['<hex|@file>'],
  run({ values, positionals }, io) {
    const only = trackOption(values.track);
    const arg = positionals[0]!;
    const bits = values.binary ? readArgument(arg) : readHexArgument(arg, 'bits');
    const options = { allowTrailingBits: values['allow-trailing'] === true };
    // Tracks 2 and 3 share the 4-bit alphabet: without --track, decode with track 3's capacity and
    // tell them apart from the text (format code 01/02 or more than 40 characters: track 3).
    let best: unknown;
    for (const alphabet of only === undefined ? ([1, 3] as const) : [only]) {
      try {
        const read = decodeStripeBits(bits, { ...options, track: alphabet });
        const track = only ?? (alphabet === 1 ? 1 : detectTrack(read.text));
        output(io, parseAs(track, read.text), { reveal: values.reveal === true, json: values.json === true, read });
        return 0;
      } catch (e) {
        // Keep the most telling error: anything found past a start sentinel beats "no start sentinel".
        if (best === undefined || (isNoStart(best) && !isNoStart(e))) best = e;
      }
    }
    throw best;
  },
});

function bitCount(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,4}$/.test(v)) usageError(`--${name} must be a number of bits`);
  return Number(v);
}

const encodeBitsCommand = defineCommand({
  name: 'encode-bits',
  usage: `Usage:\n${ENCODE_BITS}${NOTES}`,
  options: {
    track: { type: 'string', choices: TRACKS },
    leading: { type: 'string' },
    trailing: { type: 'string' },
    reverse: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: ['<text>'],
  run({ values, positionals }, io) {
    const track = trackOption(values.track) ?? usageError('track encode-bits needs --track 1|2|3');
    const leadingZeros = bitCount('leading', values.leading);
    const trailingZeros = bitCount('trailing', values.trailing);
    const bits = encodeStripeBits(readArgument(positionals[0]!).trim(), {
      track,
      ...(leadingZeros === undefined ? {} : { leadingZeros }),
      ...(trailingZeros === undefined ? {} : { trailingZeros }),
      direction: values.reverse ? 'reverse' : 'forward',
    });
    if (values.json === true) io.out(JSON.stringify({ track, bitLength: bits.bitLength, hex: toHex(bits.bytes) }));
    else io.out(`${toHex(bits.bytes)}\n(${bits.bitLength} bits, ${values.reverse ? 'reverse' : 'forward'} swipe, padded with zero bits to whole bytes)`);
    return 0;
  },
});

export const trackCommand: CommandGroup = {
  name: 'track',
  summary: 'magnetic-stripe tracks 1/2/3, EMV tag 57, raw stripe bits, service codes',
  usage: USAGE,
  tour: [
    {
      title: 'Parse a track 2',
      text: 'A swipe delivers track 2 text. cardwire splits it into PAN, expiry, service code and discretionary data, masked unless --reveal; service code 201 means a chip card, so the terminal must ask for insertion.',
      argv: ['track', 'parse', SAMPLE_TRACK2],
    },
    {
      title: 'Parse a track 1, revealed, as JSON',
      text: 'Track 1 adds the cardholder name (ISO/IEC 7813 format B). --reveal shows the synthetic test values; --json is for scripts.',
      argv: ['track', 'parse', '--reveal', '--json', SAMPLE_TRACK1],
    },
    {
      title: 'Decode raw stripe bits from a backwards swipe',
      text: 'What a read head delivers: clocking zeros, 5-bit characters with odd parity, LRC. The card went through the wrong way; cardwire detects the reversed bit stream.',
      argv: ['track', 'decode-bits', SAMPLE_TRACK2_REVERSE_BITS],
    },
    {
      title: 'A damaged stripe',
      text: 'One flipped bit: the error names the character whose parity fails.',
      argv: ['track', 'decode-bits', '--track', '2', SAMPLE_TRACK2_REVERSE_BITS.replace(/^(.{20})(.)/, (_m, a: string, c: string) => a + ((parseInt(c, 16) ^ 0x4).toString(16).toUpperCase()))],
      expectError: true,
    },
  ],
  commands: [parseCommand, decodeBitsCommand, encodeBitsCommand],
};
