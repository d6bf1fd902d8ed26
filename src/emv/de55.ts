/**
 * ICC system-related data (ISO 8583 DE 55): the EMV data objects an acquirer sends with
 * authorisation, reversal and advice messages, as a BER-TLV list (ISO 8583:1993 field 55, EMV
 * Book 4 §12 / Annex "Data elements in authorisation messages"). The tag lists follow the schemes'
 * public acquirer guides: UnionPay (CUPS / UICS terminal specification, DE 55 usage), Visa (VSDC
 * field 55 requirements) and Mastercard (M/Chip DE 55 requirements). Acquirers add to them; pass
 * your own list where yours differs.
 */
import { fail } from '../core/index';
import { decodeTlv, encodeTlv, type TlvNode } from './tlv';
import { valueOf, type DolValueSource } from './dol';

/** Schemes with a built-in DE 55 tag list. */
export type De55Scheme = 'unionpay' | 'visa' | 'mastercard';
/** Message kinds with a DE 55 tag list. */
export type De55Message = 'authorisation' | 'reversal' | 'advice';
/** Whether a tag must be present (`'M'`) or is sent when the terminal has it (`'C'`). */
export type De55Presence = 'M' | 'C';

/** One entry of a DE 55 tag list. */
export interface De55Tag {
  readonly tag: string;
  readonly presence: De55Presence;
}

function list(spec: string): readonly De55Tag[] {
  return spec.split(' ').map((t) => (t.endsWith('?') ? { tag: t.slice(0, -1), presence: 'C' as const } : { tag: t, presence: 'M' as const }));
}

// The 21 tags UnionPay, Visa and Mastercard all expect in an ARQC authorisation, in the order
// UnionPay lists them; 9F63 (UnionPay card product identification) and the scheme extras follow.
const ARQC = '9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02 5F2A 82 9F1A 9F03 9F33 9F34? 9F35? 9F1E? 84? 9F09? 9F41? 8A?';

/**
 * The DE 55 tag lists, per scheme and message. `?` marks a conditional tag in the source text;
 * the exported value is `{ tag, presence }`.
 */
export const de55TagLists: Readonly<Record<De55Scheme, Readonly<Record<De55Message, readonly De55Tag[]>>>> = {
  unionpay: {
    authorisation: list(`${ARQC} 9F63? 5F34?`),
    // UnionPay reversal (and script result notification): TVR, IFD serial, IAD, ATC, script results.
    reversal: list('95 9F1E? 9F10? 9F36 DF31?'),
    advice: list('9F26 9F27? 9F10 9F37? 9F36 95 9A? 9C? 9F02? 5F2A? 82? 9F1A? 9F33? 9F1E? DF31?'),
  },
  visa: {
    authorisation: list(`${ARQC} 5F34? 9F6E? 9F7C?`),
    reversal: list('95 9F10 9F36 9F1E? 9F5B?'),
    advice: list(`${ARQC} 5F34? 9F5B?`),
  },
  mastercard: {
    authorisation: list(`${ARQC} 5F34? 9F53? 9F6E?`),
    reversal: list('95 9F10 9F36 9F1E? 9F26?'),
    advice: list(`${ARQC} 5F34? 9F53?`),
  },
};

/** Options for {@link buildDe55}. */
export interface BuildDe55Options {
  readonly scheme: De55Scheme;
  readonly message: De55Message;
  /** A tag list to use instead of the built-in one. */
  readonly tags?: readonly De55Tag[];
}

/**
 * Build DE 55 from the transaction's data objects, in the scheme's tag order: mandatory tags
 * must have a value (`DE55_MISSING_TAG`), conditional ones are sent when present.
 *
 * @example
 * ```ts
 * const de55 = buildDe55({ '95': hex('0000000000'), '9F36': hex('0001') }, { scheme: 'unionpay', message: 'reversal' });
 * toHex(de55); // '950500000000009F36020001'
 * ```
 */
export function buildDe55(source: DolValueSource, options: BuildDe55Options): Uint8Array {
  const tags = options.tags ?? de55TagLists[options.scheme][options.message];
  const nodes: { tag: string; value: Uint8Array }[] = [];
  for (const { tag, presence } of tags) {
    const value = valueOf(source, tag);
    if (value === undefined) {
      if (presence === 'M') fail('DE55_MISSING_TAG', `${options.scheme} ${options.message} needs tag ${tag}`, { path: `DE55.${tag}` });
      continue;
    }
    nodes.push({ tag, value });
  }
  return encodeTlv(nodes);
}

/** Options for {@link parseDe55}. */
export interface ParseDe55Options {
  /** Check the message against a scheme's list: missing mandatory tags are `DE55_MISSING_TAG`. */
  readonly scheme?: De55Scheme;
  readonly message?: De55Message;
  /** Reject padding and non-minimal lengths (default `true`: DE 55 is built by a terminal, not a card). */
  readonly strict?: boolean;
}

/**
 * Parse DE 55 into its data objects (order and repeats kept; values are views). Errors carry
 * paths like `'DE55.9F26'`.
 *
 * @example
 * ```ts
 * parseDe55(hex('9F2701809F36020029')).map((n) => n.tag); // ['9F27', '9F36']
 * ```
 */
export function parseDe55(bytes: Uint8Array, options: ParseDe55Options = {}): TlvNode[] {
  const nodes = decodeTlv(bytes, { path: 'DE55', strict: options.strict ?? true, maxDepth: 4 });
  if (options.scheme && options.message) {
    const present = new Set(nodes.map((n) => n.tag));
    for (const { tag, presence } of de55TagLists[options.scheme][options.message]) {
      if (presence === 'M' && !present.has(tag)) fail('DE55_MISSING_TAG', `${options.scheme} ${options.message} needs tag ${tag}`, { path: `DE55.${tag}` });
    }
  }
  return nodes;
}
