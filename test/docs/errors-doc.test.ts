// docs/errors.md is generated from the error-code tables: this test fails when the page is out of
// date, and `npm run docs:errors` (UPDATE_DOCS=1) rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { errorCodes, errorCodesByLayer } from '../../src/core/index';

function render(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error cardwire raises is a `CardwireError` with a `code` from the closed union',
    '`CardwireErrorCode`, a `path` in the caller\'s terms and, when decoding, a byte `offset`.',
    'Recognise it with `isCardwireError(e)`, which checks the shape and so works across the ESM',
    'and CJS builds. Messages never contain sensitive values (PAN, track data, PIN, keys, CVV).',
    '',
    'This page is generated from `src/core/errors/codes/` by `npm run docs:errors`.',
    '',
  ];
  for (const [layer, codes] of errorCodesByLayer) {
    if (Object.keys(codes).length === 0) continue;
    lines.push(`## ${layer}`, '', '| code | meaning |', '|---|---|');
    for (const [code, meaning] of Object.entries(codes)) lines.push(`| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

test('every layer table is merged into errorCodes, with no code defined twice', () => {
  const all = errorCodesByLayer.flatMap(([, codes]) => Object.keys(codes));
  expect(new Set(all).size).toBe(all.length);
  expect(Object.keys(errorCodes).sort()).toEqual([...all].sort());
});

test('docs/errors.md lists every error code', () => {
  const url = new URL('../../docs/errors.md', import.meta.url);
  const text = render();
  if (process.env['UPDATE_DOCS']) writeFileSync(url, text);
  expect(readFileSync(url, 'utf8')).toBe(text);
});
