/**
 * The `node` {@link CryptoBackend} on node:crypto (OpenSSL): AES, SM4, hashes and randomness
 * native. Published as `cardwire/crypto/node` so the pure `cardwire/crypto` never loads a Node
 * built-in.
 *
 * DES and TDEA: OpenSSL 3 refuses single DES (`des-ecb` lives in the legacy provider), so the
 * OpenSSL path runs it as EDE with K1 = K2 = K3; 2-key TDEA is K1K2K1. By default this backend
 * uses the table-driven DES core instead, because payment hot paths (DUKPT, PIN translation,
 * retail MACs) change keys every few blocks and OpenSSL's per-key setup costs more than a whole
 * table-core block; `createNodeBackend({ des: 'openssl' })` selects OpenSSL.
 */
import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash, getCiphers, getHashes, randomBytes, type Cipher, type Decipher } from 'node:crypto';
import { fail } from '../../core/index';
import type { BlockCipherAlgorithm, BlockCipherMode, CryptoBackend, HashAlgorithm, PreparedCipher } from '../backend';
import { blockSizes, checkBlocks, checkKeyLength } from '../ciphers/modes';
import { rsaPublicRaw } from '../rsa';
import { encryptOncePure, hashPure, preparePure } from './pure';

/** Options of {@link createNodeBackend}. */
export interface NodeBackendOptions {
  /** DES/TDEA implementation: `'table'` (default, the pure table core) or `'openssl'`. */
  readonly des?: 'table' | 'openssl';
}

function opensslName(algorithm: BlockCipherAlgorithm, keyLength: number, mode: BlockCipherMode): string {
  switch (algorithm) {
    case 'des':
    case 'tdes':
      return mode === 'ecb' ? 'des-ede3-ecb' : 'des-ede3-cbc';
    case 'aes':
      return `aes-${keyLength * 8}-${mode}`;
    case 'sm4':
      return `sm4-${mode}`;
    default:
      return fail('CIPHER_UNSUPPORTED', `unknown block cipher '${String(algorithm satisfies never)}'`);
  }
}

/** OpenSSL key material: single DES and 2-key TDEA expanded to the 24-byte K1K2K3 form. */
function opensslKey(algorithm: BlockCipherAlgorithm, key: Uint8Array): Uint8Array {
  if (algorithm === 'des') return Uint8Array.of(...key, ...key, ...key);
  if (algorithm === 'tdes' && key.length === 16) return Uint8Array.of(...key, ...key.subarray(0, 8));
  return key.slice();
}

const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

function prepareOpenssl(algorithm: BlockCipherAlgorithm, key: Uint8Array): PreparedCipher {
  checkKeyLength(algorithm, key);
  const k = opensslKey(algorithm, key);
  const bs = blockSizes[algorithm];
  const ecbName = opensslName(algorithm, k.length, 'ecb');
  // ECB keeps one context per direction: with padding off, update() returns every whole block,
  // so the OpenSSL key schedule is built once per prepared cipher.
  let ecbEncrypt: Cipher | undefined;
  let ecbDecrypt: Decipher | undefined;
  let destroyed = false;
  const alive = (): void => {
    if (destroyed) fail('CIPHER_DESTROYED', `the ${algorithm} cipher was destroyed`);
  };
  const run = (direction: 'encrypt' | 'decrypt', data: Uint8Array, mode: BlockCipherMode, iv: Uint8Array | undefined): Uint8Array => {
    alive();
    checkBlocks(data, bs, iv);
    if (data.length === 0) return new Uint8Array(0);
    switch (mode) {
      case 'ecb': {
        let c: Cipher | Decipher;
        if (direction === 'encrypt') c = ecbEncrypt ??= createCipheriv(ecbName, k, null).setAutoPadding(false);
        else c = ecbDecrypt ??= createDecipheriv(ecbName, k, null).setAutoPadding(false);
        return copy(c.update(data));
      }
      case 'cbc': {
        const name = opensslName(algorithm, k.length, 'cbc');
        const vector = iv ?? new Uint8Array(bs);
        const c = direction === 'encrypt' ? createCipheriv(name, k, vector) : createDecipheriv(name, k, vector);
        c.setAutoPadding(false);
        const head = c.update(data);
        const tail = c.final();
        return tail.length === 0 ? copy(head) : Uint8Array.of(...head, ...tail);
      }
      default:
        return fail('CIPHER_UNSUPPORTED', `unknown cipher mode '${String(mode satisfies never)}'`);
    }
  };
  return {
    algorithm,
    blockSize: bs,
    encrypt: (data, mode = 'ecb', iv) => run('encrypt', data, mode, iv),
    decrypt: (data, mode = 'ecb', iv) => run('decrypt', data, mode, iv),
    destroy() {
      destroyed = true;
      k.fill(0);
      ecbEncrypt = undefined;
      ecbDecrypt = undefined;
    },
  };
}

// `crypto.hash` (Node 20.12 and later): one call, no Hash object; about a third faster for the
// short inputs cardwire hashes. Older Nodes have only createHash.
const oneShotHash = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

const hashNames: Readonly<Record<HashAlgorithm, string>> = { sha1: 'sha1', sha256: 'sha256', sm3: 'sm3' };

/**
 * A node:crypto backend.
 *
 * @example
 * ```ts
 * import { createNodeBackend } from 'cardwire/crypto/node';
 * const openssl = createNodeBackend({ des: 'openssl' });
 * // FIPS 197 Appendix C.1
 * toHex(openssl.cipher('aes', hex('000102030405060708090A0B0C0D0E0F')).encrypt(hex('00112233445566778899AABBCCDDEEFF')));
 * // '69C4E0D86A7B0430D8CDB78070B4C55A'
 * ```
 */
export function createNodeBackend(options: NodeBackendOptions = {}): CryptoBackend {
  const desCore = options.des ?? 'table';
  // OpenSSL builds without the SM algorithms exist: fall back to the pure SM4 and SM3 there.
  const opensslSm4 = getCiphers().includes('sm4-ecb');
  const opensslSm3 = getHashes().includes('sm3');
  return {
    name: desCore === 'table' ? 'node' : 'node-openssl-des',
    cipher(algorithm, key) {
      if ((algorithm === 'des' || algorithm === 'tdes') && desCore === 'table') return preparePure(algorithm, key);
      if (algorithm === 'sm4' && !opensslSm4) return preparePure(algorithm, key);
      return prepareOpenssl(algorithm, key);
    },
    rsaPublic: rsaPublicRaw,
    ...(desCore === 'table' ? { encryptOnce: encryptOncePure } : {}),
    hash(algorithm, data) {
      if (algorithm === 'sm3' && !opensslSm3) return hashPure(algorithm, data);
      const name = hashNames[algorithm];
      if (name === undefined) return fail('CIPHER_UNSUPPORTED', `unknown hash '${String(algorithm)}'`);
      return copy(oneShotHash ? oneShotHash(name, data, 'buffer') : createHash(name).update(data).digest());
    },
    randomBytes: (n) => copy(randomBytes(n)),
  };
}

/**
 * The default node:crypto backend (table-core DES/TDEA, OpenSSL for the rest). Make it the
 * process-wide default with `setDefaultBackend(nodeBackend)` from `cardwire/crypto`.
 *
 * @example
 * ```ts
 * import { setDefaultBackend } from 'cardwire/crypto';
 * import { nodeBackend } from 'cardwire/crypto/node';
 * setDefaultBackend(nodeBackend);
 * ```
 */
export const nodeBackend: CryptoBackend = createNodeBackend();
