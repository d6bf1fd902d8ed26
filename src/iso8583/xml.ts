/**
 * A small XML reader for the subset that jPOS GenericPackager files use (XML 1.0 §2-3): a prolog,
 * a DOCTYPE, comments, elements with quoted attributes, self-closing tags, whitespace text and the
 * five predefined entities. No DTD processing, no namespaces, no CDATA. Errors are
 * ISO8583_XML_INVALID with the character offset.
 */
import { fail } from '../core/index';

/** An XML element: name, attributes and child elements (text is ignored). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Character offset of the `<` that opens the element. */
  readonly offset: number;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const MAX_DEPTH = 64;

function bad(message: string, offset: number): never {
  return fail('ISO8583_XML_INVALID', message, { path: 'xml', offset });
}

function unescape(text: string, offset: number): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);|&/g, (m, ref: string | undefined, at: number) => {
    if (ref === undefined) bad('a bare & in text', offset + at);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16) % 0x110000);
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10) % 0x110000);
    const v = ENTITIES[ref];
    if (v === undefined) bad(`unknown entity &${ref};`, offset + at);
    return v;
  });
}

/**
 * Parse an XML document and return its root element.
 *
 * @example
 * ```ts
 * parseXml('<isopackager><isofield id="2" length="19"/></isopackager>').children[0].attributes.id; // '2'
 * ```
 */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) bad('unterminated processing instruction', i);
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) bad('unterminated comment', i);
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        // Skip to the matching '>' (an internal subset in [...] may contain '>').
        let depth = 0;
        let j = i + 9;
        for (; j < n; j++) {
          if (text[j] === '[') depth++;
          else if (text[j] === ']') depth--;
          else if (text[j] === '>' && depth <= 0) break;
        }
        if (j >= n) bad('unterminated DOCTYPE', i);
        i = j + 1;
      } else return;
    }
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) bad('expected a name', i);
    i += m[0].length;
    return m[0];
  };
  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) bad(`elements nested deeper than ${MAX_DEPTH}`, i);
    const offset = i;
    if (text[i] !== '<') bad("expected '<'", i);
    i++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name: tag, attributes, children: [], offset };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i >= n) bad(`unterminated <${tag}>`, offset);
      const attr = name();
      skipSpace();
      if (text[i] !== '=') bad(`expected '=' after ${attr}`, i);
      i++;
      skipSpace();
      const q = text[i];
      if (q !== '"' && q !== "'") bad('expected a quoted attribute value', i);
      const end = text.indexOf(q, i + 1);
      if (end < 0) bad('unterminated attribute value', i);
      const raw = text.slice(i + 1, end);
      if (raw.includes('<')) bad("'<' in an attribute value", i);
      if (Object.prototype.hasOwnProperty.call(attributes, attr)) bad(`attribute ${attr} repeated`, i);
      attributes[attr] = unescape(raw, i + 1);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) bad(`<${tag}> is not closed`, offset);
      if (text.slice(i, lt).trim() !== '') unescape(text.slice(i, lt), i);
      i = lt;
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) bad('unterminated comment', i);
        i = end + 3;
      } else if (text.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== tag) bad(`</${close}> closes <${tag}>`, lt);
        skipSpace();
        if (text[i] !== '>') bad("expected '>'", i);
        i++;
        return { name: tag, attributes, children, offset };
      } else if (text.startsWith('<![CDATA[', i) || text.startsWith('<?', i) || text.startsWith('<!', i)) {
        bad('CDATA, processing instructions and declarations are not supported inside elements', i);
      } else children.push(element(depth + 1));
    }
  };
  if (typeof text !== 'string') bad('XML input must be text', 0);
  skipMisc();
  if (i >= n) bad('no root element', i);
  const root = element(0);
  skipMisc();
  if (i < n) bad('content after the root element', i);
  return root;
}
