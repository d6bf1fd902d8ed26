// SQLite durability, proven by killing (SQLite's crash-test discipline, DESIGN.md §1): a child
// process commits transactions in a loop and prints each one after its promise resolved; it is
// killed with SIGKILL at a random moment, several times over one file. After each kill every
// printed transaction is in the file, the file passes PRAGMA integrity_check, and the balance
// agrees with the rows (no transaction half applied).
//
// The child runs the real SqliteLedger: vitest imports TypeScript, a plain `node` child cannot,
// so the child script is bundled with esbuild (better-sqlite3 left external) before the runs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { tempDir } from './temp';

const tmp = tempDir('durability');
const child = tmp.file('durability-child.mjs');
const db = tmp.file('durable.db');

beforeAll(async () => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  await build({
    entryPoints: [fileURLToPath(new URL('./durability-child.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: child,
    logLevel: 'silent',
    // Resolved here, so the bundle in a temporary folder still finds the driver.
    plugins: [{ name: 'driver', setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: driver, external: true })) }],
  });
});

/** Run the child until it has printed something, plus `extraMs`; SIGKILL it; return the complete lines it printed. */
function runAndKill(tid: string, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, db, tid], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!armed) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (code ${code}): ${err}`));
      // A line cut by the kill was never completely printed: only whole lines count.
      resolve(out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter(Boolean));
    });
  });
}

test('every transaction printed before a SIGKILL is in the file, which stays intact', { timeout: 60_000 }, async () => {
  const printed: string[] = [];
  for (let run = 1; run <= 6; run++) {
    const tid = `KILL${String(run).padStart(4, '0')}`;
    const lines = await runAndKill(tid, 20 + Math.floor(Math.random() * 300));
    expect(lines.length).toBeGreaterThan(0);
    printed.push(...lines);
    const d = new Database(db);
    try {
      expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
      const recorded = new Set((d.prepare('SELECT tid, stan FROM transactions').all() as { tid: string; stan: string }[]).map((r) => `${r.tid} ${r.stan}`));
      const missing = printed.filter((l) => !recorded.has(l));
      expect(missing).toEqual([]);
      // Each transaction debited 1: the balance and the rows were committed together.
      const available = d.prepare('SELECT available FROM accounts').pluck().get() as number;
      expect(1_000_000_000 - available).toBe(recorded.size);
      expect(recorded.size).toBeGreaterThanOrEqual(printed.length);
    } finally {
      d.close();
    }
  }
});
