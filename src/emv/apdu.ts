/**
 * APDUs of EMV 4.4 Book 3 §6 (commands) and ISO/IEC 7816-4 §5 (structure, status words), with the
 * T=0 transport rules of Book 1 §9.3 (GET RESPONSE on 61xx, resend with Le = xx on 6Cxx) and the
 * response templates of Book 3 §6.5 (format 1, tag 80; format 2, tag 77).
 * Short APDUs only: Lc 1-255, Le 1-256 (encoded 00 for 256), as EMV uses.
 */
import { fail, toHex } from '../core/index';
import { decodeTlv, findTlv, type TlvNode } from './tlv';

/** A command APDU. */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Lc is its length); absent or empty for none. */
  readonly data?: Uint8Array;
  /** Expected response length, 1-256; absent when no Le is sent. */
  readonly le?: number;
}

/** A response APDU split into data and status word. */
export interface ResponseApdu {
  /** A view into the response bytes. */
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;
  /** `sw1 << 8 | sw2`. */
  readonly sw: number;
}

function byte(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) fail('APDU_INVALID', `${what} must be a byte`, { path: `apdu.${what}` });
  return n;
}

/**
 * Encode a command APDU (ISO/IEC 7816-4 §5.1, short form: cases 1-4).
 *
 * @example
 * ```ts
 * toHex(encodeCommandApdu({ cla: 0x00, ins: 0xb2, p1: 0x01, p2: 0x0c, le: 256 })); // '00B2010C00'
 * ```
 */
export function encodeCommandApdu(c: CommandApdu): Uint8Array {
  const data = c.data ?? new Uint8Array(0);
  if (data.length > 255) fail('APDU_INVALID', `command data of ${data.length} bytes does not fit a short APDU`, { path: 'apdu.data' });
  if (c.le !== undefined && (!Number.isInteger(c.le) || c.le < 1 || c.le > 256)) fail('APDU_INVALID', 'Le must be 1-256', { path: 'apdu.le' });
  const out = new Uint8Array(4 + (data.length > 0 ? 1 + data.length : 0) + (c.le !== undefined ? 1 : 0));
  out[0] = byte(c.cla, 'cla');
  out[1] = byte(c.ins, 'ins');
  out[2] = byte(c.p1, 'p1');
  out[3] = byte(c.p2, 'p2');
  let at = 4;
  if (data.length > 0) {
    out[at++] = data.length;
    out.set(data, at);
    at += data.length;
  }
  if (c.le !== undefined) out[at] = c.le & 0xff;
  return out;
}

/**
 * Decode a short command APDU (cases 1-4 of ISO/IEC 7816-4 §5.1).
 *
 * @example
 * ```ts
 * decodeCommandApdu(hex('80A8000002830000')); // { cla: 0x80, ins: 0xA8, p1: 0, p2: 0, data: [0x83, 0x00], le: 256 }
 * ```
 */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) fail('APDU_INVALID', `a command APDU has at least 4 bytes, got ${bytes.length}`, { path: 'apdu', offset: 0 });
  const head = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  if (bytes.length === 4) return head;
  if (bytes.length === 5) return { ...head, le: bytes[4] === 0 ? 256 : bytes[4]! };
  const lc = bytes[4]!;
  if (lc === 0) fail('APDU_INVALID', 'Lc 00 (extended length) is not used by EMV', { path: 'apdu.lc', offset: 4 });
  if (bytes.length === 5 + lc) return { ...head, data: bytes.subarray(5, 5 + lc) };
  if (bytes.length === 6 + lc) return { ...head, data: bytes.subarray(5, 5 + lc), le: bytes[5 + lc] === 0 ? 256 : bytes[5 + lc]! };
  return fail('APDU_INVALID', `Lc ${lc} does not match the ${bytes.length - 5} bytes that follow`, { path: 'apdu.lc', offset: 4 });
}

/**
 * Split a response APDU into data and status word.
 *
 * @example
 * ```ts
 * decodeResponseApdu(hex('6A82')).sw; // 0x6A82
 * ```
 */
export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) fail('APDU_TOO_SHORT', `a response APDU ends with SW1 SW2, got ${bytes.length} byte(s)`, { path: 'apdu.sw', offset: 0 });
  const n = bytes.length;
  const sw1 = bytes[n - 2]!;
  const sw2 = bytes[n - 1]!;
  return { data: bytes.subarray(0, n - 2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

// ---------------------------------------------------------------------------------------------
// Command builders (Book 3 §6.5).

/** Options for {@link selectCommand}. */
export interface SelectOptions {
  /** Select the next application with this partial name (P2 = 02) instead of the first (P2 = 00). */
  readonly next?: boolean;
}

/**
 * SELECT by DF name (Book 3 §6.5.12; Book 1 §11.3): `00 A4 04 00|02 Lc name 00`.
 *
 * @example
 * ```ts
 * toHex(selectCommand(hex('A0000000031010'))); // '00A4040007A000000003101000'
 * toHex(selectCommand(hex('A000000003'), { next: true })); // '00A4040205A00000000300'
 * ```
 */
export function selectCommand(name: Uint8Array, options: SelectOptions = {}): Uint8Array {
  if (name.length < 1 || name.length > 16) fail('APDU_INVALID', 'a DF name is 1-16 bytes', { path: 'SELECT.name' });
  return encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: options.next ? 0x02 : 0x00, data: name, le: 256 });
}

/**
 * READ RECORD (Book 3 §6.5.11): `00 B2 record (SFI << 3 | 4) 00`.
 *
 * @example
 * ```ts
 * toHex(readRecordCommand(1, 1)); // '00B2010C00'
 * toHex(readRecordCommand(2, 1)); // '00B2011400'
 * ```
 */
export function readRecordCommand(sfi: number, record: number): Uint8Array {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) fail('APDU_INVALID', 'SFI must be 1-30', { path: 'READ_RECORD.sfi' });
  if (!Number.isInteger(record) || record < 1 || record > 254) fail('APDU_INVALID', 'record number must be 1-254', { path: 'READ_RECORD.record' });
  return encodeCommandApdu({ cla: 0x00, ins: 0xb2, p1: record, p2: (sfi << 3) | 0x04, le: 256 });
}

/**
 * GET PROCESSING OPTIONS (Book 3 §6.5.8): the PDOL data wrapped in tag 83.
 *
 * @example
 * ```ts
 * toHex(getProcessingOptionsCommand()); // '80A8000002830000'
 * toHex(getProcessingOptionsCommand(hex('EA'))); // '80A80000038301EA00'
 * ```
 */
export function getProcessingOptionsCommand(pdolData: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (pdolData.length > 253) fail('APDU_INVALID', 'PDOL data longer than 253 bytes does not fit the command', { path: 'GPO.83' });
  const data = new Uint8Array(2 + pdolData.length);
  data[0] = 0x83;
  data[1] = pdolData.length;
  data.set(pdolData, 2);
  return encodeCommandApdu({ cla: 0x80, ins: 0xa8, p1: 0x00, p2: 0x00, data, le: 256 });
}

/** Options for {@link generateAcCommand}. */
export interface GenerateAcOptions {
  /** Cryptogram asked for: AAC (P1 00), TC (40) or ARQC (80). */
  readonly type: 'AAC' | 'TC' | 'ARQC';
  /** Request combined DDA/AC generation (P1 bit 5). */
  readonly cda?: boolean;
  /** CDOL1 or CDOL2 data. */
  readonly data: Uint8Array;
}

/**
 * GENERATE APPLICATION CRYPTOGRAM (Book 3 §6.5.5, Table 12 for P1).
 *
 * @example
 * ```ts
 * toHex(generateAcCommand({ type: 'ARQC', data: hex('0000000010') })).slice(0, 10); // '80AE800005'
 * toHex(generateAcCommand({ type: 'TC', cda: true, data: hex('00') })).slice(0, 8);  // '80AE5000'
 * ```
 */
export function generateAcCommand(options: GenerateAcOptions): Uint8Array {
  const p1 = { AAC: 0x00, TC: 0x40, ARQC: 0x80 }[options.type];
  if (p1 === undefined) fail('APDU_INVALID', 'cryptogram type must be AAC, TC or ARQC', { path: 'GENERATE_AC.type' });
  return encodeCommandApdu({ cla: 0x80, ins: 0xae, p1: p1 | (options.cda ? 0x10 : 0), p2: 0x00, data: options.data, le: 256 });
}

/**
 * INTERNAL AUTHENTICATE with DDOL data (Book 3 §6.5.9).
 *
 * @example
 * ```ts
 * toHex(internalAuthenticateCommand(hex('7863AFC6'))); // '00880000047863AFC600'
 * ```
 */
export function internalAuthenticateCommand(ddolData: Uint8Array): Uint8Array {
  return encodeCommandApdu({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: ddolData, le: 256 });
}

/**
 * EXTERNAL AUTHENTICATE with the Issuer Authentication Data (tag 91, 8-16 bytes; Book 3 §6.5.4).
 *
 * @example
 * ```ts
 * toHex(externalAuthenticateCommand(hex('11223344556677883030'))); // '008200000A11223344556677883030'
 * ```
 */
export function externalAuthenticateCommand(issuerAuthenticationData: Uint8Array): Uint8Array {
  if (issuerAuthenticationData.length < 8 || issuerAuthenticationData.length > 16) {
    fail('APDU_INVALID', 'Issuer Authentication Data is 8-16 bytes', { path: 'EXTERNAL_AUTHENTICATE.91' });
  }
  return encodeCommandApdu({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: issuerAuthenticationData });
}

/** Data objects GET DATA may ask for (Book 3 §6.5.7). */
export type GetDataTag = '9F36' | '9F13' | '9F17' | '9F4F';

/**
 * GET DATA (Book 3 §6.5.7): ATC (9F36), Last Online ATC Register (9F13), PIN Try Counter (9F17),
 * Log Format (9F4F).
 *
 * @example
 * ```ts
 * toHex(getDataCommand('9F17')); // '80CA9F1700'
 * ```
 */
export function getDataCommand(tag: GetDataTag): Uint8Array {
  if (!['9F36', '9F13', '9F17', '9F4F'].includes(tag)) fail('APDU_INVALID', 'GET DATA supports 9F36, 9F13, 9F17 and 9F4F', { path: 'GET_DATA.tag' });
  return encodeCommandApdu({ cla: 0x80, ins: 0xca, p1: parseInt(tag.slice(0, 2), 16), p2: parseInt(tag.slice(2), 16), le: 256 });
}

/**
 * GET CHALLENGE (Book 3 §6.5.6): 8 bytes of card randomness for enciphered offline PIN.
 *
 * @example
 * ```ts
 * toHex(getChallengeCommand()); // '0084000000'
 * ```
 */
export function getChallengeCommand(): Uint8Array {
  return encodeCommandApdu({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 256 });
}

/**
 * VERIFY (Book 3 §6.5.13): P2 80 with a plaintext PIN block (8 bytes, ISO 9564 format 2), or P2 88
 * with the PIN block enciphered under the ICC public key.
 *
 * @example
 * ```ts
 * toHex(verifyCommand({ plaintextPinBlock: hex('241234FFFFFFFFFF') })); // '002000800824' + '1234FFFFFFFFFF'
 * ```
 */
export function verifyCommand(pin: { readonly plaintextPinBlock: Uint8Array } | { readonly encipheredPinData: Uint8Array }): Uint8Array {
  if ('plaintextPinBlock' in pin) {
    if (pin.plaintextPinBlock.length !== 8) fail('APDU_INVALID', 'a plaintext PIN block is 8 bytes', { path: 'VERIFY.pin' });
    return encodeCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: pin.plaintextPinBlock });
  }
  if (pin.encipheredPinData.length === 0) fail('APDU_INVALID', 'enciphered PIN data is empty', { path: 'VERIFY.pin' });
  return encodeCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x88, data: pin.encipheredPinData });
}

/**
 * GET RESPONSE (ISO/IEC 7816-4 §7.6.1; Book 1 §9.3.1.3), used on T=0 after 61xx.
 *
 * @example
 * ```ts
 * toHex(getResponseCommand(0x1a)); // '00C000001A'
 * ```
 */
export function getResponseCommand(le: number): Uint8Array {
  return encodeCommandApdu({ cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le: le === 0 ? 256 : le });
}

/**
 * The issuer script commands (tag 86) of issuer script templates 71/72, in order, passed through
 * unchanged (Book 3 §10.10).
 *
 * @example
 * ```ts
 * issuerScriptCommands(decodeTlv(hex('710E9F18040000000186058424000000'))).map((c) => toHex(c)); // ['8424000000']
 * ```
 */
export function issuerScriptCommands(templates: readonly TlvNode[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const t of templates) {
    if (t.tag !== '71' && t.tag !== '72') continue;
    for (const c of t.children ?? []) if (c.tag === '86') out.push(c.value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Status words (ISO/IEC 7816-4 §5.1.3; EMV Book 1 §9.4.5, Book 3 §6.3.5). Meanings checked against
// the public ISO/IEC 7816-4 lists (EFTlab "Complete list of APDU responses", smartjac.biz).

/** How a status word ends the command. */
export type StatusCategory = 'success' | 'warning' | 'error' | 'transport';

/** A status word's meaning. */
export interface StatusWordInfo {
  readonly sw: string;
  readonly category: StatusCategory;
  readonly meaning: string;
}

const STATUS_WORDS: ReadonlyArray<readonly [string, StatusCategory, string]> = [
  ['9000', 'success', 'Normal processing'],
  ['6200', 'warning', 'No information given (state of non-volatile memory unchanged)'],
  ['6281', 'warning', 'Part of returned data may be corrupted'],
  ['6282', 'warning', 'End of file or record reached before reading Le bytes'],
  ['6283', 'warning', 'Selected file deactivated (application blocked)'],
  ['6284', 'warning', 'File control information not formatted according to ISO/IEC 7816-4'],
  // ISO/IEC 7816-4: no information given; EMV Book 3 §6.5.4.4 returns it when issuer authentication fails.
  ['6300', 'warning', 'No information given, state of non-volatile memory changed (EXTERNAL AUTHENTICATE: issuer authentication failed)'],
  ['6381', 'warning', 'File filled up by the last write'],
  ['6400', 'error', 'Execution error (state of non-volatile memory unchanged)'],
  ['6581', 'error', 'Memory failure'],
  ['6700', 'error', 'Wrong length'],
  ['6800', 'error', 'Functions in CLA not supported'],
  ['6881', 'error', 'Logical channel not supported'],
  ['6882', 'error', 'Secure messaging not supported'],
  ['6900', 'error', 'Command not allowed'],
  ['6981', 'error', 'Command incompatible with file structure'],
  ['6982', 'error', 'Security status not satisfied'],
  ['6983', 'error', 'Authentication method blocked (PIN blocked)'],
  ['6984', 'error', 'Referenced data invalidated (reference data blocked)'],
  ['6985', 'error', 'Conditions of use not satisfied'],
  ['6986', 'error', 'Command not allowed (no current EF)'],
  ['6987', 'error', 'Expected secure messaging data objects missing'],
  ['6988', 'error', 'Secure messaging data objects incorrect'],
  ['6A80', 'error', 'Incorrect parameters in the data field'],
  ['6A81', 'error', 'Function not supported (card or application blocked)'],
  ['6A82', 'error', 'File or application not found'],
  ['6A83', 'error', 'Record not found'],
  ['6A84', 'error', 'Not enough memory space in the file'],
  ['6A85', 'error', 'Lc inconsistent with TLV structure'],
  ['6A86', 'error', 'Incorrect parameters P1-P2'],
  ['6A87', 'error', 'Lc inconsistent with P1-P2'],
  ['6A88', 'error', 'Referenced data or reference data not found'],
  ['6B00', 'error', 'Wrong parameters P1-P2'],
  ['6D00', 'error', 'Instruction code not supported or invalid'],
  ['6E00', 'error', 'Class not supported'],
  ['6F00', 'error', 'No precise diagnosis'],
];
const STATUS_BY_SW = new Map<number, StatusWordInfo>(STATUS_WORDS.map(([sw, category, meaning]) => [parseInt(sw, 16), { sw, category, meaning }]));

/**
 * The meaning of a status word, including the parameterised ones: 61xx (xx bytes still
 * available, T=0), 6Cxx (wrong Le, xx is the exact length), 63Cx (verification failed, x tries
 * left).
 *
 * @example
 * ```ts
 * statusWordInfo(0x9000).meaning; // 'Normal processing'
 * statusWordInfo(0x63c2).meaning; // 'Verification failed, 2 tries left'
 * statusWordInfo(0x6a82).category; // 'error'
 * ```
 */
export function statusWordInfo(sw: number): StatusWordInfo {
  const text = toHex(Uint8Array.of((sw >> 8) & 0xff, sw & 0xff));
  const known = STATUS_BY_SW.get(sw);
  if (known) return known;
  const sw1 = (sw >> 8) & 0xff;
  const sw2 = sw & 0xff;
  if (sw1 === 0x61) return { sw: text, category: 'transport', meaning: `${sw2 === 0 ? 256 : sw2} response bytes still available (issue GET RESPONSE)` };
  if (sw1 === 0x6c) return { sw: text, category: 'transport', meaning: `Wrong Le: resend with Le = ${sw2 === 0 ? 256 : sw2}` };
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return { sw: text, category: 'warning', meaning: `Verification failed, ${sw2 & 15} tries left` };
  if (sw1 === 0x62 || sw1 === 0x63) return { sw: text, category: 'warning', meaning: 'Warning' };
  if (sw1 === 0x90) return { sw: text, category: 'success', meaning: 'Normal processing (proprietary SW2)' };
  return { sw: text, category: 'error', meaning: 'Unknown status word' };
}

/**
 * What a T=0 terminal sends next after a response (Book 1 §9.3.1.3): GET RESPONSE for 61xx, the
 * same command with Le = xx for 6Cxx, nothing otherwise.
 *
 * @example
 * ```ts
 * toHex(nextT0Command(hex('00A404000E315041592E5359532E444446303100'), hex('6C1A')) ?? new Uint8Array()); // '00A404000E315041592E5359532E44444630311A'
 * toHex(nextT0Command(hex('00A4040007A000000003101000'), hex('6120')) ?? new Uint8Array()); // '00C0000020'
 * ```
 */
export function nextT0Command(command: Uint8Array, response: Uint8Array): Uint8Array | undefined {
  const r = decodeResponseApdu(response);
  if (r.sw1 === 0x61) return getResponseCommand(r.sw2);
  if (r.sw1 === 0x6c) return encodeCommandApdu({ ...decodeCommandApdu(command), le: r.sw2 === 0 ? 256 : r.sw2 });
  return undefined;
}

/** Sends one command APDU and returns the card's response APDU. */
export type ApduTransmit = (command: Uint8Array) => Promise<Uint8Array>;

/**
 * Exchange a command over T=0 and return the complete response: follows 61xx with GET RESPONSE
 * (concatenating the data) and 6Cxx with a resend, up to `maxExchanges` round trips.
 *
 * @example
 * ```ts
 * // card answers 6C1A, then data + 9000
 * const r = await exchangeT0(transmit, selectCommand(hex('315041592E5359532E4444463031')));
 * r.sw; // 0x9000
 * ```
 */
export async function exchangeT0(transmit: ApduTransmit, command: Uint8Array, options: { readonly maxExchanges?: number } = {}): Promise<ResponseApdu> {
  const max = options.maxExchanges ?? 16;
  if (!Number.isInteger(max) || max < 1 || max > 1024) fail('INVALID_ARGUMENT', 'maxExchanges must be an integer 1-1024', { path: 'maxExchanges' });
  const chunks: Uint8Array[] = [];
  let next: Uint8Array | undefined = command;
  let last: ResponseApdu | undefined;
  let sent = 0;
  let current = command;
  while (next) {
    if (++sent > max) fail('APDU_INVALID', `no final status word after ${max} exchanges`, { path: 'apdu' });
    current = next;
    const raw = await transmit(current);
    last = decodeResponseApdu(raw);
    if (last.data.length > 0) chunks.push(last.data);
    next = nextT0Command(current, raw);
  }
  // The loop ran at least once, so `last` is set.
  const final = last as ResponseApdu;
  let total = 0;
  for (const c of chunks) total += c.length;
  const data = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { data, sw1: final.sw1, sw2: final.sw2, sw: final.sw };
}

// ---------------------------------------------------------------------------------------------
// Response normalisation (Book 3 §6.5.5.4, §6.5.8.4, §6.5.9.4).

/** Which response template the card used. */
export type ResponseFormat = 1 | 2;

/** GET PROCESSING OPTIONS response, either format. */
export interface GpoResponse {
  readonly format: ResponseFormat;
  readonly aip: Uint8Array;
  readonly afl: Uint8Array;
  /** Every object in the template (format 2), e.g. 57, 9F10, 9F26 from a qVSDC card; empty for format 1. */
  readonly nodes: readonly TlvNode[];
}

/** GENERATE AC response, either format. */
export interface GenerateAcResponse {
  readonly format: ResponseFormat;
  readonly cid: Uint8Array;
  readonly atc: Uint8Array;
  /** The Application Cryptogram (9F26); absent in a format 2 CDA response, where it is inside the SDAD. */
  readonly ac?: Uint8Array;
  readonly iad?: Uint8Array;
  /** Signed Dynamic Application Data (9F4B), present when CDA was performed. */
  readonly sdad?: Uint8Array;
  readonly nodes: readonly TlvNode[];
}

/** INTERNAL AUTHENTICATE response, either format. */
export interface InternalAuthenticateResponse {
  readonly format: ResponseFormat;
  readonly sdad: Uint8Array;
  readonly nodes: readonly TlvNode[];
}

function template(data: Uint8Array, path: string): { format: ResponseFormat; node: TlvNode } {
  const nodes = decodeTlv(data, { path });
  const node = nodes[0];
  if (!node || nodes.length !== 1 || (node.tag !== '80' && node.tag !== '77')) {
    fail('EMV_RESPONSE_INVALID', 'expected one response template, 80 (format 1) or 77 (format 2)', { path, offset: node?.offset ?? 0 });
  }
  return { format: node.tag === '80' ? 1 : 2, node };
}

/** A data object of a format 2 response; `length` when its definition fixes one (AIP 2, CID 1, ATC 2, AC 8). */
function required(nodes: readonly TlvNode[], tag: string, path: string, length?: number): Uint8Array {
  const n = findTlv(nodes, tag);
  if (!n) fail('EMV_RESPONSE_INVALID', `mandatory data object ${tag} missing`, { path: `${path}.${tag}` });
  if (length !== undefined && n.value.length !== length) {
    fail('EMV_RESPONSE_INVALID', `${tag} is ${length} byte(s), got ${n.value.length}`, { path: `${path}.${tag}`, offset: n.offset });
  }
  return n.value;
}

function optional(nodes: readonly TlvNode[], tag: string, path: string, length?: number): Uint8Array | undefined {
  return findTlv(nodes, tag) ? required(nodes, tag, path, length) : undefined;
}

/**
 * Normalise a GET PROCESSING OPTIONS response (data without SW): format 1 `80` = AIP (2 bytes) +
 * AFL; format 2 `77` with tags 82 and 94.
 *
 * @example
 * ```ts
 * const r = parseGpoResponse(hex('800E1C00080101001001010018030400'));
 * r.format;     // 1
 * toHex(r.aip); // '1C00'
 * toHex(r.afl); // '080101001001010018030400'
 * ```
 */
export function parseGpoResponse(data: Uint8Array): GpoResponse {
  const path = 'GPO';
  const { format, node } = template(data, path);
  if (format === 1) {
    if (node.value.length < 2) fail('EMV_RESPONSE_INVALID', 'format 1 GPO response shorter than the AIP', { path: `${path}.80`, offset: node.offset });
    return { format, aip: node.value.subarray(0, 2), afl: node.value.subarray(2), nodes: [] };
  }
  const nodes = node.children ?? [];
  const aip = required(nodes, '82', path, 2);
  const afl = findTlv(nodes, '94')?.value ?? new Uint8Array(0);
  return { format, aip, afl, nodes };
}

/**
 * Normalise a GENERATE AC response (data without SW): format 1 `80` = CID (1) + ATC (2) + AC (8)
 * + optional IAD; format 2 `77` with 9F27, 9F36, 9F26 (or 9F4B for CDA) and optional 9F10.
 *
 * @example
 * ```ts
 * const r = parseGenerateAcResponse(hex('80128000297CB3BA090724C52406010A03A4B800'));
 * toHex(r.cid); // '80'
 * toHex(r.atc); // '0029'
 * toHex(r.iad ?? new Uint8Array()); // '06010A03A4B800'
 * ```
 */
export function parseGenerateAcResponse(data: Uint8Array): GenerateAcResponse {
  const path = 'GENERATE_AC';
  const { format, node } = template(data, path);
  if (format === 1) {
    const v = node.value;
    if (v.length < 11) fail('EMV_RESPONSE_INVALID', `format 1 GENERATE AC response of ${v.length} bytes is shorter than CID + ATC + AC (11)`, { path: `${path}.80`, offset: node.offset });
    return {
      format,
      cid: v.subarray(0, 1),
      atc: v.subarray(1, 3),
      ac: v.subarray(3, 11),
      ...(v.length > 11 ? { iad: v.subarray(11) } : {}),
      nodes: [],
    };
  }
  const nodes = node.children ?? [];
  const cid = required(nodes, '9F27', path, 1);
  const atc = required(nodes, '9F36', path, 2);
  const ac = optional(nodes, '9F26', path, 8);
  const sdad = findTlv(nodes, '9F4B')?.value;
  if (!ac && !sdad) fail('EMV_RESPONSE_INVALID', 'neither 9F26 nor 9F4B present', { path: `${path}.9F26` });
  const iad = findTlv(nodes, '9F10')?.value;
  return { format, cid, atc, ...(ac ? { ac } : {}), ...(iad ? { iad } : {}), ...(sdad ? { sdad } : {}), nodes };
}

/**
 * Normalise an INTERNAL AUTHENTICATE response (data without SW): format 1 `80` = SDAD; format 2
 * `77` with 9F4B.
 *
 * @example
 * ```ts
 * parseInternalAuthenticateResponse(hex('8003010203')).sdad.length; // 3
 * ```
 */
export function parseInternalAuthenticateResponse(data: Uint8Array): InternalAuthenticateResponse {
  const path = 'INTERNAL_AUTHENTICATE';
  const { format, node } = template(data, path);
  if (format === 1) return { format, sdad: node.value, nodes: [] };
  const nodes = node.children ?? [];
  return { format, sdad: required(nodes, '9F4B', path), nodes };
}
