/**
 * ICC system-related data (ISO 8583 DE 55): the EMV data objects an acquirer sends with
 * authorisation, reversal and advice messages, as a BER-TLV list (ISO 8583:1993 field 55).
 *
 * Sources. The scheme documents that fix these lists (UnionPay's POS terminal and switch
 * specifications, VisaNet and Mastercard Customer Interface Specification field 55 pages) are not
 * public. What was checked:
 * - UnionPay: the 55-field lists of several public PAX Android POS applications written against
 *   the UnionPay POS specification agree: 消费/预授权 (sale, pre-authorisation) = the 21 tags below
 *   plus 9F63; 脱机消费 (offline sale upload) adds 8A and, for electronic cash, 9F74; 冲正
 *   (reversal) = 95 9F1E 9F10 (9F36 when the card declined after host approval, and always for
 *   EC loads) DF31; 脚本结果上送 (issuer script result notification) = 9F33 95 9F37 9F1E 9F10 9F26
 *   9F36 82 DF31 9F1A 9A. None of them puts 5F34 in field 55 (UnionPay carries it in field 23).
 * - Visa and Mastercard: only the 21-tag ARQC core is common to every public acquirer
 *   implementation found; the extras (5F34, 9F6E, 9F7C, 9F53, 9F5B) and the reversal lists are
 *   acquirer practice, unverified against the schemes (one public acquirer app resends the whole
 *   authorisation list in its 0400). Pass your acquirer's list with `tags` where it differs.
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
 *
 * @example
 * ```ts
 * de55TagLists.unionpay.reversal; // [{ tag: '95', presence: 'M' }, { tag: '9F1E', presence: 'C' }, { tag: '9F10', presence: 'M' }, ...]
 * ```
 */
export const de55TagLists: Readonly<Record<De55Scheme, Readonly<Record<De55Message, readonly De55Tag[]>>>> = {
  unionpay: {
    authorisation: list(`${ARQC} 9F63?`),
    // 冲正: TVR, IFD serial number, IAD, ATC (sent when the card declined after host approval),
    // issuer script results.
    reversal: list('95 9F1E? 9F10 9F36? DF31?'),
    // 脱机消费上送: the offline transaction's TC with the authorisation data, 9F74 for electronic cash.
    advice: list(`${ARQC} 9F63? 9F74?`),
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

/**
 * UnionPay's issuer script result notification (脚本处理结果通知) list, for `buildDe55(values, {
 * scheme: 'unionpay', message: 'advice', tags: unionpayScriptResultTags })`. Visa and Mastercard
 * report script results (9F5B) inside their other messages; no public list was found for them.
 *
 * @example
 * ```ts
 * unionpayScriptResultTags.map((t) => t.tag); // ['9F33', '95', '9F37', '9F1E', '9F10', '9F26', '9F36', '82', 'DF31', '9F1A', '9A']
 * ```
 */
export const unionpayScriptResultTags: readonly De55Tag[] = list('9F33? 95 9F37? 9F1E? 9F10 9F26? 9F36 82? DF31 9F1A? 9A?');

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
 * const de55 = buildDe55({ '95': hex('0000000000'), '9F10': hex('07000103A0A80201') }, { scheme: 'unionpay', message: 'reversal' });
 * toHex(de55); // '95050000000000' + '9F100807000103A0A80201'
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
