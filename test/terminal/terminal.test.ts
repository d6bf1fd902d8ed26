// The terminal engine end to end against the host simulator (in process): every transaction of
// the UnionPay flow, its journal, its reversals, settlement with batch upload.
import { describe, expect, test } from 'vitest';
import { CardwireError } from '../../src/core/index';
import { swipeOf } from '../../src/terminal/index';
import { available, CREDIT, DEBIT, FOREIGN, LOST, ready, rig } from './helpers';

describe('sign-on', () => {
  test('log-on, sign-on with key download: keys imported, batch adopted from 60.2', async () => {
    const r = await rig();
    expect((await r.terminal.signOn()).refusal).toBe('not-logged-on');
    expect((await r.terminal.logon('01', '9999')).outcome).toBe('refused');
    expect((await r.terminal.logon('01', '0000')).outcome).toBe('approved');
    const s = await r.terminal.signOn();
    expect(s.outcome).toBe('approved');
    expect(r.terminal.state.signedOn).toBe(true);
    expect(r.terminal.state.batch).toBe('000001');
    expect(r.terminal.state.keys?.scheme).toBe('003');
    expect((await r.sm.keyInfo('mak')).usage).toBe('M3');
    expect((await r.terminal.echo()).outcome).toBe('approved');
  });
});

describe('purchase by swipe', () => {
  test('approved with PIN: charged once, two receipt copies, journaled with 2 syncs', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const syncs = r.journal.stats.syncs;
    const p = await r.terminal.purchase({ amount: 12345n });
    expect(p.outcome).toBe('approved');
    expect(p.transaction?.authCode).toMatch(/^\d{6}$/);
    expect(p.transaction?.entryMode).toBe('021');
    expect(p.transaction?.cardClass).toBe('domestic');
    expect(r.journal.stats.syncs - syncs).toBe(2);
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 12345n);
    expect(r.printer.outputs.length).toBe(2);
    expect(r.printer.lines.join('\n')).not.toContain(DEBIT.pan);
    expect(r.terminal.state.reversal).toBeUndefined();
  });

  test('declined: wrong PIN 55, lost card 41; nothing charged, no reversal owed', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT), swipeOf(LOST));
    r.pinPad.enter('000000', '123456');
    const wrong = await r.terminal.purchase({ amount: 100n });
    expect([wrong.outcome, wrong.code]).toEqual(['declined', '55']);
    const lost = await r.terminal.purchase({ amount: 100n });
    expect([lost.outcome, lost.code]).toEqual(['declined', '41']);
    expect(r.terminal.state.reversal).toBeUndefined();
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n);
  });

  test('raw stripe bits from the read head decode to the same purchase', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(CREDIT, { bits: true }));
    r.pinPad.enter('123456');
    expect((await r.terminal.purchase({ amount: 500n })).outcome).toBe('approved');
  });

  test('a host that does not answer: reversal (98) written before the send, delivered, the charge undone', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const p = await r.terminal.purchase({ amount: 1298n }); // x.98: the host records it and does not answer
    expect(p.outcome).toBe('failed');
    expect(r.terminal.state.reversal).toBeUndefined();
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n);
    const [rev] = await r.ledger.reversals();
    expect(rev?.reason).toBe('98');
    expect(rev?.originalId).not.toBeNull();
  });

  test('a bad answer MAC: reversal with A0', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    expect((await r.terminal.purchase({ amount: 1297n })).outcome).toBe('failed');
    expect((await r.ledger.reversals())[0]?.reason).toBe('A0');
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n);
  });
});

describe('void, refund, balance, pre-authorisation', () => {
  test('void by voucher with the supervisor password (changed first), card re-read', async () => {
    const r = await rig();
    await r.terminal.logon('01', '0000');
    await r.terminal.signOn();
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const p = await r.terminal.purchase({ amount: 20000n });
    // The supervisor password must be changed before its first use.
    expect((await r.terminal.void({ voucher: p.transaction!.voucher, supervisorPassword: '123456' })).refusal).toBe('supervisor-password-must-change');
    await r.terminal.changeSupervisorPassword('123456', '654321');
    expect((await r.terminal.void({ voucher: p.transaction!.voucher, supervisorPassword: '111111' })).refusal).toBe('supervisor-password-wrong');
    r.reader.present(swipeOf(DEBIT));
    const v = await r.terminal.void({ voucher: p.transaction!.voucher, supervisorPassword: '654321' });
    expect(v.outcome).toBe('approved');
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n);
    expect(r.terminal.transactions().find((t) => t.voucher === p.transaction!.voucher)?.status).toBe('voided');
    expect((await r.terminal.void({ voucher: p.transaction!.voucher, supervisorPassword: '654321' })).refusal).toBe('original-not-voidable');
  });

  test('refund (0220) by original RRN and date, at most the original', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const p = (await r.terminal.purchase({ amount: 30000n })).transaction!;
    r.reader.present(swipeOf(DEBIT));
    const f = await r.terminal.refund({ amount: 10000n, originalRrn: p.rrn, originalDate: p.hostDate, supervisorPassword: '654321' });
    expect(f.outcome).toBe('approved');
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 20000n);
    expect((await r.terminal.refund({ amount: 20001n, originalRrn: p.rrn, originalDate: p.hostDate, supervisorPassword: '654321' })).refusal).toBe('amount-invalid');
  });

  test('balance inquiry shows DE 54', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const b = await r.terminal.balance();
    expect(b.outcome).toBe('approved');
    expect(b.balance).toEqual({ amount: 1_000_000n, currency: '156' });
  });

  test('pre-authorisation, completion (0200 60.1 20) within the tolerance', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(CREDIT));
    r.pinPad.enter('123456');
    const pre = (await r.terminal.preauth({ amount: 100000n })).transaction!;
    expect(pre.status).toBe('approved');
    r.reader.present(swipeOf(CREDIT));
    const c = await r.terminal.transaction('completion', { amount: 110000n, originalAuthCode: pre.authCode, originalDate: pre.hostDate });
    expect(c.outcome).toBe('approved');
    expect(await available(r.ledger, CREDIT.pan)).toBe(5_000_000n - 110000n);
    expect(r.terminal.transactions().find((t) => t.voucher === pre.voucher)?.status).toBe('completed');
  });
});

describe('settlement', () => {
  test('balanced: 0500 answers 1 per class, end of upload 207, a new batch', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT), swipeOf(FOREIGN));
    r.pinPad.enter('123456', 'bypass');
    await r.terminal.purchase({ amount: 10000n });
    const f = await r.terminal.purchase({ amount: 5000n });
    expect(f.transaction?.cardClass).toBe('foreign');
    const s = await r.terminal.settle();
    expect(s.message).toContain('balanced');
    expect(r.terminal.state.batch).toBe('000002');
    expect(r.terminal.transactions().length).toBe(0);
    const [settlement] = await r.ledger.settlements();
    expect(settlement?.answered.charAt(30)).toBe('1');
    expect(settlement?.answered.charAt(61)).toBe('1');
    expect((await r.ledger.terminals()).find((t) => t.tid === '10000159')?.batch).toBe('000002');
  });
});

describe('entry methods', () => {
  test('QR payment code from the scanner (DE 22 032, DE 59 A3): approved without PIN', async () => {
    const r = await rig();
    await ready(r);
    r.scanner.queue('6288000000000000011');
    const q = await r.terminal.purchase({ amount: 880n, methods: ['qr'] });
    expect(q.outcome).toBe('approved');
    expect(q.transaction?.entryMode).toBe('032');
    expect(q.transaction?.pan).toBe(DEBIT.pan);
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 880n);
  });

  test('manual key entry (DE 22 012, DE 2 and 14)', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present({ method: 'manual', pan: CREDIT.pan, expiry: '2812' });
    r.pinPad.enter('123456');
    const m = await r.terminal.purchase({ amount: 700n });
    expect([m.outcome, m.transaction?.entryMode]).toEqual(['approved', '011']);
  });

  test('a chip card swiped is asked for its chip; a chip that fails makes the swipe a fallback (60.5 = 2)', async () => {
    const r = await rig();
    await ready(r);
    const chipCard = { pan: '6225880000000027', expiry: '3012', serviceCode: '220', discretionary: '00000000' };
    const dead = async () => new Uint8Array([0x6f, 0x00]);
    r.reader.present(swipeOf(chipCard), { method: 'insert', transmit: dead }, swipeOf(chipCard));
    r.pinPad.enter('123456');
    const f = await r.terminal.purchase({ amount: 1500n });
    expect(r.reader.asked.map((m) => m.join('+'))).toEqual(['swipe+insert+tap+manual', 'insert+tap', 'swipe']);
    expect([f.outcome, f.transaction?.entry, f.transaction?.entryMode]).toEqual(['approved', 'fallback', '021']);
  });
});

describe('the rest of the pre-authorisation family, transfer', () => {
  test('pre-auth void releases the hold; completion advice (0220 60.1 24); completion void restores the hold', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(CREDIT), swipeOf(CREDIT));
    r.pinPad.enter('123456', '123456');
    const pre = (await r.terminal.preauth({ amount: 40000n })).transaction!;
    const pre2 = (await r.terminal.preauth({ amount: 10000n })).transaction!;
    expect(await available(r.ledger, CREDIT.pan)).toBe(5_000_000n - 50000n);
    r.reader.present(swipeOf(CREDIT));
    const pv = await r.terminal.transaction('preauth-void', { amount: 10000n, originalAuthCode: pre2.authCode, originalDate: pre2.hostDate, supervisorPassword: '654321' });
    expect(pv.outcome).toBe('approved');
    expect(await available(r.ledger, CREDIT.pan)).toBe(5_000_000n - 40000n);
    r.reader.present(swipeOf(CREDIT));
    const adv = await r.terminal.transaction('completion-advice', { amount: 40000n, originalAuthCode: pre.authCode, originalDate: pre.hostDate });
    expect(adv.outcome).toBe('approved');
    r.reader.present(swipeOf(CREDIT));
    const cv = await r.terminal.transaction('completion-void', { voucher: adv.transaction!.voucher, supervisorPassword: '654321' });
    expect(cv.outcome).toBe('approved');
    // The completion is voided and the pre-authorisation holds again.
    expect(await available(r.ledger, CREDIT.pan)).toBe(5_000_000n - 40000n);
    const held = (await r.ledger.accounts()).find((a) => a.pan === CREDIT.pan)!.held;
    expect(held).toBe(40000n);
  });

  test('transfer (0200, DE 3 40xxxx, 60.1 49) moves money to the transferee', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const t = await r.terminal.transaction('transfer', { amount: 25000n, transferTo: CREDIT.pan });
    expect(t.outcome).toBe('approved');
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 25000n);
    expect(await available(r.ledger, CREDIT.pan)).toBe(5_000_000n + 25000n);
  });
});

describe('settlement: unbalanced, forced next day, reprint', () => {
  test('unbalanced (the host has a charge the terminal lost): 201 list and advices uploaded, end 202, new batch', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT));
    r.pinPad.enter('123456', '123456');
    const p1 = (await r.terminal.purchase({ amount: 10000n })).transaction!;
    // A refund, so an advice item goes up one by one too.
    r.reader.present(swipeOf(DEBIT));
    await r.terminal.refund({ amount: 1000n, originalRrn: p1.rrn, originalDate: p1.hostDate, supervisorPassword: '654321' });
    await r.terminal.purchase({ amount: 20000n });
    // The host counts one more debit than the terminal: send a purchase the terminal never journals.
    const ledgerTx = (await r.ledger.list())[0]!;
    await r.ledger.transaction(async (tx) => {
      await tx.insertTransaction({ ...ledgerTx, stan: '000900', rrn: '999999999999', digest: 'x' });
    });
    const s = await r.terminal.settle();
    expect(s.message).toContain('unbalanced');
    const uploads = await r.ledger.uploads();
    // Two purchases in the list (one 201 message, a row per record), the refund one by one, the end.
    expect(uploads.map((u) => u.code)).toEqual(['201', '201', '201', '202']);
    expect(uploads.filter((u) => u.code === '201').every((u) => u.matchedId !== null)).toBe(true);
    expect(r.terminal.state.batch).toBe('000002');
  });

  test('a batch holding yesterday\'s transactions must be settled first (隔日强制结算)', async () => {
    let now = new Date('2026-12-06T10:00:00Z'); // 18:00 in China
    const r = await rig({ clock: { now: () => new Date(now.getTime()) } });
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    await r.terminal.purchase({ amount: 100n });
    now = new Date('2026-12-07T01:00:00Z'); // next morning, 09:00
    expect(r.terminal.settlementRequired()).toBe(true);
    expect((await r.terminal.purchase({ amount: 100n })).refusal).toBe('settlement-required');
    expect(r.terminal.totals().settlement.domestic.debitCount).toBe(1);
    expect((await r.terminal.settle()).outcome).toBe('approved');
    expect(r.terminal.settlementRequired()).toBe(false);
  });

  test('a full batch refuses new transactions until settlement (交易笔数已满), so the n3 counts of DE 48 always fit', async () => {
    const r = await rig({ setup: { params: { maxBatchTransactions: 2 } } });
    await ready(r);
    r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT), swipeOf(DEBIT));
    r.pinPad.enter('123456', '123456', '123456');
    expect((await r.terminal.purchase({ amount: 100n })).outcome).toBe('approved');
    expect((await r.terminal.purchase({ amount: 200n })).outcome).toBe('approved');
    const full = await r.terminal.purchase({ amount: 300n });
    expect(full.outcome).toBe('refused');
    expect(full.refusal).toBe('batch-full');
    expect(full.message).toContain('交易笔数已满');
    expect((await r.terminal.settle()).outcome).toBe('approved');
    expect((await r.terminal.purchase({ amount: 300n })).outcome).toBe('approved');
  });

  test('the batch limit is 1 to 999 (TERMINAL_SETUP_INVALID otherwise)', async () => {
    for (const bad of [0, 1000, 1.5]) {
      await expect(rig({ setup: { params: { maxBatchTransactions: bad } } })).rejects.toMatchObject({ code: 'TERMINAL_SETUP_INVALID', path: 'setup.params.maxBatchTransactions' });
    }
  });

  test('reprint of the last and of any voucher, marked REPRINT', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT));
    r.pinPad.enter('123456', '123456');
    const a = (await r.terminal.purchase({ amount: 100n })).transaction!;
    await r.terminal.purchase({ amount: 200n });
    r.printer.outputs.length = 0;
    expect((await r.terminal.reprint()).transaction?.amount).toBe('200');
    expect((await r.terminal.reprint(a.voucher)).transaction?.amount).toBe('100');
    expect(r.printer.outputs.length).toBe(2);
    expect(r.printer.lines.filter((l) => l.includes('REPRINT')).length).toBe(2);
  });
});

describe('journal and restart', () => {
  test('a restart replays the journal: keys, STAN, batch and transactions come back', async () => {
    const r = await rig();
    await ready(r);
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    await r.terminal.purchase({ amount: 100n });
    const before = r.terminal.state;
    const again = await r.reopen();
    // "printed" marks are deferred to the next append: a power cut may lose them (a reprint is offered).
    expect({ ...again.state, printed: [] }).toEqual({ ...before, printed: [] });
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const p = await again.purchase({ amount: 300n });
    expect(p.outcome).toBe('approved');
    expect(Number(p.transaction!.voucher)).toBe(before.stan + 1);
    await again.compact();
    const third = await r.reopen();
    expect({ ...third.state, printed: [] }).toEqual({ ...again.state, printed: [] });
  });

  test('a reversal owed across a restart is sent before the next purchase', async () => {
    let answer = false;
    const r = await rig({
      channel: (host) => ({
        async request(p) {
          // The link breaks after the purchase is delivered: its answer and the reversals are lost.
          const isReversal = p[11] === 0x04;
          if (answer || !isReversal) {
            const reply = await host.handle(p);
            if (answer) return reply.response!;
          }
          throw new CardwireError('TRANSPORT_TIMEOUT', 'no answer');
        },
      }),
    });
    answer = true;
    await ready(r);
    answer = false;
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    const p = await r.terminal.purchase({ amount: 5000n });
    expect(p.outcome).toBe('failed');
    expect(r.terminal.state.reversal?.reason).toBe('98');
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 5000n);
    answer = true;
    const again = await r.reopen();
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    expect((await again.purchase({ amount: 100n })).outcome).toBe('approved');
    expect(again.state.reversal).toBeUndefined();
    expect(await available(r.ledger, DEBIT.pan)).toBe(1_000_000n - 100n);
  });
});

describe('events', () => {
  test('a purchase emits waiting-for-card, pin-entry, online, wire lines, approved, printing (masked)', async () => {
    const r = await rig();
    await ready(r);
    const events: string[] = [];
    const lines: string[] = [];
    r.terminal.on((e) => {
      events.push(e.type);
      if (e.type === 'wire') lines.push(e.line);
    });
    r.reader.present(swipeOf(DEBIT));
    r.pinPad.enter('123456');
    await r.terminal.purchase({ amount: 100n });
    const seen = [...new Set(events)];
    for (const t of ['waiting-for-card', 'pin-entry', 'online', 'wire', 'approved', 'printing', 'step']) expect(seen).toContain(t);
    expect(lines.join('\n')).not.toContain(DEBIT.pan);
    expect(lines[0]).toMatch(/^→ 0200 {2}STAN \d{6} {2}60\.1 22 {2}amount 000000000100 {2}track2 \*{4} {2}PIN \*{4} {2}MAC$/);
  });
});
