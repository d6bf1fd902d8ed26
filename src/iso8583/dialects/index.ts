/**
 * The built-in dialects: each a plain {@link MessageSpec} plus a short description, compiled on
 * first use and cached. docs/iso8583-dialects.md has a table per dialect.
 */
import { fail } from '../../core/index';
import { MessageCodec } from '../message';
import type { MessageSpec } from '../spec';
import { table, type Flavour } from './build';
import { CUP_SPEC } from './cup';
import { ISO87_ROWS } from './iso87';
import { ISO93_ROWS } from './iso93';
import { POSTILION_SPEC } from './postilion';

/** The name of a built-in dialect. */
export type DialectName = 'iso87ascii' | 'iso87ascii-binary-bitmap' | 'iso87binary' | 'iso87ebcdic' | 'iso93ascii' | 'cup' | 'postilion';

const ASCII: Flavour = { text: 'ascii', num: 'ascii', prefix: 'ascii', bin: 'hex' };
const BINARY: Flavour = { text: 'ascii', num: 'bcd', prefix: 'bcd', bin: 'binary' };
const EBCDIC: Flavour = { text: 'ebcdic', num: 'ebcdic', prefix: 'ebcdic', bin: 'binary' };

const SPECS: Record<DialectName, MessageSpec> = {
  iso87ascii: {
    name: 'iso87ascii',
    description: 'ISO 8583:1987, ASCII: ASCII MTI, hex bitmap, ASCII numerics and LL/LLL lengths, binary fields as hex',
    mti: { encoding: 'ascii' },
    bitmap: { encoding: 'hex' },
    fields: table(ISO87_ROWS, ASCII),
  },
  'iso87ascii-binary-bitmap': {
    name: 'iso87ascii-binary-bitmap',
    description: 'ISO 8583:1987, ASCII with a binary bitmap (8/16 raw bytes); binary fields as hex',
    mti: { encoding: 'ascii' },
    bitmap: { encoding: 'binary' },
    fields: table(ISO87_ROWS, ASCII),
  },
  iso87binary: {
    name: 'iso87binary',
    description: 'ISO 8583:1987, binary/BCD: BCD MTI, binary bitmap, BCD numerics and BCD lengths, ASCII text, raw binary fields',
    mti: { encoding: 'bcd' },
    bitmap: { encoding: 'binary' },
    fields: table(ISO87_ROWS, BINARY),
  },
  iso87ebcdic: {
    name: 'iso87ebcdic',
    description: 'ISO 8583:1987, EBCDIC (code page 037): EBCDIC MTI, numerics, text and lengths, binary bitmap and binary fields',
    mti: { encoding: 'ebcdic' },
    bitmap: { encoding: 'binary' },
    fields: table(ISO87_ROWS, EBCDIC),
  },
  iso93ascii: {
    name: 'iso93ascii',
    description: 'ISO 8583:1993, ASCII: 1993 field table (function code, action code, POS data code), hex bitmap',
    mti: { encoding: 'ascii' },
    bitmap: { encoding: 'hex' },
    fields: table(ISO93_ROWS, ASCII),
  },
  cup: CUP_SPEC,
  postilion: POSTILION_SPEC,
};

/** Names of the built-in dialects, in the order the docs list them. */
export const dialectNames: readonly DialectName[] = Object.keys(SPECS) as DialectName[];

const compiled = new Map<string, MessageCodec>();

/** A built-in dialect: its spec (plain data) and its compiled codec. */
export interface Dialect {
  readonly name: DialectName;
  readonly description: string;
  readonly spec: MessageSpec;
  readonly codec: MessageCodec;
}

/**
 * A built-in dialect by name.
 *
 * @example
 * ```ts
 * const { codec } = dialect('cup');
 * const msg = codec.unpack(bytes);  // TPDU + header + 0800 …
 * toHex(msg.getHeader('tpdu') as Uint8Array); // '6000030000'
 * dialect('nope'); // throws ISO8583_DIALECT_UNKNOWN
 * ```
 */
export function dialect(name: string): Dialect {
  if (!Object.prototype.hasOwnProperty.call(SPECS, name)) fail('ISO8583_DIALECT_UNKNOWN', `no dialect named ${JSON.stringify(name.slice(0, 40))}; try one of ${dialectNames.join(', ')}`);
  const spec = SPECS[name as DialectName];
  let codec = compiled.get(name);
  if (!codec) {
    codec = new MessageCodec(spec);
    compiled.set(name, codec);
  }
  return { name: name as DialectName, description: spec.description ?? '', spec, codec };
}
