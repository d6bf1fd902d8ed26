// A scripted UnionPay terminal for the host's tests: builds requests field by field with the cup
// codec and the crypto layer directly (not the terminal engine), so the host is checked against
// bytes written independently of the engine that will talk to it.
import { encodeAscii, hex, toAmountField, toHex } from '../../src/core/index';
import { encipherPinBlock, keyFromHex, SoftwareSecurityModule, unionPayMac } from '../../src/crypto/index';
import { dialect, type IsoMessage } from '../../src/iso8583/index';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { validateHostConfig } from '../../src/host/config/validate';
import { defaultHostConfig } from '../../src/host/config/default';
import type { HostConfigJson } from '../../src/host/config/types';
import { fixedClock, type Clock } from '../../src/core/index';

export const codec = dialect('cup').codec;
export const TMK = '0123456789ABCDEFFEDCBA9876543210';

export interface Keys {
  pik: Uint8Array;
  mak: Uint8Array;
  tdk?: Uint8Array;
}

/** A host on a memory ledger with the default configuration (or a variant) and a fixed clock. */
export async function startHost(options: { config?: HostConfigJson; clock?: Clock } = {}): Promise<{ host: Host; ledger: MemoryLedger }> {
  const ledger = new MemoryLedger();
  const host = new Host({ config: validateHostConfig(options.config ?? defaultHostConfig), ledger, clock: options.clock ?? fixedClock('2026-12-07T02:30:00Z') });
  await host.start();
  return { host, ledger };
}

/** Decipher a DE 62 (003 layout) under the TMK as a terminal would (by hand, not with the host's code). */
export function keysOf(de62: Uint8Array, scheme: '001' | '003' | '004' = '003'): Keys {
  const tmk = keyFromHex(TMK, { algorithm: 'tdes', usage: 'K0' });
  const dec = (b: Uint8Array) => tmk.backend.cipher('tdes', hex(TMK)).decrypt(b);
  if (scheme === '001') return { pik: dec(de62.subarray(0, 8)), mak: dec(de62.subarray(12, 20)) };
  const makSlot = de62.subarray(20, 36);
  const single = makSlot.subarray(8).every((b) => b === 0);
  const keys: Keys = { pik: dec(de62.subarray(0, 16)), mak: dec(single ? makSlot.subarray(0, 8) : makSlot) };
  if (scheme === '004') keys.tdk = dec(de62.subarray(40, 56));
  return keys;
}

export function kcv(key: Uint8Array): string {
  const k = keyFromHex(toHex(key), { algorithm: key.length === 8 ? 'des' : 'tdes', usage: 'M3' });
  return toHex(k.backend.cipher(key.length === 8 ? 'des' : 'tdes', key).encrypt(new Uint8Array(8))).slice(0, 8);
}

const POSITIONAL: Record<string, number[]> = { '60': [2, 6, 3, 1, 1, 1, 3], '61': [6, 6, 4, 2, 11], '63': [3, 160] };

/** Text of a positional field (60, 61, 63) as its sub-field object: '00000001003' → { 1: '00', 2: '000001', 3: '003' }. */
export function positional(field: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  (POSITIONAL[field] ?? []).forEach((w, i) => {
    if (at < text.length) out[String(i + 1)] = text.slice(at, at + w);
    at += w;
  });
  return out;
}

/** The request skeleton: TPDU, header, and the fields every terminal request carries. */
export function request(mti: string, fields: Record<string, string | Uint8Array>, tid = '10000159', mid = '880210010210160'): IsoMessage {
  const m = codec.create(mti);
  m.setHeader('tpdu', hex('6000030000'));
  m.setHeader('header', hex('603100311312'));
  const all: Record<string, string | Uint8Array> = { ...fields, '41': tid, '42': mid };
  for (const k of Object.keys(all).sort((a, b) => Number(a) - Number(b))) {
    const v = all[k]!;
    m.set(Number(k), typeof v === 'string' && k in POSITIONAL ? positional(k, v) : v);
  }
  return m;
}

/** Pack with a MAC under `mak` (UnionPay MAC over MTI..DE 63). */
export function packMac(m: IsoMessage, mak: Uint8Array): Uint8Array {
  m.set(64, new Uint8Array(8));
  const bytes = m.pack();
  const key = keyFromHex(toHex(mak), { algorithm: mak.length === 8 ? 'des' : 'tdes', usage: 'M3' });
  bytes.set(unionPayMac(key, bytes.subarray(11, bytes.length - 8)), bytes.length - 8);
  return bytes;
}

/** Verify an answer's MAC under `mak`. */
export function macOk(bytes: Uint8Array, mak: Uint8Array): boolean {
  const key = keyFromHex(toHex(mak), { algorithm: mak.length === 8 ? 'des' : 'tdes', usage: 'M3' });
  return toHex(unionPayMac(key, bytes.subarray(11, bytes.length - 8))) === toHex(bytes.subarray(bytes.length - 8));
}

export function pinBlock(pin: string, pan: string, pik: Uint8Array): Uint8Array {
  return encipherPinBlock({ key: keyFromHex(toHex(pik), { algorithm: pik.length === 8 ? 'des' : 'tdes', usage: 'P0' }), format: 0, pin, pan });
}

/** Sign on terminal `tid` with 60.3 = `scheme`; returns the clear working keys. */
export async function signOn(host: Host, tid = '10000159', mid = '880210010210160', scheme: '001' | '003' | '004' = '003'): Promise<Keys & { batch: string; answer: IsoMessage }> {
  const m = request('0800', { '11': '000001', '60': `00000001${scheme}`, '63': '01 ' }, tid, mid);
  const reply = await host.handle(m.pack());
  const answer = codec.unpack(reply.response!);
  if (answer.get(39) !== '00') throw new Error(`sign-on answered ${String(answer.get(39))}`);
  return { ...keysOf(answer.getBytes(62)!, scheme), batch: String(answer.get('60.2')), answer };
}

/** Track 2 of a default magnetic card: PAN D YYMM SVC CVV + filler. */
export function track2(pan: string, expiry: string, serviceCode: string, cvv: string): string {
  return `${pan}D${expiry}${serviceCode}${cvv}00000`;
}

export const AMOUNT = (yuan: string) => toAmountField(BigInt(Math.round(Number(yuan) * 100)));

export interface Purchase {
  stan: string;
  amount: string;
  pan?: string;
  track?: string;
  pin?: string;
  typeCode?: string;
  mti?: string;
  processingCode?: string;
  conditionCode?: string;
  entryMode?: string;
  batch?: string;
  extra?: Record<string, string | Uint8Array>;
}

/** A financial request with MAC: swipe + PIN by default (the debit card 6225880000000001). */
export function financial(keys: Keys, p: Purchase, tid = '10000159', mid = '880210010210160'): Uint8Array {
  const pan = p.pan ?? '6225880000000001';
  const fields: Record<string, string | Uint8Array> = {
    '3': p.processingCode ?? '000000',
    '4': p.amount,
    '11': p.stan,
    '22': p.entryMode ?? (p.pin ? '021' : '022'),
    '25': p.conditionCode ?? '00',
    '35': p.track ?? track2(pan, '2812', '120', '309'),
    '49': '156',
    '53': p.pin ? '1600000000000000' : '0600000000000000',
    '60': `${p.typeCode ?? '22'}${p.batch ?? '000001'}000`,
    '63': '01 ',
    ...(p.extra ?? {}),
  };
  if (p.pin) {
    fields['26'] = '12';
    fields['52'] = pinBlock(p.pin, pan, keys.pik);
  }
  return packMac(request(p.mti ?? '0200', fields, tid, mid), keys.mak);
}

export async function send(host: Host, bytes: Uint8Array): Promise<IsoMessage> {
  const reply = await host.handle(bytes);
  if (!reply.response) throw new Error(`no answer (${reply.log.note})`);
  return codec.unpack(reply.response);
}

export async function available(ledger: MemoryLedger, pan: string): Promise<bigint> {
  return (await ledger.accounts()).find((a) => a.pan === pan)!.available;
}

export { encodeAscii, SoftwareSecurityModule };
