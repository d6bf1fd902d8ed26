// Straightforward node:crypto implementations used as the baseline of bench/crypto.bench.ts:
// one createCipheriv per block operation, as a typical first implementation would write them.
import { createCipheriv, createDecipheriv } from 'node:crypto';

function desEde3(key: Uint8Array): Uint8Array {
  if (key.length === 8) return Buffer.concat([key, key, key]);
  if (key.length === 16) return Buffer.concat([key, key.subarray(0, 8)]);
  return key;
}

export function encryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv('des-ede3-ecb', desEde3(key), null).setAutoPadding(false);
  return c.update(block);
}

export function decryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createDecipheriv('des-ede3-ecb', desEde3(key), null).setAutoPadding(false);
  return c.update(block);
}

const MASK = Buffer.from('C0C0C0C000000000C0C0C0C000000000', 'hex');

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function nrkgp(key: Uint8Array, reg: Uint8Array): Uint8Array {
  const right = xor(encryptBlock(key.subarray(0, 8), xor(reg, key.subarray(8))), key.subarray(8));
  const k2 = xor(key, MASK);
  const left = xor(encryptBlock(k2.subarray(0, 8), xor(reg, k2.subarray(8))), k2.subarray(8));
  return Buffer.concat([left, right]);
}

/** X9.24-1 host derivation of the PIN key, node:crypto per block. */
export function baselineDukptPinKey(bdk: Uint8Array, ksn: Uint8Array): Uint8Array {
  const base = Buffer.from(ksn.subarray(0, 8));
  base[7]! &= 0xe0;
  const ipek = Buffer.concat([encryptBlock(bdk, base), encryptBlock(xor(bdk, MASK), base)]);
  const counter = ((ksn[7]! & 0x1f) << 16) | (ksn[8]! << 8) | ksn[9]!;
  const reg = Buffer.from(ksn.subarray(2, 10));
  reg[5]! &= 0xe0;
  reg[6] = 0;
  reg[7] = 0;
  let key: Uint8Array = ipek;
  for (let bit = 1 << 20; bit > 0; bit >>>= 1) {
    if (counter & bit) {
      reg[5]! |= (bit >>> 16) & 0x1f;
      reg[6]! |= (bit >>> 8) & 0xff;
      reg[7]! |= bit & 0xff;
      key = nrkgp(key, reg);
    }
  }
  const pin = Buffer.from(key);
  pin[7]! ^= 0xff;
  pin[15]! ^= 0xff;
  return pin;
}

function panField(pan: string): Uint8Array {
  return Buffer.from(`0000${pan.slice(0, -1).slice(-12).padStart(12, '0')}`, 'hex');
}

/** PIN translation, format 0 → format 0, TDES → TDES, node:crypto per block. */
export function baselineTranslate(block: Uint8Array, from: Uint8Array, to: Uint8Array, pan: string): Uint8Array {
  const clear = xor(decryptBlock(from, block), panField(pan));
  const text = Buffer.from(clear).toString('hex').toUpperCase();
  if (text[0] !== '0') throw new Error('format');
  const n = parseInt(text[1]!, 16);
  const pin = text.slice(2, 2 + n);
  const out = xor(Buffer.from(`0${n.toString(16)}${pin}`.padEnd(16, 'F'), 'hex'), panField(pan));
  return encryptBlock(to, out);
}

/** UnionPay POS ECB MAC, node:crypto per block. */
export function baselineUnionPayMac(key: Uint8Array, data: Uint8Array): string {
  const acc = new Uint8Array(8);
  for (let i = 0; i < data.length; i++) acc[i % 8]! ^= data[i]!;
  const expanded = Buffer.from(Buffer.from(acc).toString('hex').toUpperCase(), 'latin1');
  const first = encryptBlock(key, expanded.subarray(0, 8));
  const second = encryptBlock(key, xor(first, expanded.subarray(8)));
  return Buffer.from(second).toString('hex').toUpperCase().slice(0, 8);
}
