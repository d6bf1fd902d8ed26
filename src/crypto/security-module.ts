/**
 * The `SecurityModule` port (DESIGN.md §1): key-by-reference operations a terminal's PED or a
 * host's HSM performs — encrypt a PIN, translate a PIN block between keys and formats, generate
 * and verify MACs, verify an ARQC and answer with an ARPC, import a key under a key-encrypting key
 * (TR-31 key block, or ECB under the terminal master key with a check value, as UnionPay's sign-on
 * key download does), export a key in a TR-31 block, verify CVVs, and verify a PIN block against a
 * Visa PVV or an IBM 3624 offset. Keys and clear PINs never leave the module; callers hold
 * references (names).
 *
 * Every stored key carries TR-31 attributes (usage, algorithm, mode of use, exportability) and
 * every operation enforces them ({@link assertTr31Permits}): a MAC key cannot encrypt a PIN, an
 * encrypt-only PIN key cannot decrypt.
 *
 * The port is asynchronous so a network HSM or a PED behind a serial line can implement it;
 * {@link SoftwareSecurityModule} is the shipped implementation over a `CryptoBackend`.
 */
import { constantTimeEqual, fail, type Random } from '../core/index';
import type { CryptoBackend } from './backend';
import { backendOf } from './backend-choice';
import { EmvIssuer, type ArpcRequest, type ArqcVerification, type IssuerScriptMacRequest } from './emv/issuer';
import type { CryptogramVersion } from './emv/cryptogram';
import { keyCheckValue } from './keys/kcv';
import { adjustParity, createKey, keyBytes, keyCipher, type KeyAlgorithm, type SecretKey } from './keys/key';
import { keyUsages, type KeyUsage } from './keys/usage';
import { generateMac, verifyMac, type MacOptions } from './mac/mac';
import { decipherPinBlock, encipherPinBlock, translatePinBlock, type PinBlockFormat } from './pin/pin-block';
import { verifyCvv, verifyIbm3624Offset, verifyVisaPvv, type CvvInput, type Ibm3624Params } from './card-security';
import { assertTr31Permits, tr31KeyAlgorithm, unwrapTr31Bytes, wrapTr31, type Tr31Operation } from './tr31/key-block';
import type { Tr31Algorithm, Tr31Exportability, Tr31Header, Tr31ModeOfUse } from './tr31/header';

/** A key's public attributes, as {@link SecurityModule.keyInfo} reports them. */
export interface SecurityModuleKeyInfo {
  readonly usage: KeyUsage;
  readonly algorithm: KeyAlgorithm;
  readonly length: number;
  readonly modeOfUse: Tr31ModeOfUse;
  readonly exportability: Tr31Exportability;
  /** Key check value, hex (3 bytes: ECB of zeros for DES/TDES/SM4, CMAC of zeros for AES). */
  readonly kcv: string;
}

/** One side of a PIN translation, by key reference. */
export interface PinSide {
  readonly keyRef: string;
  readonly format: PinBlockFormat;
  readonly pan?: string;
}

/** Options of {@link SecurityModule.importEncryptedKey} (ECB under a KEK, UnionPay-style). */
export interface EncryptedKeyImport {
  /** The key enciphered ECB under the KEK. */
  readonly encrypted: Uint8Array;
  readonly algorithm: KeyAlgorithm;
  readonly usage: KeyUsage;
  /** The check value sent with the key (compared on its own length, 2-8 bytes). */
  readonly kcv: Uint8Array;
  /** Mode of use for the imported key (default N, no special restriction). */
  readonly modeOfUse?: Tr31ModeOfUse;
  /** Exportability for the imported key (default N, not exportable). */
  readonly exportability?: Tr31Exportability;
  /** KCV method: ECB of zeros (default; what UnionPay sends, also for SM4) or CMAC. */
  readonly kcvMethod?: 'ecb' | 'cmac';
}

/** Attributes of a key made by {@link SecurityModule.generateKey}. */
export interface GeneratedKeyAttributes extends ClearKeyAttributes {
  /** Length in bytes: 8, 16 or 24 for DES/TDES, 16/24/32 for AES, 16 for SM4. */
  readonly length: number;
}

/** A key enciphered under a KEK by {@link SecurityModule.exportEncryptedKey}. */
export interface EncryptedKeyExport {
  /** The key enciphered ECB under the KEK. */
  readonly encrypted: Uint8Array;
  /** Its check value: the key enciphering a block of zeros, first 8 bytes (callers send 3 or 4). */
  readonly kcv: Uint8Array;
}

/** The security module port. */
export interface SecurityModule {
  /** Public attributes of a key. */
  keyInfo(keyRef: string): Promise<SecurityModuleKeyInfo>;
  /** Unwrap a TR-31 key block under the KBPK `kekRef` and store the key under `keyRef`. */
  importTr31(keyRef: string, kekRef: string, keyBlock: string): Promise<SecurityModuleKeyInfo>;
  /** Decipher a key sent ECB under the KEK `kekRef`, check its KCV and store it under `keyRef`. */
  importEncryptedKey(keyRef: string, kekRef: string, key: EncryptedKeyImport): Promise<SecurityModuleKeyInfo>;
  /** Export a key in a TR-31 key block under the KBPK `kekRef` (only keys marked exportable, E or S). */
  exportTr31(keyRef: string, kekRef: string, options?: { readonly version?: 'B' | 'C' | 'D' }): Promise<string>;
  /** Build and encipher a PIN block under a P0 key. */
  encryptPin(keyRef: string, input: { readonly pin: string; readonly format: PinBlockFormat; readonly pan?: string }): Promise<Uint8Array>;
  /** Translate an enciphered PIN block to another key and/or format. */
  translatePin(pinBlock: Uint8Array, from: PinSide, to: PinSide): Promise<Uint8Array>;
  /**
   * Generate a fresh random key inside the module (DES/TDES keys with odd parity) and store it
   * under `keyRef`; a host uses it for the working keys it hands out at sign-on.
   */
  generateKey(keyRef: string, attributes: GeneratedKeyAttributes): Promise<SecurityModuleKeyInfo>;
  /**
   * Encipher a key ECB under the KEK `kekRef` (K0), as UnionPay's sign-on answer carries the
   * working keys, with its check value (ECB of zeros). Only keys marked exportable (E or S).
   */
  exportEncryptedKey(keyRef: string, kekRef: string): Promise<EncryptedKeyExport>;
  /** Encipher data ECB under a data key (D0): whole blocks, no padding (UnionPay track data). */
  encryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array>;
  /** Decipher data ECB under a data key (D0). */
  decryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array>;
  /** Generate a MAC under an M-usage key. */
  generateMac(keyRef: string, data: Uint8Array, options: MacOptions): Promise<Uint8Array>;
  /** Verify a MAC under an M-usage key (constant time). */
  verifyMac(keyRef: string, data: Uint8Array, mac: Uint8Array, options: MacOptions): Promise<boolean>;
  /** Verify a CVV / CVV2 / iCVV / CVC under a card verification key (C0). */
  verifyCvv(keyRef: string, input: Omit<CvvInput, 'cvk'>, cvv: string): Promise<boolean>;
  /** Verify an enciphered PIN block against the Visa PVV, under a PIN key (P0) and a PVK (V2). */
  verifyPinPvv(pinBlock: Uint8Array, pin: PinSide, pvkRef: string, input: { readonly pvki: string; readonly pan: string; readonly pvv: string }): Promise<boolean>;
  /** Verify an enciphered PIN block against its IBM 3624 offset, under a PIN key (P0) and a PVK (V1). */
  verifyPinIbm3624(pinBlock: Uint8Array, pin: PinSide, pvkRef: string, input: Omit<Ibm3624Params, 'pvk'> & { readonly offset: string }): Promise<boolean>;
  /** Verify an ARQC under an issuer master key for AC (E0). */
  verifyArqc(keyRef: string, cvn: CryptogramVersion, input: ArqcVerification): Promise<boolean>;
  /** The ARPC answering an ARQC, under an issuer master key for AC (E0). */
  generateArpc(keyRef: string, cvn: CryptogramVersion, input: ArpcRequest): Promise<Uint8Array>;
  /** The MAC of an issuer script command, under an issuer master key for secure messaging integrity (E2). */
  generateIssuerScriptMac(keyRef: string, cvn: CryptogramVersion, input: IssuerScriptMacRequest): Promise<Uint8Array>;
}

interface StoredKey {
  readonly key: SecretKey;
  readonly header: Tr31Header;
}

// X9.143 has no algorithm code for SM4; the module only uses the header for usage, mode of use and
// exportability, and keeps the key's real algorithm on the SecretKey.
const ALGORITHM_CODE: Readonly<Record<KeyAlgorithm, Tr31Algorithm>> = { des: 'D', tdes: 'T', aes: 'A', sm4: 'T', hmac: 'H' };

/** The TR-31 header the module keeps for a key that arrived without one (clear load, TMK import). */
function localHeader(a: ClearKeyAttributes): Tr31Header {
  return {
    version: 'B',
    keyUsage: a.usage,
    algorithm: ALGORITHM_CODE[a.algorithm],
    modeOfUse: a.modeOfUse ?? 'N',
    keyVersion: '00',
    exportability: a.exportability ?? 'N',
    reserved: '00',
    optionalBlocks: [],
  };
}

const MAC_USAGES: readonly string[] = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];

/** Options of {@link SoftwareSecurityModule}. */
export interface SoftwareSecurityModuleOptions {
  readonly backend?: CryptoBackend;
  /** Randomness for PIN block fill (default: the backend's CSPRNG). */
  readonly random?: Random;
}

/** Attributes of a key loaded in the clear with {@link SoftwareSecurityModule.loadKey}. */
export interface ClearKeyAttributes {
  readonly algorithm: KeyAlgorithm;
  readonly usage: KeyUsage;
  readonly modeOfUse?: Tr31ModeOfUse;
  readonly exportability?: Tr31Exportability;
}

/**
 * The software security module: keys held in memory as opaque {@link SecretKey}s with their TR-31
 * attributes. For tests, simulators and hosts without an HSM.
 *
 * @example
 * ```ts
 * const sm = new SoftwareSecurityModule();
 * sm.loadKey('kbpk', hex('88E1AB2A…'), { algorithm: 'aes', usage: 'K1' });
 * await sm.importTr31('pek', 'kbpk', 'D0112P0AE00E0000B826…'); // { usage: 'P0', kcv: … }
 * await sm.generateMac('pek', data, { algorithm: 'cmac' }); // throws TR31_USAGE_NOT_PERMITTED
 * ```
 */
export class SoftwareSecurityModule implements SecurityModule {
  readonly #keys = new Map<string, StoredKey>();
  readonly #backend: CryptoBackend;
  readonly #random: Random;

  constructor(options: SoftwareSecurityModuleOptions = {}) {
    this.#backend = backendOf(options);
    this.#random = options.random ?? { bytes: (n) => this.#backend.randomBytes(n) };
  }

  /** Load a clear key (from combined components at a key ceremony, or a test vector). */
  loadKey(keyRef: string, bytes: Uint8Array, attributes: ClearKeyAttributes): SecurityModuleKeyInfo {
    const key = createKey(bytes, { algorithm: attributes.algorithm, usage: attributes.usage, backend: this.#backend });
    return this.#store(keyRef, key, localHeader(attributes));
  }

  /** Remove a key, zeroising it. */
  deleteKey(keyRef: string): void {
    this.#keys.get(keyRef)?.key.destroy();
    this.#keys.delete(keyRef);
  }

  #store(keyRef: string, key: SecretKey, header: Tr31Header): SecurityModuleKeyInfo {
    this.deleteKey(keyRef);
    this.#keys.set(keyRef, { key, header });
    return this.#info({ key, header });
  }

  #info(stored: StoredKey): SecurityModuleKeyInfo {
    return {
      usage: stored.key.usage,
      algorithm: stored.key.algorithm,
      length: stored.key.length,
      modeOfUse: stored.header.modeOfUse,
      exportability: stored.header.exportability,
      kcv: stored.key.algorithm === 'hmac' ? '' : stored.key.kcv,
    };
  }

  #use(keyRef: string, usages: readonly string[], operation: Tr31Operation): StoredKey {
    const stored = this.#keys.get(keyRef);
    if (!stored) fail('SECURITY_MODULE_KEY_UNKNOWN', `no key under reference ${JSON.stringify(keyRef)}`, { path: 'keyRef' });
    assertTr31Permits(stored.header, { usages, operation });
    return stored;
  }

  async keyInfo(keyRef: string): Promise<SecurityModuleKeyInfo> {
    const stored = this.#keys.get(keyRef);
    if (!stored) fail('SECURITY_MODULE_KEY_UNKNOWN', `no key under reference ${JSON.stringify(keyRef)}`, { path: 'keyRef' });
    return this.#info(stored);
  }

  async importTr31(keyRef: string, kekRef: string, keyBlock: string): Promise<SecurityModuleKeyInfo> {
    const kek = this.#use(kekRef, ['K1', 'K0'], 'unwrap');
    const { header, key } = unwrapTr31Bytes(kek.key, keyBlock, { backend: this.#backend });
    try {
      if (!Object.prototype.hasOwnProperty.call(keyUsages, header.keyUsage)) {
        fail('TR31_USAGE_NOT_PERMITTED', `key usage ${header.keyUsage} is not one the security module holds`, { path: 'tr31.keyUsage' });
      }
      const secret = createKey(key, { algorithm: tr31KeyAlgorithm(header, key.length), usage: header.keyUsage as KeyUsage, backend: this.#backend });
      return this.#store(keyRef, secret, header);
    } finally {
      key.fill(0);
    }
  }

  async importEncryptedKey(keyRef: string, kekRef: string, input: EncryptedKeyImport): Promise<SecurityModuleKeyInfo> {
    const kek = this.#use(kekRef, ['K0'], 'decrypt');
    if (kek.key.algorithm === 'hmac') fail('TR31_USAGE_NOT_PERMITTED', 'an HMAC key cannot decipher keys', { path: 'kekRef' });
    const clear = keyCipher(kek.key).decrypt(input.encrypted);
    try {
      const key = createKey(clear, { algorithm: input.algorithm, usage: input.usage, backend: this.#backend });
      const n = input.kcv.length;
      if (n < 2 || n > 8) fail('SECURITY_MODULE_KCV_MISMATCH', 'the check value must be 2 to 8 bytes', { path: 'kcv' });
      const expected = keyCheckValue(key, { method: input.kcvMethod ?? 'ecb', length: Math.min(n, keyCipher(key).blockSize) });
      if (!constantTimeEqual(expected.subarray(0, n), input.kcv)) {
        key.destroy();
        fail('SECURITY_MODULE_KCV_MISMATCH', 'the deciphered key does not match its check value', { path: 'kcv' });
      }
      return this.#store(keyRef, key, localHeader(input));
    } finally {
      clear.fill(0);
    }
  }

  async exportTr31(keyRef: string, kekRef: string, options: { readonly version?: 'B' | 'C' | 'D' } = {}): Promise<string> {
    const stored = this.#keys.get(keyRef);
    if (!stored) fail('SECURITY_MODULE_KEY_UNKNOWN', `no key under reference ${JSON.stringify(keyRef)}`, { path: 'keyRef' });
    assertTr31Permits(stored.header, { usages: [stored.header.keyUsage], operation: 'export' });
    const kek = this.#use(kekRef, ['K1', 'K0'], 'wrap');
    const version = options.version ?? (kek.key.algorithm === 'aes' ? 'D' : 'B');
    return wrapTr31(kek.key, { ...stored.header, version }, stored.key, { backend: this.#backend, random: this.#random });
  }

  async generateKey(keyRef: string, attributes: GeneratedKeyAttributes): Promise<SecurityModuleKeyInfo> {
    const n = attributes.length;
    let bytes = this.#random.bytes(n);
    if (bytes.length !== n) fail('INVALID_ARGUMENT', `the random source gave ${bytes.length} bytes, not ${n}`, { path: 'random' });
    try {
      if (attributes.algorithm === 'des' || attributes.algorithm === 'tdes') bytes = adjustParity(bytes);
      const key = createKey(bytes, { algorithm: attributes.algorithm, usage: attributes.usage, backend: this.#backend });
      return this.#store(keyRef, key, localHeader(attributes));
    } finally {
      bytes.fill(0);
    }
  }

  async exportEncryptedKey(keyRef: string, kekRef: string): Promise<EncryptedKeyExport> {
    const stored = this.#keys.get(keyRef);
    if (!stored) fail('SECURITY_MODULE_KEY_UNKNOWN', `no key under reference ${JSON.stringify(keyRef)}`, { path: 'keyRef' });
    assertTr31Permits(stored.header, { usages: [stored.header.keyUsage], operation: 'export' });
    const kek = this.#use(kekRef, ['K0'], 'encrypt');
    if (kek.key.algorithm === 'hmac' || stored.key.algorithm === 'hmac') fail('TR31_USAGE_NOT_PERMITTED', 'HMAC keys are not enciphered ECB', { path: 'keyRef' });
    const encrypted = keyCipher(kek.key).encrypt(keyBytes(stored.key));
    return { encrypted, kcv: keyCheckValue(stored.key, { method: 'ecb', length: keyCipher(stored.key).blockSize }) };
  }

  async encryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array> {
    const { key } = this.#use(keyRef, ['D0'], 'encrypt');
    return this.#ecb(key, data, 'encrypt');
  }

  async decryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array> {
    const { key } = this.#use(keyRef, ['D0'], 'decrypt');
    return this.#ecb(key, data, 'decrypt');
  }

  #ecb(key: SecretKey, data: Uint8Array, direction: 'encrypt' | 'decrypt'): Uint8Array {
    if (key.algorithm === 'hmac') fail('TR31_USAGE_NOT_PERMITTED', 'an HMAC key cannot encipher data', { path: 'keyRef' });
    const c = keyCipher(key);
    if (!(data instanceof Uint8Array) || data.length === 0 || data.length % c.blockSize !== 0) {
      fail('INVALID_ARGUMENT', `data must be whole ${c.blockSize}-byte blocks`, { path: 'data' });
    }
    return direction === 'encrypt' ? c.encrypt(data) : c.decrypt(data);
  }

  async encryptPin(keyRef: string, input: { readonly pin: string; readonly format: PinBlockFormat; readonly pan?: string }): Promise<Uint8Array> {
    const { key } = this.#use(keyRef, ['P0'], 'encrypt');
    return encipherPinBlock({ key, format: input.format, pin: input.pin, random: this.#random, ...(input.pan === undefined ? {} : { pan: input.pan }) });
  }

  async translatePin(pinBlock: Uint8Array, from: PinSide, to: PinSide): Promise<Uint8Array> {
    const source = this.#use(from.keyRef, ['P0'], 'decrypt');
    const target = this.#use(to.keyRef, ['P0'], 'encrypt');
    return translatePinBlock(pinBlock, {
      from: { key: source.key, format: from.format, ...(from.pan === undefined ? {} : { pan: from.pan }) },
      to: { key: target.key, format: to.format, ...(to.pan === undefined ? {} : { pan: to.pan }) },
      random: this.#random,
    });
  }

  async generateMac(keyRef: string, data: Uint8Array, options: MacOptions): Promise<Uint8Array> {
    const { key } = this.#use(keyRef, MAC_USAGES, 'generate');
    return generateMac(key, data, options);
  }

  async verifyMac(keyRef: string, data: Uint8Array, mac: Uint8Array, options: MacOptions): Promise<boolean> {
    const { key } = this.#use(keyRef, MAC_USAGES, 'verify');
    return verifyMac(key, data, mac, options);
  }

  async verifyCvv(keyRef: string, input: Omit<CvvInput, 'cvk'>, cvv: string): Promise<boolean> {
    const { key } = this.#use(keyRef, ['C0'], 'verify');
    return verifyCvv({ ...input, cvk: key }, cvv, { backend: this.#backend });
  }

  /** The clear PIN of an enciphered PIN block, inside the module only. */
  #pinOf(pinBlock: Uint8Array, side: PinSide): string {
    const { key } = this.#use(side.keyRef, ['P0'], 'decrypt');
    return decipherPinBlock(pinBlock, { key, format: side.format, ...(side.pan === undefined ? {} : { pan: side.pan }) });
  }

  async verifyPinPvv(pinBlock: Uint8Array, pin: PinSide, pvkRef: string, input: { readonly pvki: string; readonly pan: string; readonly pvv: string }): Promise<boolean> {
    const { key } = this.#use(pvkRef, ['V2'], 'verify');
    return verifyVisaPvv({ pvk: key, pvki: input.pvki, pan: input.pan, pin: this.#pinOf(pinBlock, pin) }, input.pvv, { backend: this.#backend });
  }

  async verifyPinIbm3624(pinBlock: Uint8Array, pin: PinSide, pvkRef: string, input: Omit<Ibm3624Params, 'pvk'> & { readonly offset: string }): Promise<boolean> {
    const { key } = this.#use(pvkRef, ['V1'], 'verify');
    const { offset, ...params } = input;
    return verifyIbm3624Offset({ ...params, pvk: key }, this.#pinOf(pinBlock, pin), offset, { backend: this.#backend });
  }

  #issuer(keyRef: string, cvn: CryptogramVersion, usage: 'E0' | 'E2' = 'E0'): EmvIssuer {
    const { key } = this.#use(keyRef, [usage], 'derive');
    if (key.algorithm !== 'tdes' || key.length !== 16) fail('TR31_USAGE_NOT_PERMITTED', 'an issuer master key is a double-length TDES key', { path: 'keyRef' });
    return new EmvIssuer({ issuerMasterKey: key, cvn, backend: this.#backend });
  }

  async verifyArqc(keyRef: string, cvn: CryptogramVersion, input: ArqcVerification): Promise<boolean> {
    const issuer = this.#issuer(keyRef, cvn);
    try {
      return issuer.verifyArqc(input);
    } finally {
      issuer.destroy();
    }
  }

  async generateArpc(keyRef: string, cvn: CryptogramVersion, input: ArpcRequest): Promise<Uint8Array> {
    const issuer = this.#issuer(keyRef, cvn);
    try {
      return issuer.arpc(input);
    } finally {
      issuer.destroy();
    }
  }

  async generateIssuerScriptMac(keyRef: string, cvn: CryptogramVersion, input: IssuerScriptMacRequest): Promise<Uint8Array> {
    const issuer = this.#issuer(keyRef, cvn, 'E2');
    try {
      return issuer.issuerScriptMac(input);
    } finally {
      issuer.destroy();
    }
  }

  /** `SoftwareSecurityModule(3 keys)`: never key material. */
  toString(): string {
    return `SoftwareSecurityModule(${this.#keys.size} keys)`;
  }
}

