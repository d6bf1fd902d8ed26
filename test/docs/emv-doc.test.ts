// docs/emv.md carries the tag dictionary generated from src/emv/tags.ts between two markers: this
// test fails when the table is out of date; `UPDATE_DOCS=1 npx vitest run test/docs/emv-doc.test.ts`
// rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { emvTags } from '../../src/emv/index';

const START = '<!-- tag-dictionary:start (generated from src/emv/tags.ts) -->';
const END = '<!-- tag-dictionary:end -->';

function table(): string {
  const lines = ['| tag | name | format | length (bytes) | source | template | defined by |', '|---|---|---|---|---|---|---|'];
  for (const t of emvTags) {
    const length = t.minLength === t.maxLength ? String(t.minLength) : `${t.minLength}-${t.maxLength}`;
    const cells = [t.tag, t.name, t.formatText, length, t.source, t.templates.join(', '), t.scheme + (t.sensitive ? ' (masked)' : '')];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

test('docs/emv.md lists every dictionary entry', () => {
  const url = new URL('../../docs/emv.md', import.meta.url);
  const text = readFileSync(url, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const updated = `${text.slice(0, start + START.length)}\n\n${table()}\n\n${text.slice(end)}`;
  if (process.env['UPDATE_DOCS']) writeFileSync(url, updated);
  expect(readFileSync(url, 'utf8')).toBe(updated);
});
