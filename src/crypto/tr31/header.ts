/**
 * TR-31 / ANSI X9.143 key block header: the 16-character fixed part (version, block length, key
 * usage, algorithm, mode of use, key version, exportability, optional block count, key context /
 * reserved) and the optional blocks that follow it (id, length — with the extended form of
 * X9.143 §6.3.6 for blocks over 255 characters — and printable-ASCII data).
 *
 * Parsing validates every length against the characters that remain before reading.
 */
import { fail } from '../../core/index';

/** Key block versions: A and C (variant binding, TDES), B (TDES key derivation), D (AES key derivation). */
export type Tr31Version = 'A' | 'B' | 'C' | 'D';

/** X9.143 §6.3.2 algorithm codes. */
export type Tr31Algorithm = 'A' | 'D' | 'E' | 'H' | 'R' | 'S' | 'T';

/** X9.143 §6.3.3 mode-of-use codes. */
export type Tr31ModeOfUse = 'B' | 'C' | 'D' | 'E' | 'G' | 'N' | 'S' | 'T' | 'V' | 'X' | 'Y';

/** X9.143 §6.3.5 exportability: E (exportable under a trusted key), N (non-exportable), S (sensitive). */
export type Tr31Exportability = 'E' | 'N' | 'S';

/** One optional block (id and its data; pad blocks `PB` are dropped on parse and added on build). */
export interface Tr31OptionalBlock {
  /** Two alphanumeric characters, for example `KS` (DUKPT initial KSN), `KC`, `KP`, `TS`. */
  readonly id: string;
  /** Printable ASCII data. */
  readonly data: string;
}

/** A parsed key block header. */
export interface Tr31Header {
  readonly version: Tr31Version;
  /** Key usage, two characters (X9.143: `P0` PIN encryption, `M3` ISO 9797-1 MAC 3, `K0` KEK, …; see `keyUsages`). */
  readonly keyUsage: string;
  readonly algorithm: Tr31Algorithm;
  readonly modeOfUse: Tr31ModeOfUse;
  /** Key version number, two characters (`00` when unused; `c1` marks a component). */
  readonly keyVersion: string;
  readonly exportability: Tr31Exportability;
  /** The two characters after the block count (X9.143: key context digit and a reserved `0`). */
  readonly reserved: string;
  readonly optionalBlocks: readonly Tr31OptionalBlock[];
}

const VERSIONS: readonly string[] = ['A', 'B', 'C', 'D'];
const ALGORITHMS: readonly string[] = ['A', 'D', 'E', 'H', 'R', 'S', 'T'];
const MODES: readonly string[] = ['B', 'C', 'D', 'E', 'G', 'N', 'S', 'T', 'V', 'X', 'Y'];
const EXPORTABILITY: readonly string[] = ['E', 'N', 'S'];
const ALNUM2 = /^[0-9A-Za-z]{2}$/;
const HEX2 = /^[0-9A-F]{2}$/;

/**
 * The cipher block size that the header length must be a multiple of (X9.143 §6.3.6 pad block).
 *
 * @example
 * ```ts
 * tr31BlockSize('D'); // 16
 * ```
 */
export function tr31BlockSize(version: Tr31Version): 8 | 16 {
  return version === 'D' ? 16 : 8;
}

function headerError(message: string, path: string, offset: number): never {
  return fail('TR31_HEADER_INVALID', message, { path: `tr31.${path}`, offset });
}

function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** The result of {@link parseTr31Header}: the header, its declared block length and its own length. */
export interface ParsedTr31Header {
  readonly header: Tr31Header;
  /** The key block length the header declares (characters 1-4). */
  readonly blockLength: number;
  /** Characters taken by the header including optional blocks (where the key data starts). */
  readonly headerLength: number;
}

/**
 * Parse the header at the start of a key block (the rest of the text is ignored here).
 *
 * @example
 * ```ts
 * parseTr31Header('B0040P0TE00N0100KS1800604B120F9292800000');
 * // header.keyUsage 'P0', optionalBlocks [{ id: 'KS', data: '00604B120F9292800000' }], headerLength 40
 * ```
 */
export function parseTr31Header(text: string): ParsedTr31Header {
  if (typeof text !== 'string') return headerError('a key block is text', 'header', 0);
  if (text.length < 16) headerError(`a header needs 16 characters, got ${text.length}`, 'header', text.length);
  if (!isPrintable(text.slice(0, 16))) headerError('the header must be printable ASCII', 'header', 0);
  const version = text[0]!;
  if (!VERSIONS.includes(version)) fail('TR31_VERSION_UNSUPPORTED', `key block version ${JSON.stringify(version)} is not A, B, C or D`, { path: 'tr31.version', offset: 0 });
  const lengthText = text.slice(1, 5);
  if (!/^[0-9]{4}$/.test(lengthText)) headerError('the key block length must be 4 digits', 'length', 1);
  const keyUsage = text.slice(5, 7);
  if (!ALNUM2.test(keyUsage)) headerError('the key usage must be 2 alphanumeric characters', 'keyUsage', 5);
  const algorithm = text[7]!;
  if (!ALGORITHMS.includes(algorithm)) headerError(`unknown algorithm ${JSON.stringify(algorithm)}`, 'algorithm', 7);
  const modeOfUse = text[8]!;
  if (!MODES.includes(modeOfUse)) headerError(`unknown mode of use ${JSON.stringify(modeOfUse)}`, 'modeOfUse', 8);
  const keyVersion = text.slice(9, 11);
  if (!ALNUM2.test(keyVersion)) headerError('the key version number must be 2 alphanumeric characters', 'keyVersion', 9);
  const exportability = text[11]!;
  if (!EXPORTABILITY.includes(exportability)) headerError(`unknown exportability ${JSON.stringify(exportability)}`, 'exportability', 11);
  const countText = text.slice(12, 14);
  if (!/^[0-9]{2}$/.test(countText)) headerError('the number of optional blocks must be 2 digits', 'optionalBlockCount', 12);
  const reserved = text.slice(14, 16);
  if (!ALNUM2.test(reserved)) headerError('the reserved field must be 2 alphanumeric characters', 'reserved', 14);

  const count = Number(countText);
  const optionalBlocks: Tr31OptionalBlock[] = [];
  let at = 16;
  for (let n = 0; n < count; n++) {
    const path = `optionalBlocks[${n}]`;
    const blockError = (message: string, offset: number): never =>
      fail('TR31_OPTIONAL_BLOCK_INVALID', message, { path: `tr31.${path}`, offset });
    if (at + 4 > text.length) blockError('optional block id and length run past the header', at);
    const id = text.slice(at, at + 2);
    if (!ALNUM2.test(id)) blockError('an optional block id must be 2 alphanumeric characters', at);
    const lengthField = text.slice(at + 2, at + 4);
    if (!HEX2.test(lengthField)) blockError('an optional block length must be 2 hex digits', at + 2);
    let blockLength = parseInt(lengthField, 16);
    let dataStart = at + 4;
    if (blockLength === 0) {
      // X9.143:2021 §6.3.6 and TR-31:2018: length 00 announces the extended form: two hex digits
      // giving how many hex characters the length has (04 in the §8.5 and §8.6 examples,
      // CT000405CC…), then the length itself, in characters like every other length here.
      if (at + 6 > text.length) blockError('the length of the extended length runs past the header', at + 4);
      const lengthOfLength = text.slice(at + 4, at + 6);
      if (!HEX2.test(lengthOfLength)) blockError('the length of the extended length must be 2 hex digits', at + 4);
      const digits = parseInt(lengthOfLength, 16);
      if (digits === 0 || digits > 4) blockError(`the extended length has ${digits} hex characters; X9.143 uses 1 to 4 (a key block is at most 9999 characters)`, at + 4);
      if (at + 6 + digits > text.length) blockError('the extended length runs past the header', at + 6);
      const extended = text.slice(at + 6, at + 6 + digits);
      if (!/^[0-9A-F]+$/.test(extended)) blockError('the extended length must be hex digits', at + 6);
      blockLength = parseInt(extended, 16);
      dataStart = at + 6 + digits;
    }
    if (blockLength < dataStart - at) blockError(`the optional block length ${blockLength} does not cover its id and length fields (${dataStart - at} characters)`, at + 2);
    if (at + blockLength > text.length) blockError(`the optional block runs past the end (${blockLength} characters)`, at);
    const data = text.slice(dataStart, at + blockLength);
    if (!isPrintable(data)) blockError('optional block data must be printable ASCII', dataStart);
    if (id !== 'PB') optionalBlocks.push({ id, data });
    at += blockLength;
  }
  const header: Tr31Header = {
    version: version as Tr31Version,
    keyUsage,
    algorithm: algorithm as Tr31Algorithm,
    modeOfUse: modeOfUse as Tr31ModeOfUse,
    keyVersion,
    exportability: exportability as Tr31Exportability,
    reserved,
    optionalBlocks,
  };
  return { header, blockLength: Number(lengthText), headerLength: at };
}

function encodeOptionalBlock(block: Tr31OptionalBlock, index: number): string {
  const path = `tr31.optionalBlocks[${index}]`;
  if (!ALNUM2.test(block.id) || block.id === 'PB') fail('TR31_OPTIONAL_BLOCK_INVALID', 'an optional block id must be 2 alphanumeric characters other than PB', { path });
  if (!isPrintable(block.data)) fail('TR31_OPTIONAL_BLOCK_INVALID', 'optional block data must be printable ASCII', { path });
  const short = block.data.length + 4;
  if (short <= 0xff) return block.id + short.toString(16).toUpperCase().padStart(2, '0') + block.data;
  // X9.143:2021 §6.3.6: 00, then 04 (the length has four hex characters), then the length of
  // the whole block in characters: id, 00, 04, the four digits and the data.
  const long = block.data.length + 10;
  if (long > 0xffff) fail('TR31_OPTIONAL_BLOCK_INVALID', 'optional block data is too long', { path });
  return `${block.id}0004${long.toString(16).toUpperCase().padStart(4, '0')}${block.data}`;
}

/**
 * Build the header text for a key block of `blockLength` characters, adding a `PB` pad block so
 * that the header is a multiple of the version's cipher block size.
 *
 * @example
 * ```ts
 * buildTr31Header({ version: 'B', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersion: '00',
 *   exportability: 'N', reserved: '00', optionalBlocks: [] }, 96); // 'B0096P0TE00N0000'
 * ```
 */
export function buildTr31Header(header: Tr31Header, blockLength: number): string {
  const blocks = header.optionalBlocks.map(encodeOptionalBlock);
  let optional = blocks.join('');
  const size = tr31BlockSize(header.version);
  let count = blocks.length;
  const rem = (16 + optional.length) % size;
  if (rem !== 0) {
    let padLength = size - rem;
    if (padLength < 4) padLength += size;
    optional += `PB${padLength.toString(16).toUpperCase().padStart(2, '0')}${'0'.repeat(padLength - 4)}`;
    count++;
  }
  if (count > 99) fail('TR31_OPTIONAL_BLOCK_INVALID', 'at most 99 optional blocks', { path: 'tr31.optionalBlocks' });
  if (!Number.isInteger(blockLength) || blockLength < 16 || blockLength > 9999) fail('TR31_LENGTH_MISMATCH', 'a key block is at most 9999 characters', { path: 'tr31.length' });
  const text =
    header.version +
    String(blockLength).padStart(4, '0') +
    header.keyUsage +
    header.algorithm +
    header.modeOfUse +
    header.keyVersion +
    header.exportability +
    String(count).padStart(2, '0') +
    header.reserved +
    optional;
  if (text.length > blockLength) fail('TR31_LENGTH_MISMATCH', `the header alone is ${text.length} characters, more than the block length ${blockLength}`, { path: 'tr31.length' });
  // Re-parse to validate every field the caller gave.
  parseTr31Header(text);
  return text;
}

/**
 * Length of the header {@link buildTr31Header} produces (needed to compute the block length first).
 *
 * @example
 * ```ts
 * tr31HeaderLength(parseTr31Header('B0040P0TE00N0100KS1800604B120F9292800000').header); // 40
 * ```
 */
export function tr31HeaderLength(header: Tr31Header): number {
  return buildTr31Header(header, 9999).length;
}
