import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temporary directory for this test file, removed after its tests; `file(name)` is a path in it. */
export function tempDir(prefix: string): { readonly dir: string; file(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), `cardwire-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, file: (name) => join(dir, name) };
}
