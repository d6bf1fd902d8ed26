// The text-mode POS screen model, key by key, without a TTY: menus in Chinese and English, amount
// entry, PIN entry shown as asterisks only, cancel at every prompt, the card screen, and one
// purchase through the keys against the host simulator in-process.
import { describe, expect, test } from 'vitest';
import { hex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/index';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { functionChannel, MemoryJournal, Terminal } from '../../src/terminal/index';
import { PosApp } from '../../src/pos/tui/app';
import { decodeKeys, type PosKey } from '../../src/pos/tui/keys';
import { ansiFrame, fitText, framePosScreen, POS_SCREEN, renderPosScreen } from '../../src/pos/tui/render';
import { displayWidth } from '../../src/terminal/index';

const TMK = '0123456789ABCDEFFEDCBA9876543210';

function app(language: 'zh' | 'en', sm = new SoftwareSecurityModule()): PosApp {
  return new PosApp({ language, securityModule: sm });
}

function type(a: PosApp, keys: string): void {
  for (const k of decodeKeys(keys)) a.press(k);
}

function screen(a: PosApp): string[] {
  return renderPosScreen(a);
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('keys', () => {
  test.each([
    ['12\r', [{ kind: 'digit', digit: '1' }, { kind: 'digit', digit: '2' }, { kind: 'enter' }]],
    ['\r\n', [{ kind: 'enter' }]],
    ['\x1b', [{ kind: 'cancel' }]],
    ['\x1b[A\x1bOB\x1b[5~', [{ kind: 'up' }, { kind: 'down' }, { kind: 'up' }]],
    ['\x7f\b', [{ kind: 'backspace' }, { kind: 'backspace' }]],
    ['\x03', [{ kind: 'quit' }]],
    ['ab\x1b[1;5C9', [{ kind: 'digit', digit: '9' }]],
  ] as const)('%j', (chunk, keys) => {
    expect(decodeKeys(chunk)).toEqual(keys);
  });
});

describe('the screen', () => {
  test('every row is exactly 40 columns, CJK counted double, framed 42 x 18', () => {
    for (const language of ['zh', 'en'] as const) {
      const rows = screen(app(language));
      expect(rows).toHaveLength(POS_SCREEN.rows);
      for (const r of rows) expect(displayWidth(r)).toBe(POS_SCREEN.columns);
      const framed = framePosScreen(rows);
      expect(framed).toHaveLength(18);
      expect(framed[0]).toBe(`+${'-'.repeat(40)}+`);
    }
    expect(fitText('消费 SALE', 6)).toBe('消费 S');
    expect(fitText('消费', 3)).toBe('消 ');
  });

  test('ansiFrame rewrites only changed rows; the first frame erases the screen', () => {
    expect(ansiFrame(undefined, ['ab'])).toBe('\x1b[?25l\x1b[2J\x1b[1;1Hab\x1b[K');
    expect(ansiFrame(['ab', 'cd'], ['ab', 'ce'])).toBe('\x1b[2;1Hce\x1b[K');
    expect(ansiFrame(['ab'], ['ab'])).toBe('');
  });
});

describe('menus', () => {
  test('main menu in Chinese: 1 消费 … 8 管理; arrows move, the admin menu opens and Esc goes back', () => {
    const a = app('zh');
    let s = screen(a);
    expect(s[2]!.trim()).toBe('主菜单');
    expect(s.slice(3, 11).map((l) => l.trimEnd())).toEqual(['> 1 消费', '  2 撤销', '  3 退货', '  4 预授权', '  5 余额查询', '  6 预授权完成', '  7 预授权撤销', '  8 管理']);
    type(a, '\x1b[B\x1b[B');
    expect(screen(a)[5]!.trimEnd()).toBe('> 3 退货');
    type(a, '\x1b[A\x1b[A\x1b[A');
    expect(screen(a)[10]!.trimEnd()).toBe('> 8 管理');
    type(a, '8');
    return a.idle().then(() => {
      s = screen(a);
      expect(s[2]!.trim()).toBe('管理');
      expect(s.slice(3, 10).map((l) => l.trimEnd())).toEqual(['> 1 签到', '  2 结算', '  3 重打印', '  4 交易明细', '  5 操作员签到', '  6 修改主管密码', '  0 返回']);
      type(a, '\x1b');
      expect(screen(a)[2]!.trim()).toBe('主菜单');
    });
  });

  test('main menu in English', () => {
    const s = screen(app('en'));
    expect(s[2]!.trim()).toBe('MAIN MENU');
    expect(s.slice(3, 11).map((l) => l.trimEnd())).toEqual(['> 1 SALE', '  2 VOID', '  3 REFUND', '  4 PRE-AUTH', '  5 BALANCE', '  6 AUTH COMPLETE', '  7 PRE-AUTH VOID', '  8 ADMIN']);
    expect(s[15]).toContain('[Enter] ok');
  });
});

describe('prompts the engine asks', () => {
  test('amount entry: digits shift in as cents, Backspace clears one, Enter answers minor units', async () => {
    const a = app('en');
    const answer = a.ports.keypad.read({ kind: 'amount', prompt: 'Enter amount', currency: '156', timeoutMs: 5000 });
    expect(a.view.kind).toBe('input');
    type(a, '0');
    expect(screen(a).join('\n')).toContain('RMB 0.00');
    type(a, '12345');
    expect(screen(a).join('\n')).toContain('RMB 123.45');
    type(a, '\x7f');
    expect(screen(a).join('\n')).toContain('RMB 12.34');
    expect(screen(a)[3]!.trim()).toBe('Enter amount');
    type(a, '\r');
    expect(await answer).toEqual({ kind: 'entered', value: '1234' });
    expect(a.view.kind).toBe('busy');
  });

  test('a password shows asterisks; Enter needs the minimum length', async () => {
    const a = app('zh');
    const answer = a.ports.keypad.read({ kind: 'password', prompt: '请输入主管密码', min: 6, max: 6, timeoutMs: 5000 });
    type(a, '65432');
    expect(screen(a).join('\n')).toContain('*****');
    expect(screen(a).join('\n')).not.toContain('65432');
    type(a, '\r');
    expect(a.view.kind).toBe('input');
    type(a, '19\r');
    expect(await answer).toEqual({ kind: 'entered', value: '654321' });
  });

  test('the PIN shows one * per digit, never a digit, and leaves the PIN pad enciphered', async () => {
    const sm = new SoftwareSecurityModule();
    sm.loadKey('pik', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0' });
    const a = app('en', sm);
    const entry = a.ports.pinPad.onlinePin({ pan: '6225880000000001', keyRef: 'pik', amountText: '12.34', allowBypass: true, timeoutMs: 5000 });
    let s = screen(a).join('\n');
    expect(s).toContain('Cardholder: enter PIN');
    expect(s).toContain('622588******0001');
    expect(s).not.toContain('6225880000000001');
    type(a, '1234');
    s = screen(a).join('\n');
    expect(s).toContain('****');
    expect(s).not.toMatch(/1234/);
    expect(JSON.stringify(a.view)).not.toContain('1234');
    type(a, '56\r');
    const pin = await entry;
    expect(pin.kind).toBe('entered');
    expect(pin.kind === 'entered' && pin.block.length).toBe(8);
  });

  test('Esc cancels the amount, the card and the PIN; a prompt times out', async () => {
    const a = app('en');
    const amount = a.ports.keypad.read({ kind: 'amount', prompt: 'Enter amount', currency: '156', timeoutMs: 5000 });
    type(a, '12\x1b');
    expect(await amount).toEqual({ kind: 'cancelled' });
    const card = a.ports.cardReader.read({ methods: ['swipe', 'insert', 'tap'], prompt: 'SALE: swipe, insert or tap', timeoutMs: 5000 });
    type(a, '\x1b');
    expect(await card).toEqual({ method: 'cancelled' });
    const pin = a.ports.pinPad.onlinePin({ pan: '6225880000000001', keyRef: 'pik', amountText: '', allowBypass: true, timeoutMs: 5000 });
    type(a, '12\x1b');
    expect(await pin).toEqual({ kind: 'cancelled' });
    expect(await a.ports.keypad.read({ kind: 'digits', prompt: 'x', min: 6, max: 6, timeoutMs: 5 })).toEqual({ kind: 'timeout' });
    const aborted = new AbortController();
    const signalled = a.ports.keypad.read({ kind: 'digits', prompt: 'x', min: 6, max: 6, timeoutMs: 5000, signal: aborted.signal });
    aborted.abort();
    expect(await signalled).toEqual({ kind: 'cancelled' });
  });

  test('the card screen lists the wallet; a chip card is then swiped, inserted or tapped', async () => {
    const a = app('en');
    const read = a.ports.cardReader.read({ methods: ['swipe', 'insert', 'tap', 'manual'], prompt: 'SALE: swipe, insert or tap', timeoutMs: 5000 });
    const s = screen(a).join('\n');
    expect(s).toContain('1 UnionPay debit stripe');
    expect(s).toContain('****0001');
    expect(s).toContain('4 UnionPay debit chip');
    expect(s).not.toContain('6225880000000027');
    type(a, '4');
    expect(screen(a).join('\n')).toContain('Present the card by');
    expect(screen(a).slice(3).map((l) => l.trim())).toEqual(expect.arrayContaining(['> 1 SWIPE', '2 INSERT', '3 TAP']));
    type(a, '2');
    const card = await read;
    expect(card.method).toBe('insert');
    // The chip answers SELECT of the PSE (9000 or a file-not-found SW, never a throw).
    if (card.method === 'insert') expect((await card.transmit(hex('00A404000E315041592E5359532E444446303100'))).length).toBeGreaterThanOrEqual(2);
    // A fallback asks for the swipe only: a stripe card is presented at once.
    const fallback = a.ports.cardReader.read({ methods: ['swipe'], prompt: 'Chip error: swipe the card', timeoutMs: 5000 });
    type(a, '\r');
    expect((await fallback).method).toBe('swipe');
  });
});

describe('a purchase through the keys', () => {
  test('log on, sign on, 1 SALE, amount, card, PIN: the result screen and the receipt', async () => {
    const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger: new MemoryLedger() });
    await host.start();
    const sm = new SoftwareSecurityModule();
    sm.loadKey('tmk', hex(TMK), { algorithm: 'tdes', usage: 'K0' });
    const saved: string[] = [];
    const a = new PosApp({ language: 'en', securityModule: sm, onReceipts: (r) => saved.push(...r.map((x) => x.name)) });
    const terminal = await Terminal.open({
      ...a.ports,
      journal: new MemoryJournal(),
      securityModule: sm,
      channel: functionChannel(async (p) => (await host.handle(p)).response),
      setup: { tid: '10000159', mid: '880210010210160', merchantName: 'TEST MERCHANT 1', params: { language: 'en' } },
    });
    a.attach(terminal);
    a.start();
    expect(screen(a).join('\n')).toContain('Operator no.');
    type(a, '01\r');
    await tick();
    type(a, '0000\r');
    await a.idle();
    expect(a.view).toMatchObject({ kind: 'result', title: 'APPROVED' });
    type(a, '\r8');
    await tick();
    type(a, '1');
    await a.idle();
    expect(screen(a).join('\n')).toContain('Signed on');
    expect(screen(a)[0]).toContain('10000159 OP01 BATCH000001');
    type(a, '\r1');
    await tick();
    await tick();
    expect(screen(a).join('\n')).toContain('Enter amount');
    type(a, '1234\r');
    await tick();
    await tick();
    expect(a.view.kind).toBe('card');
    const press = (k: PosKey) => a.press(k);
    press({ kind: 'digit', digit: '1' });
    await tick();
    await tick();
    expect(a.view.kind).toBe('pin');
    type(a, '123456\r');
    await a.idle();
    const s = screen(a).join('\n');
    expect(a.view).toMatchObject({ kind: 'result', title: 'APPROVED' });
    expect(s).toContain('VOUCHER 000002');
    expect(s).toContain('AMOUNT 12.34');
    expect(s).toContain('CARD 622588******0001');
    // The receipt follows on the result screen: scroll down to it.
    for (let i = 0; i < 8; i++) type(a, '\x1b[B');
    expect(screen(a).join('\n')).toMatch(/MERCHANT COPY|622588\*\*\*\*\*\*0001/);
    expect(saved).toEqual(['000001-purchase-000002-1.txt', '000001-purchase-000002-2.txt']);
    type(a, '\r');
    expect(a.view).toMatchObject({ kind: 'menu', menu: 'main' });
  });
});
