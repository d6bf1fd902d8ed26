// ARQC verification as an issuer host does it per authorisation: issuer master key (prepared once)
// → ICC master key (option A) → EMV common session key → MAC algorithm 3 over the CVN 18 data →
// compare. cardwire on the pure and node backends next to a straightforward node:crypto
// implementation that calls createCipheriv for every block operation.
import { createCipheriv } from 'node:crypto';
import { bench, describe } from 'vitest';
import type { CryptoBackend, CryptogramData } from '../src/crypto/index';
import { built, type Core, type Crypto, type CryptoNode } from './built';

const { hex } = built<Core>('');
const { EmvIssuer, pureBackend } = built<Crypto>('/crypto');
const { nodeBackend } = built<CryptoNode>('/crypto/node');

const imk = hex('0123456789ABCDEFFEDCBA9876543210');
const pan = '1234567890123456';
const data: CryptogramData = {
  amountAuthorised: hex('000000004000'),
  amountOther: hex('000000000000'),
  terminalCountryCode: hex('0124'),
  terminalVerificationResults: hex('8000048000'),
  transactionCurrencyCode: hex('0124'),
  transactionDate: hex('191105'),
  transactionType: hex('01'),
  unpredictableNumber: hex('52BF4585'),
  applicationInterchangeProfile: hex('1800'),
  applicationTransactionCounter: hex('001C'),
  issuerApplicationData: hex('06011203A0B800'),
};
// pyemv tests/test_cvn_hsm.py, Visa CVN 18.
const arqc = hex('7A788EA6B8A3E733');

function issuer(backend: CryptoBackend) {
  return new EmvIssuer({ issuerMasterKey: imk, cvn: 'visa-18', backend });
}

// ---- baseline: one createCipheriv per block operation ----
function ecb(name: string, key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv(name, key, null);
  c.setAutoPadding(false);
  return new Uint8Array(c.update(block));
}
const tdes = (key: Uint8Array, block: Uint8Array) => ecb('des-ede', key, block);
const des = (key: Uint8Array, block: Uint8Array) => ecb('des-ede3', new Uint8Array([...key, ...key, ...key]), block);
function parity(b: Uint8Array): Uint8Array {
  for (let i = 0; i < b.length; i++) {
    const x = b[i]! & 0xfe;
    let n = 0;
    for (let v = x; v; v >>= 1) n += v & 1;
    b[i] = x | (n % 2 === 0 ? 1 : 0);
  }
  return b;
}
function baselineVerify(): boolean {
  const y = hex((pan + '00').slice(-16));
  const ny = y.map((v) => v ^ 0xff);
  const mk = parity(new Uint8Array([...tdes(imk, y), ...tdes(imk, ny)]));
  const r = new Uint8Array(8);
  r.set(data.applicationTransactionCounter, 0);
  const r1 = r.slice();
  r1[2] = 0xf0;
  const r2 = r.slice();
  r2[2] = 0x0f;
  const sk = parity(new Uint8Array([...tdes(mk, r1), ...tdes(mk, r2)]));
  const parts = [data.amountAuthorised, data.amountOther, data.terminalCountryCode, data.terminalVerificationResults, data.transactionCurrencyCode, data.transactionDate, data.transactionType, data.unpredictableNumber, data.applicationInterchangeProfile, data.applicationTransactionCounter, data.issuerApplicationData];
  const msg = [...parts.flatMap((p) => [...p]), 0x80];
  while (msg.length % 8) msg.push(0);
  let h: Uint8Array = new Uint8Array(8);
  const kl = sk.subarray(0, 8);
  for (let i = 0; i < msg.length; i += 8) {
    const x = new Uint8Array(8);
    for (let j = 0; j < 8; j++) x[j] = h[j]! ^ msg[i + j]!;
    h = i + 8 < msg.length ? des(kl, x) : tdes(sk, x);
  }
  return h.every((v, i) => v === arqc[i]);
}

const pure = issuer(pureBackend);
const node = issuer(nodeBackend);
if (!baselineVerify() || !pure.verifyArqc({ pan, panSequenceNumber: '00', data, arqc }) || !node.verifyArqc({ pan, panSequenceNumber: '00', data, arqc })) {
  throw new Error('bench setup: a verifier does not accept the published ARQC');
}

describe('ARQC verification (Visa CVN 18: IMK → ICC MK → session key → MAC)', () => {
  bench('cardwire (pure backend)', () => {
    pure.verifyArqc({ pan, panSequenceNumber: '00', data, arqc });
  });
  bench('cardwire (node backend)', () => {
    node.verifyArqc({ pan, panSequenceNumber: '00', data, arqc });
  });
  bench('node:crypto baseline (createCipheriv per block)', () => {
    baselineVerify();
  });
});
