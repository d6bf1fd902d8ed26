/**
 * A virtual EMV card: answers command APDUs as a chip does (EMV 4.4 Book 1 §11-12 selection,
 * Book 3 §6.5 commands, Book 2 signatures and cryptograms, ISO/IEC 7816-4 status words), keeps its
 * counters across transactions (ATC, last online ATC, PIN try counter, application block) and can
 * be told to misbehave (wrong signatures, expired certificates, blocked PIN or application, 6985
 * on GET PROCESSING OPTIONS, removal at the n-th command, malformed records, T=0 procedure bytes).
 *
 * Card risk management is simplified and documented in docs/emv-kernel.md: the first GENERATE AC
 * gives what was asked for, except a TC becomes an ARQC when the consecutive offline count passes
 * the upper limit (9F23), the card is new, or the last issuer authentication failed; the second
 * gives a TC only for an approving response code with issuer authentication passed (when the card
 * requires it). Contactless (qVSDC / qPBOC) decides in GET PROCESSING OPTIONS from the TTQ and an
 * offline amount limit.
 */
import { CardwireError, concatBytes, constantTimeEqual, fail, hex, inspectSymbol, toHex } from '../../core/index';
import {
  defaultBackend,
  generateApplicationCryptogram,
  generateArpc,
  generateIssuerScriptMac,
  rsaPrivateRaw,
  type CryptoBackend,
  type CryptogramData,
} from '../../crypto/index';
import { decodeCommandApdu, type ApduTransmit, type CommandApdu } from '../apdu';
import { encodeIssuerApplicationData, type CvrCryptogram, type MastercardCvrFlag, type VisaCvrFlag } from '../bits/iad';
import { splitDolData, type DolEntry } from '../dol';
import { decodeTlv, encodeTlv, type TlvInput } from '../tlv';
import { aipOdaFlags, compileCard, type CardInterface, type CompiledApplication, type CompiledCard, type CompiledInterface } from './compile';
import type { VirtualCardPersonalisation } from './personalisation';
import { signedDynamicApplicationData } from './signing';

/** Faults a virtual card can be told to show. */
export interface VirtualCardFaults {
  /** Corrupt the signed static application data (93): SDA fails. */
  readonly wrongSdaSignature?: boolean;
  /** Serve an issuer certificate (90) or ICC certificate (9F46) that expired in January 2020. */
  readonly expiredCertificate?: 'issuer' | 'icc';
  /** Sign a wrong transaction data hash in the CDA signature: CDA fails. */
  readonly cdaMismatch?: boolean;
  /** Corrupt the DDA signature (INTERNAL AUTHENTICATE, and the fDDA signature of a contactless GPO): DDA / fDDA fails. */
  readonly wrongDdaSignature?: boolean;
  /** Start with the PIN try counter at 0. */
  readonly pinBlocked?: boolean;
  /** Start with the application blocked (SELECT answers 6283, GPO 6985, GENERATE AC gives AAC): every one, or the one named (AID hex). */
  readonly applicationBlocked?: boolean | string;
  /** The whole card is blocked: SELECT answers 6A81. */
  readonly cardBlocked?: boolean;
  /** GET PROCESSING OPTIONS answers 6985 (conditions of use not satisfied), for every application or the one named (AID hex). */
  readonly gpoConditionsNotSatisfied?: boolean | string;
  /** The card leaves the reader when the n-th command (1-based, counted from power-on) arrives. */
  readonly removeAtCommand?: number;
  /** One record comes back malformed: without its 70 template, or with a truncated TLV inside. */
  readonly malformedRecord?: { readonly sfi: number; readonly record: number; readonly kind?: 'no-template' | 'truncated' };
  /** T=0 behaviour: case 4 answers as 61xx (then GET RESPONSE), case 2 answers 6Cxx until Le is exact. */
  readonly t0?: { readonly getResponse?: boolean; readonly wrongLength?: boolean };
  /** Answer the second GENERATE AC with an AAC whatever the host said. */
  readonly declineAfterOnline?: boolean;
}

/** Options of {@link VirtualCard}. */
export interface VirtualCardOptions {
  /** Interface of the first session (default `'contact'`; `insert()` and `tap()` change it). */
  readonly interface?: CardInterface;
  readonly faults?: VirtualCardFaults;
  /** Seed of the card's own random numbers (challenges, ICC dynamic numbers), for reproducible traces. */
  readonly seed?: number;
  /** Crypto backend for the card's cryptograms and hashes (default: the crypto layer default). */
  readonly backend?: CryptoBackend;
}

/** One command the card received and what it answered. */
export interface CardExchange {
  readonly command: Uint8Array;
  readonly response: Uint8Array;
}

/** An issuer script command the card processed (Book 3 §10.10). */
export interface ScriptCommandResult {
  readonly command: Uint8Array;
  /** Status word answered. */
  readonly sw: number;
  /** What it did, when it was accepted. */
  readonly applied?: 'application-block' | 'application-unblock' | 'card-block' | 'pin-unblock' | 'put-data';
}

/** Counters of one application, kept across transactions. */
interface ApplicationCounters {
  atc: number;
  lastOnlineAtc: number;
  blocked: boolean;
  issuerAuthenticationFailedLastOnline: boolean;
  /** Data objects changed by PUT DATA scripts. */
  readonly updated: Map<string, Uint8Array>;
}

type AcType = 'AAC' | 'TC' | 'ARQC';

/** Per-session (power-on to power-off) state. */
interface Session {
  app?: CompiledApplication;
  profile?: CompiledInterface;
  pseSelected: boolean;
  partialName?: Uint8Array;
  gpoDone: boolean;
  pdolData: Uint8Array;
  cdol1Data?: Uint8Array;
  first?: { type: AcType; ac: Uint8Array; values: ReadonlyMap<string, Uint8Array> };
  second?: AcType;
  externalAuthenticate: 'none' | 'passed' | 'failed';
  challenge: Uint8Array | undefined;
  offlinePin: 'none' | 'successful' | 'failed';
  ddaPerformed: boolean;
  pending: Uint8Array | undefined;
}

const PSE = hex('315041592E5359532E4444463031');
const PPSE = hex('325041592E5359532E4444463031');
const SW = (sw: number): Uint8Array => Uint8Array.of(sw >> 8, sw & 0xff);

/** A reply before T=0 framing: data and status word. */
interface Reply {
  readonly data?: Uint8Array;
  readonly sw: number;
}
const ok = (data: Uint8Array): Reply => ({ data, sw: 0x9000 });
const status = (sw: number): Reply => ({ sw });

/** Response codes (8A) a card approves on: 00, 10, 11 (approved), Y1/Y3 (offline approved). */
const APPROVING_ARC = new Set(['3030', '3130', '3131', '5931', '5933']);

/**
 * A virtual EMV card behind an `ApduTransmit`.
 *
 * @example
 * ```ts
 * const card = new VirtualCard(virtualCards['visa-credit']);
 * const r = await card.transmit(hex('00A4040007A000000003101000')); // SELECT the Visa AID
 * toHex(r.subarray(-2)); // '9000'
 * card.remove();
 * await card.transmit(hex('00B2010C00')); // rejects: CardwireError CARD_REMOVED
 * ```
 */
export class VirtualCard {
  readonly personalisation: VirtualCardPersonalisation;
  readonly #card: CompiledCard;
  readonly #faults: VirtualCardFaults;
  readonly #crypto: { readonly backend: CryptoBackend };
  readonly #counters: ApplicationCounters[];
  #pinTryCounter: number;
  #cardBlocked: boolean;
  #interface: CardInterface;
  #present = true;
  #commands = 0;
  #session: Session;
  #seed: number;
  readonly #exchanges: CardExchange[] = [];
  readonly #scripts: ScriptCommandResult[] = [];
  readonly #records = new Map<string, Map<string, Uint8Array>>();

  constructor(personalisation: VirtualCardPersonalisation, options: VirtualCardOptions = {}) {
    this.personalisation = personalisation;
    this.#card = compileCard(personalisation);
    this.#faults = options.faults ?? {};
    this.#crypto = { backend: options.backend ?? defaultBackend() };
    this.#interface = options.interface ?? 'contact';
    this.#seed = (options.seed ?? 0x2545f491) >>> 0 || 1;
    this.#pinTryCounter = this.#faults.pinBlocked ? 0 : this.#card.pinTryLimit;
    this.#cardBlocked = this.#faults.cardBlocked === true;
    this.#counters = this.#card.applications.map((a) => ({
      atc: a.perso.counters?.atc ?? 0,
      lastOnlineAtc: a.perso.counters?.lastOnlineAtc ?? 0,
      blocked: this.#faults.applicationBlocked === true || (typeof this.#faults.applicationBlocked === 'string' && this.#faults.applicationBlocked.toUpperCase() === toHex(a.aid)),
      issuerAuthenticationFailedLastOnline: false,
      updated: new Map(),
    }));
    this.#session = newSession();
  }

  /** Send one command APDU; resolves with the response APDU (data ‖ SW1 SW2). */
  readonly transmit: ApduTransmit = async (command) => {
    if (!this.#present) throw new CardwireError('CARD_REMOVED', 'the card is not in the reader', { path: 'card' });
    this.#commands++;
    if (this.#faults.removeAtCommand === this.#commands) {
      this.#present = false;
      throw new CardwireError('CARD_REMOVED', `the card was removed at command ${this.#commands}`, { path: 'card' });
    }
    const response = this.#answer(command);
    this.#exchanges.push({ command: command.slice(), response });
    return response.slice();
  };

  /** Power the card up in a contact reader: a new session (counters are kept). */
  insert(): void {
    this.#powerOn('contact');
  }

  /** Present the card to a contactless reader: a new session. */
  tap(): void {
    this.#powerOn('contactless');
  }

  /** Take the card out: every transmit rejects with `CARD_REMOVED` until `insert()` or `tap()`. */
  remove(): void {
    this.#present = false;
  }

  /** The interface of the current session. */
  get interface(): CardInterface {
    return this.#interface;
  }

  /** Application transaction counter of the first (or named) application. */
  atc(aid?: string): number {
    return this.#countersOf(aid).atc;
  }

  /** Last online ATC register (9F13). */
  lastOnlineAtc(aid?: string): number {
    return this.#countersOf(aid).lastOnlineAtc;
  }

  /** True when an APPLICATION BLOCK script (or the fault) blocked the application. */
  applicationBlocked(aid?: string): boolean {
    return this.#countersOf(aid).blocked;
  }

  /** PIN try counter (9F17). */
  get pinTryCounter(): number {
    return this.#pinTryCounter;
  }

  /** Commands received since power-on. */
  get commandCount(): number {
    return this.#commands;
  }

  /** Every exchange since construction, in order. */
  get exchanges(): readonly CardExchange[] {
    return this.#exchanges;
  }

  /** Issuer script commands received, with what each did. */
  get scriptResults(): readonly ScriptCommandResult[] {
    return this.#scripts;
  }

  /** The card's id and interface only: the personalisation holds PANs, PINs and keys. */
  toString(): string {
    return `VirtualCard(${this.personalisation.id}, ${this.#interface})`;
  }

  toJSON(): { id: string; interface: CardInterface } {
    return { id: this.personalisation.id, interface: this.#interface };
  }

  [inspectSymbol](): string {
    return this.toString();
  }

  #powerOn(kind: CardInterface): void {
    this.#interface = kind;
    this.#present = true;
    this.#commands = 0;
    this.#session = newSession();
  }

  #countersOf(aid: string | undefined): ApplicationCounters {
    const k = aid === undefined ? 0 : this.#card.applications.findIndex((a) => toHex(a.aid) === aid.toUpperCase());
    const c = this.#counters[k];
    if (!c) fail('INVALID_ARGUMENT', `the card has no application ${aid ?? ''}`, { path: 'aid' });
    return c;
  }

  #random(n: number): Uint8Array {
    // xorshift32: reproducible card randomness (challenges, dynamic numbers), not a CSPRNG.
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let x = this.#seed;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.#seed = x >>> 0;
      out[i] = this.#seed & 0xff;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // T=0 framing (Book 1 §9.3.1.3) around the command handlers.

  #answer(bytes: Uint8Array): Uint8Array {
    let c: CommandApdu;
    try {
      c = decodeCommandApdu(bytes);
    } catch {
      return SW(0x6700);
    }
    const t0 = this.#faults.t0;
    if (c.cla === 0x00 && c.ins === 0xc0) {
      const pending = this.#session.pending;
      this.#session.pending = undefined;
      if (!pending) return SW(0x6985);
      const le = c.le ?? 256;
      if (le < pending.length) return concatBytes(pending.subarray(0, le), SW(0x6100 | Math.min(255, pending.length - le)));
      return concatBytes(pending, SW(0x9000));
    }
    const reply = this.#dispatch(c);
    const data = reply.data ?? new Uint8Array(0);
    if (data.length > 256) fail('VIRTUAL_CARD_PERSONALISATION_INVALID', `a response of ${data.length} bytes does not fit one R-APDU`, { path: 'records' });
    const hasData = c.data !== undefined && c.data.length > 0;
    if (t0?.getResponse && hasData && data.length > 0 && (reply.sw === 0x9000 || (reply.sw >> 8) === 0x62)) {
      this.#session.pending = data;
      return SW(0x6100 | (data.length & 0xff));
    }
    if (t0?.wrongLength && !hasData && data.length > 0 && (c.le ?? 256) !== data.length) return SW(0x6c00 | (data.length & 0xff));
    return concatBytes(data, SW(reply.sw));
  }

  #dispatch(c: CommandApdu): Reply {
    const key = (c.cla << 8) | c.ins;
    switch (key) {
      case 0x00a4:
        return this.#select(c);
      case 0x00b2:
        return this.#readRecord(c);
      case 0x80a8:
        return this.#getProcessingOptions(c);
      case 0x80ca:
        return this.#getData(c);
      case 0x0084:
        return this.#getChallenge();
      case 0x0020:
        return this.#verify(c);
      case 0x0088:
        return this.#internalAuthenticate(c);
      case 0x80ae:
        return this.#generateAc(c);
      case 0x0082:
        return this.#externalAuthenticate(c);
      case 0x841e:
      case 0x8418:
      case 0x8416:
      case 0x8424:
      case 0x04da:
        return this.#script(c);
      default:
        return status(c.cla === 0x00 || c.cla === 0x80 || c.cla === 0x84 ? 0x6d00 : 0x6e00);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Selection (Book 1 §11.3, §12).

  #select(c: CommandApdu): Reply {
    if (c.p1 !== 0x04 || (c.p2 !== 0x00 && c.p2 !== 0x02)) return status(0x6a86);
    const name = c.data ?? new Uint8Array(0);
    if (this.#cardBlocked) return status(0x6a81);
    const s = this.#session;
    const previous = s.app;
    this.#session = newSession();
    if (equal(name, PSE) && this.#interface === 'contact' && this.#card.perso.pse !== false) {
      this.#session.pseSelected = true;
      const a5: TlvInput[] = [{ tag: '88', value: Uint8Array.of(0x01) }];
      const lang = this.#card.applications[0]?.values.get('5F2D');
      if (lang) a5.push({ tag: '5F2D', value: lang });
      return ok(encodeTlv([{ tag: '6F', children: [{ tag: '84', value: PSE }, { tag: 'A5', children: a5 }] }]));
    }
    if (equal(name, PPSE) && this.#interface === 'contactless') {
      const entries = this.#card.applications.filter((a) => a.contactless).map((a) => ({ tag: '61', children: directoryEntry(a, true) }));
      if (entries.length === 0) return status(0x6a82);
      return ok(encodeTlv([{ tag: '6F', children: [{ tag: '84', value: PPSE }, { tag: 'A5', children: [{ tag: 'BF0C', children: entries }] }] }]));
    }
    const apps = this.#card.applications.filter((a) => a.interface(this.#interface) && name.length <= a.aid.length && equal(a.aid.subarray(0, name.length), name));
    let chosen: CompiledApplication | undefined;
    if (c.p2 === 0x02) {
      // Book 1 §12.3.3: "next" selects the application after the last one selected with this name.
      const at = previous && s.partialName && equal(s.partialName, name) ? apps.indexOf(previous) : -1;
      chosen = at >= 0 ? apps[at + 1] : undefined;
    } else {
      chosen = apps[0];
    }
    if (!chosen) return status(0x6a82);
    const profile = chosen.interface(this.#interface)!;
    this.#session.app = chosen;
    this.#session.profile = profile;
    this.#session.partialName = name.slice();
    const a5: TlvInput[] = [{ tag: '50', value: chosen.values.get('50')! }];
    for (const tag of ['87']) {
      const v = chosen.values.get(tag);
      if (v) a5.push({ tag, value: v });
    }
    if (profile.pdolBytes) a5.push({ tag: '9F38', value: profile.pdolBytes });
    for (const tag of ['5F2D', '9F11', '9F12']) {
      const v = chosen.values.get(tag);
      if (v) a5.push({ tag, value: v });
    }
    const bf0c = chosen.values.get('BF0C');
    if (bf0c) a5.push({ tag: 'BF0C', value: bf0c });
    const fci = encodeTlv([{ tag: '6F', children: [{ tag: '84', value: chosen.aid }, { tag: 'A5', children: a5 }] }]);
    return { data: fci, sw: this.#countersFor(chosen).blocked ? 0x6283 : 0x9000 };
  }

  #countersFor(app: CompiledApplication): ApplicationCounters {
    return this.#counters[this.#card.applications.indexOf(app)]!;
  }

  #valueOf(app: CompiledApplication, tag: string): Uint8Array | undefined {
    return this.#countersFor(app).updated.get(tag) ?? app.values.get(tag);
  }

  // -------------------------------------------------------------------------------------------
  // READ RECORD (Book 3 §6.5.11) of the PSE directory or the selected application.

  #readRecord(c: CommandApdu): Reply {
    if ((c.p2 & 0x07) !== 0x04 || c.p1 === 0) return status(0x6a86);
    const sfi = c.p2 >> 3;
    const s = this.#session;
    if (s.pseSelected) {
      const apps = this.#card.applications.filter((a) => a.contact);
      const app = sfi === 1 ? apps[c.p1 - 1] : undefined;
      if (!app) return status(0x6a83);
      return ok(encodeTlv([{ tag: '70', children: [{ tag: '61', children: directoryEntry(app, false) }] }]));
    }
    if (!s.app || !s.profile) return status(0x6985);
    const bytes = this.#recordsOf(s.app, s.profile).get(`${sfi}:${c.p1}`);
    if (!bytes) return status(0x6a83);
    return ok(bytes);
  }

  /** The records of an application on an interface, as served with this card's faults. */
  #recordsOf(app: CompiledApplication, profile: CompiledInterface): Map<string, Uint8Array> {
    const key = `${toHex(app.aid)}:${profile === app.contact ? 'contact' : 'contactless'}`;
    const hit = this.#records.get(key);
    if (hit) return hit;
    // Cards with the same personalisation and faults serve the same records: share them, unless
    // a PUT DATA script changed this card's data.
    const f = this.#faults;
    const shareKey = `${f.expiredCertificate ?? ''}|${f.wrongSdaSignature === true}|${f.malformedRecord ? `${f.malformedRecord.sfi}.${f.malformedRecord.record}.${f.malformedRecord.kind ?? ''}` : ''}`;
    const shareable = this.#countersFor(app).updated.size === 0;
    let shared = SHARED_RECORDS.get(profile);
    const cached = shareable ? shared?.get(shareKey) : undefined;
    const out = cached ?? this.#buildRecords(app, profile);
    if (shareable && !cached) {
      if (!shared) SHARED_RECORDS.set(profile, (shared = new Map()));
      shared.set(shareKey, out);
    }
    this.#records.set(key, out);
    return out;
  }

  #buildRecords(app: CompiledApplication, profile: CompiledInterface): Map<string, Uint8Array> {
    const f = this.#faults;
    const keys = app.keys;
    const signed = new Map(profile.signedValues({ iccCertificateExpiry: f.expiredCertificate === 'icc' ? '0120' : keys?.icc?.certificateExpiry ?? '1230' }));
    if (f.expiredCertificate === 'issuer' && keys?.expiredIssuerCertificate) signed.set('90', keys.expiredIssuerCertificate);
    const ssad = signed.get('93');
    if (f.wrongSdaSignature && ssad) {
      const bad = ssad.slice();
      bad[bad.length - 1]! ^= 0x01;
      signed.set('93', bad);
    }
    const out = new Map<string, Uint8Array>();
    for (const r of profile.records) {
      let bytes = app.encodeRecord(r, (tag) => this.#valueOf(app, tag) ?? signed.get(tag));
      if (bytes.length > 256) fail('VIRTUAL_CARD_PERSONALISATION_INVALID', `record ${r.record} of SFI ${r.sfi} is ${bytes.length} bytes, more than one R-APDU holds`, { path: 'records' });
      const m = f.malformedRecord;
      if (m && m.sfi === r.sfi && m.record === r.record) bytes = malformed(bytes, m.kind ?? 'no-template');
      out.set(`${r.sfi}:${r.record}`, bytes);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // GET PROCESSING OPTIONS (Book 3 §6.5.8; qVSDC / qPBOC: EMV Book C-3 §5.2, simplified).

  #getProcessingOptions(c: CommandApdu): Reply {
    const s = this.#session;
    const app = s.app;
    const profile = s.profile;
    if (!app || !profile || s.gpoDone) return status(0x6985);
    const data = c.data ?? new Uint8Array(0);
    if (data.length < 2 || data[0] !== 0x83 || data[1] !== data.length - 2) return status(0x6a80);
    const pdolData = data.subarray(2);
    const expected = profile.pdol.reduce((n, e) => n + e.length, 0);
    if (pdolData.length !== expected) return status(0x6700);
    const gpoFault = this.#faults.gpoConditionsNotSatisfied;
    if (gpoFault === true || (typeof gpoFault === 'string' && gpoFault.toUpperCase() === toHex(app.aid))) return status(0x6985);
    const counters = this.#countersFor(app);
    if (counters.blocked) return status(0x6985);
    if (counters.atc >= 0xffff) return status(0x6985);
    counters.atc++;
    s.gpoDone = true;
    s.pdolData = pdolData.slice();
    if (profile.contactless) return this.#contactlessGpo(app, profile, pdolData);
    if (profile.gpoFormat === 1) return ok(encodeTlv([{ tag: '80', value: concatBytes(profile.aip, profile.afl) }]));
    return ok(encodeTlv([{ tag: '77', children: [{ tag: '82', value: profile.aip }, { tag: '94', value: profile.afl }] }]));
  }

  #contactlessGpo(app: CompiledApplication, profile: CompiledInterface, pdolData: Uint8Array): Reply {
    const cl = profile.contactless!;
    const values = dolValues(profile.pdol, pdolData);
    const ttq = values.get('9F66') ?? new Uint8Array(4);
    const counters = this.#countersFor(app);
    const amount = bcdToBigInt(values.get('9F02') ?? new Uint8Array(6));
    const onlineRequired = (ttq[1]! & 0x80) !== 0;
    const offlineOnly = (ttq[0]! & 0x08) !== 0;
    const ucol = this.#valueOf(app, '9F23');
    const velocity = ucol !== undefined && ucol.length === 1 && counters.atc - counters.lastOnlineAtc > ucol[0]!;
    const wantsOnline = onlineRequired || amount > BigInt(cl.offlineLimit) || velocity || counters.lastOnlineAtc === 0;
    const type: AcType = wantsOnline ? (offlineOnly ? 'AAC' : 'ARQC') : 'TC';
    const ctq = cl.ctq ? hex(cl.ctq) : new Uint8Array(2);
    if ((ttq[1]! & 0x40) !== 0) {
      // The reader asks for a CVM (Book C-3 §5.2.2): online PIN when going online, else signature.
      if (type === 'ARQC' && cl.onlinePinWhenCvmRequired && (ttq[0]! & 0x04) !== 0) ctq[0]! |= 0x80;
      else if ((ttq[0]! & 0x02) !== 0) ctq[0]! |= 0x40;
    }
    const iad = this.#iad(app, type, 'not-requested', {});
    const ac = this.#cryptogram(app, profile.aip, values, iad);
    this.#session.first = { type, ac, values };
    const cid = Uint8Array.of(type === 'ARQC' ? 0x80 : type === 'TC' ? 0x40 : 0x00);
    const children: TlvInput[] = [
      { tag: '82', value: profile.aip },
      { tag: '94', value: profile.afl },
      { tag: '57', value: this.#valueOf(app, '57')! },
      { tag: '5F34', value: this.#valueOf(app, '5F34')! },
      { tag: '9F10', value: iad },
      { tag: '9F26', value: ac },
      { tag: '9F27', value: cid },
      { tag: '9F36', value: atcBytes(counters.atc) },
      { tag: '9F6C', value: ctq },
    ];
    if (type === 'TC' && aipOdaFlags(profile.aip).dda && app.keys?.icc) {
      // fDDA (Book C-3 Annex C): the card signs the reader's UN, amount and currency with its own
      // Card Authentication Related Data (fDDA version ‖ card UN ‖ CTQ).
      const cardAuthenticationData = concatBytes(hex(cl.fddaVersion ?? '01'), this.#random(4), ctq);
      const terminal = concatBytes(values.get('9F37') ?? new Uint8Array(4), values.get('9F02') ?? new Uint8Array(6), values.get('5F2A') ?? new Uint8Array(2), cardAuthenticationData);
      const sdad = this.#signDynamic(app, concatBytes(Uint8Array.of(8), this.#random(8)), terminal);
      if (this.#faults.wrongDdaSignature) sdad[sdad.length - 1]! ^= 0x01;
      children.push({ tag: '9F4B', value: sdad });
      children.push({ tag: '9F69', value: cardAuthenticationData });
    }
    return ok(encodeTlv([{ tag: '77', children }]));
  }

  // -------------------------------------------------------------------------------------------
  // GET DATA (Book 3 §6.5.7), GET CHALLENGE (§6.5.6), VERIFY (§6.5.12).

  #getData(c: CommandApdu): Reply {
    const app = this.#session.app;
    const tag = toHex(Uint8Array.of(c.p1, c.p2));
    if (tag === '9F17') return this.#card.pin === undefined ? status(0x6a88) : ok(encodeTlv([{ tag, value: Uint8Array.of(this.#pinTryCounter) }]));
    if (!app) return status(0x6985);
    const counters = this.#countersFor(app);
    if (tag === '9F36') return ok(encodeTlv([{ tag, value: atcBytes(counters.atc) }]));
    if (tag === '9F13') return ok(encodeTlv([{ tag, value: atcBytes(counters.lastOnlineAtc) }]));
    return status(0x6a88);
  }

  #getChallenge(): Reply {
    const challenge = this.#random(8);
    this.#session.challenge = challenge;
    return ok(challenge);
  }

  #verify(c: CommandApdu): Reply {
    const s = this.#session;
    if (!s.app || c.p1 !== 0x00) return status(0x6a86);
    const pin = this.#card.pin;
    if (pin === undefined) return status(0x6a88);
    let block: Uint8Array;
    if (c.p2 === 0x80) {
      block = c.data ?? new Uint8Array(0);
    } else if (c.p2 === 0x88) {
      // Book 2 §7.2: 7F ‖ PIN block ‖ ICC unpredictable number ‖ random padding, enciphered.
      const key = s.app.keys?.icc;
      const data = c.data ?? new Uint8Array(0);
      if (!key || data.length !== key.modulus.length || !s.challenge) return status(0x6985);
      let clear: Uint8Array;
      try {
        clear = rsaPrivateRaw(key.privateKey, data);
      } catch {
        return status(0x6a80);
      }
      if (clear[0] !== 0x7f || !equal(clear.subarray(9, 17), s.challenge)) return status(0x6a80);
      s.challenge = undefined;
      block = clear.subarray(1, 9);
    } else {
      return status(0x6a86);
    }
    if (this.#pinTryCounter === 0) return status(0x6983);
    const entered = plaintextPin(block);
    if (entered === undefined) return status(0x6a80);
    if (entered === pin) {
      this.#pinTryCounter = this.#card.pinTryLimit;
      s.offlinePin = 'successful';
      return status(0x9000);
    }
    this.#pinTryCounter--;
    s.offlinePin = 'failed';
    return status(0x63c0 | this.#pinTryCounter);
  }

  // -------------------------------------------------------------------------------------------
  // INTERNAL AUTHENTICATE (Book 3 §6.5.9, Book 2 §6.5).

  #internalAuthenticate(c: CommandApdu): Reply {
    const s = this.#session;
    const app = s.app;
    if (!app || !s.profile || !aipOdaFlags(s.profile.aip).dda || !app.keys?.icc) return status(0x6985);
    const data = c.data ?? new Uint8Array(0);
    if (app.ddol && data.length !== app.ddol.reduce((n, e) => n + e.length, 0)) return status(0x6700);
    let sdad = this.#signDynamic(app, concatBytes(Uint8Array.of(8), this.#random(8)), data);
    if (this.#faults.wrongDdaSignature) {
      sdad = sdad.slice();
      sdad[sdad.length - 1]! ^= 0x01;
    }
    s.ddaPerformed = true;
    if (app.perso.internalAuthenticateFormat === 1) return ok(encodeTlv([{ tag: '80', value: sdad }]));
    return ok(encodeTlv([{ tag: '77', children: [{ tag: '9F4B', value: sdad }] }]));
  }

  #signDynamic(app: CompiledApplication, iccDynamicData: Uint8Array, terminalData: Uint8Array): Uint8Array {
    return signedDynamicApplicationData(app.keys!.icc!.privateKey, iccDynamicData, terminalData, this.#crypto);
  }

  // -------------------------------------------------------------------------------------------
  // GENERATE AC (Book 3 §6.5.5; CDA Book 2 §6.6.1) and EXTERNAL AUTHENTICATE (§6.5.4).

  #generateAc(c: CommandApdu): Reply {
    const s = this.#session;
    const app = s.app;
    const profile = s.profile;
    if (!app || !profile || !s.gpoDone || s.second !== undefined || profile.contactless) return status(0x6985);
    const requested = c.p1 & 0xc0;
    if (requested === 0xc0 || (c.p1 & 0x2f) !== 0 || c.p2 !== 0x00) return status(0x6a86);
    const cda = (c.p1 & 0x10) !== 0;
    const data = c.data ?? new Uint8Array(0);
    const counters = this.#countersFor(app);
    const isFirst = s.first === undefined;
    const dol = isFirst ? app.cdol1 : app.cdol2;
    if (data.length !== dol.reduce((n, e) => n + e.length, 0)) return status(0x6700);
    const values = new Map(s.first?.values ?? []);
    for (const [tag, v] of dolValues(dol, data)) values.set(tag, v);
    const asked: AcType = requested === 0x40 ? 'TC' : requested === 0x80 ? 'ARQC' : 'AAC';
    let type: AcType;
    const flags: Record<string, boolean> = {};
    if (isFirst) {
      s.cdol1Data = data.slice();
      type = this.#firstDecision(app, asked);
    } else {
      type = this.#secondDecision(app, asked, values, flags);
    }
    const iad = isFirst ? this.#iad(app, type, 'not-requested', flags) : this.#iad(app, s.first!.type, type, flags);
    const ac = this.#cryptogram(app, profile.aip, values, iad);
    if (isFirst) s.first = { type, ac, values };
    else {
      s.second = type;
      if (type === 'TC' && (s.externalAuthenticate === 'passed' || !this.#requiresIssuerAuthentication(app))) counters.lastOnlineAtc = counters.atc;
    }
    const cid = Uint8Array.of(type === 'ARQC' ? 0x80 : type === 'TC' ? 0x40 : 0x00);
    const atc = atcBytes(counters.atc);
    if (cda && type !== 'AAC' && aipOdaFlags(profile.aip).cda && app.keys?.icc) {
      // Book 2 §6.6.1: the transaction data hash covers the PDOL data, CDOL1 (and CDOL2) data and
      // the response data objects other than 9F4B, in the order they are sent.
      const others: TlvInput[] = [{ tag: '9F27', value: cid }, { tag: '9F36', value: atc }, { tag: '9F10', value: iad }];
      const hashed = concatBytes(s.pdolData, s.cdol1Data ?? new Uint8Array(0), isFirst ? new Uint8Array(0) : data, encodeTlv(others));
      const hash = this.#crypto.backend.hash('sha1', hashed);
      if (this.#faults.cdaMismatch) hash[0]! ^= 0xff;
      const idn = this.#random(8);
      const un = values.get('9F37') ?? new Uint8Array(4);
      const sdad = this.#signDynamic(app, concatBytes(Uint8Array.of(8), idn, cid, ac, hash), un);
      return ok(encodeTlv([{ tag: '77', children: [others[0]!, others[1]!, { tag: '9F4B', value: sdad }, others[2]!] }]));
    }
    if (profile.gpoFormat === 1) return ok(encodeTlv([{ tag: '80', value: concatBytes(cid, atc, ac, iad) }]));
    return ok(encodeTlv([{ tag: '77', children: [{ tag: '9F27', value: cid }, { tag: '9F36', value: atc }, { tag: '9F26', value: ac }, { tag: '9F10', value: iad }] }]));
  }

  #firstDecision(app: CompiledApplication, asked: AcType): AcType {
    const counters = this.#countersFor(app);
    if (counters.blocked || asked === 'AAC') return 'AAC';
    if (asked === 'ARQC') return 'ARQC';
    const ucol = this.#valueOf(app, '9F23');
    const overLimit = ucol !== undefined && ucol.length === 1 && counters.atc - counters.lastOnlineAtc > ucol[0]!;
    if (overLimit || counters.lastOnlineAtc === 0 || counters.issuerAuthenticationFailedLastOnline) return 'ARQC';
    return 'TC';
  }

  #requiresIssuerAuthentication(app: CompiledApplication): boolean {
    const p = app.perso.requireIssuerAuthentication;
    if (p !== undefined) return p;
    const aip = this.#session.profile?.aip;
    return (aip !== undefined && (aip[0]! & 0x04) !== 0) || app.cdol2.some((e) => e.tag === '91');
  }

  #secondDecision(app: CompiledApplication, asked: AcType, values: Map<string, Uint8Array>, flags: Record<string, boolean>): AcType {
    const s = this.#session;
    const counters = this.#countersFor(app);
    const arc = toHex(values.get('8A') ?? new Uint8Array(2));
    const unableOnline = arc === '5933' || arc === '5A33';
    if (unableOnline) flags['unableToGoOnline'] = true;
    const iad91 = app.cdol2.some((e) => e.tag === '91') ? values.get('91') : undefined;
    if (iad91 && s.first?.type === 'ARQC' && !unableOnline && s.externalAuthenticate === 'none') {
      s.externalAuthenticate = this.#checkArpc(app, iad91) ? 'passed' : 'failed';
    }
    if (s.externalAuthenticate === 'failed') flags['issuerAuthenticationFailed'] = true;
    if (s.externalAuthenticate !== 'none') flags['issuerAuthenticationPerformed'] = true;
    if (s.first?.type === 'ARQC' && !unableOnline) counters.issuerAuthenticationFailedLastOnline = s.externalAuthenticate === 'failed';
    if (counters.blocked || asked !== 'TC' || s.first?.type === 'AAC' || this.#faults.declineAfterOnline) return 'AAC';
    if (!APPROVING_ARC.has(arc)) return 'AAC';
    if (unableOnline) return this.#firstDecision(app, 'TC') === 'TC' ? 'TC' : 'AAC';
    if (this.#requiresIssuerAuthentication(app) && s.externalAuthenticate !== 'passed') return 'AAC';
    return 'TC';
  }

  /** Check the ARPC of issuer authentication data (tag 91) against this transaction's ARQC. */
  #checkArpc(app: CompiledApplication, iad91: Uint8Array): boolean {
    const first = this.#session.first;
    if (!first || first.type !== 'ARQC') return false;
    const method = app.profile.arpc.method;
    const atc = atcBytes(this.#countersFor(app).atc);
    const un = first.values.get('9F37');
    try {
      if (method === 1) {
        if (iad91.length < 10) return false;
        const arpc = generateArpc({ cvn: app.perso.cryptogram.cvn, iccMasterKey: app.iccMasterKeys.ac, arqc: first.ac, applicationTransactionCounter: atc, ...(un ? { unpredictableNumber: un } : {}), authorisationResponseCode: iad91.subarray(8, 10) }, this.#crypto);
        return constantTimeEqual(arpc, iad91.subarray(0, 8));
      }
      if (iad91.length < 8) return false;
      const arpc = generateArpc({ cvn: app.perso.cryptogram.cvn, iccMasterKey: app.iccMasterKeys.ac, arqc: first.ac, applicationTransactionCounter: atc, ...(un ? { unpredictableNumber: un } : {}), cardStatusUpdate: iad91.subarray(4, 8), proprietaryAuthenticationData: iad91.subarray(8) }, this.#crypto);
      return constantTimeEqual(arpc, iad91.subarray(0, 4));
    } catch {
      return false;
    }
  }

  #externalAuthenticate(c: CommandApdu): Reply {
    const s = this.#session;
    const app = s.app;
    if (!app || s.first?.type !== 'ARQC' || s.second !== undefined) return status(0x6985);
    if (s.externalAuthenticate !== 'none') return status(0x6985);
    const data = c.data ?? new Uint8Array(0);
    const need = app.profile.arpc.method === 1 ? 10 : 8;
    if (data.length < need || data.length > 16) return status(0x6700);
    const passed = this.#checkArpc(app, data);
    s.externalAuthenticate = passed ? 'passed' : 'failed';
    if (passed) this.#countersFor(app).lastOnlineAtc = this.#countersFor(app).atc;
    return status(passed ? 0x9000 : 0x6300);
  }

  /** Issuer Application Data in the layout of the application's cryptogram version. */
  #iad(app: CompiledApplication, first: AcType, second: CvrCryptogram, flags: Record<string, boolean>): Uint8Array {
    const s = this.#session;
    const counters = this.#countersFor(app);
    const dki = app.perso.cryptogram.derivationKeyIndex;
    const pinLimit = this.#pinTryCounter === 0;
    const cvn = app.perso.cryptogram.cvn;
    if (cvn.startsWith('mastercard')) {
      const f: Partial<Record<MastercardCvrFlag, boolean>> = {
        offlinePinPerformed: s.offlinePin !== 'none',
        offlinePinSuccessful: s.offlinePin === 'successful',
        offlinePinFailed: s.offlinePin === 'failed',
        offlinePinNotPerformed: s.offlinePin === 'none',
        pinTryLimitExceeded: pinLimit,
        ddaReturned: s.ddaPerformed,
        issuerAuthenticationPerformed: flags['issuerAuthenticationPerformed'] === true,
        issuerAuthenticationFailed: flags['issuerAuthenticationFailed'] === true,
        unableToGoOnline: flags['unableToGoOnline'] === true,
      };
      const cvnByte = { 'mastercard-16': 0x10, 'mastercard-17': 0x11, 'mastercard-20': 0x14, 'mastercard-21': 0x15 }[cvn as 'mastercard-16'] ?? 0x10;
      return encodeIssuerApplicationData({
        layout: 'mastercard-mchip',
        keyDerivationIndex: dki,
        cryptogramVersionNumber: cvnByte,
        cardVerificationResults: { firstGenerateAc: first, secondGenerateAc: second, flags: f, pinTryCounter: Math.min(15, this.#pinTryCounter) },
        counters: new Uint8Array(8),
      });
    }
    const f: Partial<Record<VisaCvrFlag, boolean>> = {
      offlinePinPerformed: s.offlinePin !== 'none',
      offlinePinFailed: s.offlinePin === 'failed',
      pinTryLimitExceeded: pinLimit,
      unableToGoOnline: flags['unableToGoOnline'] === true,
      issuerAuthenticationFailed: flags['issuerAuthenticationFailed'] === true,
      newCard: counters.lastOnlineAtc === 0,
      ddaPerformed: s.ddaPerformed,
      issuerAuthenticationFailedOnLastOnline: counters.issuerAuthenticationFailedLastOnline,
    };
    const cvr = { firstGenerateAc: first, secondGenerateAc: second, flags: f };
    if (cvn === 'unionpay-01') return encodeIssuerApplicationData({ layout: 'unionpay', derivationKeyIndex: dki, cryptogramVersionNumber: 0x01, cardVerificationResults: cvr, algorithmIdentifier: 0x01 });
    const cvnByte = { 'visa-10': 0x0a, 'visa-18': 0x12, 'visa-22': 0x16 }[cvn as 'visa-10'] ?? 0x0a;
    return encodeIssuerApplicationData({ layout: 'visa-format-0-1-3', derivationKeyIndex: dki, cryptogramVersionNumber: cvnByte, cardVerificationResults: cvr });
  }

  #cryptogram(app: CompiledApplication, aip: Uint8Array, values: ReadonlyMap<string, Uint8Array>, iad: Uint8Array): Uint8Array {
    const v = (tag: string, n: number): Uint8Array => {
      const x = values.get(tag);
      return x && x.length === n ? x : new Uint8Array(n);
    };
    const data: CryptogramData = {
      amountAuthorised: v('9F02', 6),
      amountOther: v('9F03', 6),
      terminalCountryCode: v('9F1A', 2),
      terminalVerificationResults: v('95', 5),
      transactionCurrencyCode: v('5F2A', 2),
      transactionDate: v('9A', 3),
      transactionType: v('9C', 1),
      unpredictableNumber: v('9F37', 4),
      applicationInterchangeProfile: aip,
      applicationTransactionCounter: atcBytes(this.#countersFor(app).atc),
      issuerApplicationData: iad,
    };
    return generateApplicationCryptogram({ cvn: app.perso.cryptogram.cvn, iccMasterKey: app.iccMasterKeys.ac, data }, this.#crypto);
  }

  // -------------------------------------------------------------------------------------------
  // Issuer script commands (Book 3 §10.10; secure messaging Book 2 §9.2).

  #script(c: CommandApdu): Reply {
    const reply = this.#scriptReply(c);
    const applied = reply.sw === 0x9000 ? SCRIPT_ACTION[(c.cla << 8) | c.ins] : undefined;
    this.#scripts.push({ command: concatBytes(Uint8Array.of(c.cla, c.ins, c.p1, c.p2), c.data ? concatBytes(Uint8Array.of(c.data.length), c.data) : new Uint8Array(0)), sw: reply.sw, ...(applied ? { applied } : {}) });
    return reply;
  }

  #scriptReply(c: CommandApdu): Reply {
    const s = this.#session;
    const app = s.app;
    if (!app || s.first?.type !== 'ARQC') return status(0x6985);
    const macLength = app.perso.cryptogram.scriptMacLength ?? (app.perso.cryptogram.cvn === 'unionpay-01' ? 4 : 8);
    const data = c.data ?? new Uint8Array(0);
    if (data.length < macLength) return status(0x6700);
    const body = data.subarray(0, data.length - macLength);
    const mac = generateIssuerScriptMac({
      cvn: app.perso.cryptogram.cvn,
      iccIntegrityMasterKey: app.iccMasterKeys.smi,
      commandHeader: Uint8Array.of(c.cla, c.ins, c.p1, c.p2, data.length),
      applicationTransactionCounter: atcBytes(this.#countersFor(app).atc),
      arqc: s.first.ac,
      commandData: body,
    }, this.#crypto);
    if (!constantTimeEqual(mac.subarray(0, macLength), data.subarray(body.length))) return status(0x6988);
    const counters = this.#countersFor(app);
    switch ((c.cla << 8) | c.ins) {
      case 0x841e:
        counters.blocked = true;
        return status(0x9000);
      case 0x8418:
        counters.blocked = false;
        return status(0x9000);
      case 0x8416:
        this.#cardBlocked = true;
        return status(0x9000);
      case 0x8424:
        if (c.p2 !== 0x00) return status(0x6a86); // PIN change (P2 01/02) needs SMC decipherment: not modelled.
        this.#pinTryCounter = this.#card.pinTryLimit;
        return status(0x9000);
      case 0x04da: {
        const tag = toHex(Uint8Array.of(c.p1, c.p2)).replace(/^00/, '');
        counters.updated.set(tag, body.slice());
        this.#records.clear();
        return status(0x9000);
      }
      default:
        return status(0x6d00);
    }
  }
}

/** Records served by cards of one compiled personalisation, by fault set. */
const SHARED_RECORDS = new WeakMap<CompiledInterface, Map<string, Map<string, Uint8Array>>>();

const SCRIPT_ACTION: Readonly<Record<number, ScriptCommandResult['applied']>> = {
  0x841e: 'application-block',
  0x8418: 'application-unblock',
  0x8416: 'card-block',
  0x8424: 'pin-unblock',
  0x04da: 'put-data',
};

function newSession(): Session {
  return { pseSelected: false, gpoDone: false, pdolData: new Uint8Array(0), externalAuthenticate: 'none', offlinePin: 'none', ddaPerformed: false, pending: undefined, challenge: undefined };
}

/** A PSE directory entry or PPSE entry (Book 1 §12.2.3, Book B §3.3): 4F, 50, 9F12, 87, 9F2A. */
function directoryEntry(app: CompiledApplication, contactless: boolean): TlvInput[] {
  const out: TlvInput[] = [{ tag: '4F', value: app.aid }, { tag: '50', value: app.values.get('50')! }];
  const name = app.values.get('9F12');
  if (name && !contactless) out.push({ tag: '9F12', value: name });
  const priority = app.values.get('87');
  if (priority) out.push({ tag: '87', value: priority });
  if (contactless && app.perso.kernelIdentifier) out.push({ tag: '9F2A', value: hex(app.perso.kernelIdentifier) });
  return out;
}

function malformed(record: Uint8Array, kind: 'no-template' | 'truncated'): Uint8Array {
  const inner = decodeTlv(record)[0]!;
  if (kind === 'no-template') return inner.value.slice();
  // Keep the template's length but drop the last byte of the last data object.
  const cut = record.slice(0, record.length - 1);
  cut[1] = cut[1]! === 0x81 ? 0x81 : cut[1]! - 1;
  if (record[1] === 0x81) cut[2] = cut[2]! - 1;
  return cut;
}

function dolValues(dol: readonly DolEntry[], data: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const v of splitDolData(dol, data)) out.set(v.tag, v.value.slice());
  return out;
}

function atcBytes(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

function bcdToBigInt(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = x * 100n + BigInt((v >> 4) * 10 + (v & 15));
  return x;
}

/** The PIN of an ISO 9564 format 2 block (2L PPPP… F…), or undefined when it is not one. */
function plaintextPin(block: Uint8Array): string | undefined {
  if (block.length !== 8 || block[0]! >> 4 !== 2) return undefined;
  const n = block[0]! & 15;
  if (n < 4 || n > 12) return undefined;
  const nibbles = toHex(block.subarray(1));
  const pin = nibbles.slice(0, n);
  if (!/^[0-9]+$/.test(pin) || !/^F*$/.test(nibbles.slice(n))) return undefined;
  return pin;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

