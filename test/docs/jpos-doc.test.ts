// The jPOS class table in docs/iso8583.md is rendered from jposFieldClasses (src/iso8583/
// jpos-classes.ts): this test fails when the page is out of date; UPDATE_DOCS=1 rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { jposFieldClasses, type JposFieldClass } from '../../src/iso8583/index';

const BEGIN = '<!-- jpos-classes:begin (generated from src/iso8583/jpos-classes.ts by test/docs/jpos-doc.test.ts) -->';
const END = '<!-- jpos-classes:end -->';

function prefixText(row: JposFieldClass): string {
  if (!('type' in row) || row.prefix === undefined) return '—';
  const p = row.prefix;
  const size = p.encoding === 'binary' ? `${p.bytes} byte${p.bytes > 1 ? 's' : ''}` : `${p.digits} digit${p.digits > 1 ? 's' : ''}`;
  return `${p.encoding} ${size}${p.counts === undefined ? '' : `, counts ${p.counts}`}`;
}

function cardwireText(row: JposFieldClass): string {
  if ('unsupported' in row) return `not mapped: ${row.unsupported}`;
  if ('noField' in row) return 'no field';
  if ('bitmap' in row) return `bitmap, ${row.bitmap}`;
  const parts = [`\`${row.type}\` ${row.encoding}${row.hexNibbles ? ' (hex nibbles)' : ''}`];
  if (row.pad) parts.push(`pad ${row.pad.side} '${row.pad.char}'`);
  if (row.bcd) {
    const show = (l: { align: string; padNibble: string }): string => `${l.padNibble} nibble ${l.align === 'left' ? 'last' : 'first'}`;
    parts.push(`odd: ${show(row.bcd.unpadded)}${JSON.stringify(row.bcd.padded) === JSON.stringify(row.bcd.unpadded) ? '' : `; pad="true": ${show(row.bcd.padded)}`}`);
  }
  if (row.note) parts.push(row.note);
  return parts.join('; ');
}

function render(): string {
  const lines = [BEGIN, '| class | jPOS (read in `jpos/src/main/java/org/jpos/iso/<class>.java`) | prefix | cardwire |', '|---|---|---|---|'];
  for (const [cls, row] of Object.entries(jposFieldClasses)) {
    lines.push(`| \`${cls}\` | ${row.jpos.replace(/\|/g, '\\|')} | ${prefixText(row)} | ${cardwireText(row).replace(/\|/g, '\\|')} |`);
  }
  lines.push(END);
  return lines.join('\n');
}

test('docs/iso8583.md carries the jPOS class table', () => {
  const url = new URL('../../docs/iso8583.md', import.meta.url);
  const page = readFileSync(url, 'utf8');
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  expect(start).toBeGreaterThan(0);
  const updated = page.slice(0, start) + render() + page.slice(end + END.length);
  if (process.env['UPDATE_DOCS']) writeFileSync(url, updated);
  expect(readFileSync(url, 'utf8')).toBe(updated);
});
