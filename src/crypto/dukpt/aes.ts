/**
 * AES DUKPT, ANSI X9.24-3-2017: AES-128/192/256 base derivation keys, the initial key from the
 * BDK and the 8-byte initial key ID, the host's derivation of any transaction's working keys
 * (2- and 3-key TDEA, AES and HMAC keys of every size the derivation key allows), and the
 * terminal's intermediate derivation key registers (32-bit counter, at most 16 one-bits).
 *
 * KSN: 12 bytes, the initial key ID (BDK ID ‖ derivation ID) then the 32-bit counter.
 */
import { fail, hex, inspectSymbol, toHex } from '../../core/index';
import type { CryptoBackend, PreparedCipher } from '../backend';
import { defaultBackend } from '../default-backend';
import { createKey, keyBytes, keyCipher, requireAlgorithm, requireUsage, type SecretKey } from '../keys/key';
import type { KeyUsage } from '../keys/usage';
import { FutureKeyRegisters, deriveForCounter, lowestBit } from './registers';

/**
 * Working (and derivation) key types of X9.24-3-2017 §6.2.1 (Table 2). The HMAC types are HMAC
 * keys of 128, 192 or 256 bits (algorithm indicator 0005); they serve the MAC usages only and
 * give a key of algorithm `hmac`, usage M7, for `hmac()` (HMAC-SHA-256 by default).
 */
export type AesDukptKeyType = '2tdea' | '3tdea' | 'aes128' | 'aes192' | 'aes256' | 'hmac128' | 'hmac192' | 'hmac256';

/** Working key usages of X9.24-3-2017 §6.2.1 (Table 3). */
export type AesDukptKeyUsage = 'kek' | 'pin' | 'mac-generation' | 'mac-verification' | 'mac-both' | 'data-encrypt' | 'data-decrypt' | 'data-both';

// X9.24-3-2017 Table 2: algorithm indicator and length in bits.
const KEY_TYPES: Readonly<Record<AesDukptKeyType, { readonly code: number; readonly bits: number }>> = {
  '2tdea': { code: 0x0000, bits: 128 },
  '3tdea': { code: 0x0001, bits: 192 },
  aes128: { code: 0x0002, bits: 128 },
  aes192: { code: 0x0003, bits: 192 },
  aes256: { code: 0x0004, bits: 256 },
  hmac128: { code: 0x0005, bits: 128 },
  hmac192: { code: 0x0005, bits: 192 },
  hmac256: { code: 0x0005, bits: 256 },
};

const MAC_USAGES: ReadonlySet<AesDukptKeyUsage> = new Set<AesDukptKeyUsage>(['mac-generation', 'mac-verification', 'mac-both']);

// X9.24-3-2017 Table 3: key usage indicator.
const USAGES: Readonly<Record<AesDukptKeyUsage, { readonly code: number; readonly tr31: KeyUsage }>> = {
  kek: { code: 0x0002, tr31: 'K0' },
  pin: { code: 0x1000, tr31: 'P0' },
  'mac-generation': { code: 0x2000, tr31: 'M6' },
  'mac-verification': { code: 0x2001, tr31: 'M6' },
  'mac-both': { code: 0x2002, tr31: 'M6' },
  'data-encrypt': { code: 0x3000, tr31: 'D0' },
  'data-decrypt': { code: 0x3001, tr31: 'D0' },
  'data-both': { code: 0x3002, tr31: 'D0' },
};
const KEY_DERIVATION = 0x8000;
const KEY_DERIVATION_INITIAL_KEY = 0x8001;
const COUNTER_BITS = 32;
const MAX_ONES = 16;

function aesType(bytes: number): AesDukptKeyType {
  switch (bytes) {
    case 16:
      return 'aes128';
    case 24:
      return 'aes192';
    case 32:
      return 'aes256';
    default:
      return fail('CIPHER_KEY_LENGTH', `an AES DUKPT key is 16, 24 or 32 bytes, got ${bytes}`, { path: 'key' });
  }
}

function keyType(type: AesDukptKeyType): { readonly code: number; readonly bits: number } {
  const t = Object.prototype.hasOwnProperty.call(KEY_TYPES, type) ? KEY_TYPES[type] : undefined;
  if (t === undefined) fail('DUKPT_KEY_TYPE_INVALID', `unknown AES DUKPT key type '${String(type)}'`, { path: 'keyType' });
  return t;
}

/**
 * Derivation data (X9.24-3-2017 §6.3.2): version 01, key block counter, usage, algorithm, length
 * in bits, then the initial key ID (initial key) or derivation ID ‖ counter (all other keys).
 */
function derivationData(usage: number, type: AesDukptKeyType, tail: Uint8Array): Uint8Array {
  const t = keyType(type);
  const d = new Uint8Array(16);
  d[0] = 0x01;
  d[2] = usage >>> 8;
  d[3] = usage & 0xff;
  d[4] = t.code >>> 8;
  d[5] = t.code & 0xff;
  d[6] = t.bits >>> 8;
  d[7] = t.bits & 0xff;
  d.set(tail, 8);
  return d;
}

/** X9.24-3-2017 §6.3.1 Derive Key: AES-ECB of the derivation data, one block per 128 bits. */
function deriveKeyBytes(cipher: PreparedCipher, type: AesDukptKeyType, data: Uint8Array): Uint8Array {
  const bits = keyType(type).bits;
  const blocks = Math.ceil(bits / 128);
  const out = new Uint8Array(blocks * 16);
  for (let i = 1; i <= blocks; i++) {
    data[1] = i;
    out.set(cipher.encrypt(data), (i - 1) * 16);
  }
  return out.subarray(0, bits / 8).slice();
}

function counterTail(initialKeyId: Uint8Array, counter: number): Uint8Array {
  const t = new Uint8Array(8);
  t.set(initialKeyId.subarray(4, 8));
  t[4] = counter >>> 24;
  t[5] = counter >>> 16;
  t[6] = counter >>> 8;
  t[7] = counter;
  return t;
}

function withCipher<T>(backend: CryptoBackend, key: Uint8Array, use: (c: PreparedCipher) => T): T {
  const c = backend.cipher('aes', key);
  try {
    return use(c);
  } finally {
    c.destroy();
  }
}

function childDerivation(backend: CryptoBackend, initialKeyId: Uint8Array) {
  return (parent: Uint8Array, counter: number): Uint8Array =>
    withCipher(backend, parent, (c) => deriveKeyBytes(c, aesType(parent.length), derivationData(KEY_DERIVATION, aesType(parent.length), counterTail(initialKeyId, counter))));
}

function checkKsn(ksn: Uint8Array): void {
  if (ksn.length !== 12) fail('DUKPT_KSN_INVALID', `an AES DUKPT KSN is 12 bytes, got ${ksn.length}`, { path: 'ksn' });
}

function checkInitialKeyId(id: Uint8Array): void {
  if (id.length !== 8) fail('DUKPT_KSN_INVALID', `an initial key ID is 8 bytes, got ${id.length}`, { path: 'initialKeyId' });
}

/**
 * The 32-bit counter of a 12-byte KSN.
 *
 * @example
 * ```ts
 * aesKsnCounter(hex('123456789012345600845FED')); // 8675309
 * ```
 */
export function aesKsnCounter(ksn: Uint8Array): number {
  checkKsn(ksn);
  return ((ksn[8]! << 24) | (ksn[9]! << 16) | (ksn[10]! << 8) | ksn[11]!) >>> 0;
}

function initialKeyBytes(bdk: SecretKey, initialKeyId: Uint8Array): Uint8Array {
  requireUsage(bdk, ['B0'], 'AES DUKPT initial key derivation', 'bdk');
  requireAlgorithm(bdk, ['aes'], 'AES DUKPT', 'bdk');
  checkInitialKeyId(initialKeyId);
  const type = aesType(bdk.length);
  return deriveKeyBytes(keyCipher(bdk), type, derivationData(KEY_DERIVATION_INITIAL_KEY, type, initialKeyId));
}

/**
 * The initial key of a device (X9.24-3-2017 §6.3.3), the same AES size as the BDK.
 *
 * @example
 * ```ts
 * // X9.24-3-2017 test vectors: BDK FEDCBA9876543210F1F1F1F1F1F1F1F1, IK ID 1234567890123456
 * deriveAesDukptInitialKey(bdk, hex('1234567890123456')); // IK 1273671EA26AC29AFA4D1084127652A1
 * ```
 */
export function deriveAesDukptInitialKey(bdk: SecretKey, initialKeyId: Uint8Array): SecretKey {
  const bytes = initialKeyBytes(bdk, initialKeyId);
  const key = createKey(bytes, { algorithm: 'aes', usage: 'B1', backend: bdk.backend });
  bytes.fill(0);
  return key;
}

function workingAlgorithm(type: AesDukptKeyType): 'tdes' | 'aes' | 'hmac' {
  switch (type) {
    case '2tdea':
    case '3tdea':
      return 'tdes';
    case 'aes128':
    case 'aes192':
    case 'aes256':
      return 'aes';
    case 'hmac128':
    case 'hmac192':
    case 'hmac256':
      return 'hmac';
    default:
      return fail('DUKPT_KEY_TYPE_INVALID', `unknown AES DUKPT key type '${String(type satisfies never)}'`, { path: 'keyType' });
  }
}

function workingKey(backend: CryptoBackend, derivationKey: Uint8Array, ksn: Uint8Array, usage: AesDukptKeyUsage, type: AesDukptKeyType): SecretKey {
  const u = Object.prototype.hasOwnProperty.call(USAGES, usage) ? USAGES[usage] : undefined;
  if (u === undefined) fail('DUKPT_KEY_TYPE_INVALID', `unknown AES DUKPT key usage '${String(usage)}'`, { path: 'usage' });
  const bits = keyType(type).bits;
  const algorithm = workingAlgorithm(type);
  // X9.24-3-2017 §6.1: an AES or HMAC working key may not be stronger than the key it is derived from.
  if (algorithm !== 'tdes' && bits > derivationKey.length * 8) {
    fail('DUKPT_KEY_TYPE_INVALID', `an ${type} working key needs a derivation key of at least ${bits} bits`, { path: 'keyType' });
  }
  // An HMAC key only computes MACs: the PIN, data and key-encryption usages need a block cipher.
  if (algorithm === 'hmac' && !MAC_USAGES.has(usage)) {
    fail('DUKPT_KEY_TYPE_INVALID', `an ${type} working key serves the MAC usages only, not '${usage}'`, { path: 'keyType' });
  }
  const bytes = withCipher(backend, derivationKey, (c) => deriveKeyBytes(c, type, derivationData(u.code, type, counterTail(ksn.subarray(0, 8), aesKsnCounter(ksn)))));
  const key = createKey(bytes, { algorithm, usage: algorithm === 'hmac' ? 'M7' : u.tr31, backend });
  bytes.fill(0);
  return key;
}

/** Options of {@link deriveAesDukptKey}: the BDK (B0) or the device's initial key (B1). */
export type AesDukptHostOptions = { readonly ksn: Uint8Array; readonly usage: AesDukptKeyUsage; readonly keyType: AesDukptKeyType } & (
  | { readonly bdk: SecretKey }
  | { readonly initialKey: SecretKey }
);

/**
 * Host side: the working key of any KSN.
 *
 * @example
 * ```ts
 * // X9.24-3-2017 test vectors, counter 1, AES-128 PIN encryption key
 * deriveAesDukptKey({ bdk, ksn: hex('123456789012345600000001'), usage: 'pin', keyType: 'aes128' }); // AF8CB133A78F8DC2D1359F18527593FB
 * // an HMAC working key (algorithm hmac, usage M7) for hmac(key, data)
 * deriveAesDukptKey({ bdk, ksn: hex('123456789012345600000001'), usage: 'mac-generation', keyType: 'hmac128' });
 * ```
 */
export function deriveAesDukptKey(options: AesDukptHostOptions): SecretKey {
  const { ksn } = options;
  checkKsn(ksn);
  let initial: Uint8Array;
  let backend: CryptoBackend;
  if ('bdk' in options) {
    initial = initialKeyBytes(options.bdk, ksn.subarray(0, 8));
    backend = options.bdk.backend;
  } else {
    const ik = options.initialKey;
    requireUsage(ik, ['B1'], 'AES DUKPT host derivation', 'initialKey');
    requireAlgorithm(ik, ['aes'], 'AES DUKPT', 'initialKey');
    initial = keyBytes(ik).slice();
    backend = ik.backend;
  }
  const derivationKey = deriveForCounter(initial, aesKsnCounter(ksn), COUNTER_BITS, childDerivation(backend, ksn.subarray(0, 8)));
  initial.fill(0);
  try {
    return workingKey(backend, derivationKey, ksn, options.usage, options.keyType);
  } finally {
    derivationKey.fill(0);
  }
}

/**
 * Host side: the intermediate derivation key of a KSN (the "transaction key" the working keys are
 * derived from; X9.24-3-2017 §6.3.4), usage B1.
 *
 * @example
 * ```ts
 * // X9.24-3-2017 test vectors, counter 1
 * deriveAesDukptTransactionKey({ bdk, ksn: hex('123456789012345600000001') }); // 4F21B565BAD9835E112B6465635EAE44
 * ```
 */
export function deriveAesDukptTransactionKey(options: { readonly bdk: SecretKey; readonly ksn: Uint8Array }): SecretKey {
  const { bdk, ksn } = options;
  checkKsn(ksn);
  const initial = initialKeyBytes(bdk, ksn.subarray(0, 8));
  const bytes = deriveForCounter(initial, aesKsnCounter(ksn), COUNTER_BITS, childDerivation(bdk.backend, ksn.subarray(0, 8)));
  initial.fill(0);
  const key = createKey(bytes, { algorithm: 'aes', usage: 'B1', backend: bdk.backend });
  bytes.fill(0);
  return key;
}

/** What the terminal persists (hex; the registers are secret). */
export interface AesDukptState {
  readonly version: 1;
  /** KSN of the next transaction (24 hex digits). */
  readonly ksn: string;
  /** 32 intermediate derivation key registers, register p for counter bit p. */
  readonly registers: ReadonlyArray<string | null>;
}

/** One terminal transaction. */
export interface AesDukptTransaction {
  readonly ksn: Uint8Array;
  key(usage: AesDukptKeyUsage, keyType: AesDukptKeyType): SecretKey;
  destroy(): void;
}

function ksnOf(initialKeyId: Uint8Array, counter: number): Uint8Array {
  const k = new Uint8Array(12);
  k.set(initialKeyId);
  k[8] = counter >>> 24;
  k[9] = counter >>> 16;
  k[10] = counter >>> 8;
  k[11] = counter;
  return k;
}

/**
 * The terminal side (X9.24-3-2017 §6.5): registers loaded from the initial key, at most 16
 * one-bits in the counter, DUKPT_EXHAUSTED when the counter runs out.
 *
 * @example
 * ```ts
 * const t = AesDukptTerminal.load(initialKey, hex('1234567890123456'));
 * t.nextTransaction().key('pin', 'aes128'); // counter 1: AF8CB133A78F8DC2D1359F18527593FB
 * ```
 */
export class AesDukptTerminal {
  readonly #id: Uint8Array;
  readonly #registers: FutureKeyRegisters;
  readonly #backend: CryptoBackend;

  private constructor(id: Uint8Array, registers: FutureKeyRegisters, backend: CryptoBackend) {
    this.#id = id;
    this.#registers = registers;
    this.#backend = backend;
  }

  /** Load the initial key (usage B1) and its 8-byte initial key ID; the first counter is 1. */
  static load(initialKey: SecretKey, initialKeyId: Uint8Array): AesDukptTerminal {
    requireUsage(initialKey, ['B1'], 'AES DUKPT terminal load', 'initialKey');
    requireAlgorithm(initialKey, ['aes'], 'AES DUKPT', 'initialKey');
    checkInitialKeyId(initialKeyId);
    const id = initialKeyId.slice();
    const registers = FutureKeyRegisters.load(COUNTER_BITS, MAX_ONES, childDerivation(initialKey.backend, id), keyBytes(initialKey));
    return new AesDukptTerminal(id, registers, initialKey.backend);
  }

  /** Restore from {@link AesDukptTerminal.exportState}. */
  static restore(state: AesDukptState, options: { readonly backend?: CryptoBackend } = {}): AesDukptTerminal {
    if (state === null || typeof state !== 'object' || state.version !== 1) fail('DUKPT_STATE_INVALID', 'not a version 1 AES DUKPT state', { path: 'state.version' });
    if (typeof state.ksn !== 'string' || !/^[0-9A-Fa-f]{24}$/.test(state.ksn)) fail('DUKPT_STATE_INVALID', 'the KSN is not 24 hex digits', { path: 'state.ksn' });
    if (!Array.isArray(state.registers) || state.registers.length !== COUNTER_BITS) {
      fail('DUKPT_STATE_INVALID', `there must be ${COUNTER_BITS} registers`, { path: 'state.registers' });
    }
    let size = 0;
    const registers = state.registers.map((r, i) => {
      if (r === null) return null;
      if (typeof r !== 'string' || !/^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{48}|[0-9A-Fa-f]{64})$/.test(r) || (size !== 0 && r.length !== size)) {
        return fail('DUKPT_STATE_INVALID', 'a register is not an AES key in hex or null', { path: `state.registers[${i}]` });
      }
      size = r.length;
      return hex(r);
    });
    const ksn = hex(state.ksn);
    const counter = aesKsnCounter(ksn);
    const id = ksn.slice(0, 8);
    const backend = options.backend ?? defaultBackend();
    const machine = new FutureKeyRegisters(COUNTER_BITS, MAX_ONES, childDerivation(backend, id), { counter, registers });
    if (!machine.exhausted && registers[lowestBit(counter)] === null) {
      fail('DUKPT_STATE_INVALID', 'the register for the next counter is empty', { path: 'state.registers' });
    }
    return new AesDukptTerminal(id, machine, backend);
  }

  /** KSN of the next transaction. */
  get ksn(): Uint8Array {
    return ksnOf(this.#id, this.#registers.counter);
  }

  get exhausted(): boolean {
    return this.#registers.exhausted;
  }

  /** Take the next transaction and advance. */
  nextTransaction(): AesDukptTransaction {
    const { counter, key } = this.#registers.next();
    const ksn = ksnOf(this.#id, counter);
    const backend = this.#backend;
    return {
      ksn,
      key: (usage, type) => workingKey(backend, key, ksn, usage, type),
      destroy: () => key.fill(0),
    };
  }

  /** State to persist (contains the registers: protect it like a key). */
  exportState(): AesDukptState {
    const s = this.#registers.state();
    return {
      version: 1,
      ksn: toHex(ksnOf(this.#id, s.counter >= 2 ** COUNTER_BITS ? 0 : s.counter)),
      registers: s.registers.map((r) => (r ? toHex(r) : null)),
    };
  }

  destroy(): void {
    this.#registers.destroy();
  }

  toString(): string {
    return `AesDukptTerminal(KSN ${toHex(this.ksn)})`;
  }

  toJSON(): { ksn: string } {
    return { ksn: toHex(this.ksn) };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
