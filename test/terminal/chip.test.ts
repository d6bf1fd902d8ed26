// Chip transactions end to end: the terminal engine runs the EMV kernel against the virtual cards
// (src/emv/card), and the host simulator verifies the ARQC under the same issuer master keys and
// answers with an ARPC. Online approval, tap under the CVM limit, host decline, the card declining
// after an online approval (reversal 96 and a failed-chip upload), an offline TC advised at
// settlement, fallback to the stripe, issuer scripts.
import { describe, expect, test } from 'vitest';
import { hex } from '../../src/core/index';
import { VirtualCard, virtualCards, type VirtualCardFaults, type VirtualCardId } from '../../src/emv/card/index';
import { cupCodec } from '../../src/terminal/profiles/unionpay';
import { swipeOf } from '../../src/terminal/index';
import { defaultHostConfig } from '../../src/host/config/default';
import type { HostConfigJson } from '../../src/host/config/types';
import { available, ready, rig, type Rig } from './helpers';

function card(id: VirtualCardId, faults?: VirtualCardFaults, iface: 'contact' | 'contactless' = 'contact'): VirtualCard {
  return new VirtualCard(virtualCards[id], { seed: 7, interface: iface, ...(faults ? { faults } : {}) });
}

async function setUp(config?: HostConfigJson): Promise<Rig> {
  const r = await rig(config ? { config } : {});
  await ready(r);
  return r;
}

/** The requests the terminal sent with this MTI, decoded. */
function sentOf(r: Rig, mti: string) {
  return r.sent.map((b) => cupCodec.unpack(b)).filter((m) => m.mti === mti);
}

describe('chip purchase through the EMV kernel against the host', () => {
  test('UnionPay debit inserted, over the CVM limit: online PIN, ARQC verified, ARPC checked by the card, TC kept for the upload', async () => {
    const r = await setUp();
    const c = card('up-debit');
    const before = await available(r.ledger, '6225880000000027');
    r.reader.present({ method: 'insert', transmit: c.transmit });
    r.pinPad.enter('123456');
    const res = await r.terminal.purchase({ amount: 500_00n });
    expect(res.outcome, res.message).toBe('approved');
    const t = res.transaction!;
    expect(t.entry).toBe('insert');
    expect(t.entryMode).toBe('051');
    expect(t.chip?.aid).toBe('A000000333010101');
    expect(t.chip?.failed).toBe(false);
    // Issuer authentication passed: TVR byte 5 bit 7 clear, TSI "issuer authentication performed".
    const tvr = hex(t.chip!.tvr);
    expect(tvr[4]! & 0x40).toBe(0);
    expect(hex(t.chip!.tsi)[0]! & 0x10).toBe(0x10);
    // The final cryptogram is a TC other than the ARQC.
    expect(t.chip!.finalCryptogram).toMatch(/^[0-9A-F]{16}$/);
    expect(t.chip!.finalCryptogram).not.toBe(t.chip!.cryptogram);
    const req = sentOf(r, '0200').at(-1)!;
    expect(req.get(22)).toBe('051');
    expect(req.get(23)).toBe('001');
    expect(req.get(2)).toBe('6225880000000027');
    expect(req.has(52)).toBe(true);
    expect(req.has(55)).toBe(true);
    expect(await available(r.ledger, '6225880000000027')).toBe(before - 500_00n);
    expect(c.atc()).toBeGreaterThan(0x10);
    expect(c.lastOnlineAtc()).toBe(c.atc());
    expect(r.terminal.state.reversal).toBeUndefined();
  });

  test('UnionPay credit tapped under the CVM limit: no PIN, entry mode 07x, approved online', async () => {
    const r = await setUp();
    r.reader.present({ method: 'tap', transmit: card('up-credit', undefined, 'contactless').transmit });
    const res = await r.terminal.purchase({ amount: 88_00n });
    expect(res.outcome, res.message).toBe('approved');
    expect(res.transaction!.entryMode).toBe('072');
    expect(r.pinPad.requests).toEqual([]);
    expect(sentOf(r, '0200').at(-1)!.has(52)).toBe(false);
  });

  test('a host decline (amount ending .51 → 51) is a decline on the card too; nothing is reversed', async () => {
    const r = await setUp();
    r.reader.present({ method: 'insert', transmit: card('up-debit').transmit });
    r.pinPad.enter('123456');
    const res = await r.terminal.purchase({ amount: 500_51n });
    expect(res.outcome).toBe('declined');
    expect(res.code).toBe('51');
    expect(sentOf(r, '0400')).toHaveLength(0);
    expect(r.terminal.state.reversal).toBeUndefined();
  });

  test('the card declines after the host approved: reversal with reason 96, the ledger is restored, the failed chip transaction is uploaded', async () => {
    const r = await setUp();
    const before = await available(r.ledger, '6225880000000027');
    r.reader.present({ method: 'insert', transmit: card('up-debit', { declineAfterOnline: true }).transmit });
    const res = await r.terminal.purchase({ amount: 120_00n });
    expect(res.outcome).toBe('failed');
    const rev = sentOf(r, '0400');
    expect(rev).toHaveLength(1);
    expect(rev[0]!.get(39)).toBe('96');
    expect(r.terminal.state.reversal).toBeUndefined();
    expect(await available(r.ledger, '6225880000000027')).toBe(before);
    const kept = r.terminal.state.transactions.find((t) => t.pan === '6225880000000027')!;
    expect(kept.status).toBe('reversed');
    expect(kept.chip?.failed).toBe(true);
    const s = await r.terminal.settle();
    expect(s.outcome, s.message).toBe('approved');
    const uploads = sentOf(r, '0320').map((m) => String(m.get('60.3') ?? (m.get(60) as Record<string, string>)['3']));
    expect(uploads.some((c) => c === '204' || c === '206')).toBe(true);
  });

  test('Visa credit under the floor limit: approved offline with a TC, advised before settlement, then uploaded', async () => {
    const r = await setUp();
    r.reader.present({ method: 'insert', transmit: card('visa-credit').transmit });
    r.pinPad.enter('1234');
    const res = await r.terminal.purchase({ amount: 20_00n });
    expect(res.outcome, res.message).toBe('approved');
    const t = res.transaction!;
    expect(t.offline).toBe(true);
    expect(sentOf(r, '0200')).toHaveLength(0);
    expect(t.chip?.finalCryptogram).toMatch(/^[0-9A-F]{16}$/);
    const s = await r.terminal.settle();
    expect(s.outcome, s.message).toBe('approved');
    const advice = sentOf(r, '0220');
    expect(advice).toHaveLength(1);
    expect(advice[0]!.has(55)).toBe(true);
    expect((await r.ledger.list({ tid: '10000159', limit: 50 })).some((x) => x.pan === '4761739001010010' && x.responseCode === '00')).toBe(true);
  });

  test('a chip that cannot be read: the swipe that follows is a fallback (DE 22 02x, 60.5 = 2)', async () => {
    const r = await setUp();
    r.reader.present({ method: 'insert', transmit: async () => new Uint8Array([0x6f]) }, swipeOf({ pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' }));
    r.pinPad.enter('123456');
    const res = await r.terminal.purchase({ amount: 30_00n });
    expect(res.outcome, res.message).toBe('approved');
    expect(res.transaction!.entry).toBe('fallback');
    const req = sentOf(r, '0200').at(-1)!;
    expect(req.get(22)).toBe('021');
    expect(r.reader.asked.at(-1)).toEqual(['swipe']);
    // 60 = 60.1 22 ‖ 60.2 batch ‖ 60.3 000 ‖ 60.4 6 (terminal reads chips) ‖ 60.5 2 (fallback).
    expect(Object.values(req.get(60) as Record<string, string>).join('')).toMatch(/^22\d{6}00062$/);
  });

  test('an issuer script from the host configuration is MACed for the transaction and runs on the card after the second GENERATE AC', async () => {
    const config = structuredClone(defaultHostConfig) as unknown as { cards: { pan: string; emv?: Record<string, unknown> }[] };
    const entry = config.cards.find((x) => x.pan === '6225880000000027')!;
    // 72 { 9F18 script id, 86 PUT DATA 9F58 (lower consecutive offline limit) = 05 }, without its MAC.
    entry.emv = { ...entry.emv, scripts: { after: '720F9F180400000001860604DA9F580105' } };
    const r = await setUp(config as unknown as HostConfigJson);
    const c = card('up-debit');
    r.reader.present({ method: 'insert', transmit: c.transmit });
    const res = await r.terminal.purchase({ amount: 60_00n });
    expect(res.outcome, res.message).toBe('approved');
    expect(c.scriptResults).toHaveLength(1);
    expect(c.scriptResults[0]).toMatchObject({ sw: 0x9000, applied: 'put-data' });
    // TSI "script processing performed" (byte 1 bit 3).
    expect(hex(res.transaction!.chip!.tsi)[0]! & 0x04).toBe(0x04);
  });

  test('a chip balance inquiry goes online with an ARQC and shows DE 54; nothing enters the batch', async () => {
    const r = await setUp();
    r.reader.present({ method: 'insert', transmit: card('up-debit').transmit });
    r.pinPad.enter('123456');
    const bal = await r.terminal.balance();
    expect(bal.outcome, bal.message).toBe('approved');
    expect(bal.balance?.amount).toBe(10_000_00n);
    const req = sentOf(r, '0200').at(-1)!;
    expect(req.get(3)).toBe('310000');
    expect(req.get(22)).toBe('051');
    expect(r.terminal.state.transactions).toHaveLength(0);
  });
});

