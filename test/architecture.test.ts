// DESIGN.md §1: only the adapter folders may touch Node. Every other file under src/ is pure:
// no `node:` imports (static or dynamic), no bare Node built-in module names, no `Buffer`,
// `process` or `require`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { expect, test } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const ADAPTERS = ['src/cli/', 'src/crypto/backends/node.ts', 'src/transport/node/', 'src/terminal/journal/file.ts', 'src/terminal/node/', 'src/host/node/', 'src/pos/node/'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = walk(join(root, 'src')).map((p) => relative(root, p).split(sep).join('/'));
const pure = files.filter((f) => !ADAPTERS.some((a) => (a.endsWith('/') ? f.startsWith(a) : f === a)));
const builtins = new Set(builtinModules);

export function violations(source: string): string[] {
  const found: string[] = [];
  if (/\/\/\/\s*<reference\s+types=["']node["']/.test(source)) found.push('references Node types');
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const m of code.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) found.push(`imports ${spec}`);
  }
  if (/\bBuffer\b/.test(code)) found.push('uses Buffer');
  if (/\bprocess\s*\./.test(code)) found.push('uses process');
  if (/\brequire\s*\(/.test(code)) found.push('uses require');
  return found;
}

test('the checker itself catches each kind of violation', () => {
  expect(violations("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
  expect(violations("const c = await import('crypto');")).toEqual(['imports crypto']);
  expect(violations('const b = Buffer.from([1]);')).toEqual(['uses Buffer']);
  expect(violations('// Buffer in a comment is fine\nconst x = 1;')).toEqual([]);
  expect(violations('/// <reference types="node" />\nexport {};')).toEqual(['references Node types']);
});

test('pure source files do not use Node', () => {
  expect(pure.length).toBeGreaterThan(5);
  const bad = pure.flatMap((f) => violations(readFileSync(join(root, f), 'utf8')).map((v) => `${f}: ${v}`));
  expect(bad).toEqual([]);
});
