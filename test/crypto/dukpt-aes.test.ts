import { createCipheriv, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError, toHex } from '../../src/core/index';
import type { AesDukptKeyType, AesDukptKeyUsage } from '../../src/crypto/index';
import { AesDukptTerminal, createKey, deriveAesDukptInitialKey, deriveAesDukptKey, deriveAesDukptTransactionKey, hmac } from '../../src/crypto/index';
import { keyBytes } from '../../src/crypto/keys/key';
import { backends, h } from './fixtures';

const doc = JSON.parse(readFileSync(new URL('../../fixtures/crypto/dukpt-aes.json', import.meta.url), 'utf8')) as {
  initialKeys: Array<{ source: string; bdk: string; initialKeyId: string; initialKey: string }>;
  workingKeys: Array<{ source: string; bdk: string; initialKeyId: string; counter: number; usage: AesDukptKeyUsage; keyType: AesDukptKeyType; key: string }>;
  transactionKeys: Array<{ source: string; counter: number; key: string }>;
};
const ksnOf = (id: string, counter: number) => h(id + counter.toString(16).padStart(8, '0'));

const aesCounter = (ksn: Uint8Array) => ((ksn[8]! << 24) | (ksn[9]! << 16) | (ksn[10]! << 8) | ksn[11]!) >>> 0;
const createHmacNode = (key: string, data: Uint8Array) => createHmac('sha256', h(key)).update(data).digest('hex').toUpperCase();

const hmacDoc = JSON.parse(readFileSync(new URL('../../fixtures/crypto/dukpt-aes-hmac.json', import.meta.url), 'utf8')) as {
  derivations: Array<{
    source: string;
    bdk: string;
    initialKeyId: string;
    counter: number;
    derivationKey: string;
    usage: AesDukptKeyUsage;
    keyType: AesDukptKeyType;
    derivationData: string[];
  }>;
};
const HMAC_BYTES: Readonly<Record<string, number>> = { hmac128: 16, hmac192: 24, hmac256: 32 };

/** X9.24-3-2017 §6.3.1 by hand: AES-ECB (node:crypto) of each derivation data block, cut to the key length. */
function expectedHmacKey(v: (typeof hmacDoc.derivations)[number]): string {
  const k = h(v.derivationKey);
  const c = createCipheriv(`aes-${k.length * 8}-ecb`, k, null).setAutoPadding(false);
  const out = Buffer.concat([...v.derivationData.map((d) => c.update(h(d))), c.final()]);
  return toHex(out.subarray(0, HMAC_BYTES[v.keyType]));
}

describe.each(backends)('%s backend: AES DUKPT host (X9.24-3-2017)', (_name, backend) => {
  test.each(doc.initialKeys.map((v) => [v.source, v] as const))('initial key: %s', (_s, v) => {
    const bdk = createKey(h(v.bdk), { algorithm: 'aes', usage: 'B0', backend });
    expect(toHex(keyBytes(deriveAesDukptInitialKey(bdk, h(v.initialKeyId))))).toBe(v.initialKey);
  });

  test.each(doc.workingKeys.map((v) => [`${v.source}: ${v.usage} ${v.keyType}`, v] as const))('%s', (_s, v) => {
    const bdk = createKey(h(v.bdk), { algorithm: 'aes', usage: 'B0', backend });
    const key = deriveAesDukptKey({ bdk, ksn: ksnOf(v.initialKeyId, v.counter), usage: v.usage, keyType: v.keyType });
    expect(toHex(keyBytes(key))).toBe(v.key);
  });

  test.each(hmacDoc.derivations.map((v) => [`${v.source}: ${v.usage} ${v.keyType}`, v] as const))('HMAC working key, %s', (_s, v) => {
    const bdk = createKey(h(v.bdk), { algorithm: 'aes', usage: 'B0', backend });
    expect(toHex(keyBytes(deriveAesDukptTransactionKey({ bdk, ksn: ksnOf(v.initialKeyId, v.counter) })))).toBe(v.derivationKey);
    const key = deriveAesDukptKey({ bdk, ksn: ksnOf(v.initialKeyId, v.counter), usage: v.usage, keyType: v.keyType });
    expect(key.algorithm).toBe('hmac');
    expect(key.usage).toBe('M7');
    expect(toHex(keyBytes(key))).toBe(expectedHmacKey(v));
  });
});

describe('AES DUKPT HMAC working keys', () => {
  test('the derivation data follows X9.24-3-2017 §6.3.2 with algorithm indicator 0005', () => {
    for (const v of hmacDoc.derivations) {
      v.derivationData.forEach((text, i) => {
        const d = h(text);
        expect(d.length).toBe(16);
        expect(d[0]).toBe(0x01);
        expect(d[1]).toBe(i + 1);
        expect(toHex(d.subarray(4, 6))).toBe('0005');
        expect(((d[6]! << 8) | d[7]!) / 8).toBe(HMAC_BYTES[v.keyType]);
        expect(toHex(d.subarray(8, 12))).toBe(v.initialKeyId.slice(8));
        expect(toHex(d.subarray(12, 16))).toBe(v.counter.toString(16).padStart(8, '0').toUpperCase());
      });
    }
  });

  test('the terminal gives the same HMAC keys as the host', () => {
    for (const v of hmacDoc.derivations) {
      const id = h(v.initialKeyId);
      const t = AesDukptTerminal.load(deriveAesDukptInitialKey(createKey(h(v.bdk), { algorithm: 'aes', usage: 'B0' }), id), id);
      let tx = t.nextTransaction();
      while (aesCounter(tx.ksn) < v.counter) tx = t.nextTransaction();
      expect(toHex(keyBytes(tx.key(v.usage, v.keyType)))).toBe(expectedHmacKey(v));
    }
  });

  test('an HMAC working key computes HMAC-SHA-256 and never shows its bytes', () => {
    const v = hmacDoc.derivations[3]!;
    const key = deriveAesDukptKey({ bdk: createKey(h(v.bdk), { algorithm: 'aes', usage: 'B0' }), ksn: ksnOf(v.initialKeyId, v.counter), usage: v.usage, keyType: v.keyType });
    const data = h('00112233445566778899');
    const mac = createHmacNode(expectedHmacKey(v), data);
    expect(toHex(hmac(key, data))).toBe(mac);
    expect(String(key)).toBe('SecretKey(hmac, 32 bytes, M7)');
    expect(JSON.stringify(key)).toBe('{"algorithm":"hmac","length":32,"usage":"M7"}');
  });

  test('wrong HMAC requests', () => {
    const bdk128 = createKey(h(hmacDoc.derivations[0]!.bdk), { algorithm: 'aes', usage: 'B0' });
    const ksn = ksnOf('1234567890123456', 1);
    for (const keyType of ['hmac192', 'hmac256'] as const) {
      expect(() => deriveAesDukptKey({ bdk: bdk128, ksn, usage: 'mac-generation', keyType })).toThrowError(
        expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID', path: 'keyType' }),
      );
    }
    for (const usage of ['pin', 'kek', 'data-encrypt', 'data-decrypt', 'data-both'] as const) {
      expect(() => deriveAesDukptKey({ bdk: bdk128, ksn, usage, keyType: 'hmac128' })).toThrowError(expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID', path: 'keyType' }));
    }
    expect(() => deriveAesDukptKey({ bdk: bdk128, ksn, usage: 'mac-generation', keyType: 'hmac512' as never })).toThrowError(
      expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID', path: 'keyType' }),
    );
    expect(() => deriveAesDukptKey({ bdk: bdk128, ksn, usage: '__proto__' as never, keyType: 'hmac128' })).toThrowError(
      expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID', path: 'usage' }),
    );
  });
});

describe('AES DUKPT terminal', () => {
  const bdk = createKey(h(doc.initialKeys[0]!.bdk), { algorithm: 'aes', usage: 'B0' });
  const id = h('1234567890123456');
  const ik = deriveAesDukptInitialKey(bdk, id);

  test('counters 1 to 8 give the X9.24-3 PIN keys', () => {
    const t = AesDukptTerminal.load(ik, id);
    const want = new Map(doc.workingKeys.filter((v) => v.keyType === 'aes128' && v.usage === 'pin').map((v) => [v.counter, v.key]));
    for (let c = 1; c <= 8; c++) {
      const tx = t.nextTransaction();
      expect(toHex(tx.ksn)).toBe(`1234567890123456${c.toString(16).padStart(8, '0')}`);
      const expected = want.get(c);
      if (expected) expect(toHex(keyBytes(tx.key('pin', 'aes128')))).toBe(expected);
    }
  });

  fcTest.prop([fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom<AesDukptKeyType>('2tdea', '3tdea', 'aes128', 'hmac128')], {
    numRuns: Number(process.env['FC_NUM_RUNS'] ?? 10),
  })('terminal and host agree for random initial key IDs', (ikid, n, type) => {
    const t = AesDukptTerminal.load(deriveAesDukptInitialKey(bdk, ikid), ikid);
    for (let i = 0; i < n; i++) {
      const tx = t.nextTransaction();
      expect(toHex(keyBytes(tx.key('mac-both', type)))).toBe(toHex(keyBytes(deriveAesDukptKey({ bdk, ksn: tx.ksn, usage: 'mac-both', keyType: type }))));
    }
  });

  test('state survives JSON and restore continues the sequence', () => {
    const a = AesDukptTerminal.load(ik, id);
    for (let i = 0; i < 5; i++) a.nextTransaction();
    const b = AesDukptTerminal.restore(JSON.parse(JSON.stringify(a.exportState())));
    b.nextTransaction();
    b.nextTransaction();
    const tx = b.nextTransaction();
    expect(toHex(tx.ksn)).toBe('123456789012345600000008');
    expect(toHex(keyBytes(tx.key('pin', 'aes128')))).toBe('4D9DF3FBEE3448FC3E676D04320A90F5');
    expect(String(b)).toBe('AesDukptTerminal(KSN 123456789012345600000009)');
  });

  const tk = (c: number) => toHex(keyBytes(deriveAesDukptTransactionKey({ bdk, ksn: ksnOf('1234567890123456', c) })));

  test.each(doc.transactionKeys.map((v) => [v.source, v] as const))('%s', (_s, v) => {
    expect(tk(v.counter)).toBe(v.key);
  });

  const stateAt = (counter: number, registers: Record<number, number>) => ({
    version: 1 as const,
    ksn: `1234567890123456${counter.toString(16).padStart(8, '0').toUpperCase()}`,
    registers: Array.from({ length: 32 }, (_, p) => (registers[p] === undefined ? null : tk(registers[p]!))),
  });

  test('after a counter with 16 one-bits the terminal skips to the next allowed counter', () => {
    // 0x0001FFFE has 16 one-bits: the next counter is 0x00020000, skipping 0x0001FFFF (17 one-bits).
    const t = AesDukptTerminal.restore(stateAt(0x1fffe, { 1: 0x1fffe, 17: 0x20000 }));
    const a = t.nextTransaction();
    expect(toHex(a.ksn)).toBe('12345678901234560001FFFE');
    expect(toHex(keyBytes(a.key('pin', 'aes128')))).toBe(toHex(keyBytes(deriveAesDukptKey({ bdk, ksn: a.ksn, usage: 'pin', keyType: 'aes128' }))));
    const b = t.nextTransaction();
    expect(toHex(b.ksn)).toBe('123456789012345600020000');
    expect(toHex(keyBytes(b.key('pin', 'aes128')))).toBe(toHex(keyBytes(deriveAesDukptKey({ bdk, ksn: b.ksn, usage: 'pin', keyType: 'aes128' }))));
  });

  test('the last counter 0xFFFF0000 is followed by DUKPT_EXHAUSTED', () => {
    const t = AesDukptTerminal.restore(stateAt(0xffff0000, { 16: 0xffff0000 }));
    expect(toHex(t.nextTransaction().ksn)).toBe('1234567890123456FFFF0000');
    expect(t.exhausted).toBe(true);
    expect(() => t.nextTransaction()).toThrowError(expect.objectContaining({ code: 'DUKPT_EXHAUSTED' }));
    expect(AesDukptTerminal.restore(t.exportState()).exhausted).toBe(true);
  });

  test('wrong inputs', () => {
    expect(() => deriveAesDukptKey({ bdk, ksn: h('1234567890123456000001'), usage: 'pin', keyType: 'aes128' })).toThrowError(
      expect.objectContaining({ code: 'DUKPT_KSN_INVALID' }),
    );
    expect(() => deriveAesDukptKey({ bdk, ksn: ksnOf('1234567890123456', 1), usage: 'pin', keyType: 'aes256' })).toThrowError(
      expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID', path: 'keyType' }),
    );
    expect(() => deriveAesDukptKey({ bdk, ksn: ksnOf('1234567890123456', 1), usage: 'pin', keyType: 'des' as never })).toThrowError(
      expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID' }),
    );
    expect(() => deriveAesDukptInitialKey(ik, id)).toThrowError(expect.objectContaining({ code: 'KEY_USAGE_MISMATCH' }));
  });

  fcTest.prop([fc.anything()])('random states only throw CardwireError', (state) => {
    try {
      AesDukptTerminal.restore(state as never);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
