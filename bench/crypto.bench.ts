// npm run bench: cardwire's crypto hot paths next to straightforward node:crypto baselines
// (bench/crypto-baseline.ts), in the same run. Numbers are recorded in docs/benchmarks.md.
import { bench, describe } from 'vitest';
import { built, type Crypto, type CryptoNode } from './built';
import { baselineDukptPinKey, baselineTranslate, baselineUnionPayMac } from './crypto-baseline';

const { createKey, deriveTdesDukptKey, translatePinBlock, unionPayMac, encipherPinBlock, pureBackend } = built<Crypto>('/crypto');
const { nodeBackend } = built<CryptoNode>('/crypto/node');

const h = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const bdkBytes = h('0123456789ABCDEFFEDCBA9876543210');

// 64 KSNs of one device family with counters of 1 to 10 one-bits (as a host sees them).
const ksns: Uint8Array[] = [];
let seed = 12345;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
while (ksns.length < 64) {
  let counter = 0;
  const ones = 1 + (rnd() % 10);
  while (counter.toString(2).replace(/0/g, '').length < ones) counter |= 1 << rnd() % 21;
  const ksn = h('FFFF9876543210E00000');
  ksn[7] = (ksn[7]! & 0xe0) | (counter >>> 16);
  ksn[8] = (counter >>> 8) & 0xff;
  ksn[9] = counter & 0xff;
  ksns.push(ksn);
}

describe('TDES DUKPT host derivation (BDK + KSN → PIN key)', () => {
  const bdkPure = createKey(bdkBytes, { algorithm: 'tdes', usage: 'B0', backend: pureBackend });
  const bdkNode = createKey(bdkBytes, { algorithm: 'tdes', usage: 'B0', backend: nodeBackend });
  let i = 0;
  bench('cardwire (pure backend)', () => {
    deriveTdesDukptKey({ bdk: bdkPure, ksn: ksns[i++ & 63]!, type: 'pin' });
  });
  bench('cardwire (node backend)', () => {
    deriveTdesDukptKey({ bdk: bdkNode, ksn: ksns[i++ & 63]!, type: 'pin' });
  });
  bench('baseline: node:crypto, createCipheriv per block', () => {
    baselineDukptPinKey(bdkBytes, ksns[i++ & 63]!);
  });
});

describe('PIN block translation, format 0, TDES → TDES', () => {
  const pan = '4012345678909';
  const fromBytes = h('0123456789ABCDEFFEDCBA9876543210');
  const toBytes = h('89ABCDEF01234567FEDCBA9876543210');
  const from = createKey(fromBytes, { algorithm: 'tdes', usage: 'P0' });
  const to = createKey(toBytes, { algorithm: 'tdes', usage: 'P0' });
  const block = encipherPinBlock({ key: from, format: 0, pin: '1234', pan });
  bench('cardwire', () => {
    translatePinBlock(block, { from: { key: from, format: 0, pan }, to: { key: to, format: 0, pan } });
  });
  bench('baseline: node:crypto, createCipheriv per block', () => {
    baselineTranslate(block, fromBytes, toBytes, pan);
  });
});

describe('UnionPay POS MAC over 200 bytes', () => {
  const makBytes = h('0123456789ABCDEFFEDCBA9876543210');
  const mak = createKey(makBytes, { algorithm: 'tdes', usage: 'M1' });
  const data = new Uint8Array(200).map((_, i) => (i * 31 + 7) & 255);
  bench('cardwire', () => {
    unionPayMac(mak, data);
  });
  bench('baseline: node:crypto, createCipheriv per block', () => {
    baselineUnionPayMac(makBytes, data);
  });
});
