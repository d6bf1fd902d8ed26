import { readFileSync } from 'node:fs';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { encodeAscii, isCardwireError, toHex } from '../../src/core/index';
import type { TdesDukptKeyType } from '../../src/crypto/index';
import { ansiX919Mac, createKey, decipherPinBlock, deriveTdesDukptKey, deriveTdesIpek, encipherPinBlock, TdesDukptTerminal, tdesKsnCounter } from '../../src/crypto/index';
import { keyBytes } from '../../src/crypto/keys/key';
import { backends, h } from './fixtures';

interface Row {
  source: string;
  ksn: string;
  pinKey: string;
  macRequestKey: string;
  encryptedPinBlock: string;
  mac: string;
}
const doc = JSON.parse(readFileSync(new URL('../../fixtures/crypto/dukpt-tdes.json', import.meta.url), 'utf8')) as {
  bdk: string;
  ipek: string;
  initialKsn: string;
  pin: string;
  pan: string;
  macDataAscii: string;
  sequence: Row[];
  transactionKeys: Array<{ source: string; ksn: string; key: string }>;
  workingKeys: Array<{ source: string; ksn: string; type: TdesDukptKeyType; key: string }>;
};

describe.each(backends)('%s backend: TDES DUKPT host (X9.24-1-2009 Annex A)', (_name, backend) => {
  const bdk = createKey(h(doc.bdk), { algorithm: 'tdes', usage: 'B0', backend });

  test('IPEK', () => {
    expect(toHex(keyBytes(deriveTdesIpek(bdk, h(doc.initialKsn))))).toBe(doc.ipek);
    expect(toHex(keyBytes(deriveTdesIpek(bdk, h('FFFF9876543210E00008'))))).toBe(doc.ipek);
  });

  test.each(doc.sequence.map((r) => [r.ksn, r] as const))('KSN %s: PIN key, MAC request key, PIN block, X9.19 MAC', (_k, r) => {
    const ksn = h(r.ksn);
    const pinKey = deriveTdesDukptKey({ bdk, ksn, type: 'pin' });
    expect(toHex(keyBytes(pinKey))).toBe(r.pinKey);
    const macKey = deriveTdesDukptKey({ bdk, ksn, type: 'mac-request' });
    expect(toHex(keyBytes(macKey))).toBe(r.macRequestKey);
    expect(toHex(encipherPinBlock({ key: pinKey, format: 0, pin: doc.pin, pan: doc.pan }))).toBe(r.encryptedPinBlock);
    expect(toHex(ansiX919Mac(macKey, encodeAscii(doc.macDataAscii), { length: 4 }))).toBe(r.mac);
  });

  test.each(doc.workingKeys.map((w) => [w.ksn, w.type, w] as const))('KSN %s %s key', (_k, _t, w) => {
    expect(toHex(keyBytes(deriveTdesDukptKey({ bdk, ksn: h(w.ksn), type: w.type })))).toBe(w.key);
  });

  test('the host also derives from the IPEK', () => {
    const ipek = createKey(h(doc.ipek), { algorithm: 'tdes', usage: 'B1', backend });
    const r = doc.sequence[4]!;
    expect(toHex(keyBytes(deriveTdesDukptKey({ ipek, ksn: h(r.ksn), type: 'pin' })))).toBe(r.pinKey);
  });
});

describe('TDES DUKPT terminal', () => {
  const ipek = createKey(h(doc.ipek), { algorithm: 'tdes', usage: 'B1' });
  const rows = new Map(doc.sequence.map((r) => [r.ksn, r]));

  test('the first 21 transactions give the Annex A PIN blocks', () => {
    const t = TdesDukptTerminal.load(ipek, h(doc.initialKsn));
    for (let i = 1; i <= 0x15; i++) {
      expect(toHex(t.ksn)).toBe(`FFFF9876543210E000${i.toString(16).toUpperCase().padStart(2, '0')}`);
      const tx = t.nextTransaction();
      const r = rows.get(toHex(tx.ksn))!;
      expect(toHex(encipherPinBlock({ key: tx.key('pin'), format: 0, pin: doc.pin, pan: doc.pan }))).toBe(r.encryptedPinBlock);
    }
  });

  test('state survives a JSON round trip and the terminal continues where it stopped', () => {
    const a = TdesDukptTerminal.load(ipek, h(doc.initialKsn));
    for (let i = 0; i < 7; i++) a.nextTransaction();
    const saved = JSON.parse(JSON.stringify(a.exportState()));
    const b = TdesDukptTerminal.restore(saved);
    const tx = b.nextTransaction();
    expect(toHex(tx.ksn)).toBe('FFFF9876543210E00008');
    expect(toHex(keyBytes(tx.key('pin')))).toBe(rows.get('FFFF9876543210E00008')!.pinKey);
    expect(String(b)).toBe('TdesDukptTerminal(KSN FFFF9876543210E00009)');
    expect(JSON.stringify(b)).not.toContain(saved.registers.find((r: string | null) => r !== null));
  });

  test('runs to exhaustion: skips counters with more than 10 one-bits, matches Annex A near the end, then DUKPT_EXHAUSTED', () => {
    const t = TdesDukptTerminal.load(ipek, h(doc.initialKsn));
    const byCounter = new Map(doc.sequence.map((r) => [tdesKsnCounter(h(r.ksn)), r]));
    let checked = 0;
    let count = 0;
    let last: Uint8Array = new Uint8Array(0);
    while (!t.exhausted) {
      const tx = t.nextTransaction();
      count++;
      last = tx.ksn;
      const r = byCounter.get(((last[7]! & 0x1f) << 16) | (last[8]! << 8) | last[9]!);
      if (r) {
        expect(toHex(encipherPinBlock({ key: tx.key('pin'), format: 0, pin: doc.pin, pan: doc.pan }))).toBe(r.encryptedPinBlock);
        checked++;
      }
      tx.destroy();
    }
    expect(checked).toBe(doc.sequence.length);
    // Counters 1 .. 2^21-1 with at most 10 one-bits: sum of C(21, k) for k = 1..10.
    let expected = 0;
    let c = 1;
    for (let k = 1; k <= 10; k++) {
      c = (c * (21 - k + 1)) / k;
      expected += c;
    }
    expect(count).toBe(expected);
    expect(toHex(last)).toBe('FFFF9876543210FFF800');
    expect(() => t.nextTransaction()).toThrowError(expect.objectContaining({ code: 'DUKPT_EXHAUSTED' }));
    const restored = TdesDukptTerminal.restore(t.exportState());
    expect(restored.exhausted).toBe(true);
  }, 120_000);

  fcTest.prop([fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.integer({ min: 1, max: 40 })], { numRuns: Number(process.env['FC_NUM_RUNS'] ?? 20) })(
    'terminal and host agree for random KSNs',
    (ksn, n) => {
      const bdk = createKey(h(doc.bdk), { algorithm: 'tdes', usage: 'B0' });
      const t = TdesDukptTerminal.load(deriveTdesIpek(bdk, ksn), ksn);
      for (let i = 0; i < n; i++) {
        const tx = t.nextTransaction();
        for (const type of ['pin', 'mac-request', 'data-response'] as const) {
          expect(toHex(keyBytes(tx.key(type)))).toBe(toHex(keyBytes(deriveTdesDukptKey({ bdk, ksn: tx.ksn, type }))));
        }
      }
    },
  );

  test('a PIN block enciphered by the terminal deciphers at the host', () => {
    const bdk = createKey(h(doc.bdk), { algorithm: 'tdes', usage: 'B0' });
    const t = TdesDukptTerminal.load(ipek, h(doc.initialKsn));
    t.nextTransaction();
    const tx = t.nextTransaction();
    const block = encipherPinBlock({ key: tx.key('pin'), format: 0, pin: '987654', pan: doc.pan });
    expect(decipherPinBlock(block, { key: deriveTdesDukptKey({ bdk, ksn: tx.ksn, type: 'pin' }), format: 0, pan: doc.pan })).toBe('987654');
  });

  test.each([
    [{ version: 2 }, 'state.version'],
    [{ version: 1, ksn: 'XYZ', registers: [] }, 'state.ksn'],
    [{ version: 1, ksn: 'FFFF9876543210E00001', registers: [] }, 'state.registers'],
    [{ version: 1, ksn: 'FFFF9876543210E00001', registers: Array(21).fill('00') }, 'state.registers[0]'],
    [{ version: 1, ksn: 'FFFF9876543210E00001', registers: Array(21).fill(null) }, 'state.registers'],
  ])('a bad state %j is DUKPT_STATE_INVALID at %s', (state, path) => {
    expect(() => TdesDukptTerminal.restore(state as never)).toThrowError(expect.objectContaining({ code: 'DUKPT_STATE_INVALID', path }));
  });

  fcTest.prop([fc.anything()])('random states only throw CardwireError', (state) => {
    try {
      TdesDukptTerminal.restore(state as never);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });

  test('wrong inputs', () => {
    const bdk = createKey(h(doc.bdk), { algorithm: 'tdes', usage: 'B0' });
    expect(() => deriveTdesDukptKey({ bdk, ksn: h('FFFF9876543210E000'), type: 'pin' })).toThrowError(expect.objectContaining({ code: 'DUKPT_KSN_INVALID', path: 'ksn' }));
    expect(() => deriveTdesDukptKey({ bdk, ksn: h(doc.initialKsn), type: 'kek' as never })).toThrowError(expect.objectContaining({ code: 'DUKPT_KEY_TYPE_INVALID' }));
    expect(() => deriveTdesDukptKey({ bdk: ipek, ksn: h(doc.initialKsn), type: 'pin' })).toThrowError(expect.objectContaining({ code: 'KEY_USAGE_MISMATCH', path: 'bdk' }));
  });
});
