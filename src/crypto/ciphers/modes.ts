/**
 * ECB and CBC (NIST SP 800-38A §6.1, §6.2) over a block function, with the length checks every
 * backend shares. No padding is added or removed here.
 */
import { fail } from '../../core/index';
import type { BlockCipherAlgorithm, BlockCipherMode, PreparedCipher } from '../backend';

/** Encrypt or decrypt one block from `src` at `srcOff` into `dst` at `dstOff`. */
export type BlockFunction = (src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number) => void;

/** Key lengths each algorithm accepts. */
export const keyLengths: Readonly<Record<BlockCipherAlgorithm, readonly number[]>> = {
  des: [8],
  tdes: [16, 24],
  aes: [16, 24, 32],
  sm4: [16],
};

/** Block size of each algorithm. */
export const blockSizes: Readonly<Record<BlockCipherAlgorithm, number>> = { des: 8, tdes: 8, aes: 16, sm4: 16 };

/** Throw CIPHER_KEY_LENGTH unless `key` fits `algorithm`. */
export function checkKeyLength(algorithm: BlockCipherAlgorithm, key: Uint8Array): void {
  const allowed = keyLengths[algorithm];
  if (allowed === undefined) fail('CIPHER_UNSUPPORTED', `unknown block cipher '${String(algorithm)}'`);
  if (!allowed.includes(key.length)) {
    fail('CIPHER_KEY_LENGTH', `${algorithm} key must be ${allowed.join(' or ')} bytes, got ${key.length}`, { path: 'key' });
  }
}

/** Throw CIPHER_DATA_LENGTH / CIPHER_IV_LENGTH on misaligned input. */
export function checkBlocks(data: Uint8Array, blockSize: number, iv: Uint8Array | undefined): void {
  if (data.length % blockSize !== 0) {
    fail('CIPHER_DATA_LENGTH', `data length ${data.length} is not a multiple of the ${blockSize}-byte block`, { path: 'data' });
  }
  if (iv !== undefined && iv.length !== blockSize) {
    fail('CIPHER_IV_LENGTH', `IV must be ${blockSize} bytes, got ${iv.length}`, { path: 'iv' });
  }
}

/** Apply ECB or CBC encryption with `block` to whole blocks. */
export function encryptBlocks(block: BlockFunction, bs: number, data: Uint8Array, mode: BlockCipherMode, iv?: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  switch (mode) {
    case 'ecb':
      for (let o = 0; o < data.length; o += bs) block(data, o, out, o);
      return out;
    case 'cbc': {
      const x = new Uint8Array(bs);
      if (iv) x.set(iv);
      for (let o = 0; o < data.length; o += bs) {
        for (let i = 0; i < bs; i++) x[i]! ^= data[o + i]!;
        block(x, 0, out, o);
        x.set(out.subarray(o, o + bs));
      }
      return out;
    }
    default:
      return unsupportedMode(mode);
  }
}

/** Apply ECB or CBC decryption with `block` to whole blocks. */
export function decryptBlocks(block: BlockFunction, bs: number, data: Uint8Array, mode: BlockCipherMode, iv?: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  switch (mode) {
    case 'ecb':
      for (let o = 0; o < data.length; o += bs) block(data, o, out, o);
      return out;
    case 'cbc':
      for (let o = 0; o < data.length; o += bs) {
        block(data, o, out, o);
        for (let i = 0; i < bs; i++) out[o + i]! ^= o === 0 ? (iv ? iv[i]! : 0) : data[o - bs + i]!;
      }
      return out;
    default:
      return unsupportedMode(mode);
  }
}

function unsupportedMode(mode: never): never {
  return fail('CIPHER_UNSUPPORTED', `unknown cipher mode '${String(mode)}'`);
}

/**
 * A {@link PreparedCipher} over encrypt/decrypt block functions. `wipe` zeroises the key
 * schedules; afterwards every call throws CIPHER_DESTROYED.
 */
export function preparedFromBlocks(
  algorithm: BlockCipherAlgorithm,
  enc: BlockFunction,
  dec: BlockFunction,
  wipe: () => void,
): PreparedCipher {
  const bs = blockSizes[algorithm];
  let destroyed = false;
  const alive = (): void => {
    if (destroyed) fail('CIPHER_DESTROYED', `the ${algorithm} cipher was destroyed`);
  };
  return {
    algorithm,
    blockSize: bs,
    encrypt(data, mode = 'ecb', iv) {
      alive();
      checkBlocks(data, bs, iv);
      return encryptBlocks(enc, bs, data, mode, iv);
    },
    decrypt(data, mode = 'ecb', iv) {
      alive();
      checkBlocks(data, bs, iv);
      return decryptBlocks(dec, bs, data, mode, iv);
    },
    destroy() {
      destroyed = true;
      wipe();
    },
  };
}
