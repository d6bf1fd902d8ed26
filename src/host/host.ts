/**
 * The acquirer host: a pure function of a request's bytes, the configuration and the
 * {@link Ledger} to the answer's bytes. Each request is decided and recorded in one ledger
 * transaction, and the answer is returned only once that transaction is durable; faults from the
 * configuration's rules (delay, no answer, wrong MAC, garbage, close) are returned as directives
 * for the server to carry out. Nothing here does I/O: the TCP server, the CLI and the database
 * adapters live in `cardwire/host/node`.
 */
import { encodeAscii, formatAmount, isCardwireError, pooledRandom, systemClock, toHex, type Clock, type Random } from '../core/index';
import { defaultBackend, SoftwareSecurityModule, type CryptoBackend } from '../crypto/index';
import { decodeCupSettlementTotals, decodeCupUploadRecords, encodeCupSettlementTotals, type CupClassTotals, type IsoMessage, type TlvValueNode } from '../iso8583/index';
import { decodeTlv } from '../emv/index';
import { chipData, checkCard, checkCvv, checkPin, issuerAuthenticationData, issuerScripts, resolveCard, verifyCryptogram } from './card';
import type { FaultJson, HostCard, HostConfig, HostTerminal, KeyScheme } from './config/types';
import { DEBIT_KINDS, effectOf, undo } from './flows/effects';
import { HostKeys, terminalKeyRefs } from './keys';
import type { CardClass, Ledger, LedgerAccount, LedgerTerminal, LedgerTransaction, LedgerTx, TransactionKind } from './ledger/ledger';
import type { HostProfile } from './profiles/profile';
import { unionPayProfile } from './profiles/unionpay';
import { FINANCIAL_KINDS, type HostAnswer, type HostRequest } from './request';

/** One line of the host's log: masked, no PAN, track, PIN, key or CVV. */
export interface HostLogEntry {
  readonly at: string;
  /** Request MTI. */
  readonly mti: string;
  readonly kind: string;
  readonly tid: string;
  readonly stan: string;
  /** Amount in major units with the currency's decimals, or ''. */
  readonly amount: string;
  /** DE 39 answered, `--` when nothing was answered. */
  readonly code: string;
  /** Milliseconds from the request's arrival to the decision (ledger commit included). */
  readonly latencyMs: number;
  /** What else happened: a replayed answer, a fault, a format error. */
  readonly note: string;
}

/** What the server does with a request. */
export interface HostReply {
  /** The answer's bytes (payload), or undefined when nothing is to be sent. */
  readonly response: Uint8Array | undefined;
  /** Wait this long before sending (fault `delay`). */
  readonly delayMs: number;
  /** Close the connection (fault `close`, or a request too broken to answer). */
  readonly close: boolean;
  readonly log: HostLogEntry;
}

/** Options of {@link Host}. */
export interface HostOptions {
  readonly config: HostConfig;
  readonly ledger: Ledger;
  /** Dialect profile (default UnionPay). */
  readonly profile?: HostProfile;
  readonly clock?: Clock;
  /** Randomness for working keys, authorisation codes and garbage (default the backend's CSPRNG). */
  readonly random?: Random;
  readonly backend?: CryptoBackend;
}

interface LocalTime {
  readonly date: string;
  readonly time: string;
  readonly yymm: string;
}

const NO_MAC_CODES = new Set(['A0', '77', '97', '30', '03']);
const REPLAYABLE = FINANCIAL_KINDS;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The host.
 *
 * @example
 * ```ts
 * const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger: new MemoryLedger() });
 * await host.start();
 * const reply = await host.handle(signOnPayload); // 0810 with DE 62 = PIK ‖ KCV ‖ MAK ‖ KCV
 * ```
 */
export class Host {
  readonly config: HostConfig;
  readonly ledger: Ledger;
  readonly profile: HostProfile;
  readonly keys: HostKeys;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #backend: CryptoBackend;

  constructor(options: HostOptions) {
    this.config = options.config;
    this.ledger = options.ledger;
    this.profile = options.profile ?? unionPayProfile;
    this.#clock = options.clock ?? systemClock;
    this.#backend = options.backend ?? defaultBackend();
    this.#random = options.random ?? pooledRandom((n) => this.#backend.randomBytes(n));
    this.keys = new HostKeys(new SoftwareSecurityModule({ backend: this.#backend, random: this.#random }));
    this.keys.loadConfig(this.config);
  }

  /** Seed the ledger with the configuration's accounts and terminals (rows already there win). */
  async start(): Promise<void> {
    const accounts: LedgerAccount[] = [...this.config.cards.values()].map((c) => ({ pan: c.pan, currency: c.currency.numeric, available: c.opening, held: 0n, pinFailures: 0 }));
    const terminals: LedgerTerminal[] = [...this.config.terminals.values()].map((t) => ({
      tid: t.tid,
      batch: t.batch,
      signedOn: false,
      workingKeys: '',
      keyScheme: '',
      keyGeneration: 0,
      settlingBatch: '',
    }));
    await this.ledger.seed(accounts, terminals);
  }

  #local(): LocalTime {
    const t = new Date(this.#clock.now().getTime() + this.config.utcOffsetMinutes * 60_000);
    const mm = pad2(t.getUTCMonth() + 1);
    return {
      date: mm + pad2(t.getUTCDate()),
      time: pad2(t.getUTCHours()) + pad2(t.getUTCMinutes()) + pad2(t.getUTCSeconds()),
      yymm: pad2(t.getUTCFullYear() % 100) + mm,
    };
  }

  /**
   * Answer one request (the frame's payload: for UnionPay, TPDU + header + message).
   */
  async handle(payload: Uint8Array): Promise<HostReply> {
    const started = this.#clock.now().getTime();
    const local = this.#local();
    let message: IsoMessage;
    try {
      message = this.profile.codec.unpack(payload);
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      const partial = e.partial as IsoMessage | undefined;
      return this.#formatError(partial, local, started, `undecodable: ${e.code}`);
    }
    let req: HostRequest;
    try {
      req = this.profile.read(message);
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      return this.#formatError(message, local, started, `not understood: ${e.code}`);
    }
    const terminal = this.config.terminals.get(req.tid);
    if (!terminal) return this.#plain(req, { code: '97', acquirer: this.config.acquirer, localDate: local.date, localTime: local.time }, started, '');
    if (terminal.mid !== req.mid) return this.#plain(req, { code: '03', acquirer: this.config.acquirer, localDate: local.date, localTime: local.time }, started, '');
    const rule = FINANCIAL_KINDS.has(req.kind) ? this.#rule(req) : undefined;
    let out: { response: Uint8Array | undefined; code: string; note: string };
    try {
      out = await this.ledger.transaction((tx) => this.#decide(tx, req, terminal, local, payload, rule?.respond));
    } catch (e) {
      if (!isCardwireError(e) || !e.code.startsWith('HOST_LEDGER')) throw e;
      out = { response: this.#pack(req, { code: '96', acquirer: this.config.acquirer, localDate: local.date, localTime: local.time }, false), code: '96', note: `ledger: ${e.code}` };
    }
    return this.#faulted(out, rule?.fault, req, started);
  }

  #rule(req: HostRequest): { respond: string | undefined; fault: FaultJson | undefined } | undefined {
    for (const r of this.config.rules) {
      if (r.tid !== undefined && r.tid !== req.tid) continue;
      if (r.kinds !== undefined && !r.kinds.has(req.kind)) continue;
      if (r.pan !== undefined && r.pan !== req.pan && !(req.track2 ?? '').startsWith(r.pan)) continue;
      if (r.amount !== undefined) {
        if (req.amount === undefined) continue;
        if (!r.amount.test(formatAmount(req.amount, req.currency))) continue;
      }
      return { respond: r.respond, fault: r.fault };
    }
    return undefined;
  }

  #faulted(out: { response: Uint8Array | undefined; code: string; note: string }, fault: FaultJson | undefined, req: HostRequest, started: number): HostReply {
    let response = out.response;
    let delayMs = 0;
    let close = false;
    let note = out.note;
    if (fault) {
      note = `${note ? `${note}; ` : ''}fault ${fault.kind}`;
      switch (fault.kind) {
        case 'delay':
          delayMs = fault.ms;
          break;
        case 'no-answer':
          response = undefined;
          break;
        case 'wrong-mac':
          if (response && response.length >= 8) {
            response = response.slice();
            response[response.length - 1]! ^= 0x01;
          }
          break;
        case 'garbage':
          response = this.#random.bytes(response?.length ?? 32);
          break;
        case 'close':
          response = undefined;
          close = true;
          break;
        default: {
          const never: never = fault;
          void never;
        }
      }
    }
    return { response, delayMs, close, log: this.#log(req.mti, req.kind, req.tid, req.stan, req.amount, req.currency, response === undefined ? '--' : out.code, started, note) };
  }

  #log(mti: string, kind: string, tid: string, stan: string, amount: bigint | undefined, currency: string, code: string, started: number, note: string): HostLogEntry {
    let shown = '';
    try {
      shown = amount === undefined ? '' : formatAmount(amount, currency);
    } catch {
      shown = String(amount);
    }
    const now = this.#clock.now();
    return { at: now.toISOString(), mti, kind, tid, stan, amount: shown, code, latencyMs: now.getTime() - started, note };
  }

  #formatError(partial: IsoMessage | undefined, local: LocalTime, started: number, note: string): HostReply {
    const answer = this.profile.formatError(partial, { code: '30', acquirer: this.config.acquirer, localDate: local.date, localTime: local.time });
    const tid = partial?.get(41);
    const stan = partial?.get(11);
    const log = this.#log(partial?.mti ?? '????', 'unknown', typeof tid === 'string' ? tid : '', typeof stan === 'string' ? stan : '', undefined, '156', answer ? '30' : '--', started, note);
    if (!answer) return { response: undefined, delayMs: 0, close: true, log };
    return { response: answer.pack(), delayMs: 0, close: false, log };
  }

  #plain(req: HostRequest, a: HostAnswer, started: number, note: string): HostReply {
    return { response: this.#pack(req, a, false), delayMs: 0, close: false, log: this.#log(req.mti, req.kind, req.tid, req.stan, req.amount, req.currency, a.code, started, note) };
  }

  /** Pack an answer; with `mac`, compute and seal the response MAC under the terminal's MAK. */
  #pack(req: HostRequest, a: HostAnswer, mac: boolean): Uint8Array {
    return this.profile.respond(req, a, { mac }).pack();
  }

  async #sealed(req: HostRequest, a: HostAnswer, mac: boolean): Promise<Uint8Array> {
    const bytes = this.#pack(req, a, mac);
    if (mac) this.profile.sealMac(bytes, await this.keys.module.generateMac(terminalKeyRefs(req.tid).mak, this.profile.macData(bytes), this.profile.mac));
    return bytes;
  }

  async #decide(tx: LedgerTx, sent: HostRequest, terminal: HostTerminal, local: LocalTime, payload: Uint8Array, forced: string | undefined): Promise<{ response: Uint8Array | undefined; code: string; note: string }> {
    const base = { acquirer: this.config.acquirer, localDate: local.date, localTime: local.time };
    const term = await tx.terminal(sent.tid);
    if (!term) return { response: await this.#sealed(sent, { ...base, code: '97' }, false), code: '97', note: '' };
    // A dialect without a batch field: the host's open batch (and the original's, unless it says).
    const req: HostRequest =
      sent.batch !== ''
        ? sent
        : { ...sent, batch: term.batch, original: sent.original.stan !== undefined && sent.original.batch === undefined ? { ...sent.original, batch: term.batch } : sent.original };
    const plain = async (code: string, note = '') => ({ response: await this.#sealed(req, { ...base, code }, false), code, note });
    switch (req.kind) {
      case 'sign-on':
        return this.#signOn(tx, req, terminal, term, base);
      case 'sign-off':
        await tx.saveTerminal({ ...term, signedOn: false });
        this.keys.forget(req.tid);
        return plain('00');
      case 'echo':
        return plain('00');
      default:
        break;
    }
    if (!term.signedOn) return plain('77');
    const loaded = await this.keys.ensure(req.tid, term.keyScheme, term.workingKeys, term.keyGeneration, this.#keyed(terminal).doubleLengthMak);
    if (!loaded) return plain('77');
    const needsMac = FINANCIAL_KINDS.has(req.kind) || req.kind === 'reversal';
    if (req.mac) {
      const good = await this.keys.module.verifyMac(terminalKeyRefs(req.tid).mak, req.mac.data, req.mac.value, this.profile.mac);
      if (!good) return plain('A0', 'bad request MAC');
    } else if (needsMac) return plain('A0', 'no request MAC');
    const mac = req.mac !== undefined;
    const answer = async (a: Omit<HostAnswer, 'acquirer' | 'localDate' | 'localTime'>) => this.#sealed(req, { ...base, ...a }, mac && !NO_MAC_CODES.has(a.code));
    switch (req.kind) {
      case 'reversal':
        return this.#reversal(tx, req, payload, answer);
      case 'settlement':
        return this.#settlement(tx, req, term, answer);
      case 'upload':
      case 'upload-end':
        return this.#upload(tx, req, term, answer);
      default:
        return this.#financial(tx, req, term, local, payload, forced, answer);
    }
  }

  async #signOn(tx: LedgerTx, req: HostRequest, terminal: HostTerminal, term: LedgerTerminal, base: { acquirer: string; localDate: string; localTime: string }) {
    const scheme: KeyScheme = this.profile.signOnScheme?.(req) ?? '003';
    const generation = term.keyGeneration + 1;
    const de62 = await this.keys.signOn(this.#keyed(terminal), scheme, generation);
    await tx.saveTerminal({ ...term, signedOn: true, workingKeys: toHex(de62), keyScheme: scheme, keyGeneration: generation });
    const rrn = await this.#rrn(tx);
    const response = await this.#sealed(req, { ...base, code: '00', rrn, batch: term.batch, workingKeys: de62 }, false);
    return { response, code: '00', note: `keys ${scheme}` };
  }

  /** The terminal as its keys are handed out in this dialect. */
  #keyed(terminal: HostTerminal): HostTerminal {
    return this.profile.doubleLengthMak ? { ...terminal, doubleLengthMak: true } : terminal;
  }

  async #rrn(tx: LedgerTx): Promise<string> {
    return String((await tx.nextSequence()) % 1_000_000_000_000n).padStart(12, '0');
  }

  #authCode(): string {
    const b = this.#random.bytes(3);
    return String(((b[0]! << 16) | (b[1]! << 8) | b[2]!) % 1_000_000).padStart(6, '0');
  }

  async #digest(req: HostRequest): Promise<string> {
    const o = req.original;
    const text = [req.kind, req.amount ?? '', req.processingCode, req.pan ?? '', req.track2 ?? '', req.paymentCode ?? '', req.entryMode, o.batch ?? '', o.stan ?? '', o.date ?? '', o.rrn ?? '', o.authCode ?? ''].join('|');
    return toHex(this.#backend.hash('sha256', encodeAscii(text)).subarray(0, 16));
  }

  async #financial(
    tx: LedgerTx,
    req: HostRequest,
    term: LedgerTerminal,
    local: LocalTime,
    payload: Uint8Array,
    forced: string | undefined,
    answer: (a: Omit<HostAnswer, 'acquirer' | 'localDate' | 'localTime'>) => Promise<Uint8Array>,
  ): Promise<{ response: Uint8Array | undefined; code: string; note: string }> {
    const digest = await this.#digest(req);
    // The card first, so that the ledger can read its account with the key (one round trip). A
    // card that cannot be resolved for a fault of the security module still gets the key checks
    // first (a retransmission is replayed, a reused STAN answered 94), as when the card came after.
    let resolved: Awaited<ReturnType<typeof resolveCard>> | undefined;
    let unresolvable: unknown;
    try {
      resolved = await resolveCard(this.keys.module, req, this.config.paymentCodes);
    } catch (e) {
      unresolvable = e;
    }
    const earlier = await tx.transactionByKey(req.tid, req.batch, req.stan, resolved?.ok ? { account: resolved.value.pan } : undefined);
    if (earlier) {
      if (earlier.digest === digest && REPLAYABLE.has(earlier.kind)) return { response: this.profile.readdress(earlier.response, payload), code: earlier.responseCode, note: 'retransmission: first answer replayed' };
      return { response: await answer({ code: '94' }), code: '94', note: 'same batch and STAN, different content' };
    }
    if (await tx.reversal(req.tid, req.batch, req.stan)) return { response: await answer({ code: '94' }), code: '94', note: 'already reversed' };
    if (resolved === undefined) throw unresolvable;
    const card = resolved.ok ? this.config.cards.get(resolved.value.pan) : undefined;
    const pan = resolved.ok ? resolved.value.pan : req.pan ?? '';
    const kind = req.kind as TransactionKind;
    const amount = req.amount ?? 0n;
    const record = async (code: string, extra: { authCode?: string; originalId?: number; hold?: bigint; icc?: readonly TlvValueNode[]; balance?: HostAnswer['balance'] } = {}) => {
      const approved = code === '00';
      const rrn = await this.#rrn(tx);
      const authCode = approved ? (extra.authCode ?? this.#authCode()) : '';
      const response = await answer({
        code,
        rrn,
        ...(authCode ? { authCode } : {}),
        settlementDate: local.date,
        ...(resolved.ok ? { pan: resolved.value.pan } : {}),
        ...(card ? { cardOrganisation: card.organisation, issuer: this.config.issuer } : {}),
        ...(extra.balance ? { balance: extra.balance } : {}),
        ...(extra.icc ? { icc: extra.icc } : {}),
      });
      const cardClass: CardClass = card && card.organisation !== 'CUP' ? 'foreign' : 'domestic';
      await tx.insertTransaction({
        tid: req.tid,
        mid: req.mid,
        batch: req.batch,
        stan: req.stan,
        kind,
        mti: req.mti,
        pan,
        amount,
        currency: req.currency,
        responseCode: code,
        authCode,
        rrn,
        localDate: local.date,
        localTime: local.time,
        recordedAt: this.#clock.now().toISOString(),
        status: approved ? 'approved' : 'declined',
        originalId: extra.originalId ?? null,
        cardClass,
        entryMode: req.entryMode,
        digest,
        response,
        hold: extra.hold ?? 0n,
        refunded: 0n,
      });
      return { response, code, note: '' };
    };
    if (!resolved.ok) return record(resolved.code);
    if (!card) return record('14');
    this.keys.ensureCard(card.pan);
    if (req.kind !== 'balance' && amount <= 0n) return record('13');
    if (req.currency !== card.currency.numeric) return record('13');
    const cardCode = checkCard(card, resolved.value, req, local.yymm) ?? (await checkCvv(this.keys.module, card, resolved.value));
    if (cardCode) return record(cardCode);
    const account = await tx.account(card.pan);
    if (!account) return record('14');
    const pinKey = await this.keys.module.keyInfo(terminalKeyRefs(req.tid).pik);
    const pinNeeded = kind === 'purchase' || kind === 'balance' || kind === 'preauth' || kind === 'transfer';
    const pin = await checkPin(this.keys.module, card, account, req, { tries: this.config.pinTries, pinKeyDoubleLength: pinKey.length > 8, pinNeeded });
    const afterPin: LedgerAccount = pin.pinFailures === account.pinFailures ? account : { ...account, pinFailures: pin.pinFailures };
    if (pin.code) {
      if (afterPin !== account) await tx.saveAccount(afterPin);
      return record(pin.code);
    }
    let chip: ReturnType<typeof chipData> | undefined;
    if (req.icc && card.emv) {
      chip = chipData(req.icc, card, req);
      if (!chip.ok) return record(chip.code);
      if (!(await verifyCryptogram(this.keys.module, card, chip.value))) {
        if (afterPin !== account) await tx.saveAccount(afterPin);
        const icc = await this.#chipAnswer(card, chip.value, card.emv.badCryptogramResponse);
        return record(card.emv.badCryptogramResponse, icc ? { icc } : {});
      }
    }
    const effect = forced !== undefined ? { code: forced } : await effectOf({ tx, req, pan: card.pan, amount, account: afterPin, completionTolerancePercent: this.config.completionTolerancePercent });
    if (effect.code === '00' && effect.apply) await effect.apply(tx);
    else if (afterPin !== account) await tx.saveAccount(afterPin);
    const icc = chip?.ok ? await this.#chipAnswer(card, chip.value, effect.code) : undefined;
    const balance =
      kind === 'balance' && effect.code === '00' ? { accountKind: card.accountKind, available: afterPin.available, currency: afterPin.currency } : undefined;
    return record(effect.code, {
      ...(effect.originalId !== undefined ? { originalId: effect.originalId } : {}),
      ...(effect.hold !== undefined ? { hold: effect.hold } : {}),
      ...(icc ? { icc } : {}),
      ...(balance ? { balance } : {}),
    });
  }

  /** DE 55 of the answer: 91 (ARPC) and the card's issuer scripts. */
  async #chipAnswer(card: HostCard, chip: Parameters<typeof issuerAuthenticationData>[2], code: string): Promise<readonly TlvValueNode[] | undefined> {
    const out: TlvValueNode[] = [];
    const iad = await issuerAuthenticationData(this.keys.module, card, chip, code);
    if (iad) out.push({ tag: '91', value: iad });
    if (code === '00' && chip.type === 'arqc') {
      for (const template of [card.emv?.scriptBefore, card.emv?.scriptAfter]) {
        if (template) out.push(...(await issuerScripts(this.keys.module, card, chip, decodeTlv(template) as TlvValueNode[])));
      }
    }
    return out.length ? out : undefined;
  }

  async #reversal(tx: LedgerTx, req: HostRequest, payload: Uint8Array, answer: (a: Omit<HostAnswer, 'acquirer' | 'localDate' | 'localTime'>) => Promise<Uint8Array>) {
    const earlier = await tx.reversal(req.tid, req.batch, req.stan);
    if (earlier) return { response: this.profile.readdress(earlier.response, payload), code: '00', note: 'repeated reversal' };
    const orig = await tx.transactionByKey(req.tid, req.batch, req.stan);
    let note = 'original unknown';
    let originalId: number | null = null;
    if (orig) {
      originalId = orig.id;
      if (orig.status === 'approved') {
        await undo(tx, orig, orig.kind === 'transfer' ? req.additionalData : undefined);
        note = `undid ${orig.kind}`;
      } else note = `original ${orig.status}`;
    }
    const response = await answer({ code: '00' });
    await tx.insertReversal({ tid: req.tid, batch: req.batch, stan: req.stan, reason: req.reversalReason ?? '06', originalId, recordedAt: this.#clock.now().toISOString(), response });
    return { response, code: '00', note };
  }

  async #settlement(tx: LedgerTx, req: HostRequest, term: LedgerTerminal, answer: (a: Omit<HostAnswer, 'acquirer' | 'localDate' | 'localTime'>) => Promise<Uint8Array>) {
    if (req.additionalData === undefined) return { response: await answer({ code: '30' }), code: '30', note: 'no DE 48' };
    let asked;
    try {
      asked = decodeCupSettlementTotals(req.additionalData);
    } catch {
      return { response: await answer({ code: '30' }), code: '30', note: 'bad DE 48' };
    }
    const own = settlementTotals(await tx.batchTransactions(req.tid, req.batch));
    const result = (a: CupClassTotals, b: CupClassTotals): '1' | '2' =>
      a.debitAmount === b.debitAmount && a.debitCount === b.debitCount && a.creditAmount === b.creditAmount && a.creditCount === b.creditCount ? '1' : '2';
    const known = req.batch === term.batch || req.batch === term.settlingBatch;
    const answered = encodeCupSettlementTotals({
      domestic: { ...asked.domestic, result: known ? result(asked.domestic, own.domestic) : '3' },
      foreign: { ...asked.foreign, result: known ? result(asked.foreign, own.foreign) : '3' },
    });
    const balanced = answered.charAt(30) === '1' && answered.charAt(61) === '1';
    if (this.profile.settlementClosesBatch && balanced) {
      await tx.saveTerminal({ ...term, batch: String((Number(req.batch) % 999_999) + 1).padStart(6, '0'), settlingBatch: '' });
    } else await tx.saveTerminal({ ...term, settlingBatch: req.batch });
    await tx.insertSettlement({ tid: req.tid, batch: req.batch, requested: req.additionalData, answered, recordedAt: this.#clock.now().toISOString() });
    return { response: await answer({ code: '00', additionalData: answered }), code: '00', note: `settlement ${answered.charAt(30)}${answered.charAt(61)}` };
  }

  async #upload(tx: LedgerTx, req: HostRequest, term: LedgerTerminal, answer: (a: Omit<HostAnswer, 'acquirer' | 'localDate' | 'localTime'>) => Promise<Uint8Array>) {
    const at = this.#clock.now().toISOString();
    if (req.kind === 'upload-end') {
      const next = String((Number(req.batch) % 999_999) + 1).padStart(6, '0');
      await tx.saveTerminal({ ...term, batch: next, settlingBatch: '' });
      await tx.insertUpload({ tid: req.tid, batch: req.batch, code: req.networkCode, stan: req.stan, matchedId: null, recordedAt: at });
      return { response: await answer({ code: '00' }), code: '00', note: `batch ${req.batch} closed, ${next} open` };
    }
    const batch = await tx.batchTransactions(req.tid, req.batch);
    if (req.networkCode === '201' && req.amount === undefined) {
      let records;
      try {
        records = decodeCupUploadRecords(req.additionalData ?? '');
      } catch {
        return { response: await answer({ code: '30' }), code: '30', note: 'bad DE 48' };
      }
      for (const r of records) {
        const m = batch.find((t) => t.stan === r.stan && t.amount === r.amount && t.pan === r.pan && t.responseCode === '00');
        await tx.insertUpload({ tid: req.tid, batch: req.batch, code: '201', stan: r.stan, matchedId: m?.id ?? null, recordedAt: at });
      }
      return { response: await answer({ code: '00' }), code: '00', note: `${records.length} records` };
    }
    // One item with its own fields: a chip transaction (203-206) or an advice the host may lack.
    const m = batch.find((t) => t.stan === req.stan);
    await tx.insertUpload({ tid: req.tid, batch: req.batch, code: req.networkCode, stan: req.stan, matchedId: m?.id ?? null, recordedAt: at });
    return { response: await answer({ code: '00' }), code: '00', note: m ? 'matched' : 'not in the ledger' };
  }
}

/**
 * The host's settlement totals of a batch: debits are approved purchases, completions and offline
 * purchases not voided or reversed; credits are approved refunds.
 *
 * @example
 * ```ts
 * settlementTotals(await ledger.list({ tid: '10000159', batch: '000001' })).domestic.debitCount; // 3
 * ```
 */
export function settlementTotals(transactions: readonly LedgerTransaction[]): { readonly domestic: CupClassTotals; readonly foreign: CupClassTotals } {
  const zero = (): { debitAmount: bigint; debitCount: number; creditAmount: bigint; creditCount: number; result: '0' } => ({ debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' });
  const out = { domestic: zero(), foreign: zero() };
  for (const t of transactions) {
    if (t.responseCode !== '00' || (t.status !== 'approved' && t.status !== 'completed')) continue;
    const c = out[t.cardClass];
    if (DEBIT_KINDS.includes(t.kind)) {
      c.debitAmount += t.amount;
      c.debitCount += 1;
    } else if (t.kind === 'refund') {
      c.creditAmount += t.amount;
      c.creditCount += 1;
    }
  }
  return out;
}
