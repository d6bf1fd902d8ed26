// The host's ISO 8583:1987 ASCII profile, against a terminal scripted with the iso87ascii dialect
// and the crypto layer: sign-on with keys in DE 48, X9.19 MACs, purchase, void and reversal by
// DE 90, balance, settlement by DE 74/76/86/88.
import { describe, expect, test } from 'vitest';
import { encodeAscii, fixedClock, hex, toHex } from '../../src/core/index';
import { encipherPinBlock, generateMac, keyFromHex } from '../../src/crypto/index';
import { dialect, type IsoMessage } from '../../src/iso8583/index';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { iso87Profile } from '../../src/host/profiles/iso87';

const codec = dialect('iso87ascii').codec;
/** DE 90: original MTI n4, STAN n6, date and time n10, acquirer n11, forwarder n11. */
const de90 = (mti: string, stan: string, when: string) => `${mti}${stan}${when}${'48020000'.padStart(11, '0')}${'0'.repeat(11)}`;
const TMK = hex('0123456789ABCDEFFEDCBA9876543210');

async function start() {
  const ledger = new MemoryLedger();
  const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger, profile: iso87Profile, clock: fixedClock('2026-12-07T02:30:00Z') });
  await host.start();
  return { host, ledger };
}

function msg(mti: string, fields: Record<number, string | Uint8Array>): IsoMessage {
  const m = codec.create(mti);
  for (const k of Object.keys(fields).map(Number).sort((a, b) => a - b)) m.set(k, fields[k]!);
  return m.set(41, '10000159').set(42, '880210010210160');
}

function sealed(m: IsoMessage, mak: Uint8Array): Uint8Array {
  // The MAC is the last field: DE 128 when a secondary bitmap is present.
  m.set(m.fieldNumbers().some((n) => n > 64) ? 128 : 64, new Uint8Array(8));
  const b = m.pack();
  const mac = generateMac(keyFromHex(toHex(mak), { algorithm: 'tdes', usage: 'M3' }), b.subarray(0, b.length - 16), { algorithm: 'x9.19' });
  b.set(encodeAscii(toHex(mac)), b.length - 16);
  return b;
}

async function send(host: Host, b: Uint8Array) {
  const r = await host.handle(b);
  if (process.env['DBG']) console.log(r.log);
  return codec.unpack(r.response!);
}

async function signOn(host: Host) {
  const a = await send(host, msg('0800', { 7: '1207103000', 11: '000001', 70: '001' }).pack());
  expect([a.mti, a.get(39), a.get(70)]).toEqual(['0810', '00', '001']);
  const keys = hex(String(a.get(48)));
  expect(keys.length).toBe(40);
  const dec = (b: Uint8Array) => keyFromHex(toHex(TMK), { algorithm: 'tdes', usage: 'K0' }).backend.cipher('tdes', TMK).decrypt(b);
  return { pik: dec(keys.subarray(0, 16)), mak: dec(keys.subarray(20, 36)) };
}

const purchase = (k: { pik: Uint8Array; mak: Uint8Array }, stan: string, amount: string, code = '000000') =>
  sealed(msg('0200', {
    3: code, 4: amount, 7: '1207103000', 11: stan, 22: '021', 25: '00', 35: '6225880000000001=281212030900000', 49: '156',
    52: encipherPinBlock({ key: keyFromHex(toHex(k.pik), { algorithm: 'tdes', usage: 'P0' }), format: 0, pin: '123456', pan: '6225880000000001' }),
  }), k.mak);

describe('ISO 8583:1987 ASCII host profile', () => {
  test('sign-on, an X9.19-MACed purchase, its void by DE 90, and a balance', async () => {
    const { host, ledger } = await start();
    const k = await signOn(host);
    const reply = await host.handle(purchase(k, '000002', '000000010000'));
    const a = codec.unpack(reply.response!);
    expect([a.mti, a.get(39)]).toEqual(['0210', '00']);
    const b = reply.response!;
    const mac = generateMac(keyFromHex(toHex(k.mak), { algorithm: 'tdes', usage: 'M3' }), b.subarray(0, b.length - 16), { algorithm: 'x9.19' });
    expect(toHex(a.getBytes(64)!)).toBe(toHex(mac));
    expect(a.has(128)).toBe(false);
    expect((await ledger.accounts()).find((x) => x.pan === '6225880000000001')!.available).toBe(990_000n);
    const v = await send(host, sealed(msg('0200', { 3: '020000', 4: '000000010000', 7: '1207103100', 11: '000003', 22: '021', 25: '00', 35: '6225880000000001=281212030900000', 49: '156', 90: de90('0200', '000002', '1207103000') }), k.mak));
    expect(v.get(39)).toBe('00');
    expect(v.has(128)).toBe(true); // DE 90 is echoed: the MAC moves to DE 128
    expect((await ledger.accounts()).find((x) => x.pan === '6225880000000001')!.available).toBe(1_000_000n);
    const bal = await send(host, sealed(msg('0200', { 3: '310000', 7: '1207103200', 11: '000004', 22: '021', 25: '00', 35: '6225880000000001=281212030900000', 49: '156',
      52: encipherPinBlock({ key: keyFromHex(toHex(k.pik), { algorithm: 'tdes', usage: 'P0' }), format: 0, pin: '123456', pan: '6225880000000001' }) }), k.mak));
    expect(bal.get(54)).toBe('1002156C000001000000');
  });

  test('a reversal (0420) names its original in DE 90 and undoes it; a wrong MAC is A0', async () => {
    const { host, ledger } = await start();
    const k = await signOn(host);
    await send(host, purchase(k, '000002', '000000020000'));
    const bad = purchase(k, '000005', '000000020000');
    bad[bad.length - 1] = bad[bad.length - 1] === 0x30 ? 0x31 : 0x30;
    expect((await send(host, bad)).get(39)).toBe('A0');
    const r = await send(host, sealed(msg('0420', { 3: '000000', 4: '000000020000', 7: '1207103500', 11: '000009', 39: '98', 49: '156', 90: de90('0200', '000002', '1207103000') }), k.mak));
    expect([r.mti, r.get(39)]).toEqual(['0430', '00']);
    expect((await ledger.accounts()).find((x) => x.pan === '6225880000000001')!.available).toBe(1_000_000n);
  });

  test('settlement: balanced totals answer 00 and close the batch; unbalanced answer 95', async () => {
    const { host, ledger } = await start();
    const k = await signOn(host);
    await send(host, purchase(k, '000002', '000000010000'));
    const settle = (stan: string, debits: string, amount: string) =>
      send(host, sealed(msg('0500', { 7: '1207180000', 11: stan, 49: '156', 74: '0000000000', 76: debits, 86: '0000000000000000', 88: amount }), k.mak));
    expect((await settle('000003', '0000000002', '0000000000020000')).get(39)).toBe('95');
    expect((await settle('000004', '0000000001', '0000000000010000')).get(39)).toBe('00');
    expect((await ledger.terminals()).find((t) => t.tid === '10000159')!.batch).toBe('000002');
  });
});
