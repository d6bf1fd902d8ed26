// The virtual cards (and, through them, the kernel's default CA keys) must run in a browser page:
// the pure entries bundle for the browser platform with no Node built-in, the JSON key files
// included.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

test.each(['src/emv/card/index.ts', 'src/emv/kernel/index.ts'])('%s bundles for the browser without Node built-ins', async (entry) => {
  const result = await build({
    entryPoints: [new URL(`../../../${entry}`, import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  expect(inputs.filter((p) => p.startsWith('node:') || p.includes('(disabled)') || builtins.has(p))).toEqual([]);
  expect(inputs.some((p) => p.endsWith('test-ca.json'))).toBe(true);
  // The kernel takes only the test CA public key: the cards' private keys stay out of its bundle.
  const bytes = Object.values(result.metafile.outputs)[0]!.inputs['src/emv/card/test-card-keys.json']?.bytesInOutput ?? 0;
  expect(bytes > 0).toBe(entry.includes('/card/'));
});
