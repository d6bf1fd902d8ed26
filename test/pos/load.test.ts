// cardwire load against cardwire's host over TCP: terminals in this thread and in worker threads
// (the worker entry bundled with esbuild, as the CLI build ships it), a mix of purchases,
// balances, voids and refunds; every terminal settles balanced and agrees with the host ledger.
import { expect, test } from 'vitest';
import { runLoad } from '../../src/pos/node/load';
import { bundle } from '../helpers/child';
import { liveHost } from '../helpers/live-host';

const live = liveHost();
const { ledger } = live;

const mix = { purchase: 70, balance: 10, void: 10, refund: 10 };

test('20 terminals x 10 transactions in this thread: every settlement balanced, totals equal the ledger', async () => {
  const report = await runLoad({ host: '127.0.0.1', port: live.port, terminals: 20, transactionsPerTerminal: 10, ratePerSecond: 0, mix, workers: 0, ledger });
  expect(report.errors).toEqual([]);
  expect(report.terminals).toBe(20);
  expect(report.transactions).toBe(200);
  expect(report.balanced).toBe(20);
  expect(report.mismatches).toBe(0);
  expect(report.ledgerMismatches).toBe(0);
  expect(report.codes['00']).toBeGreaterThan(150);
});

test('30 terminals in two worker threads, paced: the same checks', async () => {
  const workerScript = bundle(new URL('../../src/pos/node/load-worker.ts', import.meta.url).pathname);
  const progress: number[] = [];
  const report = await runLoad({ host: '127.0.0.1', port: live.port, terminals: 30, transactionsPerTerminal: 5, ratePerSecond: 400, mix, workers: 2, workerScript, firstTerminal: 101, ledger, onProgress: (p) => progress.push(p.done) });
  expect(report.errors).toEqual([]);
  expect(report.transactions).toBe(150);
  expect(report.mismatches).toBe(0);
  expect(report.ledgerMismatches).toBe(0);
  expect(progress[progress.length - 1]).toBe(150);
});
