// `cardwire load` through the CLI: the in-process host over its default SQLite ledger (worker
// threads on the worker entry bundled from source), --connect to a host running elsewhere, the
// JSON report, and the option errors.
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/main';
import { loadCommand, parseLoadMix } from '../../src/cli/commands/load';
import { bundle } from '../helpers/child';
import { liveHost } from '../helpers/live-host';
import { captureIo } from './io';

const group = loadCommand({ workerScript: () => bundle(new URL('../../src/pos/node/load-worker.ts', import.meta.url).pathname) });
const load = (args: string[]) => {
  const io = captureIo();
  return runCli(['load', ...args], io, [group]).then((code) => ({ code, io }));
};

describe('cardwire load', () => {
  test('in-process host on a SQLite ledger, two workers: the report, every terminal balanced and equal to the ledger', async () => {
    const { code, io } = await load(['--terminals', '12', '--transactions', '6', '--workers', '2']);
    expect(io.stderr.filter((l) => !/transactions, .*\/s, .* s, codes/.test(l))).toEqual([]);
    expect(code).toBe(0);
    const text = io.text();
    expect(text).toMatch(/^cardwire load: 12 terminals, 72 transactions against cardwire host in this process \(127\.0\.0\.1:\d+, sqlite ledger\)/);
    expect(text).toMatch(/throughput +\d[\d,]* transactions\/s/);
    expect(text).toMatch(/codes +00×\d+/);
    expect(text).toMatch(/latency +p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(text).toContain('settlement   12 of 12 balanced, 0 mismatches');
    expect(text).toContain("ledger       12 of 12 equal the ledger's totals, 0 mismatches");
    // The last progress line counts everything (standard error is not a terminal here).
    expect(io.stderr[io.stderr.length - 1]).toMatch(/^72 \/ 72 transactions/);
  });

  test('--batch-size: a terminal whose batch fills settles and goes on; every batch balanced and equal to the ledger', async () => {
    const { code, io } = await load(['--terminals', '3', '--transactions', '12', '--batch-size', '5', '--workers', '0', '--json', '--mix', 'purchase=3,void=1,refund=1']);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout[0]!) as Record<string, unknown>;
    // 12 transactions in batches of at most 5: three settlements a terminal (5 + 5 + 2).
    expect(r).toMatchObject({ terminals: 3, transactions: 36, batchSize: 5, settlements: 9, balanced: 3, mismatches: 0, ledgerMismatches: 0, errors: [], ok: true });
    expect(Object.keys(r['codes'] as Record<string, number>)).toEqual(['00']);
  });

  describe('--connect to a host in another server', () => {
    const live = liveHost();

    test('--json: one object; the ledger is not checked, the settlements are', async () => {
      const { code, io } = await load(['--connect', `127.0.0.1:${live.port}`, '--terminals', '6', '--transactions', '4', '--workers', '0', '--json', '--mix', 'purchase=3,balance=1', '--first-terminal', '501']);
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout[0]!) as Record<string, unknown>;
      expect(r).toMatchObject({ target: { kind: 'connect', host: '127.0.0.1', port: live.port }, terminals: 6, transactions: 24, balanced: 6, mismatches: 0, ledgerMismatches: null, errors: [], ok: true });
      expect(Object.values(r['codes'] as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(24);
      // The host's ledger has what the terminals bought.
      expect((await live.ledger.list({ limit: 1000 })).length).toBeGreaterThan(0);
    });
  });

  test('option errors are usage errors (exit 2) that never quote a key or a PIN', async () => {
    for (const [args, message] of [
      [['--mix', 'purchase=1,steal=2'], '--mix takes kind=weight pairs'],
      [['--mix', 'purchase=0'], '--mix needs a weight above 0'],
      [['--terminals', '0'], '--terminals must be an integer from 1'],
      [['--batch-size', '1000'], '--batch-size must be an integer from 1'],
      [['--connect', 'nohost'], '--connect takes HOST:PORT'],
      [['--connect', '127.0.0.1:1', '--ledger', 'memory'], '--ledger and --config are for the in-process host'],
      [['--pin', '12ab'], '--pin must be 4 to 12 digits'],
      [['--tmk', '0123456789ABCDEFFEDCBA98765432'], '--tmk must be 32 or 48 hex digits'],
    ] as const) {
      const { code, io } = await load([...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toContain(message);
      expect(io.stderr.join('\n')).not.toContain('12ab');
      expect(io.stderr.join('\n')).not.toContain('0123456789ABCDEF');
    }
  });

  test('parseLoadMix: weights by kind, the rest 0', () => {
    expect(parseLoadMix('purchase=70,balance=10,void=10,refund=10')).toEqual({ purchase: 70, balance: 10, void: 10, refund: 10 });
    expect(parseLoadMix('refund=2, purchase=1')).toEqual({ purchase: 1, balance: 0, void: 0, refund: 2 });
  });
});
