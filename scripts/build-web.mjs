// The browser POS bundle (dist/pos-web: index.html, app.js, app.css), built with esbuild from
// src/pos/web/main.ts for the browser platform. `npm run build` runs it after tsup; the e2e test
// calls buildWeb() into a folder of its own. The build fails when anything of Node is pulled in
// (a node:* import, a Node built-in, or a module esbuild had to disable for the browser).
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Names of the bundle's inputs that are Node's (empty for a clean bundle). */
export function nodeInputs(metafile) {
  return Object.keys(metafile.inputs).filter((p) => p.startsWith('node:') || p.includes('(disabled)') || builtins.has(p));
}

/** Build into `outDir`; resolves with the files written and their sizes in bytes. */
export async function buildWeb({ outDir = join(root, 'dist', 'pos-web') } = {}) {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'src/pos/web/main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const node = nodeInputs(result.metafile);
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  if (node.length > 0 || imports.length > 0) {
    throw new Error(`the browser POS bundle must not use Node: ${[...node, ...imports].join(', ')}`);
  }
  for (const f of ['index.html', 'app.css']) copyFileSync(join(root, 'src/pos/web', f), join(outDir, f));
  const files = {};
  for (const f of ['index.html', 'app.js', 'app.css']) files[f] = statSync(join(outDir, f)).size;
  return { outDir, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outDir, files } = await buildWeb();
  console.log(`pos-web: ${Object.entries(files).map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KiB`).join(', ')} → ${outDir}`);
}
