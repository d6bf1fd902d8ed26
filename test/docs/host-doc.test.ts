// The response-code table in docs/host.md is rendered from hostResponseCodes (src/host/
// response-codes.ts) and the default configuration printed there is the shipped file: this test
// fails when the page is out of date; UPDATE_DOCS=1 rewrites the table.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { hostResponseCodes } from '../../src/host/response-codes';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';

const BEGIN = '<!-- response-codes:start -->';
const END = '<!-- response-codes:end -->';
const page = new URL('../../docs/host.md', import.meta.url);

test('docs/host.md lists every response code the host gives', () => {
  const rows = Object.entries(hostResponseCodes).sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, c]) => `| \`${code}\` | ${c.zh} | ${c.en} | ${c.when} |`);
  const table = ['| code | 中文 | meaning | when the host gives it |', '|---|---|---|---|', ...rows].join('\n');
  const text = readFileSync(page, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  expect(start).toBeGreaterThan(0);
  const next = `${text.slice(0, start + BEGIN.length)}\n${table}\n${text.slice(end)}`;
  if (process.env['UPDATE_DOCS']) writeFileSync(page, next);
  expect(text).toBe(next);
});

test('the shipped default configuration validates', () => {
  const c = validateHostConfig(defaultHostConfig);
  expect([...c.terminals.keys()].slice(0, 4)).toEqual(['10000159', '50080001', '20000001', 'LD000001']);
  expect(c.terminals.size).toBe(3 + 2000);
  expect(c.terminals.get('LD002000')?.mid).toBe('898310048990002');
  expect(c.cards.get('6225880000000001')?.opening).toBe(1_000_000n);
  expect(c.cards.get('6258070000000009')?.opening).toBe(5_000_000n);
  expect(c.cards.get('6222020000000007')?.status).toBe('lost');
  // The load-test card range: 1,000 debit cards 6225881000000000… with one PIN offset (validation data = the first 12 digits).
  expect(c.cards.get('6225881000009990')).toBeUndefined();
  expect([...c.cards.keys()].filter((p) => p.startsWith('622588100')).length).toBe(1000);
});
