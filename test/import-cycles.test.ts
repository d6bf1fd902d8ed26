// DESIGN.md §1: imports only point down, so src/ has no import cycle. Type-only imports count
// (see test/helpers/import-graph.ts): they do not loop at run time, but a lower module that
// names a higher module's types still depends on it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findCycles, importGraph, importsOf } from './helpers/import-graph';

const root = new URL('..', import.meta.url).pathname;

// Cycles known and fixed elsewhere, each an exact set of files. A stale entry fails the test too.
const ALLOWED: readonly (readonly string[])[] = [];

const sameFiles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((f, i) => f === [...b].sort()[i]);

test('src/ has no import cycle', () => {
  const cycles = findCycles(importGraph(root, 'src'));
  const unexpected = cycles.filter((c) => !ALLOWED.some((a) => sameFiles(a, c.files))).map((c) => c.path);
  expect(unexpected).toEqual([]);
  const stale = ALLOWED.filter((a) => !cycles.some((c) => sameFiles(a, c.files)));
  expect(stale, 'an allow-list entry names a cycle that no longer exists: remove it').toEqual([]);
});

const scratch = mkdtempSync(join(tmpdir(), 'cardwire-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(scratch, name, path, '..'), { recursive: true });
    writeFileSync(join(scratch, name, path), text);
  }
  return name;
}

test('the checker finds a synthetic cycle, through index files and type-only imports', () => {
  const dir = tree('cycle', {
    'low/index.ts': "export { low } from './low';\n",
    'low/low.ts': "import type { High } from '../high';\nexport const low = (h: High): number => h.n;\n",
    'high.ts': "import { low } from './low';\nexport interface High { n: number }\nexport const high = low;\n",
    'leaf.ts': "import { high } from './high';\nexport const leaf = high;\n",
  });
  const cycles = findCycles(importGraph(scratch, dir));
  expect(cycles.map((c) => c.files)).toEqual([['cycle/high.ts', 'cycle/low/index.ts', 'cycle/low/low.ts']]);
  expect(cycles[0]!.path).toBe('cycle/high.ts → cycle/low/index.ts → cycle/low/low.ts → cycle/high.ts (type)');
});

test('the checker finds a self-import and a dynamic import cycle, and passes an acyclic tree', () => {
  const self = tree('self', { 'a.ts': "export * from './a';\n" });
  expect(findCycles(importGraph(scratch, self)).map((c) => c.path)).toEqual(['self/a.ts → self/a.ts']);
  const lazy = tree('lazy', { 'a.ts': "export const a = () => import('./b');\n", 'b.ts': "import { a } from './a';\nexport const b = a;\n" });
  expect(findCycles(importGraph(scratch, lazy)).map((c) => c.files)).toEqual([['lazy/a.ts', 'lazy/b.ts']]);
  const dag = tree('dag', { 'a.ts': "import './b';\nimport './c';\n", 'b.ts': "import './c';\n", 'c.ts': '// c imports nothing\n' });
  expect(findCycles(importGraph(scratch, dag))).toEqual([]);
});

test('imports are read by the parser: type-only forms are marked, comments and strings do not count', () => {
  const text = [
    "import type { A } from './a';",
    "import { type B, type C } from './b';",
    "import { D, type E } from './d';",
    "export type { F } from './f';",
    "export * from './g';",
    "type H = typeof import('./h');",
    "// import { X } from './x';",
    "const s = \"import { Y } from './y'\";",
  ].join('\n');
  expect(importsOf('t.ts', text)).toEqual([
    { specifier: './a', typeOnly: true },
    { specifier: './b', typeOnly: true },
    { specifier: './d', typeOnly: false },
    { specifier: './f', typeOnly: true },
    { specifier: './g', typeOnly: false },
    { specifier: './h', typeOnly: true },
  ]);
});
