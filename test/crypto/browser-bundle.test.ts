// The pure `cardwire/crypto` entry must bundle for a browser with no Node built-in (issue 5:
// "a test bundles the pure backend for the browser platform").
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

test('src/crypto/index.ts bundles for the browser without Node built-ins', async () => {
  const result = await build({
    entryPoints: [new URL('../../src/crypto/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const nodeInputs = inputs.filter((p) => p.startsWith('node:') || p.includes('(disabled)') || builtins.has(p));
  expect(nodeInputs).toEqual([]);
  // The forge modules come in one by one: AES and the two SHA digests, not forge's TLS or PKI.
  expect(inputs.some((p) => p.includes('node-forge/lib/aes.js'))).toBe(true);
  expect(inputs.some((p) => /node-forge\/lib\/(tls|pki|x509|rsa)\.js/.test(p))).toBe(false);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/require\(["']node:/);
});

test('the checker sees a Node built-in when one is pulled in', async () => {
  const result = await build({
    stdin: { contents: "import { createHash } from 'node:crypto'; export const h = createHash;", resolveDir: '.' },
    bundle: true,
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((e: unknown) => e);
  // esbuild either refuses to resolve the built-in for the browser or marks it; both are failures of purity.
  expect(result instanceof Error || JSON.stringify(result).includes('node:crypto')).toBe(true);
});
