// Child processes for crash tests: a TypeScript entry is bundled with esbuild (already a build
// dependency) into one .mjs file, so a plain `node` child runs the project's source as the test
// does, and can be killed with SIGKILL at any point.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const bundles = new Map<string, string>();
// Inside the project (node_modules/.cache), so the packages left external (native better-sqlite3,
// pg) resolve from the project's node_modules as they do for a user.
const cache = join(process.cwd(), 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'cardwire-child-'));

/** Bundle `entry` (a path) once; returns the .mjs path. */
export function bundle(entry: string): string {
  const done = bundles.get(entry);
  if (done) return done;
  const out = join(dir, `${bundles.size}.mjs`);
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error', external: ['better-sqlite3', 'pg'], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
  bundles.set(entry, out);
  return out;
}

/** How a child ended. */
export interface ChildResult {
  readonly lines: string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Run a bundled child with `env`; resolves with its stdout lines and how it ended. */
export function runChild(script: string, env: Record<string, string>, options: { readonly timeoutMs?: number; readonly onStart?: (kill: () => void) => void } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onStart?.(() => child.kill('SIGKILL'));
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ lines: out.split('\n').filter((l) => l !== ''), code, signal, stderr: err });
    });
  });
}
