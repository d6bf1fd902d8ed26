/**
 * The engine's core: durable state (every change a journal record first), the security module's
 * working keys, prompts over the ports, and the one place the reversal rule lives — the step that
 * sends a financial request: write the reversal durably, send, and on the answer clear it or keep
 * it (DESIGN.md §1). The transaction families (terminal/flows) are short sequences over this.
 */
import { fail, formatAmount, isCardwireError, maskPan, toHex, hex, systemClock, type CancelSignal, type Clock, type Random } from '../core/index';
import { defaultBackend, type CryptoBackend, type SecurityModule } from '../crypto/index';
import { cupWorkingKeyLayout, CUP_KEY_CHECK_VALUE_LENGTH, type IsoMessage } from '../iso8583/index';
import { stanTerminalKey } from '../transport/index';
import { unpackCupPayload } from './channel';
import type { TerminalEvent, TerminalListener, TerminalStep } from './events';
import type { KernelConfig } from '../emv/kernel/index';
import type { Journal } from './journal/journal';
import type { CardReader, Display, HostChannel, Keypad, KeypadAnswer, KeypadRequest, PinPad, Printer, Scanner, Screen } from './ports';
import { cupCodec, macData, parseAnswer, reversalRequest, sealMac, wireLine, type ParsedAnswer, type RequestIdentity } from './profiles/unionpay';
import {
  applyRecord,
  applyRecordOwned,
  encodeRecord,
  encodeRecords,
  followingStan,
  replay,
  snapshotRecord,
  type OwnedArrays,
  type PendingReversal,
  type TerminalRecord,
  type TerminalState,
  type TerminalTransactionKind,
} from './state';

/** Key references the engine uses in its security module. */
export interface TerminalKeyRefs {
  /** The terminal master key, injected at set-up (K0). */
  readonly tmk: string;
  readonly pik: string;
  readonly mak: string;
  readonly tdk: string;
}

/** The default key references. */
export const DEFAULT_KEY_REFS: TerminalKeyRefs = { tmk: 'tmk', pik: 'pik', mak: 'mak', tdk: 'tdk' };

/** The ports and infrastructure an engine runs on. */
export interface EnginePorts {
  readonly journal: Journal;
  readonly securityModule: SecurityModule;
  readonly channel: HostChannel;
  readonly cardReader: CardReader;
  readonly pinPad: PinPad;
  readonly keypad: Keypad;
  readonly display?: Display;
  readonly printer?: Printer;
  readonly scanner?: Scanner;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly backend?: CryptoBackend;
  readonly keyRefs?: TerminalKeyRefs;
  /** EMV kernel configuration for chip transactions (default `defaultKernelConfig`; TID, MID, currency and contactless limits come from the terminal's state). */
  readonly kernelConfig?: KernelConfig;
  /** Called at each step boundary (and awaited): the crash test kills the process here. */
  readonly onStep?: (step: TerminalStep) => void | Promise<void>;
}

/** How an exchange with the host ended. */
export type Exchange =
  | { readonly kind: 'approved'; readonly answer: ParsedAnswer }
  | { readonly kind: 'declined'; readonly answer: ParsedAnswer }
  /** Sent, no (valid) answer: the reversal stays or was sent. */
  | { readonly kind: 'no-answer'; readonly reason: string }
  /** Nothing left the terminal (no connection). */
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** A reversal still owed could not be delivered: no new financial request may leave. */
  | { readonly kind: 'reversal-pending' };

/** The engine core (internal to the terminal layer; `Terminal` is the public face). */
export class Engine {
  readonly ports: EnginePorts;
  readonly refs: TerminalKeyRefs;
  readonly clock: Clock;
  readonly random: Random;
  readonly backend: CryptoBackend;
  #state: TerminalState;
  readonly #listeners = new Set<TerminalListener>();
  #recordsSinceCompaction: number;
  #deferred: TerminalRecord[] = [];
  /** The state's arrays that nobody outside the engine was given (appended to in place; see `exposedState`). */
  readonly #owned: OwnedArrays = { transactions: false, printed: false };

  private constructor(ports: EnginePorts, state: TerminalState, records: number) {
    this.ports = ports;
    this.refs = ports.keyRefs ?? DEFAULT_KEY_REFS;
    this.clock = ports.clock ?? systemClock;
    this.backend = ports.backend ?? defaultBackend();
    this.random = ports.random ?? { bytes: (n) => this.backend.randomBytes(n) };
    this.#state = state;
    this.#recordsSinceCompaction = records;
  }

  /** Open the journal, replay it (or write the set-up record into an empty one), reload the working keys. */
  static async open(ports: EnginePorts, setup: () => TerminalRecord | undefined): Promise<Engine> {
    const records = await ports.journal.open();
    let state = replay(records);
    if (!state) {
      const first = setup();
      if (!first) fail('TERMINAL_NOT_SET_UP', 'the journal is empty and no set-up (TID, MID, merchant) was given', { path: 'setup' });
      await ports.journal.append([encodeRecord(first)]);
      state = applyRecord(undefined, first);
    }
    const engine = new Engine(ports, state, records.length);
    await engine.loadKeys();
    return engine;
  }

  /** The state, for the engine and its flows (which never keep it across a change). */
  get state(): TerminalState {
    return this.#state;
  }

  /**
   * The state for callers outside the engine, who may keep it: from now on its arrays are never
   * appended to in place (the next change that adds to one copies it first).
   */
  exposedState(): TerminalState {
    this.#owned.transactions = false;
    this.#owned.printed = false;
    return this.#state;
  }

  on(listener: TerminalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: TerminalEvent): void {
    for (const l of this.#listeners) l(event);
  }

  /** Emit a step and run the `onStep` hook (await the result: the hook's promise, if it returned one). */
  step(step: TerminalStep): void | Promise<void> {
    this.emit({ type: 'step', step });
    return this.ports.onStep?.(step);
  }

  /** Append records durably (one sync, with any deferred ones first), then apply them (the deferred ones are applied already). */
  async append(...records: TerminalRecord[]): Promise<void> {
    const all = this.#deferred.length ? [...this.#deferred, ...records] : records;
    await this.ports.journal.append(encodeRecords(all));
    this.#deferred = [];
    let s = this.#state;
    for (const r of records) s = applyRecordOwned(s, r, this.#owned);
    this.#state = s;
    this.#recordsSinceCompaction += all.length;
  }

  /**
   * Apply a record now and make it durable with the next append (no sync of its own): for facts
   * whose loss at a power cut is harmless, such as "this receipt printed" (the terminal then offers
   * a reprint).
   */
  defer(record: TerminalRecord): void {
    this.#deferred.push(record);
    this.#state = applyRecordOwned(this.#state, record, this.#owned);
  }

  /** Compact the journal into one snapshot record when it has grown (after settlement, at start). */
  async compactIfLarge(threshold = 500): Promise<void> {
    if (this.#recordsSinceCompaction < threshold) return;
    await this.ports.journal.compact([encodeRecord(snapshotRecord(this.#state))]);
    this.#recordsSinceCompaction = 1;
  }

  async compact(): Promise<void> {
    await this.ports.journal.compact([encodeRecord(snapshotRecord(this.#state))]);
    this.#recordsSinceCompaction = 1;
  }

  /** Re-import the working keys of the last sign-on (DE 62 under the TMK) into the security module. */
  async loadKeys(): Promise<boolean> {
    const k = this.#state.keys;
    if (!k) return false;
    await this.importKeys(k.scheme, hex(k.de62));
    return true;
  }

  /**
   * Import DE 62's working keys under the TMK; each is kept only if its check value matches
   * (SECURITY_MODULE_KCV_MISMATCH otherwise). A 003 MAK slot whose last 8 bytes are zeros is a
   * single-length MAK.
   */
  async importKeys(scheme: '001' | '003' | '004', bytes: Uint8Array): Promise<void> {
    const makSlot = bytes.subarray(scheme === '001' ? 12 : 20, scheme === '001' ? 20 : 36);
    const doubleLengthMak = scheme !== '001' && !makSlot.subarray(8).every((b) => b === 0);
    const layout = cupWorkingKeyLayout(scheme, { doubleLengthMak });
    const needed = layout.reduce((n, slot) => n + slot.width + CUP_KEY_CHECK_VALUE_LENGTH, 0);
    if (bytes.length !== needed) fail('SECURITY_MODULE_KCV_MISMATCH', `DE 62 of key scheme ${scheme} is ${needed} bytes, got ${bytes.length}`, { path: 'DE62' });
    let at = 0;
    for (const slot of layout) {
      const encrypted = bytes.subarray(at, at + slot.length);
      const kcv = bytes.subarray(at + slot.width, at + slot.width + CUP_KEY_CHECK_VALUE_LENGTH);
      at += slot.width + CUP_KEY_CHECK_VALUE_LENGTH;
      const usage = slot.key === 'pik' ? 'P0' : slot.key === 'mak' ? 'M3' : 'D0';
      await this.ports.securityModule.importEncryptedKey(this.refs[slot.key], this.refs.tmk, { encrypted, kcv, algorithm: slot.length === 8 ? 'des' : 'tdes', usage });
    }
  }

  /** The next STAN (not yet durable: the record that uses it makes it so). */
  nextStan(): string {
    return followingStan(this.#state.stan);
  }

  identity(stan: string): RequestIdentity {
    const s = this.#state;
    return { tid: s.tid, mid: s.mid, stan, batch: s.batch, operator: s.operator ?? '00', tpdu: s.params.tpdu, header: s.params.header, currency: s.params.currency };
  }

  show(screen: Screen): void {
    this.ports.display?.show(screen);
    this.emit({ type: 'display', screen });
  }

  /** Text in the terminal's language: Chinese with English, or English. */
  say(zh: string, en: string): string {
    return this.#state.params.language === 'zh' ? `${zh} ${en}` : en;
  }

  amountText(minor: bigint): string {
    return formatAmount(minor, this.#state.params.currency);
  }

  async ask(request: KeypadRequest, signal?: CancelSignal): Promise<KeypadAnswer> {
    this.emit({ type: 'prompt', prompt: request.prompt });
    return this.ports.keypad.read({ ...request, timeoutMs: this.#state.params.promptTimeoutMs, ...(signal ? { signal } : {}) });
  }

  /** Pack, MAC under the MAK (when the message has DE 64), log the wire line. */
  async seal(message: IsoMessage): Promise<Uint8Array> {
    const bytes = message.pack();
    if (message.has(64)) sealMac(bytes, await this.ports.securityModule.generateMac(this.refs.mak, macData(bytes), { algorithm: 'unionpay' }));
    // The wire line is text for a listener's log: not built when nobody listens.
    if (this.#listeners.size > 0) this.emit({ type: 'wire', line: wireLine('→', message) });
    return bytes;
  }

  /** Send one payload and read its answer; undefined on no answer, with why. */
  async transmit(payload: Uint8Array, stan: string): Promise<{ readonly answer?: ParsedAnswer; readonly failure?: 'no-answer' | 'unreachable' | 'garbage'; readonly reason: string }> {
    let bytes: Uint8Array;
    try {
      bytes = await this.ports.channel.request(payload, { timeoutMs: this.#state.params.hostTimeoutMs, key: this.matchKey(stan) });
    } catch (e) {
      const code = isCardwireError(e) ? e.code : 'TRANSPORT_DISCONNECTED';
      const unreachable = code === 'TRANSPORT_CONNECT_FAILED' || code === 'TRANSPORT_NOT_CONNECTED' || code === 'TRANSPORT_CONNECT_TIMEOUT' || code === 'TRANSPORT_CLOSED';
      return { failure: unreachable ? 'unreachable' : 'no-answer', reason: code };
    }
    let m: IsoMessage;
    try {
      m = unpackCupPayload(bytes);
    } catch (e) {
      return { failure: 'garbage', reason: isCardwireError(e) ? e.code : 'undecodable answer' };
    }
    if (this.#listeners.size > 0) this.emit({ type: 'wire', line: wireLine('←', m) });
    const answer = parseAnswer(m);
    if (answer.stan !== stan || answer.tid !== this.#state.tid) return { failure: 'garbage', reason: 'the answer is for another request' };
    return { answer, reason: '' };
  }

  /** The channel's matching key of this terminal's request with a STAN (DE 11 + DE 41, as `stanTerminalKey` gives). */
  matchKey(stan: string): string {
    const tid = this.#state.tid;
    return stanTerminalKey({ mti: '', get: (n) => (n === 11 ? stan : n === 41 ? tid : undefined) });
  }

  /** True when the answer's MAC verifies under the MAK (an answer without DE 64 does not). */
  async answerMacOk(answer: ParsedAnswer): Promise<boolean> {
    const source = answer.message.source;
    if (!answer.mac || !source) return false;
    try {
      return await this.ports.securityModule.verifyMac(this.refs.mak, macData(source.subarray(0, answer.message.consumed)), answer.mac, { algorithm: 'unionpay' });
    } catch {
      return false;
    }
  }

  /** A non-financial exchange (sign-on, echo, settlement, upload): no reversal. */
  async exchange(message: IsoMessage, stan: string): Promise<Exchange> {
    this.emit({ type: 'online', mti: message.mti, stan });
    const sent = await this.transmit(await this.seal(message), stan);
    if (!sent.answer) return sent.failure === 'unreachable' ? { kind: 'unreachable', reason: sent.reason } : { kind: 'no-answer', reason: sent.reason };
    if (message.has(64) && sent.answer.code === '00' && !(await this.answerMacOk(sent.answer))) return { kind: 'no-answer', reason: 'bad answer MAC' };
    return sent.answer.code === '00' ? { kind: 'approved', answer: sent.answer } : { kind: 'declined', answer: sent.answer };
  }

  /**
   * Send a financial request under the reversal rule: the owed reversal goes first; then this
   * request's reversal is written durably; then the request leaves. A decline clears the reversal
   * (in the same append as `onDecline`'s records); an approval keeps it until the flow commits
   * with {@link commit}; no answer or a bad answer MAC sends it (reason 98 / A0 / 06).
   */
  async financial(message: IsoMessage, kind: TerminalTransactionKind): Promise<Exchange> {
    if (!(await this.flushReversal())) return { kind: 'reversal-pending' };
    const stan = message.getText(11)!;
    const reversal: PendingReversal = { stan, batch: this.#state.batch, reason: '98', payload: toHex(reversalRequest(message, '98').pack()), attempts: 0, kind };
    await this.append({ t: 'reversal', reversal });
    await this.step('reversal-written');
    this.emit({ type: 'online', mti: message.mti, stan });
    const payload = await this.seal(message);
    const sent = await this.transmit(payload, stan);
    await this.step('sent');
    if (sent.failure === 'unreachable') {
      await this.append({ t: 'reversal-cleared', stan });
      return { kind: 'unreachable', reason: sent.reason };
    }
    if (!sent.answer) {
      if (sent.failure === 'garbage') await this.append({ t: 'reversal-reason', stan, reason: '06' });
      await this.flushReversal();
      return { kind: 'no-answer', reason: sent.reason };
    }
    await this.step('received');
    const answer = sent.answer;
    if (!(await this.answerMacOk(answer)) && (answer.code === '00' || answer.mac !== undefined)) {
      await this.append({ t: 'reversal-reason', stan, reason: 'A0' });
      await this.flushReversal();
      return { kind: 'no-answer', reason: 'bad answer MAC' };
    }
    if (answer.code !== '00') return { kind: 'declined', answer };
    return { kind: 'approved', answer };
  }

  /** Record the end of a financial exchange: `records` and the reversal's clearing in one durable append. */
  async commit(stan: string, ...records: TerminalRecord[]): Promise<void> {
    await this.step('before-commit');
    const clear: TerminalRecord[] = this.#state.reversal?.stan === stan ? [{ t: 'reversal-cleared', stan }] : [];
    await this.append(...records, ...clear);
    await this.step('committed');
  }

  /** The approved request could not complete (chip declined after approval, failure before commit): reverse with 96. */
  async abandon(stan: string, reason: '96' | '06' = '96'): Promise<void> {
    if (this.#state.reversal?.stan !== stan) return;
    await this.append({ t: 'reversal-reason', stan, reason });
    await this.flushReversal();
  }

  /**
   * Send the reversal still owed, up to the retry limit; true when none is owed afterwards.
   * Cleared by any answer from the host (0410), whatever its code.
   */
  async flushReversal(): Promise<boolean> {
    for (let i = 0; i < this.#state.params.reversalRetries; i++) {
      const r = this.#state.reversal;
      if (!r) return true;
      const m = cupCodec.unpack(hex(r.payload));
      m.set(39, r.reason);
      await this.append({ t: 'reversal-attempt', stan: r.stan });
      const sent = await this.transmit(await this.seal(m), r.stan);
      if (sent.answer && sent.answer.mti === '0410') {
        await this.append({ t: 'reversal-cleared', stan: r.stan });
        this.emit({ type: 'reversal', stan: r.stan, reason: r.reason, outcome: 'sent' });
        return true;
      }
      if (sent.failure === 'unreachable') break;
    }
    const left = this.#state.reversal;
    if (left) this.emit({ type: 'reversal', stan: left.stan, reason: left.reason, outcome: 'pending' });
    return left === undefined;
  }

  maskedPan(pan: string): string {
    return maskPan(pan);
  }
}
