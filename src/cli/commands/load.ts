/**
 * `cardwire load`: N simulated terminals in worker threads against a host: cardwire's own, started
 * in this process over a real ledger (so each terminal's settlement is also checked against the
 * ledger), or a running host or switch given with `--connect`. A live progress line, then counts by
 * response code, latency percentiles, throughput and the reconciliation check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Host, type Ledger } from '../../host/index';
import { HostServer, loadHostConfig, openLedger } from '../../host/node/index';
import { runLoad, type LoadReport } from '../../pos/node/load';
import type { LoadMix } from '../../pos/node/load-terminals';
import { defineCommand, hostPortArgument, readArgument, usageError, type CliIo, type CommandGroup } from '../command';

const USAGE = `Usage: cardwire load [--connect HOST:PORT] [--terminals N] [--transactions N] [--batch-size N] [--rate TPS]
                     [--mix purchase=70,balance=10,void=10,refund=10] [--workers N] [--json]
                     [--ledger SPEC] [--config FILE]
                     [--first-terminal N] [--tid-prefix XX] [--mid MID] [--tmk HEX|@FILE]
                     [--pan-prefix DIGITS] [--sequence-digits N] [--cards N] [--pin PIN]

Simulated terminals in worker threads, each with its own engine, keys, STAN and journal: each
logs on, signs on, runs its share of the mix at its share of the rate, and settles. Prints a live
progress line, then counts by response code, p50/p95/p99 latency, throughput and the
reconciliation: every terminal's settlement must be balanced by the host's answer and, against
cardwire's own host, its totals must equal the host ledger's.

  --connect HOST:PORT  a running host or switch (cardwire host, or your own); without it a
                       cardwire host is started in this process on a free loopback port
  --terminals N        terminals (default 20)
  --transactions N     transactions per terminal, before settlement (default 10)
  --batch-size N       transactions a terminal's batch holds (1-999, default 999): when it is
                       full the terminal settles and goes on, as an operator would
  --rate TPS           target rate over all terminals (default 0: as fast as they go)
  --mix LIST           relative weights of purchase, balance, void, refund
                       (default purchase=70,balance=10,void=10,refund=10; a missing one is 0)
  --workers N          worker threads (default: cores - 1, 1 to 4; 0 runs the terminals in
                       this thread)
  --timeout MS         host answer timeout per request (default 30000)
  --json               the report as one JSON object
  --ledger SPEC        the in-process host's ledger: sqlite:FILE, postgres://…, or memory
                       (default: a SQLite file in a new temporary folder, removed afterwards).
                       Use a fresh one: the terminals start at STAN 000001 in batch 000001.
  --config FILE        the in-process host's configuration (default: the built-in one)

The terminals (defaults fit the built-in host configuration's load range):
  --first-terminal N   first terminal number (default 1): TIDs LD000001, LD000002, …
  --tid-prefix XX      TID prefix (default LD)
  --mid MID            merchant id (default 898310048990002)
  --tmk HEX|@FILE      terminal master key, TDES, clear (default the configuration's test key)
  --pan-prefix DIGITS  card PAN prefix (default 622588100000); cards are prefix + sequence + Luhn
  --sequence-digits N  digits of the card sequence (default 3)
  --cards N            cards, one per terminal round robin (default 1000)
  --pin PIN            the cards' PIN (default 123456)

The progress line goes to standard error (rewritten in place on a terminal), the report to
standard output. Exit code 0 when every terminal settled balanced (and agreed with the ledger),
1 otherwise.
`;

const OPTIONS = {
  connect: { type: 'string' },
  terminals: { type: 'string' },
  transactions: { type: 'string' },
  'batch-size': { type: 'string' },
  rate: { type: 'string' },
  mix: { type: 'string' },
  workers: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  ledger: { type: 'string' },
  config: { type: 'string' },
  'first-terminal': { type: 'string' },
  'tid-prefix': { type: 'string' },
  mid: { type: 'string' },
  tmk: { type: 'string' },
  'pan-prefix': { type: 'string' },
  'sequence-digits': { type: 'string' },
  cards: { type: 'string' },
  pin: { type: 'string' },
} as const;

const MIX_KINDS = ['purchase', 'balance', 'void', 'refund'] as const;

/** The default mix: mostly purchases, some balance inquiries, voids and refunds. */
export const DEFAULT_LOAD_MIX: LoadMix = { purchase: 70, balance: 10, void: 10, refund: 10 };

/**
 * Parse `--mix`: `kind=weight` pairs separated by commas, kinds purchase, balance, void, refund
 * (a kind left out weighs 0). Anything else is a usage error.
 *
 * @example
 * ```ts
 * parseLoadMix('purchase=70,balance=10,void=10,refund=10'); // { purchase: 70, balance: 10, void: 10, refund: 10 }
 * parseLoadMix('purchase=1'); // { purchase: 1, balance: 0, void: 0, refund: 0 }
 * ```
 */
export function parseLoadMix(text: string): LoadMix {
  const mix: Record<(typeof MIX_KINDS)[number], number> = { purchase: 0, balance: 0, void: 0, refund: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d{1,6})\s*$/.exec(part);
    const kind = MIX_KINDS.find((k) => k === m?.[1]);
    if (!m || kind === undefined) usageError(`--mix takes kind=weight pairs of ${MIX_KINDS.join(', ')}, not '${part.slice(0, 30)}'`);
    if (seen.has(kind)) usageError(`--mix names ${kind} twice`);
    seen.add(kind);
    mix[kind] = Number(m[2]);
  }
  if (MIX_KINDS.every((k) => mix[k] === 0)) usageError('--mix needs a weight above 0');
  return mix;
}

function integerOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) usageError(`--${name} must be an integer from ${min} to ${max}, not '${value.slice(0, 20)}'`);
  return n;
}

function digitsOption(name: string, value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value === undefined) return undefined;
  // Never quote the value: it may be a key or a PIN.
  if (!pattern.test(value)) usageError(`--${name} must be ${what}`);
  return value;
}

const grouped = (n: number) => Math.round(n).toLocaleString('en');

/** Counts by response code, most frequent first: `00×9520 51×12`. */
function formatCodes(codes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(codes).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  return entries.length === 0 ? '-' : entries.map(([c, n]) => `${c}×${n}`).join(' ');
}

/** The in-process host's ledger: the one `--ledger` names, or a SQLite file in a new temporary folder. */
async function ledgerFor(spec: string | undefined): Promise<{ readonly ledger: Ledger; readonly dispose: () => void }> {
  if (spec !== undefined) return { ledger: await openLedger(spec), dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'cardwire-load-'));
  try {
    return { ledger: await openLedger(`sqlite:${join(dir, 'ledger.db')}`), dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function reportLines(r: LoadReport, against: string): string[] {
  const s = (ms: number) => `${ms.toFixed(1)} ms`;
  const lines = [
    `cardwire load: ${r.terminals} terminals, ${grouped(r.transactions)} transactions against ${against}`,
    `  throughput   ${grouped(r.throughput)} transactions/s (${(r.durationMs / 1000).toFixed(2)} s, with sign-on and settlement)`,
    `  codes        ${formatCodes(r.codes)}`,
    `  latency      p50 ${s(r.p50Ms)}, p95 ${s(r.p95Ms)}, p99 ${s(r.p99Ms)}`,
    `  settlement   ${r.balanced} of ${r.terminals} balanced, ${r.mismatches} mismatches${r.settlements > r.terminals ? ` (${grouped(r.settlements)} settlements: batches of at most the batch size)` : ''}`,
    `  ledger       ${r.ledgerMismatches === undefined ? 'not checked (not cardwire\'s in-process host)' : `${r.terminals - r.ledgerMismatches} of ${r.terminals} equal the ledger's totals, ${r.ledgerMismatches} mismatches`}`,
  ];
  for (const e of r.errors.slice(0, 10)) lines.push(`  error        ${e}`);
  if (r.errors.length > 10) lines.push(`  …            ${r.errors.length - 10} more errors`);
  return lines;
}

/** What the load command needs from where it is built into. */
export interface LoadCommandOptions {
  /** The worker-thread script (the built `load-worker.js`; tests hand in a bundle of the source). */
  readonly workerScript: () => URL | string;
}

/**
 * `cardwire load`, given where its worker script is.
 *
 * @example
 * ```ts
 * const group = loadCommand({ workerScript: () => new URL('./load-worker.js', import.meta.url) });
 * await runCli(['load', '--terminals', '20', '--transactions', '5'], io, [group]);
 * ```
 */
export function loadCommand(options: LoadCommandOptions): CommandGroup {
  return {
    name: 'load',
    summary: 'many simulated terminals against a host: latency, throughput, reconciliation',
    usage: USAGE,
    commands: [
      defineCommand({
        name: '',
        usage: USAGE,
        options: OPTIONS,
        async run({ values }, io) {
          const terminals = integerOption('terminals', values.terminals, 20, 1, 100_000);
          const transactions = integerOption('transactions', values.transactions, 10, 0, 1_000_000);
          const batchSize = integerOption('batch-size', values['batch-size'], 999, 1, 999);
          const rate = integerOption('rate', values.rate, 0, 0, 10_000_000);
          const workers = integerOption('workers', values.workers, Math.max(1, Math.min(4, availableParallelism() - 1)), 0, 256);
          const timeoutMs = integerOption('timeout', values.timeout, 30_000, 1, 3_600_000);
          const firstTerminal = integerOption('first-terminal', values['first-terminal'], 1, 0, 99_999_999);
          const sequenceDigits = integerOption('sequence-digits', values['sequence-digits'], 3, 1, 12);
          const cards = integerOption('cards', values.cards, 1000, 1, 10 ** sequenceDigits);
          const mix = values.mix === undefined ? DEFAULT_LOAD_MIX : parseLoadMix(values.mix);
          const tidPrefix = digitsOption('tid-prefix', values['tid-prefix'], /^[0-9A-Za-z]{0,7}$/, 'up to 7 letters or digits');
          if (String(firstTerminal + terminals - 1).length > 8 - (tidPrefix ?? 'LD').length) usageError('--first-terminal and --terminals give TIDs longer than 8 characters');
          const mid = digitsOption('mid', values.mid, /^[0-9A-Za-z]{15}$/, '15 letters or digits');
          const tmk = digitsOption('tmk', values.tmk === undefined ? undefined : readArgument(values.tmk).trim(), /^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{48})$/, '32 or 48 hex digits (a TDES key)');
          const panPrefix = digitsOption('pan-prefix', values['pan-prefix'], /^\d{6,15}$/, '6 to 15 digits');
          const pin = digitsOption('pin', values.pin, /^\d{4,12}$/, '4 to 12 digits');
          if (values.connect !== undefined && (values.ledger !== undefined || values.config !== undefined)) usageError('--ledger and --config are for the in-process host; with --connect the host is yours');

          let target: { readonly host: string; readonly port: number };
          let against: string;
          let ledger: Ledger | undefined;
          let stop: () => Promise<void> = async () => undefined;
          if (values.connect !== undefined) {
            target = hostPortArgument(values.connect, '--connect takes HOST:PORT');
            against = `${target.host}:${target.port}`;
          } else {
            const config = loadHostConfig(values.config);
            const opened = await ledgerFor(values.ledger);
            ledger = opened.ledger;
            const host = new Host({ config, ledger });
            const server = new HostServer({ host });
            try {
              await host.start();
              const bound = await server.listen(0, '127.0.0.1');
              target = { host: bound.address, port: bound.port };
            } catch (e) {
              await ledger.close();
              opened.dispose();
              throw e;
            }
            against = `cardwire host in this process (${target.host}:${target.port}, ${ledger.kind} ledger)`;
            const l = ledger;
            stop = async () => {
              await server.close({ drainTimeoutMs: 2000 });
              await l.close();
              opened.dispose();
            };
          }

          const status = io.statusLine;
          const total = terminals * transactions;
          let lastPlain = -Infinity;
          let report: LoadReport;
          try {
            report = await runLoad({
              ...target,
              terminals,
              transactionsPerTerminal: transactions,
              batchSize,
              ratePerSecond: rate,
              mix,
              workers,
              ...(workers > 0 ? { workerScript: options.workerScript() } : {}),
              timeoutMs,
              firstTerminal,
              cards,
              sequenceDigits,
              ...(tidPrefix === undefined ? {} : { tidPrefix }),
              ...(mid === undefined ? {} : { mid }),
              ...(tmk === undefined ? {} : { tmk }),
              ...(panPrefix === undefined ? {} : { panPrefix }),
              ...(pin === undefined ? {} : { pin }),
              ...(ledger === undefined ? {} : { ledger }),
              onProgress: (p) => {
                const rateNow = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
                const line = `${grouped(p.done)} / ${grouped(total)} transactions, ${grouped(rateNow)}/s, ${(p.elapsedMs / 1000).toFixed(1)} s, codes ${formatCodes(p.codes)}`;
                if (status?.live) status.update(line);
                else if (p.elapsedMs - lastPlain >= 1000 || p.done === total) {
                  // Not a terminal: a plain line a second (a log file does not want 4 a second).
                  lastPlain = p.elapsedMs;
                  if (status) status.update(line);
                  else io.err(line);
                }
              },
            });
          } finally {
            status?.end();
            await stop();
          }
          const ok = report.mismatches === 0 && (report.ledgerMismatches ?? 0) === 0 && report.errors.length === 0;
          if (values.json) {
            io.out(
              JSON.stringify({
                target: values.connect === undefined ? { kind: 'in-process', ledger: ledger?.kind } : { kind: 'connect', host: target.host, port: target.port },
                terminals: report.terminals,
                transactionsPerTerminal: transactions,
                batchSize,
                transactions: report.transactions,
                durationMs: Math.round(report.durationMs),
                throughput: Math.round(report.throughput * 10) / 10,
                codes: report.codes,
                latencyMs: { p50: round2(report.p50Ms), p95: round2(report.p95Ms), p99: round2(report.p99Ms) },
                balanced: report.balanced,
                settlements: report.settlements,
                mismatches: report.mismatches,
                ledgerMismatches: report.ledgerMismatches ?? null,
                errors: report.errors,
                ok,
              }),
            );
          } else {
            for (const line of reportLines(report, against)) io.out(line);
          }
          return ok ? 0 : 1;
        },
      }),
    ],
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
