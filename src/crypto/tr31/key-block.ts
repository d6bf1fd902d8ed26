/**
 * TR-31 / ANSI X9.143 key blocks: unwrap versions A, B, C and D, wrap B, C and D.
 *
 * - A and C (key variant binding, TDES): KBEK = KBPK ⊕ 45…, KBAK = KBPK ⊕ 4D…; the key data is
 *   TDES-CBC enciphered with the first 8 header characters as IV; the MAC is the leftmost 4 bytes
 *   of a TDES CBC-MAC under the KBAK over the header (ASCII) and the enciphered key data (binary).
 * - B (TDES key derivation binding) and D (AES key derivation binding): KBEK and KBAK derived with
 *   CMAC under the KBPK (X9.143 §6.4, derivation data: counter ‖ usage ‖ 00 ‖ algorithm ‖ length);
 *   the MAC is CMAC under the KBAK over the header and the clear key data (8 bytes for B, 16 for D),
 *   and it is also the IV of the CBC encipherment.
 *
 * The clear key data is the key length in bits (2 bytes) ‖ key ‖ padding (random, or enough to
 * hide the key length when `maskedKeyLength` is given). The header (usage, algorithm, mode of use,
 * exportability) travels with the unwrapped key: see {@link assertTr31Permits}.
 *
 * An asymmetric key (algorithm R RSA, E ECC, S DSA; X9.143:2021 §8.5, §8.6) is its DER encoding
 * in the same place, its length in bits in the same two bytes; it comes back as an opaque
 * {@link AsymmetricKey} for the caller to import.
 */
import { concatBytes, constantTimeEqual, encodeAscii, fail, hex, isHex, toHex, type Random } from '../../core/index';
import type { CryptoBackend, PreparedCipher } from '../backend';
import { backendOf, type CryptoOptions } from '../backend-choice';
import { cmacWith } from '../mac/prepared';
import { keyMaterial, type KeyInput } from '../key-input';
import { AsymmetricKey, derElementLength, type AsymmetricKeyAlgorithm } from '../keys/asymmetric-key';
import { createKey, SecretKey, type KeyAlgorithm } from '../keys/key';
import { keyUsages, type KeyUsage } from '../keys/usage';
import { buildTr31Header, parseTr31Header, tr31BlockSize, tr31HeaderLength, type Tr31Algorithm, type Tr31Header, type Tr31ModeOfUse, type Tr31Version } from './header';

/** {@link unwrapTr31} of a symmetric key (algorithm A, D, T or H): a SecretKey of the header's usage. */
export interface Tr31UnwrappedSecretKey {
  readonly kind: 'secret';
  readonly header: Tr31Header;
  readonly key: SecretKey;
}

/** {@link unwrapTr31} of an asymmetric key (algorithm R, E or S): its DER key material. */
export interface Tr31UnwrappedAsymmetricKey {
  readonly kind: 'asymmetric';
  readonly header: Tr31Header;
  readonly key: AsymmetricKey;
}

/** The result of {@link unwrapTr31}, told apart by `kind` (or by `header.algorithm`). */
export type Tr31UnwrappedKey = Tr31UnwrappedSecretKey | Tr31UnwrappedAsymmetricKey;

/** The result of {@link unwrapTr31Bytes}: the header and the clear key bytes. @internal */
export interface Tr31UnwrappedBytes {
  readonly header: Tr31Header;
  readonly key: Uint8Array;
}

function kbpkError(message: string): never {
  return fail('TR31_KBPK_INVALID', message, { path: 'kbpk' });
}

function checkKbpk(version: Tr31Version, kbpk: Uint8Array): void {
  if (!(kbpk instanceof Uint8Array)) kbpkError('the KBPK must be bytes');
  switch (version) {
    case 'A':
    case 'C':
      if (![8, 16, 24].includes(kbpk.length)) kbpkError(`a version ${version} KBPK is a DES or TDES key (8, 16 or 24 bytes), got ${kbpk.length}`);
      return;
    case 'B':
      if (![16, 24].includes(kbpk.length)) kbpkError(`a version B KBPK is a 2- or 3-key TDES key (16 or 24 bytes), got ${kbpk.length}`);
      return;
    case 'D':
      if (![16, 24, 32].includes(kbpk.length)) kbpkError(`a version D KBPK is an AES key (16, 24 or 32 bytes), got ${kbpk.length}`);
      return;
    default: {
      const never: never = version;
      kbpkError(`unknown version ${String(never)}`);
    }
  }
}

function variantKeys(backend: CryptoBackend, kbpk: Uint8Array): { enc: PreparedCipher; mac: PreparedCipher } {
  const algorithm = kbpk.length === 8 ? 'des' : 'tdes';
  const e = kbpk.map((b) => b ^ 0x45);
  const m = kbpk.map((b) => b ^ 0x4d);
  try {
    return { enc: backend.cipher(algorithm, e), mac: backend.cipher(algorithm, m) };
  } finally {
    e.fill(0);
    m.fill(0);
  }
}

/** X9.143 §6.4 key derivation: KBEK (usage 0000) and KBAK (usage 0001) by CMAC under the KBPK. */
function derivedKeys(backend: CryptoBackend, version: 'B' | 'D', kbpk: Uint8Array): { enc: PreparedCipher; mac: PreparedCipher } {
  const algorithm = version === 'B' ? 'tdes' : 'aes';
  const base = backend.cipher(algorithm, kbpk);
  const bits = kbpk.length * 8;
  const algorithmCode = version === 'B' ? (kbpk.length === 16 ? 0 : 1) : kbpk.length === 16 ? 2 : kbpk.length === 24 ? 3 : 4;
  const derive = (usage: number): PreparedCipher => {
    const out = new Uint8Array(Math.ceil(kbpk.length / base.blockSize) * base.blockSize);
    for (let counter = 1, at = 0; at < kbpk.length; counter++, at += base.blockSize) {
      const data = new Uint8Array([counter, 0, usage, 0, 0, algorithmCode, bits >> 8, bits & 0xff]);
      out.set(cmacWith(base, data), at);
    }
    const key = out.subarray(0, kbpk.length);
    try {
      return backend.cipher(algorithm, key);
    } finally {
      out.fill(0);
    }
  };
  try {
    return { enc: derive(0), mac: derive(1) };
  } finally {
    base.destroy();
  }
}

function keysFor(backend: CryptoBackend, version: Tr31Version, kbpk: Uint8Array): { enc: PreparedCipher; mac: PreparedCipher } {
  return version === 'A' || version === 'C' ? variantKeys(backend, kbpk) : derivedKeys(backend, version, kbpk);
}

function macLength(version: Tr31Version): number {
  return version === 'D' ? 16 : version === 'B' ? 8 : 4;
}

/** The asymmetric algorithm of a key block's algorithm code (X9.143 §6.3.2), or undefined for a symmetric one. */
function asymmetricAlgorithm(algorithm: Tr31Algorithm): AsymmetricKeyAlgorithm | undefined {
  switch (algorithm) {
    case 'R':
      return 'rsa';
    case 'E':
      return 'ecc';
    case 'S':
      return 'dsa';
    case 'A':
    case 'D':
    case 'T':
    case 'H':
      return undefined;
    default: {
      const never: never = algorithm;
      return fail('TR31_HEADER_INVALID', `unknown algorithm ${String(never)}`, { path: 'tr31.algorithm' });
    }
  }
}

/** An asymmetric key is one DER SEQUENCE, exactly as long as the key length field says. */
function checkDerKey(key: Uint8Array, algorithm: Tr31Algorithm, path: string): void {
  if (key[0] !== 0x30 || derElementLength(key) !== key.length) {
    fail('TR31_ASYMMETRIC_KEY_INVALID', `an algorithm ${algorithm} key is one DER SEQUENCE of the stated length (${key.length} bytes)`, { path });
  }
}

/** TDES CBC-MAC (ISO 9797-1 algorithm 1, data already a multiple of 8), leftmost 4 bytes. */
function variantMac(mac: PreparedCipher, data: Uint8Array): Uint8Array {
  const cbc = mac.encrypt(data, 'cbc');
  return cbc.slice(cbc.length - 8, cbc.length - 4);
}

/**
 * The SecretKey algorithm of a key block's algorithm code and key length.
 *
 * @example
 * ```ts
 * tr31KeyAlgorithm(parseTr31Header('A0088M3TC00E0000').header, 8); // 'des'
 * ```
 */
export function tr31KeyAlgorithm(header: Tr31Header, length: number): KeyAlgorithm {
  switch (header.algorithm) {
    case 'A':
      return 'aes';
    case 'T':
      return length === 8 ? 'des' : 'tdes';
    case 'D':
      return 'des';
    case 'H':
      return 'hmac';
    case 'E':
    case 'R':
    case 'S':
      return fail('TR31_USAGE_NOT_PERMITTED', `algorithm ${header.algorithm} (asymmetric) keys are not held as SecretKeys`, { path: 'tr31.algorithm' });
    default: {
      const never: never = header.algorithm;
      return fail('TR31_HEADER_INVALID', `unknown algorithm ${String(never)}`, { path: 'tr31.algorithm' });
    }
  }
}

/**
 * Unwrap a TR-31 key block with its key block protection key: check the header, the length, the
 * MAC (in constant time), then decipher. A symmetric key comes back as an opaque SecretKey
 * carrying the header's usage, so every operation it is later given to checks it (a MAC key
 * cannot encrypt a PIN); the header's mode of use and exportability are enforced by
 * {@link assertTr31Permits} (the security module does so on every operation). An RSA, ECC or DSA
 * key comes back as an {@link AsymmetricKey}, its DER encoding, with the same header.
 *
 * @example
 * ```ts
 * // X9.143 / TR-31:2018 Annex A.7.4 (version D, AES-256 KBPK)
 * const r = unwrapTr31(hex('88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6'),
 *   'D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34');
 * r.kind; // 'secret': r.key is a SecretKey, r.header.keyUsage 'P0', r.key.kcv '08793E25AB'
 *
 * // X9.143:2021 §8.6 (ECC signature key, CT certificate chain): 'D1840S0ES00N0400CT000405CC…'
 * const e = unwrapTr31(kbpk, eccKeyBlock);
 * e.kind; // 'asymmetric': String(e.key) 'AsymmetricKey(ecc, 121-byte DER, S0)', e.key.exportDer() its RFC 5915 DER
 * ```
 */
export function unwrapTr31(kbpk: KeyInput, keyBlock: string, options: CryptoOptions = {}): Tr31UnwrappedKey {
  const { header, key } = unwrapTr31Bytes(kbpk, keyBlock, options);
  try {
    const asymmetric = asymmetricAlgorithm(header.algorithm);
    if (asymmetric !== undefined) return { kind: 'asymmetric', header, key: new AsymmetricKey(key, asymmetric, header.keyUsage) };
    if (!Object.prototype.hasOwnProperty.call(keyUsages, header.keyUsage)) {
      fail('TR31_USAGE_NOT_PERMITTED', `key usage ${header.keyUsage} is not one cardwire keys carry`, { path: 'tr31.keyUsage' });
    }
    const secret = createKey(key, { algorithm: tr31KeyAlgorithm(header, key.length), usage: header.keyUsage as KeyUsage, backend: backendOf(options) });
    return { kind: 'secret', header, key: secret };
  } finally {
    key.fill(0);
  }
}

/** {@link unwrapTr31} returning the clear key bytes (for the security module and the CLI). @internal */
export function unwrapTr31Bytes(kbpkInput: KeyInput, keyBlock: string, options: CryptoOptions = {}): Tr31UnwrappedBytes {
  const backend = backendOf(options);
  const kbpk = keyMaterial(kbpkInput, ['K1', 'K0'], 'TR-31 unwrap', 'kbpk');
  const { header, blockLength, headerLength } = parseTr31Header(keyBlock);
  const version = header.version;
  if (blockLength !== keyBlock.length) fail('TR31_LENGTH_MISMATCH', `the header declares ${blockLength} characters, the key block has ${keyBlock.length}`, { path: 'tr31.length', offset: 1 });
  checkKbpk(version, kbpk);
  const bs = tr31BlockSize(version);
  const macHex = macLength(version) * 2;
  if (headerLength % bs !== 0) fail('TR31_LENGTH_MISMATCH', `the header length ${headerLength} is not a multiple of ${bs}`, { path: 'tr31.header', offset: headerLength });
  const encHex = keyBlock.length - headerLength - macHex;
  if (encHex <= 0 || encHex % (bs * 2) !== 0) fail('TR31_LENGTH_MISMATCH', `the encrypted key data must be a positive multiple of ${bs} bytes`, { path: 'tr31.keyData', offset: headerLength });
  const encText = keyBlock.slice(headerLength, headerLength + encHex);
  const macText = keyBlock.slice(headerLength + encHex);
  if (!isHex(encText)) fail('TR31_ENCRYPTED_DATA_INVALID', 'the encrypted key data is not hex', { path: 'tr31.keyData', offset: headerLength });
  if (!isHex(macText)) fail('TR31_ENCRYPTED_DATA_INVALID', 'the key block MAC is not hex', { path: 'tr31.mac', offset: headerLength + encHex });
  const headerBytes = encodeAscii(keyBlock.slice(0, headerLength));
  const encrypted = hex(encText);
  const mac = hex(macText);
  const keys = keysFor(backend, version, kbpk);
  let clear: Uint8Array | undefined;
  try {
    if (version === 'A' || version === 'C') {
      const expected = variantMac(keys.mac, concatBytes(headerBytes, encrypted));
      if (!constantTimeEqual(expected, mac)) fail('TR31_AUTHENTICATION_FAILED', 'the key block MAC does not verify', { path: 'tr31.mac' });
      clear = keys.enc.decrypt(encrypted, 'cbc', headerBytes.subarray(0, 8));
    } else {
      clear = keys.enc.decrypt(encrypted, 'cbc', mac);
      const expected = cmacWith(keys.mac, concatBytes(headerBytes, clear));
      if (!constantTimeEqual(expected, mac)) fail('TR31_AUTHENTICATION_FAILED', 'the key block MAC does not verify', { path: 'tr31.mac' });
    }
    const bits = (clear[0]! << 8) | clear[1]!;
    if (bits === 0 || bits % 8 !== 0 || 2 + bits / 8 > clear.length) fail('TR31_KEY_LENGTH_INVALID', 'the key length in the decrypted key data is not valid', { path: 'tr31.keyData' });
    // An asymmetric key is checked inside `clear`, before its bytes are copied out.
    if (asymmetricAlgorithm(header.algorithm) !== undefined) checkDerKey(clear.subarray(2, 2 + bits / 8), header.algorithm, 'tr31.keyData');
    return { header, key: clear.slice(2, 2 + bits / 8) };
  } finally {
    clear?.fill(0);
    keys.enc.destroy();
    keys.mac.destroy();
  }
}

/** Options of {@link wrapTr31}. */
export interface Tr31WrapOptions extends CryptoOptions {
  /** Source of the padding bytes (default: the backend's CSPRNG). */
  readonly random?: Random;
  /** Pad the key data as if the key had this many bytes, hiding its length (X9.143 §6.5). */
  readonly maskedKeyLength?: number;
}

function keyLengthsFor(header: Tr31Header): readonly number[] {
  switch (header.algorithm) {
    case 'T':
      // Single-length keys marked T exist in the wild (and unwrap accepts them); D is the proper code.
      return [8, 16, 24];
    case 'D':
      return [8];
    case 'A':
      return [16, 24, 32];
    case 'H':
    case 'E':
    case 'R':
    case 'S':
      return [];
    default: {
      const never: never = header.algorithm;
      return fail('TR31_HEADER_INVALID', `unknown algorithm ${String(never)}`, { path: 'tr31.algorithm' });
    }
  }
}

/** The bytes to wrap and whether the caller's array must be wiped after (an exported copy). */
function keyToWrap(header: Tr31Header, keyInput: KeyInput | AsymmetricKey): { readonly bytes: Uint8Array; readonly copy: boolean } {
  if (keyInput instanceof Uint8Array) return { bytes: keyInput, copy: false };
  if (keyInput instanceof AsymmetricKey || keyInput instanceof SecretKey) {
    if (keyInput.usage !== header.keyUsage) {
      fail('TR31_USAGE_NOT_PERMITTED', `a key of usage ${keyInput.usage} cannot be wrapped under header usage ${header.keyUsage}`, { path: 'tr31.keyUsage' });
    }
  }
  if (keyInput instanceof AsymmetricKey) {
    if (asymmetricAlgorithm(header.algorithm) !== keyInput.algorithm) {
      fail('TR31_KEY_LENGTH_INVALID', `a key of algorithm ${keyInput.algorithm} cannot be wrapped under header algorithm ${header.algorithm}`, { path: 'tr31.algorithm' });
    }
    return { bytes: keyInput.exportDer(), copy: true };
  }
  return { bytes: keyMaterial(keyInput, [keyInput.usage], 'TR-31 wrap', 'key'), copy: false };
}

/**
 * Wrap a key in a TR-31 key block of version B, C or D: a SecretKey or clear bytes, or for an
 * RSA, ECC or DSA header (version D) an {@link AsymmetricKey} or its DER bytes.
 *
 * @example
 * ```ts
 * wrapTr31(kbpk, { version: 'D', keyUsage: 'P0', algorithm: 'A', modeOfUse: 'E', keyVersion: '00',
 *   exportability: 'E', reserved: '00', optionalBlocks: [] }, key, { random });
 * // 'D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34'
 *
 * // X9.143:2021 §8.6: the ECC key with its CT, KP and TS blocks and the published padding 'ABCDE'
 * wrapTr31(kbpk, eccHeader, eccDer, { random }); // 'D1840S0ES00N0400CT000405CC…'
 * ```
 */
export function wrapTr31(kbpkInput: KeyInput, header: Tr31Header, keyInput: KeyInput | AsymmetricKey, options: Tr31WrapOptions = {}): string {
  const backend = backendOf(options);
  const kbpk = keyMaterial(kbpkInput, ['K1', 'K0'], 'TR-31 wrap', 'kbpk');
  const { bytes: key, copy } = keyToWrap(header, keyInput);
  try {
    return wrapBytes(backend, kbpk, header, key, options);
  } finally {
    if (copy) key.fill(0);
  }
}

function wrapBytes(backend: CryptoBackend, kbpk: Uint8Array, header: Tr31Header, key: Uint8Array, options: Tr31WrapOptions): string {
  const version = header.version;
  if (version === 'A') fail('TR31_VERSION_UNSUPPORTED', 'version A is deprecated: unwrap only; wrap with C (same method) or B/D', { path: 'tr31.version' });
  checkKbpk(version, kbpk);
  const allowed = keyLengthsFor(header);
  if (!(key instanceof Uint8Array) || key.length === 0) fail('TR31_KEY_LENGTH_INVALID', 'the key to wrap must be non-empty bytes', { path: 'key' });
  if (allowed.length > 0 && !allowed.includes(key.length)) {
    fail('TR31_KEY_LENGTH_INVALID', `a key of algorithm ${header.algorithm} must be ${allowed.join(', ')} bytes`, { path: 'key' });
  }
  if ((version === 'B' || version === 'C') && !['T', 'D'].includes(header.algorithm)) fail('TR31_KEY_LENGTH_INVALID', `version ${version} wraps DES/TDES keys`, { path: 'tr31.algorithm' });
  if (version !== 'D' && key.length > kbpk.length) fail('TR31_KEY_LENGTH_INVALID', 'the key is longer than the KBPK', { path: 'key' });
  if (asymmetricAlgorithm(header.algorithm) !== undefined) checkDerKey(key, header.algorithm, 'key');
  const bs = tr31BlockSize(version);
  const masked = options.maskedKeyLength ?? key.length;
  if (!Number.isInteger(masked) || masked < key.length) fail('TR31_KEY_LENGTH_INVALID', 'maskedKeyLength must be at least the key length', { path: 'maskedKeyLength' });
  const dataLength = Math.ceil((2 + masked) / bs) * bs;
  const macHex = macLength(version) * 2;
  // The whole block must fit the 4-digit length field: check before allocating the key data.
  const blockLength = tr31HeaderLength(header) + dataLength * 2 + macHex;
  if (blockLength > 9999) fail('TR31_LENGTH_MISMATCH', `the key block would be ${blockLength} characters; the length field holds at most 9999`, { path: 'tr31.length' });
  const padLength = dataLength - 2 - key.length;
  const pad = options.random ? options.random.bytes(padLength) : backend.randomBytes(padLength);
  if (pad.length !== padLength) fail('INVALID_ARGUMENT', 'the random source returned the wrong number of bytes', { path: 'random' });
  const clear = new Uint8Array(dataLength);
  clear[0] = (key.length * 8) >> 8;
  clear[1] = (key.length * 8) & 0xff;
  clear.set(key, 2);
  clear.set(pad, 2 + key.length);
  const headerText = buildTr31Header(header, blockLength);
  const headerBytes = encodeAscii(headerText);
  const keys = keysFor(backend, version, kbpk);
  try {
    if (version === 'C') {
      const encrypted = keys.enc.encrypt(clear, 'cbc', headerBytes.subarray(0, 8));
      return headerText + toHex(encrypted) + toHex(variantMac(keys.mac, concatBytes(headerBytes, encrypted)));
    }
    const mac = cmacWith(keys.mac, concatBytes(headerBytes, clear));
    return headerText + toHex(keys.enc.encrypt(clear, 'cbc', mac)) + toHex(mac);
  } finally {
    clear.fill(0);
    keys.enc.destroy();
    keys.mac.destroy();
  }
}

/** What a key is about to be used for (directions of X9.143 §6.3.3 mode of use). */
export type Tr31Operation = 'encrypt' | 'decrypt' | 'wrap' | 'unwrap' | 'generate' | 'verify' | 'derive' | 'sign' | 'export';

const MODE_PERMITS: Readonly<Record<Tr31ModeOfUse, readonly Tr31Operation[]>> = {
  B: ['encrypt', 'decrypt', 'wrap', 'unwrap'],
  C: ['generate', 'verify'],
  D: ['decrypt', 'unwrap'],
  E: ['encrypt', 'wrap'],
  G: ['generate'],
  N: ['encrypt', 'decrypt', 'wrap', 'unwrap', 'generate', 'verify', 'derive', 'sign'],
  S: ['sign'],
  T: ['sign', 'decrypt', 'unwrap'],
  V: ['verify'],
  X: ['derive'],
  Y: ['derive'],
};

/**
 * Enforce a key block header on a use of its key: the key usage must be one of `usages`, the mode
 * of use must allow the operation, and export needs exportability E or S. Throws
 * `TR31_USAGE_NOT_PERMITTED` otherwise.
 *
 * @example
 * ```ts
 * assertTr31Permits(macKeyHeader, { usages: ['P0'], operation: 'encrypt' }); // throws: an M3 key cannot encrypt a PIN
 * ```
 */
export function assertTr31Permits(header: Tr31Header, use: { readonly usages: readonly string[]; readonly operation: Tr31Operation }): void {
  if (!use.usages.includes(header.keyUsage)) {
    fail('TR31_USAGE_NOT_PERMITTED', `a key of usage ${header.keyUsage} cannot be used where ${use.usages.join('/')} is required`, { path: 'tr31.keyUsage' });
  }
  if (use.operation === 'export') {
    if (header.exportability === 'N') fail('TR31_USAGE_NOT_PERMITTED', 'the key is marked non-exportable', { path: 'tr31.exportability' });
    return;
  }
  if (!MODE_PERMITS[header.modeOfUse].includes(use.operation)) {
    fail('TR31_USAGE_NOT_PERMITTED', `mode of use ${header.modeOfUse} does not allow ${use.operation}`, { path: 'tr31.modeOfUse' });
  }
}
