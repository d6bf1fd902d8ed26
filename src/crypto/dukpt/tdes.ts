/**
 * TDES DUKPT, ANSI X9.24-1-2009 (Annex A): the initial PIN encryption key (IPEK) from the BDK and
 * KSN, the host's derivation of any transaction's keys, and the terminal's future-key registers.
 *
 * KSN: 10 bytes, the rightmost 21 bits are the transaction counter.
 */
import { fail, hex, inspectSymbol, toHex } from '../../core/index';
import { createKey, keyBytes, keyCipher, keyPartCipher, requireAlgorithm, requireUsage, type SecretKey } from '../keys/key';
import type { CryptoBackend } from '../backend';
import { defaultBackend } from '../default-backend';
import { FutureKeyRegisters, lowestBit } from './registers';

/** The keys a TDES DUKPT transaction key yields (X9.24-1-2009 Table A-1 variants). */
export type TdesDukptKeyType = 'pin' | 'mac-request' | 'mac-response' | 'data-request' | 'data-response';

const COUNTER_BITS = 21;
const MAX_ONES = 10;

// X9.24-1-2009 A.6: variant constants XORed into both halves of the transaction key.
const VARIANT_BYTE: Readonly<Record<TdesDukptKeyType, number>> = {
  pin: 7,
  'mac-request': 6,
  'mac-response': 4,
  'data-request': 5,
  'data-response': 3,
};

const KEY_MASK = new Uint8Array([0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0, 0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0]);

function checkKsn(ksn: Uint8Array): void {
  if (ksn.length !== 10) fail('DUKPT_KSN_INVALID', `a TDES DUKPT KSN is 10 bytes, got ${ksn.length}`, { path: 'ksn' });
}

/**
 * The counter (rightmost 21 bits) of a KSN.
 *
 * @example
 * ```ts
 * tdesKsnCounter(hex('FFFF9876543210EFF800')); // 0x0FF800
 * ```
 */
export function tdesKsnCounter(ksn: Uint8Array): number {
  checkKsn(ksn);
  return ((ksn[7]! & 0x1f) << 16) | (ksn[8]! << 8) | ksn[9]!;
}

/**
 * Non-reversible key generation (X9.24-1-2009 A.2, "Non-reversible Key Generation Process"):
 * from a 16-byte key and the rightmost 8 KSN bytes (with the counter set), a new 16-byte key.
 */
function nonReversibleKey(backend: CryptoBackend, key: Uint8Array, ksnRight: Uint8Array, out: Uint8Array = new Uint8Array(16)): Uint8Array {
  nonReversibleHalf(backend, key, ksnRight, out, 8);
  for (let i = 0; i < 16; i++) maskedKey[i] = key[i]! ^ KEY_MASK[i]!;
  nonReversibleHalf(backend, maskedKey, ksnRight, out, 0);
  maskedKey.fill(0);
  return out;
}

// Scratch space of the steps above (DUKPT runs a million of them per device lifetime).
const maskedKey = new Uint8Array(16);
const keyLeft = new Uint8Array(8);
const message = new Uint8Array(8);
const encrypted = new Uint8Array(8);

/** One half: DES under the key's left half of (KSN register XOR right half), XOR right half. */
function nonReversibleHalf(backend: CryptoBackend, k: Uint8Array, ksnRight: Uint8Array, out: Uint8Array, target: number): void {
  for (let i = 0; i < 8; i++) {
    message[i] = ksnRight[i]! ^ k[8 + i]!;
    keyLeft[i] = k[i]!;
  }
  const enc = backend.encryptOnce ? backend.encryptOnce('des', keyLeft, message, encrypted) : backend.cipher('des', keyLeft).encrypt(message);
  for (let i = 0; i < 8; i++) out[target + i] = enc[i]! ^ k[8 + i]!;
  enc.fill(0);
  keyLeft.fill(0);
}

/** The key of `counter` from its parent: the KSN register is the rightmost 8 KSN bytes with that counter. */
function childDerivation(backend: CryptoBackend, ksn: Uint8Array) {
  return (parent: Uint8Array, counter: number): Uint8Array => nonReversibleKey(backend, parent, ksnWithCounter(ksn, counter).subarray(2));
}

/**
 * The initial key (IPEK) of a device: TDES under the BDK, and under the BDK XOR
 * C0C0C0C000000000C0C0C0C000000000, of the leftmost 8 bytes of the KSN with the counter cleared.
 *
 * @example
 * ```ts
 * // X9.24-1-2009 Annex A
 * deriveTdesIpek(bdk, hex('FFFF9876543210E00008')).kcv; // IPEK 6AC292FAA1315B4D858AB3A3D7D5933A
 * ```
 */
export function deriveTdesIpek(bdk: SecretKey, ksn: Uint8Array): SecretKey {
  requireUsage(bdk, ['B0'], 'IPEK derivation', 'bdk');
  requireAlgorithm(bdk, ['tdes'], 'TDES DUKPT', 'bdk');
  if (bdk.length !== 16) fail('CIPHER_KEY_LENGTH', 'a TDES DUKPT BDK is a 16-byte key', { path: 'bdk' });
  const bytes = ipekBytes(bdk, ksn);
  const key = createKey(bytes, { algorithm: 'tdes', usage: 'B1', backend: bdk.backend });
  bytes.fill(0);
  return key;
}

function ipekBytes(bdk: SecretKey, ksn: Uint8Array): Uint8Array {
  checkKsn(ksn);
  // X9.24-1-2009 A.6: the leftmost 8 bytes of the KSN with the counter cleared.
  const base = ksnWithCounter(ksn, 0).subarray(0, 8);
  const left = keyCipher(bdk).encrypt(base);
  const right = keyPartCipher(bdk, 'dukpt-ipek-variant', 'tdes', (b) => {
      const v = new Uint8Array(16);
      for (let i = 0; i < 16; i++) v[i] = b[i]! ^ KEY_MASK[i]!;
      return v;
    })
    .encrypt(base);
  const out = new Uint8Array(16);
  out.set(left, 0);
  out.set(right, 8);
  return out;
}

/** Apply a variant (and, for data keys, the one-way step of X9.24-1-2009 A.6). */
function workingKeyBytes(backend: CryptoBackend, transactionKey: Uint8Array, type: TdesDukptKeyType): Uint8Array {
  const v = transactionKey.slice();
  const at = VARIANT_BYTE[type];
  if (at === undefined) fail('DUKPT_KEY_TYPE_INVALID', `unknown TDES DUKPT key type '${String(type)}'`, { path: 'type' });
  v[at]! ^= 0xff;
  v[8 + at]! ^= 0xff;
  if (type === 'data-request' || type === 'data-response') {
    // The data encryption key is the variant key encrypted under itself, half by half.
    const enc = backend.cipher('tdes', v).encrypt(v);
    v.fill(0);
    return enc;
  }
  return v;
}

const USAGE: Readonly<Record<TdesDukptKeyType, 'P0' | 'M3' | 'D0'>> = {
  pin: 'P0',
  'mac-request': 'M3',
  'mac-response': 'M3',
  'data-request': 'D0',
  'data-response': 'D0',
};

function toWorkingKey(backend: CryptoBackend, transactionKey: Uint8Array, type: TdesDukptKeyType): SecretKey {
  const bytes = workingKeyBytes(backend, transactionKey, type);
  const key = createKey(bytes, { algorithm: 'tdes', usage: USAGE[type], backend });
  bytes.fill(0);
  return key;
}

/**
 * The transaction key of a KSN from the initial key: one non-reversible step per counter one-bit,
 * from the most significant down (X9.24-1-2009 A.3), alternating between two buffers. `initial`
 * is consumed (overwritten).
 */
function hostTransactionKey(backend: CryptoBackend, initial: Uint8Array, ksn: Uint8Array): Uint8Array {
  const counter = tdesKsnCounter(ksn);
  const register = ksnWithCounter(ksn, 0).subarray(2);
  let key = initial;
  let spare: Uint8Array = new Uint8Array(16);
  for (let bit = 1 << (COUNTER_BITS - 1); bit > 0; bit >>>= 1) {
    if ((counter & bit) === 0) continue;
    register[5]! |= bit >>> 16;
    register[6]! |= (bit >>> 8) & 0xff;
    register[7]! |= bit & 0xff;
    nonReversibleKey(backend, key, register, spare);
    const t = key;
    key = spare;
    spare = t;
  }
  spare.fill(0);
  return key;
}

/** Options of {@link deriveTdesDukptKey}: the BDK (usage B0) or the device's IPEK (usage B1). */
export type TdesDukptHostOptions =
  | { readonly bdk: SecretKey; readonly ksn: Uint8Array; readonly type: TdesDukptKeyType }
  | { readonly ipek: SecretKey; readonly ksn: Uint8Array; readonly type: TdesDukptKeyType };

/**
 * Host side: the working key of any KSN.
 *
 * @example
 * ```ts
 * // X9.24-1-2009 Annex A: BDK 0123456789ABCDEFFEDCBA9876543210, KSN FFFF9876543210E00001
 * deriveTdesDukptKey({ bdk, ksn: hex('FFFF9876543210E00001'), type: 'pin' }); // 042666B49184CF5C68DE9628D0397B36
 * ```
 */
export function deriveTdesDukptKey(options: TdesDukptHostOptions): SecretKey {
  const { ksn, type } = options;
  checkKsn(ksn);
  let initial: Uint8Array;
  let backend: CryptoBackend;
  if ('bdk' in options) {
    const { bdk } = options;
    requireUsage(bdk, ['B0'], 'DUKPT host derivation', 'bdk');
    requireAlgorithm(bdk, ['tdes'], 'TDES DUKPT', 'bdk');
    if (bdk.length !== 16) fail('CIPHER_KEY_LENGTH', 'a TDES DUKPT BDK is a 16-byte key', { path: 'bdk' });
    initial = ipekBytes(bdk, ksn);
    backend = bdk.backend;
  } else {
    const { ipek } = options;
    requireUsage(ipek, ['B1'], 'DUKPT host derivation', 'ipek');
    requireAlgorithm(ipek, ['tdes'], 'TDES DUKPT', 'ipek');
    initial = keyBytes(ipek).slice();
    backend = ipek.backend;
  }
  const transactionKey = hostTransactionKey(backend, initial, ksn);
  try {
    return toWorkingKey(backend, transactionKey, type);
  } finally {
    transactionKey.fill(0);
  }
}

/** What the terminal persists between transactions (hex; the keys are secret). */
export interface TdesDukptState {
  readonly version: 1;
  /** The KSN of the next transaction. */
  readonly ksn: string;
  /** 21 future-key registers, register p for counter bit p (null when empty). */
  readonly registers: ReadonlyArray<string | null>;
}

/** One terminal transaction: its KSN and its keys. */
export interface TdesDukptTransaction {
  readonly ksn: Uint8Array;
  /** The working key of `type` for this transaction. */
  key(type: TdesDukptKeyType): SecretKey;
  /** Zeroise the transaction key. */
  destroy(): void;
}

/**
 * The terminal (PIN pad) side: future-key registers loaded from the IPEK, one transaction at a
 * time, with the counter rules of X9.24-1 (at most 10 one-bits; exhaustion is DUKPT_EXHAUSTED).
 *
 * @example
 * ```ts
 * const pinPad = TdesDukptTerminal.load(ipek, hex('FFFF9876543210E00000'));
 * const tx = pinPad.nextTransaction(); // KSN FFFF9876543210E00001
 * encipherPinBlock({ key: tx.key('pin'), format: 0, pin: '1234', pan: '4012345678909' }); // 1B9C1845EB993A7A
 * ```
 */
export class TdesDukptTerminal {
  readonly #ksn: Uint8Array;
  readonly #registers: FutureKeyRegisters;
  readonly #backend: CryptoBackend;

  private constructor(ksn: Uint8Array, registers: FutureKeyRegisters, backend: CryptoBackend) {
    this.#ksn = ksn;
    this.#registers = registers;
    this.#backend = backend;
  }

  /** Load the IPEK (usage B1) and the initial KSN (its counter is ignored and restarts at 1). */
  static load(ipek: SecretKey, ksn: Uint8Array): TdesDukptTerminal {
    requireUsage(ipek, ['B1'], 'DUKPT terminal load', 'ipek');
    requireAlgorithm(ipek, ['tdes'], 'TDES DUKPT', 'ipek');
    checkKsn(ksn);
    const base = ksnWithCounter(ksn, 0);
    const registers = FutureKeyRegisters.load(COUNTER_BITS, MAX_ONES, childDerivation(ipek.backend, base), keyBytes(ipek));
    return new TdesDukptTerminal(base, registers, ipek.backend);
  }

  /** Restore a terminal from {@link TdesDukptTerminal.exportState}. */
  static restore(state: TdesDukptState, options: { readonly backend?: CryptoBackend } = {}): TdesDukptTerminal {
    if (state === null || typeof state !== 'object' || state.version !== 1) fail('DUKPT_STATE_INVALID', 'not a version 1 TDES DUKPT state', { path: 'state.version' });
    if (typeof state.ksn !== 'string' || !/^[0-9A-Fa-f]{20}$/.test(state.ksn)) fail('DUKPT_STATE_INVALID', 'the KSN is not 20 hex digits', { path: 'state.ksn' });
    if (!Array.isArray(state.registers) || state.registers.length !== COUNTER_BITS) {
      fail('DUKPT_STATE_INVALID', `there must be ${COUNTER_BITS} registers`, { path: 'state.registers' });
    }
    const registers = state.registers.map((r, i) => {
      if (r === null) return null;
      if (typeof r !== 'string' || !/^[0-9A-Fa-f]{32}$/.test(r)) return fail('DUKPT_STATE_INVALID', 'a register is not 32 hex digits or null', { path: `state.registers[${i}]` });
      return hex(r);
    });
    const ksn = hex(state.ksn);
    const counter = tdesKsnCounter(ksn);
    const base = ksnWithCounter(ksn, 0);
    const backend = options.backend ?? defaultBackend();
    const machine = new FutureKeyRegisters(COUNTER_BITS, MAX_ONES, childDerivation(backend, base), { counter, registers });
    if (!machine.exhausted && counter > 0 && registers[lowestBit(counter)] === null) {
      fail('DUKPT_STATE_INVALID', 'the register for the next counter is empty', { path: 'state.registers' });
    }
    return new TdesDukptTerminal(base, machine, backend);
  }

  /** The KSN the next transaction will use. */
  get ksn(): Uint8Array {
    return ksnWithCounter(this.#ksn, this.#registers.counter);
  }

  /** True when the counter has run out. */
  get exhausted(): boolean {
    return this.#registers.exhausted;
  }

  /** Take the next transaction's KSN and key, and advance the registers. */
  nextTransaction(): TdesDukptTransaction {
    const { counter, key } = this.#registers.next();
    const backend = this.#backend;
    return {
      ksn: ksnWithCounter(this.#ksn, counter),
      key: (type) => toWorkingKey(backend, key, type),
      destroy: () => key.fill(0),
    };
  }

  /** The state to persist (contains the future keys: protect it like a key). */
  exportState(): TdesDukptState {
    const s = this.#registers.state();
    return {
      version: 1,
      // An exhausted device is saved with counter 0, which restores as exhausted.
      ksn: toHex(ksnWithCounter(this.#ksn, s.counter >= 2 ** COUNTER_BITS ? 0 : s.counter)),
      registers: s.registers.map((r) => (r ? toHex(r) : null)),
    };
  }

  /** Zeroise the registers. */
  destroy(): void {
    this.#registers.destroy();
  }

  toString(): string {
    return `TdesDukptTerminal(KSN ${toHex(this.ksn)})`;
  }

  toJSON(): { ksn: string } {
    return { ksn: toHex(this.ksn) };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

function ksnWithCounter(base: Uint8Array, counter: number): Uint8Array {
  const k = base.slice();
  k[7] = (k[7]! & 0xe0) | ((counter >>> 16) & 0x1f);
  k[8] = (counter >>> 8) & 0xff;
  k[9] = counter & 0xff;
  return k;
}
