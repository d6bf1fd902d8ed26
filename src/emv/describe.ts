/**
 * Human-readable rendering of EMV data: each value shown per its dictionary entry (numeric BCD,
 * compressed numeric, dates, amounts with their currency, text) and the structured ones decoded
 * (bit fields, CVM list, DOLs, AFL, IAD). Cardholder data (PAN, track data, names, PIN data) is
 * masked unless `reveal` is set (DESIGN.md §2). Describe never throws on a bad value: a value its
 * definition does not allow is shown as hex with a note.
 */
import { findCurrency, isCardwireError, maskPan, maskTrack, redact, toHex } from '../core/index';
import { parseAfl } from './afl';
import { AdditionalTerminalCapabilities, TerminalCapabilities, Tsi, Tvr, decodeTerminalType } from './bits/terminal';
import { Aip, Auc, decodeCid } from './bits/card';
import { Ctq, Ttq } from './bits/contactless';
import { decodeCvmList, decodeCvmResults } from './bits/cvm';
import { decodeIssuerApplicationData, explainIssuerApplicationData } from './bits/iad';
import type { BitField } from './bits/bit-field';
import { parseDol } from './dol';
import { emvTag, schemeOfAid, type EmvScheme, type EmvTag } from './tags';
import { decodeTlv, findTlv, type TlvNode } from './tlv';

/** Options for {@link describeTlv} and {@link renderValue}. */
export interface DescribeOptions {
  /** Show cardholder data in clear (default `false`: masked). */
  readonly reveal?: boolean;
  /** Prefer this scheme's tag definitions (default: the scheme of an AID found in the data, 4F/84/9F06). */
  readonly scheme?: EmvScheme;
}

/** One described object. */
export interface DescribedTlv {
  readonly tag: string;
  /** Dictionary name, when the tag is known. */
  readonly name?: string;
  readonly length: number;
  /** Value as hex, or masked for cardholder data unless revealed. Absent for templates. */
  readonly value?: string;
  /** The value rendered per its format (digits, date, amount, text). */
  readonly text?: string;
  /** Decoded structure: one line per set bit, DOL entry, CVM rule, ... */
  readonly details?: readonly string[];
  readonly children?: readonly DescribedTlv[];
}

/** Numeric (n) value as its digits, or undefined when a nibble is not 0-9. */
function digits(v: Uint8Array): string | undefined {
  const h = toHex(v);
  return /^[0-9]*$/.test(h) ? h : undefined;
}

/**
 * Compressed numeric (cn) value: digits (and the track-2 separator D when allowed), left
 * justified and padded on the right with F only (Book 3 §4.3).
 */
function compressedDigits(v: Uint8Array, separator = false): string | undefined {
  const m = (separator ? /^([0-9D]*?)F*$/ : /^([0-9]*?)F*$/).exec(toHex(v));
  return m?.[1];
}

function text(v: Uint8Array): string | undefined {
  let s = '';
  for (const b of v) {
    if (b < 0x20 || b > 0x7e) return undefined;
    s += String.fromCharCode(b);
  }
  return s;
}

function date(v: Uint8Array): string | undefined {
  const d = digits(v);
  if (!d || d.length !== 6) return undefined;
  // EMV years are two digits; 50-99 read as 19YY, 00-49 as 20YY (Book 4 §6.7.3, date management).
  const yy = Number(d.slice(0, 2));
  return `${yy < 50 ? 2000 + yy : 1900 + yy}-${d.slice(2, 4)}-${d.slice(4, 6)}`;
}

function bits(field: BitField<string>, v: Uint8Array): string[] {
  return field.explain(v).map((e) => `byte ${e.byte} bit ${e.bit}: ${e.label}`);
}

interface Context {
  readonly siblings: readonly TlvNode[];
  readonly options: DescribeOptions;
}

function currencyFor(tag: string, ctx: Context): string | undefined {
  // Terminal amounts are in the transaction currency; card amounts in the application currency.
  const source = tag === '9F02' || tag === '9F03' || tag === '9F7B' ? '5F2A' : '9F42';
  const node = ctx.siblings.find((n) => n.tag === source) ?? ctx.siblings.find((n) => n.tag === '5F2A' || n.tag === '9F42' || n.tag === '9F51');
  return node ? digits(node.value)?.slice(-3) : undefined;
}

/**
 * Render one value per its dictionary entry. Returns the display text and detail lines.
 *
 * @example
 * ```ts
 * renderValue('9A', hex('250314')).text;            // '2025-03-14'
 * renderValue('5F2A', hex('0156')).text;            // '156 (CNY)'
 * renderValue('5A', hex('4761340000000050')).text;  // '476134******0050'
 * renderValue('95', hex('8000000000')).details;     // ['byte 1 bit 8: Offline data authentication was not performed']
 * ```
 */
export function renderValue(
  tag: string,
  value: Uint8Array,
  options: DescribeOptions & { readonly siblings?: readonly TlvNode[] } = {},
): Rendered {
  const info = emvTag(tag, options.scheme ? { scheme: options.scheme } : {});
  if (!info) return {};
  let rendered: Rendered;
  try {
    rendered = render(info, value, { siblings: options.siblings ?? [], options });
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    rendered = { details: [`not a valid ${info.name}: ${e.code}`] };
  }
  return info.sensitive && options.reveal !== true ? masked(info, value, rendered) : rendered;
}

interface Rendered {
  readonly text?: string;
  readonly details?: readonly string[];
  readonly masked?: string;
}

/**
 * DESIGN.md §2, applied in one place whatever the render: cardholder data is masked, a PAN or
 * track 2 keeping its first 6 and last 4 digits, anything else fully redacted.
 */
function masked(info: EmvTag, v: Uint8Array, r: Rendered): Rendered {
  const keep = info.render === 'pan' ? maskPan : info.render === 'track2' ? maskTrack : undefined;
  if (keep && r.text !== undefined) return { ...r, text: keep(r.text), masked: keep(r.text) };
  return { ...(r.details ? { details: r.details } : {}), ...(r.text !== undefined ? { text: redact(r.text) } : {}), masked: redact(v) };
}

function render(info: EmvTag, v: Uint8Array, ctx: Context): Rendered {
  const invalid = { details: [`value does not match format ${info.formatText}`] };
  switch (info.render) {
    case 'hex':
    case 'template':
      return {};
    case 'numeric': {
      const d = digits(v);
      return d === undefined ? invalid : { text: d };
    }
    case 'cn': {
      const d = compressedDigits(v);
      return d === undefined ? invalid : { text: d };
    }
    case 'text': {
      const t = text(v);
      return t === undefined ? invalid : { text: t };
    }
    case 'date': {
      const d = date(v);
      return d === undefined ? invalid : { text: d };
    }
    case 'time': {
      const d = digits(v);
      return d === undefined || d.length !== 6 ? invalid : { text: `${d.slice(0, 2)}:${d.slice(2, 4)}:${d.slice(4, 6)}` };
    }
    case 'amount': {
      const d = digits(v);
      if (d === undefined) return invalid;
      const minor = BigInt(d);
      const code = currencyFor(info.tag, ctx);
      const cur = code ? findCurrency(code) : undefined;
      if (!cur) return { text: `${minor} (minor units)` };
      const s = minor.toString().padStart(cur.exponent + 1, '0');
      const cut = s.length - cur.exponent;
      return { text: `${cur.exponent === 0 ? s : `${s.slice(0, cut)}.${s.slice(cut)}`} ${cur.alpha}` };
    }
    case 'amount-binary': {
      if (v.length !== 4) return invalid;
      return { text: `${((v[0]! << 24) >>> 0) + (v[1]! << 16) + (v[2]! << 8) + v[3]!} (minor units)` };
    }
    case 'currency': {
      const d = digits(v);
      if (d === undefined) return invalid;
      const cur = findCurrency(d.slice(-3));
      return { text: cur ? `${d.slice(-3)} (${cur.alpha})` : d.slice(-3) };
    }
    case 'country': {
      const d = digits(v);
      return d === undefined ? invalid : { text: d.slice(-3) };
    }
    case 'pan': {
      const d = compressedDigits(v);
      return d === undefined ? invalid : { text: d };
    }
    case 'track2': {
      const d = compressedDigits(v, true);
      return d === undefined ? invalid : { text: d };
    }
    case 'dol':
      return { details: parseDol(v, { path: info.tag }).map((e) => `${e.tag} ${emvTag(e.tag, ctx.options.scheme ? { scheme: ctx.options.scheme } : {})?.name ?? '(unknown tag)'}: ${e.length}`) };
    case 'tag-list':
      return { details: decodeTagList(v).map((t) => `${t} ${emvTag(t)?.name ?? '(unknown tag)'}`) };
    case 'afl':
      return {
        details: parseAfl(v, { path: info.tag }).map(
          (e) => `SFI ${e.sfi}, records ${e.firstRecord}-${e.lastRecord}, ${e.offlineAuthenticationRecords} for offline data authentication`,
        ),
      };
    case 'tvr':
      return { details: bits(Tvr, v) };
    case 'tsi':
      return { details: bits(Tsi, v) };
    case 'aip':
      return { details: bits(Aip, v) };
    case 'auc':
      return { details: bits(Auc, v) };
    case 'terminal-capabilities':
      return { details: bits(TerminalCapabilities, v) };
    case 'additional-terminal-capabilities':
      return { details: bits(AdditionalTerminalCapabilities, v) };
    case 'ttq':
      return { details: bits(Ttq, v) };
    case 'ctq':
      return { details: bits(Ctq, v) };
    case 'terminal-type': {
      const t = decodeTerminalType(v);
      return { text: t.code, details: [`${t.attended ? 'attended' : 'unattended'}, ${t.connectivity}, operated by ${t.operationalControl}`] };
    }
    case 'cid': {
      const c = decodeCid(v);
      return { details: [`${c.cryptogramType}${c.adviceRequired ? ', advice required' : ''}${c.reason !== 'none' ? `, reason: ${c.reason}` : ''}`] };
    }
    case 'cvm-list': {
      const l = decodeCvmList(v);
      return {
        details: [
          `X = ${l.amountX}, Y = ${l.amountY}`,
          ...l.rules.map((r) => `${r.methodLabel}; ${r.conditionLabel}; ${r.applySucceedingIfUnsuccessful ? 'next rule if unsuccessful' : 'fail if unsuccessful'}`),
        ],
      };
    }
    case 'cvm-results': {
      const r = decodeCvmResults(v);
      return { details: [`${r.rule.methodLabel}; ${r.rule.conditionLabel}; result ${r.outcome}`] };
    }
    case 'iad':
      return { details: explainIssuerApplicationData(decodeIssuerApplicationData(v)) };
    default: {
      const never: never = info.render;
      return { details: [String(never)] };
    }
  }
}

function decodeTagList(v: Uint8Array): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    const start = i;
    if ((v[i++]! & 0x1f) === 0x1f) while (i < v.length && v[i++]! & 0x80);
    out.push(toHex(v, start, Math.min(i, v.length)));
  }
  return out;
}

/**
 * Describe decoded TLV objects: names, rendered values, decoded bit fields; cardholder data masked
 * unless `reveal`.
 *
 * @example
 * ```ts
 * describeTlv(decodeTlv(hex('9F2701809A03250314')));
 * // [{ tag: '9F27', name: 'Cryptogram Information Data', length: 1, value: '80', details: ['ARQC'] },
 * //  { tag: '9A', name: 'Transaction Date', length: 3, value: '250314', text: '2025-03-14' }]
 * ```
 */
export function describeTlv(nodes: readonly TlvNode[], options: DescribeOptions = {}): DescribedTlv[] {
  if (!options.scheme) {
    const aid = findTlv(nodes, '4F') ?? findTlv(nodes, '84') ?? findTlv(nodes, '9F06');
    const scheme = aid ? schemeOfAid(aid.value) : undefined;
    if (scheme) return describeTlv(nodes, { ...options, scheme });
  }
  return nodes.map((n) => {
    const info = emvTag(n.tag, options.scheme ? { scheme: options.scheme } : {});
    const base = { tag: n.tag, ...(info ? { name: info.name } : {}), length: n.value.length };
    if (n.children) return { ...base, children: describeTlv(n.children, options) };
    const r = renderValue(n.tag, n.value, { ...options, siblings: nodes });
    const sensitive = info?.sensitive === true && options.reveal !== true;
    return {
      ...base,
      value: sensitive ? (r.masked ?? redact(n.value)) : toHex(n.value),
      ...(r.text !== undefined ? { text: r.text } : {}),
      ...(r.details && r.details.length > 0 ? { details: r.details } : {}),
    };
  });
}

/**
 * Decode and describe in one step, as the CLI does.
 *
 * @example
 * ```ts
 * formatTlvTree(describeEmv(hex('70035A0112')))[0]; // '70 READ RECORD Response Message Template (3)'
 * ```
 */
export function describeEmv(bytes: Uint8Array, options: DescribeOptions = {}): DescribedTlv[] {
  return describeTlv(decodeTlv(bytes), options);
}

/**
 * Indented text lines for a described tree (what `cardwire emv decode` prints).
 *
 * @example
 * ```ts
 * formatTlvTree(describeEmv(hex('9A03250314'))); // ['9A Transaction Date (3): 250314 = 2025-03-14']
 * ```
 */
export function formatTlvTree(described: readonly DescribedTlv[], indent = ''): string[] {
  const lines: string[] = [];
  for (const d of described) {
    const head = `${indent}${d.tag} ${d.name ?? '(unknown tag)'} (${d.length})`;
    if (d.children) {
      lines.push(head);
      lines.push(...formatTlvTree(d.children, `${indent}  `));
      continue;
    }
    lines.push(`${head}: ${d.value ?? ''}${d.text !== undefined && d.text !== d.value ? ` = ${d.text}` : ''}`);
    for (const line of d.details ?? []) lines.push(`${indent}    ${line}`);
  }
  return lines;
}
