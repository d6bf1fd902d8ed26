/// <reference types="node" />
/**
 * The terminals of `cardwire load`, as one worker thread runs them: each its own terminal engine
 * (memory journal, security module, STAN, keys, TCP connection), logged on and signed on, running
 * its share of a transaction mix at its share of the target rate, then settling. What each did is
 * reported back to the orchestrator (src/pos/node/load.ts).
 */
import { hex, luhnCheckDigit } from '../../core/index';
import { SoftwareSecurityModule } from '../../crypto/index';
import { encodeCupSettlementTotals } from '../../iso8583/index';
import { MemoryJournal, MemoryPrinter, ScriptedCardReader, ScriptedKeypad, Terminal, VirtualPinPad, cupFrameKey, frameChannel, swipeOf, type TerminalTransaction } from '../../terminal/index';
import { TcpClient } from '../../transport/node/index';

/** The transaction mix, in relative weights. */
export interface LoadMix {
  readonly purchase: number;
  readonly balance: number;
  readonly void: number;
  readonly refund: number;
}

/** What one worker runs. */
export interface LoadWorkerSpec {
  readonly host: string;
  readonly port: number;
  /** Terminal numbers this worker runs (TID = tidPrefix + number). */
  readonly terminalNumbers: readonly number[];
  readonly tidPrefix: string;
  readonly mid: string;
  readonly tmk: string;
  /** PAN prefix and sequence digits of the cards (one card per terminal, round robin). */
  readonly panPrefix: string;
  readonly sequenceDigits: number;
  readonly cards: number;
  readonly pin: string;
  readonly transactions: number;
  /** Transactions a terminal's batch holds (1-999): when it is full the terminal settles and goes on. */
  readonly batchSize: number;
  /** This worker's share of the target rate (transactions per second; 0 = as fast as it goes). */
  readonly ratePerSecond: number;
  readonly mix: LoadMix;
  readonly timeoutMs: number;
  readonly seed: number;
}

/** One settlement of a terminal: the batch, the terminal's DE 48 before settling, and the host's result digits. */
export interface LoadSettlement {
  readonly batch: string;
  readonly totals: string;
  readonly domesticResult: string;
  readonly foreignResult: string;
}

/** What one terminal did. */
export interface TerminalLoadReport {
  readonly tid: string;
  readonly codes: Readonly<Record<string, number>>;
  readonly latenciesMs: readonly number[];
  /** Its settlements in order: one when the batch never filled, more when it did. */
  readonly settlements: readonly LoadSettlement[];
  readonly errors: readonly string[];
}

function tidOf(prefix: string, n: number): string {
  return prefix + String(n).padStart(8 - prefix.length, '0');
}

/** A small deterministic generator (xorshift32): the mix and amounts of a run are reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function pick(mix: LoadMix, r: number): keyof LoadMix {
  const total = mix.purchase + mix.balance + mix.void + mix.refund;
  let at = r * total;
  for (const k of ['purchase', 'balance', 'void', 'refund'] as const) {
    if (at < mix[k]) return k;
    at -= mix[k];
  }
  return 'purchase';
}

/** Amounts whose cents the default host's rules leave alone (no .05, .51, .61, .9x). */
function amountOf(r: number): bigint {
  return BigInt(100 + Math.floor(r * 9900)) * 100n + BigInt(10 * Math.floor((r * 1000) % 9));
}

/**
 * Run the terminals of one worker; `onProgress` is called after each transaction.
 *
 * @example
 * ```ts
 * const reports = await runLoadTerminals(spec, () => done++);
 * ```
 */
export async function runLoadTerminals(spec: LoadWorkerSpec, onProgress: (code: string) => void): Promise<TerminalLoadReport[]> {
  const frame = { length: { kind: 'binary', size: 2 } } as const;
  const random = rng(spec.seed);
  const interval = spec.ratePerSecond > 0 ? 1000 / spec.ratePerSecond : 0;
  let nextStart = performance.now();
  const slot = async () => {
    if (interval === 0) return;
    const at = nextStart;
    nextStart += interval;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const one = async (n: number, index: number): Promise<TerminalLoadReport> => {
    const tid = tidOf(spec.tidPrefix, n);
    const codes: Record<string, number> = {};
    const latencies: number[] = [];
    const errors: string[] = [];
    const seq = String(index % spec.cards).padStart(spec.sequenceDigits, '0');
    const body = spec.panPrefix + seq;
    const pan = body + luhnCheckDigit(body);
    const card = { pan, expiry: '2812', serviceCode: '120', discretionary: '00000000' };
    const sm = new SoftwareSecurityModule();
    sm.loadKey('tmk', hex(spec.tmk), { algorithm: 'tdes', usage: 'K0' });
    const client = new TcpClient({ host: spec.host, port: spec.port, frame, key: cupFrameKey, reconnect: { initialDelayMs: 100, maxDelayMs: 2000 }, timeoutMs: spec.timeoutMs });
    await client.connect();
    const reader = new ScriptedCardReader();
    const pinPad = new VirtualPinPad(sm);
    const terminal = await Terminal.open({
      journal: new MemoryJournal(),
      securityModule: sm,
      channel: frameChannel(client, frame),
      cardReader: reader,
      pinPad,
      keypad: new ScriptedKeypad(),
      printer: new MemoryPrinter(),
      setup: { tid, mid: spec.mid, merchantName: 'load', passwordIterations: 1, params: { hostTimeoutMs: spec.timeoutMs, maxBatchTransactions: spec.batchSize } },
    });
    const count = (code: string) => {
      codes[code] = (codes[code] ?? 0) + 1;
      onProgress(code);
    };
    const settlements: LoadSettlement[] = [];
    /** Send any reversal still owed, then settle the open batch and note the host's answer. */
    const settle = async () => {
      await terminal.sendPendingReversal();
      const totals = encodeCupSettlementTotals(terminal.totals().settlement);
      const batch = terminal.state.batch;
      const settled = await terminal.settle();
      if (settled.outcome !== 'approved') errors.push(`settlement of batch ${batch}: ${settled.code ?? settled.outcome}`);
      const last = terminal.state.lastSettlement;
      const answered = last?.batch === batch;
      settlements.push({ batch, totals, domesticResult: answered ? last.domesticResult : '', foreignResult: answered ? last.foreignResult : '' });
    };
    try {
      await terminal.logon('01', '0000');
      await terminal.changeSupervisorPassword('123456', '654321');
      const s = await terminal.signOn();
      if (s.outcome !== 'approved') throw new Error(`sign-on ${s.code ?? s.outcome}`);
      for (let i = 0; i < spec.transactions; i++) {
        await slot();
        // The batch is full (交易笔数已满): settle it, as the operator would, and go on.
        if (terminal.notReady()?.refusal === 'batch-full') await settle();
        const kind = pick(spec.mix, random());
        const approved = terminal.transactions().filter((t: TerminalTransaction) => t.status === 'approved' && t.kind === 'purchase' && t.refunded === '0');
        const started = performance.now();
        let result;
        if (kind === 'void' && approved.length > 0) {
          reader.present(swipeOf(card));
          result = await terminal.void({ voucher: approved[approved.length - 1]!.voucher, supervisorPassword: '654321' });
        } else if (kind === 'refund' && approved.length > 0) {
          const t = approved[0]!;
          reader.present(swipeOf(card));
          // Half the sale in whole yuan: cents like .05 or .51 would meet the test host's amount rules.
          const half = BigInt(t.amount) / 2n;
          result = await terminal.refund({ amount: half - (half % 100n) || 100n, originalRrn: t.rrn, originalDate: t.hostDate, supervisorPassword: '654321' });
        } else if (kind === 'balance') {
          reader.present(swipeOf(card));
          pinPad.enter(spec.pin);
          result = await terminal.balance();
        } else {
          reader.present(swipeOf(card));
          pinPad.enter(spec.pin);
          result = await terminal.purchase({ amount: amountOf(random()) });
        }
        latencies.push(performance.now() - started);
        count(result.code ?? result.outcome);
      }
      await settle();
      return { tid, codes, latenciesMs: latencies, settlements, errors };
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
      return { tid, codes, latenciesMs: latencies, settlements, errors };
    } finally {
      await client.close({ drainTimeoutMs: 500 });
    }
  };
  return Promise.all(spec.terminalNumbers.map((n) => one(n, n - 1)));
}
