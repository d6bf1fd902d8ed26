import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per layer (src/<layer>/index.ts), plus the package root and the CLI.
const layers = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'cli' && d.name !== 'core' && existsSync(`src/${d.name}/index.ts`))
  .map((d) => d.name);

const entry: Record<string, string> = { index: 'src/index.ts' };
for (const layer of layers) entry[`${layer}/index`] = `src/${layer}/index.ts`;
// Sub-layer entries (node adapters) are listed here as they arrive.
entry['crypto/node'] = 'src/crypto/backends/node.ts';
entry['transport/node/index'] = 'src/transport/node/index.ts';
entry['terminal/node/index'] = 'src/terminal/node/index.ts';
entry['host/node/index'] = 'src/host/node/index.ts';
entry['emv/card/index'] = 'src/emv/card/index.ts';
entry['emv/kernel/index'] = 'src/emv/kernel/index.ts';

export default defineConfig([{
  entry,
  format: ['esm', 'cjs'],
  // The node adapter entries need Node's types for their declaration build; tsc -p tsconfig.json
  // (types: []) still proves the pure code does without them.
  dts: process.env['CARDWIRE_NO_DTS'] ? false : { compilerOptions: { types: ['node'] } },
  splitting: true,
  treeshake: true,
  clean: false,
  sourcemap: false,
  target: 'node20',
  platform: 'neutral',
  outDir: 'dist',
  shims: false,
  // The database drivers are optional peers (DESIGN.md §1): imported at run time, never bundled.
  external: [/^node:/, 'better-sqlite3', 'pg'],
}, {
  // The CLI is ESM only (bin), and bundles what it needs from the layers. `cardwire load` starts
  // its worker threads on cli/load-worker.js, found beside cli/main.js (src/cli/main.ts).
  entry: { 'cli/main': 'src/cli/main.ts', 'cli/load-worker': 'src/pos/node/load-worker.ts' },
  format: ['esm'],
  dts: false,
  splitting: true,
  clean: false,
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
}]);
