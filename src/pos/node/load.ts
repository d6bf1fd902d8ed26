/// <reference types="node" />
/**
 * `cardwire load`: many simulated terminals against one host. N terminals run in worker threads
 * (each its own engine, keys, STAN and journal), a configurable mix at a target rate; a live
 * progress line, then counts by response code, p50 / p95 / p99 latency, throughput, and the
 * reconciliation check: every terminal settles, its totals must be balanced by the host's answers
 * and, when the host is cardwire's own (in-process), equal to its ledger's.
 */
import { Worker } from 'node:worker_threads';
import { CardwireError } from '../../core/index';
import { decodeCupSettlementTotals, encodeCupSettlementTotals } from '../../iso8583/index';
import { settlementTotals, type Ledger } from '../../host/index';
import { runLoadTerminals, type LoadMix, type LoadWorkerSpec, type TerminalLoadReport } from './load-terminals';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly terminals: number;
  readonly transactionsPerTerminal: number;
  /** Transactions a terminal's batch holds before it settles and goes on (1-999, default 999). */
  readonly batchSize?: number;
  /** Target rate over all terminals, transactions per second (0: as fast as they go). */
  readonly ratePerSecond: number;
  readonly mix: LoadMix;
  /** Worker threads (0: run in this thread, for tests). */
  readonly workers: number;
  /** The worker script (default: load-worker.js beside this module, as the CLI build ships it). */
  readonly workerScript?: URL | string;
  readonly tidPrefix?: string;
  readonly firstTerminal?: number;
  readonly mid?: string;
  readonly tmk?: string;
  readonly panPrefix?: string;
  readonly sequenceDigits?: number;
  readonly cards?: number;
  readonly pin?: string;
  readonly timeoutMs?: number;
  /** The host's ledger, when the host is cardwire's own: each terminal's totals are checked against it. */
  readonly ledger?: Ledger;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly elapsedMs: number; readonly codes: Readonly<Record<string, number>> }) => void;
}

/** The outcome of a load run. */
export interface LoadReport {
  readonly terminals: number;
  readonly transactions: number;
  readonly durationMs: number;
  readonly throughput: number;
  readonly codes: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Terminals whose every settlement was balanced in both classes. */
  readonly balanced: number;
  /** Settlements over all terminals (more than one a terminal when its batch filled). */
  readonly settlements: number;
  /** Terminals whose settlement was not balanced, or that failed. */
  readonly mismatches: number;
  /** Terminals whose totals differ from the host ledger's (when a ledger was given). */
  readonly ledgerMismatches: number | undefined;
  readonly errors: readonly string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Run the load.
 *
 * @example
 * ```ts
 * const report = await runLoad({ host: '127.0.0.1', port, terminals: 500, transactionsPerTerminal: 20, ratePerSecond: 0, mix, workers: 2 });
 * report.mismatches; // 0
 * ```
 */
export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const batchSize = o.batchSize ?? 999;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 999) throw new CardwireError('INVALID_ARGUMENT', 'a batch holds 1 to 999 transactions', { path: 'batchSize' });
  const base = {
    host: o.host,
    port: o.port,
    tidPrefix: o.tidPrefix ?? 'LD',
    mid: o.mid ?? '898310048990002',
    tmk: o.tmk ?? '0123456789ABCDEFFEDCBA9876543210',
    panPrefix: o.panPrefix ?? '622588100000',
    sequenceDigits: o.sequenceDigits ?? 3,
    cards: o.cards ?? 1000,
    pin: o.pin ?? '123456',
    transactions: o.transactionsPerTerminal,
    batchSize,
    mix: o.mix,
    timeoutMs: o.timeoutMs ?? 30_000,
  };
  const first = o.firstTerminal ?? 1;
  const numbers = Array.from({ length: o.terminals }, (_, i) => first + i);
  const groups = Math.max(1, o.workers);
  const specs: LoadWorkerSpec[] = Array.from({ length: groups }, (_, w) => ({
    ...base,
    terminalNumbers: numbers.filter((_, i) => i % groups === w),
    ratePerSecond: o.ratePerSecond / groups,
    seed: 0x9e3779b9 ^ (w + 1),
  })).filter((s) => s.terminalNumbers.length > 0);
  const total = o.terminals * o.transactionsPerTerminal;
  const started = performance.now();
  const done = new Array<number>(specs.length).fill(0);
  const codeSets: Record<string, number>[] = specs.map(() => ({}));
  const progress = () => {
    const codes: Record<string, number> = {};
    for (const c of codeSets) for (const [k, v] of Object.entries(c)) codes[k] = (codes[k] ?? 0) + v;
    o.onProgress?.({ done: done.reduce((a, b) => a + b, 0), total, elapsedMs: performance.now() - started, codes });
  };
  const timer = setInterval(progress, 250);
  let reports: TerminalLoadReport[];
  try {
    if (o.workers === 0) {
      const spec = specs[0]!;
      reports = await runLoadTerminals(spec, (code) => {
        done[0]!++;
        codeSets[0]![code] = (codeSets[0]![code] ?? 0) + 1;
      });
    } else {
      const script = o.workerScript ?? new URL('./load-worker.js', import.meta.url);
      reports = (
        await Promise.all(
          specs.map(
            (spec, w) =>
              new Promise<TerminalLoadReport[]>((resolve, reject) => {
                const worker = new Worker(script, { workerData: spec });
                worker.on('message', (m: { type: string; done?: number; codes?: Record<string, number>; reports?: TerminalLoadReport[]; message?: string }) => {
                  if (m.type === 'progress') {
                    done[w] = m.done ?? 0;
                    codeSets[w] = m.codes ?? {};
                  } else if (m.type === 'done') {
                    done[w] = spec.terminalNumbers.length * spec.transactions;
                    resolve(m.reports ?? []);
                    void worker.terminate();
                  } else if (m.type === 'error') {
                    reject(new Error(m.message));
                    void worker.terminate();
                  }
                });
                worker.on('error', reject);
              }),
          ),
        )
      ).flat();
    }
  } finally {
    clearInterval(timer);
  }
  progress();
  const durationMs = performance.now() - started;
  const codes: Record<string, number> = {};
  const latencies: number[] = [];
  const errors: string[] = [];
  let balanced = 0;
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.codes)) codes[k] = (codes[k] ?? 0) + v;
    latencies.push(...r.latenciesMs);
    errors.push(...r.errors.map((e) => `${r.tid}: ${e}`));
    if (r.settlements.length > 0 && r.settlements.every((b) => b.domesticResult === '1' && b.foreignResult === '1') && r.errors.length === 0) balanced++;
  }
  latencies.sort((a, b) => a - b);
  let ledgerMismatches: number | undefined;
  if (o.ledger) {
    ledgerMismatches = 0;
    for (const r of reports) {
      let equal = r.settlements.length > 0;
      for (const b of r.settlements) {
        const own = encodeCupSettlementTotals(settlementTotals(await o.ledger.list({ tid: r.tid, batch: b.batch, limit: 1_000_000 })));
        if (own !== encodeCupSettlementTotals(decodeCupSettlementTotals(b.totals))) equal = false;
      }
      if (!equal) ledgerMismatches++;
    }
  }
  const transactions = latencies.length;
  return {
    terminals: reports.length,
    transactions,
    durationMs,
    throughput: transactions / (durationMs / 1000),
    codes,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    balanced,
    settlements: reports.reduce((n, r) => n + r.settlements.length, 0),
    mismatches: reports.length - balanced,
    ledgerMismatches,
    errors,
  };
}
