/**
 * The kernel's working state for one transaction: the TVR and TSI registers (Book 3 Annex C5, C6),
 * the terminal and ICC data objects, the card-reader exchange (T=0 GET RESPONSE / resend handled,
 * Book 1 §9.3), and the way a step ends the transaction early (a {@link KernelStop}).
 */
import { fail, isCardwireError, packBcd, type Random } from '../../core/index';
import { defaultBackend, type CryptoBackend, type RecoveredPublicKey } from '../../crypto/index';
import { exchangeT0, type ApduTransmit, type ResponseApdu } from '../apdu';
import type { CardInterface } from '../card/index';
import { Tsi, Tvr } from '../bits/terminal';
import type { DolValueSource } from '../dol';
import { endOfDay, type PreparedApplication, type PreparedKernelConfig } from './config';
import type { InterruptedOutcomeBase, KernelInterface, KernelOutcomeKind, KernelStep, KernelTransaction } from './interface';

/** Options of a kernel run. */
export interface KernelOptions {
  /** Random source for the unpredictable number, random selection and PIN padding (default: the crypto backend's). */
  readonly random?: Random;
  /** Crypto backend for certificate recovery and hashes (default: the crypto layer default). */
  readonly backend?: CryptoBackend;
}

type TvrFlag = (typeof Tvr.flags)[number]['key'];
type TsiFlag = (typeof Tsi.flags)[number]['key'];

/** Ends the transaction from inside a step. */
export class KernelStop extends Error {
  constructor(
    readonly kind: Exclude<KernelOutcomeKind, 'approved-offline' | 'declined-offline' | 'approved-online' | 'declined-online' | 'card-declined-after-online-approval'>,
    readonly reason: string,
    readonly error?: InterruptedOutcomeBase['error'],
  ) {
    super(reason);
  }
}

/** Back to final selection: the application was not accepted (GPO 6985, Book 3 §10.1). */
export class Reselect extends Error {}

/** The transaction as the kernel uses it. */
export interface PreparedTransaction {
  readonly input: KernelTransaction;
  readonly amount: bigint;
  readonly amountOther: bigint;
  readonly type: string;
  /** End of the transaction day, UTC ms, for certificate expiry. */
  readonly date: Date;
  /** YYMMDD as a number for date comparisons. */
  readonly yymmdd: string;
}

function invalidTransaction(message: string, path: string): never {
  return fail('KERNEL_TRANSACTION_INVALID', message, { path });
}

const MAX_AMOUNT = 999_999_999_999n;

/** Check a transaction and decode its fields (Book 4 Annex A for the formats). */
export function prepareTransaction(t: KernelTransaction): PreparedTransaction {
  if (typeof t.amount !== 'bigint' || t.amount < 0n || t.amount > MAX_AMOUNT) invalidTransaction('the amount is a bigint of 0 to 12 digits', 'amount');
  const other = t.amountOther ?? 0n;
  if (typeof other !== 'bigint' || other < 0n || other > MAX_AMOUNT) invalidTransaction('the other amount is a bigint of 0 to 12 digits', 'amountOther');
  const type = t.type ?? '00';
  if (!/^[0-9]{2}$/.test(type)) invalidTransaction('the transaction type is 2 digits', 'type');
  let end: number;
  try {
    end = endOfDay(t.date, 'date');
  } catch {
    return invalidTransaction('the date is YYYY-MM-DD', 'date');
  }
  if (t.time !== undefined && !/^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$/.test(t.time)) invalidTransaction('the time is HH:MM:SS', 'time');
  if (t.sequenceCounter !== undefined && (!Number.isInteger(t.sequenceCounter) || t.sequenceCounter < 0 || t.sequenceCounter > 99_999_999)) invalidTransaction('the sequence counter is 0-99999999', 'sequenceCounter');
  if (t.unpredictableNumber !== undefined && (!(t.unpredictableNumber instanceof Uint8Array) || t.unpredictableNumber.length !== 4)) invalidTransaction('the unpredictable number is 4 bytes', 'unpredictableNumber');
  const yymmdd = t.date.slice(2, 4) + t.date.slice(5, 7) + t.date.slice(8, 10);
  // Certificates expire at the end of their month: compare with the start of the transaction day.
  return { input: t, amount: t.amount, amountOther: other, type, date: new Date(end - 86_399_999), yymmdd };
}

/** The working state of one transaction. */
export class KernelContext {
  readonly config: PreparedKernelConfig;
  readonly txn: PreparedTransaction;
  readonly iface: KernelInterface;
  readonly random: Random;
  readonly backend: CryptoBackend;
  readonly interface: CardInterface;
  readonly #transmit: ApduTransmit;
  tvr: Uint8Array = new Uint8Array(5);
  tsi: Uint8Array = new Uint8Array(2);
  cvmResults: Uint8Array = Uint8Array.of(0x3f, 0x00, 0x00);
  /** Terminal data objects of this transaction. */
  readonly terminal = new Map<string, Uint8Array>();
  /** ICC data objects: FCI, GPO, records, GET DATA, GENERATE AC. */
  readonly icc = new Map<string, Uint8Array>();
  step: KernelStep = 'application-selection';
  app: PreparedApplication | undefined;
  aip: Uint8Array = new Uint8Array(2);
  /** PDOL, CDOL1 and CDOL2 related data as sent (CDA hashes them). */
  pdolData: Uint8Array = new Uint8Array(0);
  cdol1Data: Uint8Array = new Uint8Array(0);
  cdol2Data: Uint8Array = new Uint8Array(0);
  /** Static data to be authenticated, in record order (Book 3 §10.3). */
  staticData: Uint8Array[] = [];
  /** An ODA record was not coded as template 70 (ODA then fails, Book 3 §10.3). */
  odaRecordInvalid = false;
  odaMethod: 'none' | 'sda' | 'dda' | 'cda' = 'none';
  /** The ICC public key once recovered (DDA, CDA, enciphered PIN). */
  iccPublicKey: RecoveredPublicKey | undefined;
  onlinePinEntered = false;
  signatureRequired = false;
  /** The card's answer could not be trusted after the host approved (reversal needed). */
  reversalRequired = false;
  authorisationResponseCode: string | undefined;
  authorisationDe55: Uint8Array | undefined;
  scriptResults: Uint8Array[] = [];
  /**
   * Contactless: the TVR the card's cryptogram covers (the one in the PDOL data). The data sent to
   * the host carries it, while the outcome's `tvr` keeps the bits the reader set afterwards.
   */
  cryptogramTvr: Uint8Array | undefined;

  constructor(config: PreparedKernelConfig, txn: PreparedTransaction, transmit: ApduTransmit, iface: KernelInterface, options: KernelOptions, kind: CardInterface) {
    this.config = config;
    this.txn = txn;
    this.#transmit = transmit;
    this.iface = iface;
    this.backend = options.backend ?? defaultBackend();
    const backend = this.backend;
    this.random = options.random ?? { bytes: (n) => backend.randomBytes(n) };
    this.interface = kind;
  }

  /** Start (again) with an application: TVR and TSI to zero, terminal data for it (Book 3 §10.1). */
  beginApplication(app: PreparedApplication): void {
    this.app = app;
    this.tvr = new Uint8Array(5);
    this.tsi = new Uint8Array(2);
    this.cvmResults = Uint8Array.of(0x3f, 0x00, 0x00);
    this.icc.clear();
    this.staticData = [];
    this.odaRecordInvalid = false;
    this.odaMethod = 'none';
    this.iccPublicKey = undefined;
    const t = this.terminal;
    t.clear();
    for (const [tag, v] of this.config.terminalData) t.set(tag, v);
    const txn = this.txn;
    t.set('9F02', packBcd(txn.amount.toString().padStart(12, '0')));
    t.set('9F03', packBcd(txn.amountOther.toString().padStart(12, '0')));
    t.set('81', uint32(txn.amount));
    t.set('9F04', uint32(txn.amountOther));
    t.set('9C', packBcd(txn.type));
    t.set('9A', packBcd(txn.yymmdd));
    t.set('9F21', packBcd((txn.input.time ?? '00:00:00').replace(/:/g, '')));
    if (txn.input.sequenceCounter !== undefined) t.set('9F41', packBcd(String(txn.input.sequenceCounter).padStart(8, '0')));
    t.set('9F37', txn.input.unpredictableNumber?.slice() ?? this.random.bytes(4));
    t.set('9F06', app.aid);
    t.set('9F09', app.applicationVersion);
    t.set('9F1B', uint32(app.floorLimit));
    t.set('9F39', Uint8Array.of(this.interface === 'contact' ? 0x05 : 0x07));
  }

  setTvr(...flags: TvrFlag[]): void {
    Tvr.set(this.tvr, ...flags);
  }

  clearTvr(...flags: TvrFlag[]): void {
    Tvr.clear(this.tvr, ...flags);
  }

  setTsi(...flags: TsiFlag[]): void {
    Tsi.set(this.tsi, ...flags);
  }

  /** A data object: the terminal's for this transaction first, then the card's. */
  value(tag: string): Uint8Array | undefined {
    if (tag === '95') return this.tvr;
    if (tag === '9B') return this.tsi;
    if (tag === '9F34') return this.cvmResults;
    return this.terminal.get(tag) ?? this.icc.get(tag);
  }

  /** The value source DOL data is built from (Book 3 §5.4). */
  readonly source: DolValueSource = (tag) => this.value(tag);

  /** Every data object, terminal over ICC. */
  allData(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>(this.icc);
    for (const [tag, v] of this.terminal) out.set(tag, v);
    out.set('95', (this.cryptogramTvr ?? this.tvr).slice());
    out.set('9B', this.tsi.slice());
    out.set('9F34', this.cvmResults.slice());
    return out;
  }

  /**
   * Send a command and return the complete response (61xx and 6Cxx handled). A transmit that
   * rejects ends the transaction: `CARD_REMOVED` as card-removed, anything else as a
   * terminated (after selection) or fallback (during selection) transaction.
   */
  async exchange(command: Uint8Array): Promise<ResponseApdu> {
    try {
      return await exchangeT0(this.#transmit, command);
    } catch (e) {
      const error = isCardwireError(e) ? { code: e.code, path: e.path, message: e.message } : { code: 'CARD_REMOVED', path: 'card', message: e instanceof Error ? e.message : String(e) };
      if (isCardwireError(e) && e.code === 'APDU_TOO_SHORT') throw new KernelStop(this.step === 'application-selection' ? 'fallback' : 'terminated', 'the card answered without a status word', error);
      if (!isCardwireError(e) || e.code === 'CARD_REMOVED') throw new KernelStop('card-removed', 'the card left the reader', error);
      throw new KernelStop(this.step === 'application-selection' ? 'fallback' : 'terminated', 'the card could not be read', error);
    }
  }

  /** End the transaction: Book 3 "terminate the transaction". */
  terminate(reason: string, error?: unknown): never {
    throw new KernelStop('terminated', reason, describeError(error));
  }
}

/** An error as outcome data (code, path, message). */
export function describeError(e: unknown): InterruptedOutcomeBase['error'] {
  if (e === undefined) return undefined;
  if (isCardwireError(e)) return { code: e.code, path: e.path, message: e.message };
  return { code: 'UNKNOWN', path: '', message: e instanceof Error ? e.message : String(e) };
}

function uint32(n: bigint): Uint8Array {
  const v = n > 0xffffffffn ? 0xffffffffn : n;
  return Uint8Array.of(Number((v >> 24n) & 0xffn), Number((v >> 16n) & 0xffn), Number((v >> 8n) & 0xffn), Number(v & 0xffn));
}
