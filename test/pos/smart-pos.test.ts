// The smart POS without a browser: the application and the device's ports driven key by key, as
// the page does, against the host simulator in process. The browser itself is covered by
// web.e2e.test.ts; this file covers what the page cannot show cheaply (masking, timeouts, refusals).
import { describe, expect, test } from 'vitest';
import { fixedClock, toHex } from '../../src/core/index';
import { Host } from '../../src/host/host';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { SAMPLE_PAYMENT_CODE, TRAY_CARDS } from '../../src/pos/smart-pos/cards';
import type { DeviceView, PosKey, SmartPosDevice } from '../../src/pos/smart-pos/device';
import { openSmartPos } from '../../src/pos/smart-pos/open';
import { functionChannel } from '../../src/terminal/index';
import { available } from '../terminal/helpers';

const clock = fixedClock('2026-12-07T02:30:00Z');
const card = (id: string) => TRAY_CARDS.find((c) => c.id === id)!;

async function pos() {
  const ledger = new MemoryLedger();
  const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger, clock });
  await host.start();
  const sent: Uint8Array[] = [];
  const p = await openSmartPos({ channel: functionChannel(async (payload) => (sent.push(payload), (await host.handle(payload)).response)), clock });
  return { ...p, ledger, sent };
}

/** Resolve once the view satisfies `ok` (checked now and after every change). */
function until(device: SmartPosDevice, ok: (v: DeviceView) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ok(device.view)) return resolve();
    const timer = setTimeout(() => (stop(), reject(new Error(`timed out waiting for ${what}`))), 5000);
    const stop = device.subscribe(() => {
      if (!ok(device.view)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

async function type(device: SmartPosDevice, prompt: RegExp, keys: string): Promise<void> {
  await until(device, (v) => v.entry !== undefined && prompt.test(v.entry.prompt), `the prompt ${prompt}`);
  for (const k of keys) device.press(k as PosKey);
  device.press('ok');
}

async function cardAsked(device: SmartPosDevice): Promise<void> {
  await until(device, (v) => v.cardWait !== undefined, 'the card reader');
}

async function signOn(p: Awaited<ReturnType<typeof pos>>): Promise<void> {
  const run = p.app.run('sign-on');
  await type(p.device, /Operator no/, '01');
  await type(p.device, /Operator password/, '0000');
  expect((await run)?.outcome).toBe('approved');
}

describe('the smart POS, key by key', () => {
  test('sign-on from the admin menu: operator log-on, then 0800 with key scheme 004', async () => {
    const p = await pos();
    p.device.press('9');
    expect(p.device.view.screen.title).toBe('管理 ADMIN');
    p.device.press('1');
    await type(p.device, /Operator no/, '01');
    await until(p.device, (v) => v.entry?.kind === 'password', 'the password');
    for (const k of '0000') p.device.press(k as PosKey);
    expect(p.device.view.entry?.text).toBe('••••');
    p.device.press('ok');
    await until(p.device, (v) => v.result !== undefined, 'the result');
    expect(p.device.view.result).toMatchObject({ outcome: 'approved', title: '交易成功 APPROVED' });
    expect(p.terminal.state.keys?.scheme).toBe('004');
    expect(p.device.view.wire.some((l) => l.startsWith('→ 0800'))).toBe(true);
    // Any key brings the menu back.
    p.device.press('ok');
    expect(p.device.view.result).toBeUndefined();
    expect(p.device.view.screen.lines).toContain('1 消费 SALE');
  });

  test('a purchase by swipe with PIN: the amount as typed, the PIN as dots, a receipt, the ledger charged', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('sale');
    await until(p.device, (v) => v.entry?.kind === 'amount', 'the amount');
    for (const k of '012345') p.device.press(k as PosKey); // the leading 0 is not taken
    expect(p.device.view.entry?.text).toBe('123.45');
    p.device.press('clear');
    p.device.press('5');
    p.device.press('ok');
    await cardAsked(p.device);
    expect(p.device.present(card('debit'), 'swipe')).toBeUndefined();
    await until(p.device, (v) => v.entry?.kind === 'pin', 'the PIN pad');
    for (const k of '123456') p.device.press(k as PosKey);
    expect(p.device.view.entry?.text).toBe('••••••');
    expect(JSON.stringify(p.device.view)).not.toContain('123456');
    p.device.press('ok');
    const r = await run;
    expect(r?.outcome).toBe('approved');
    expect(await available(p.ledger, '6225880000000001')).toBe(1_000_000n - 12345n);
    expect(p.device.view.result?.lines[0]).toBe('消费 SALE 123.45');
    expect(p.device.view.receipts).toHaveLength(2);
    expect(p.device.view.receipts.flat().join('\n')).not.toContain('6225880000000001');
    expect(p.device.view.wire.join('\n')).not.toContain('6225880000000001');
    // Key scheme 004: track 2 left enciphered (DE 35 is not the clear track).
    expect(p.sent.some((s) => toHex(s).includes('6225880000000001D2812'))).toBe(false);
  });

  test('a decline (x.51) is shown with its code and text', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('sale');
    await type(p.device, /amount/, '151');
    await cardAsked(p.device);
    p.device.present(card('credit'), 'swipe');
    await type(p.device, /PIN/, '123456');
    expect((await run)?.code).toBe('51');
    expect(p.device.view.result).toEqual({ outcome: 'declined', title: '交易失败 DECLINED', lines: ['消费 SALE', '51 无足够的存款 Insufficient funds'] });
  });

  test('a void needs the supervisor password changed first; then it voids by voucher with the card', async () => {
    const p = await pos();
    await signOn(p);
    const sale = p.app.run('sale');
    await type(p.device, /amount/, '20000');
    await cardAsked(p.device);
    p.device.present(card('debit'), 'swipe');
    await type(p.device, /PIN/, '123456');
    const voucher = (await sale)!.transaction!.voucher;
    expect((await p.app.run('void'))?.refusal).toBe('supervisor-password-must-change');
    const change = p.app.run('supervisor');
    await type(p.device, /Old supervisor/, '123456');
    await type(p.device, /New supervisor/, '654321');
    await type(p.device, /again/, '654321');
    expect((await change)?.outcome).toBe('approved');
    const v = p.app.run('void');
    await type(p.device, /Supervisor password/, '654321');
    await type(p.device, /voucher/, voucher);
    await cardAsked(p.device);
    p.device.present(card('debit'), 'swipe');
    expect((await v)?.outcome).toBe('approved');
    expect(await available(p.ledger, '6225880000000001')).toBe(1_000_000n);
  });

  test('a QR sale takes the payment code from the code field, no PIN', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('qr-sale');
    await type(p.device, /amount/, '880');
    await until(p.device, (v) => v.scanWait !== undefined, 'the scanner');
    expect(p.device.scan('12ab')).toBe(false);
    expect(p.device.scan(` ${SAMPLE_PAYMENT_CODE} `)).toBe(true);
    const r = await run;
    expect([r?.outcome, r?.transaction?.entryMode]).toEqual(['approved', '032']);
    expect(await available(p.ledger, '6225880000000001')).toBe(1_000_000n - 880n);
  });

  test('a chip card inserted: its chip answers 6F00, the engine asks for the swipe (fallback)', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('sale');
    await type(p.device, /amount/, '1500');
    await cardAsked(p.device);
    expect(p.device.present(card('debit'), 'insert')).toBe('no-chip');
    expect(p.device.present(card('broken-chip'), 'insert')).toBeUndefined();
    await until(p.device, (v) => v.cardWait?.methods.join() === 'swipe', 'the fallback swipe');
    expect(p.device.present(card('broken-chip'), 'tap')).toBe('method-not-accepted');
    p.device.present(card('broken-chip'), 'swipe');
    await type(p.device, /PIN/, '123456');
    const r = await run;
    expect([r?.outcome, r?.transaction?.entry]).toEqual(['approved', 'fallback']);
  });

  test('a chip card inserted: the EMV kernel runs over the virtual card, online PIN over 300.00, ARQC to the host', async () => {
    const p = await pos();
    await signOn(p);
    const before = await available(p.ledger, '6225880000000027');
    const run = p.app.run('sale');
    await type(p.device, /amount/, '52000');
    await cardAsked(p.device);
    expect(p.device.present(card('up-debit'), 'insert')).toBeUndefined();
    await type(p.device, /PIN/, '123456');
    const r = await run;
    expect([r?.outcome, r?.transaction?.entry]).toEqual(['approved', 'insert']);
    expect(await available(p.ledger, '6225880000000027')).toBe(before - 520_00n);
  });

  test('a chip card tapped under the CVM limit: no PIN; a contact-only card cannot be tapped', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('sale');
    await type(p.device, /amount/, '6600');
    await cardAsked(p.device);
    expect(p.device.present(card('mc-debit'), 'tap')).toBe('no-contactless');
    expect(p.device.view.trayNote).toMatch(/no contactless/);
    expect(p.device.present(card('up-credit'), 'tap')).toBeUndefined();
    const r = await run;
    expect([r?.outcome, r?.transaction?.entry]).toEqual(['approved', 'tap']);
  });

  test('CANCEL at the card reader cancels; a card presented when none is asked is refused', async () => {
    const p = await pos();
    await signOn(p);
    expect(p.device.present(card('debit'), 'swipe')).toBe('not-waiting');
    const run = p.app.run('balance');
    await cardAsked(p.device);
    p.device.press('cancel');
    expect((await run)?.outcome).toBe('cancelled');
    expect(p.device.view.result?.title).toBe('交易取消 CANCELLED');
  });

  test('a foreign card without PIN: OK on an empty PIN pad bypasses', async () => {
    const p = await pos();
    await signOn(p);
    const run = p.app.run('sale');
    await type(p.device, /amount/, '700');
    await cardAsked(p.device);
    p.device.present(card('foreign'), 'swipe');
    await type(p.device, /PIN/, '');
    const r = await run;
    expect([r?.outcome, r?.transaction?.pinVerified]).toEqual(['approved', false]);
  });
});
