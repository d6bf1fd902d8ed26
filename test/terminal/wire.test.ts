// The terminal's requests checked field by field and byte by byte against the UnionPay dialect
// rules (docs/terminal.md, message flows), by a scripted host that decodes nothing with the
// engine's own code: MTI, DE 3, 22, 25, 53, 60.x and 61 per transaction, and the reversal's copy.
import { describe, expect, test } from 'vitest';
import { toHex } from '../../src/core/index';
import { dialect } from '../../src/iso8583/index';
import { swipeOf } from '../../src/terminal/index';
import { CREDIT, DEBIT, ready, rig } from './helpers';

const codec = dialect('cup').codec;

/** Run `work` and return every request the terminal sent, decoded with the dialect alone. */
async function capture(work: (r: Awaited<ReturnType<typeof rig>>) => Promise<unknown>) {
  const r = await rig();
  await ready(r);
  r.sent.length = 0;
  await work(r);
  return { r, sent: r.sent.map((p) => ({ bytes: p, m: codec.unpack(p) })) };
}

function f60(m: ReturnType<typeof codec.unpack>): string {
  const v = m.get(60) as Record<string, string>;
  return Object.values(v).join('');
}

describe('UnionPay request fields, per transaction', () => {
  test('purchase by swipe with PIN: 0200, 3 000000, 22 021 (left-aligned BCD 02 10), 25 00, 26 12, 53 1600…, 60 22+batch+000+6+0, no DE 2', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      await r.terminal.purchase({ amount: 100n });
    });
    const [{ m, bytes }] = sent as [{ m: ReturnType<typeof codec.unpack>; bytes: Uint8Array }];
    expect(m.mti).toBe('0200');
    expect(m.fieldNumbers()).toEqual([3, 4, 11, 22, 25, 26, 35, 41, 42, 49, 52, 53, 60, 63, 64]);
    expect(m.get(3)).toBe('000000');
    expect(m.get(4)).toBe('000000000100');
    expect(m.get(22)).toBe('021');
    expect(m.get(25)).toBe('00');
    expect(m.get(26)).toBe('12');
    expect(m.get(35)).toBe('6225880000000001D281212030900000');
    expect(m.get(53)).toBe('1600000000000000');
    expect(f60(m)).toBe('2200000100060');
    expect(m.get('63.1')).toBe('01 ');
    // DE 22 on the wire: n3 left-aligned BCD = 02 10 (after 11 bytes of TPDU + header, MTI, bitmap, 3, 4, 11).
    const at22 = 5 + 6 + 2 + 8 + 3 + 6 + 3;
    expect(toHex(bytes.subarray(at22, at22 + 2))).toBe('0210');
  });

  test('void: 0200, 3 200000, 25 00, 37/38 of the original, 60.1 23, 61 = batch + trace, no date', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT));
      r.pinPad.enter('123456');
      const p = (await r.terminal.purchase({ amount: 500n })).transaction!;
      await r.terminal.void({ voucher: p.voucher, supervisorPassword: '654321' });
    });
    const [purchase, v] = sent.map((x) => x.m);
    expect(v!.mti).toBe('0200');
    expect(v!.get(3)).toBe('200000');
    expect(v!.get(4)).toBe('000000000500');
    expect(v!.get(25)).toBe('00');
    expect(v!.get(37)).toBeDefined();
    expect(v!.get(38)).toBeDefined();
    expect(v!.has(52)).toBe(false);
    expect(f60(v!).slice(0, 2)).toBe('23');
    expect(Object.values(v!.get(61) as Record<string, string>).join('')).toBe(`000001${purchase!.get(11)}`);
  });

  test('refund: 0220, 3 200000, 60.1 25, 37 = the original RRN, 61.3 = its date', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT));
      r.pinPad.enter('123456');
      const p = (await r.terminal.purchase({ amount: 500n })).transaction!;
      await r.terminal.refund({ amount: 200n, originalRrn: p.rrn, originalDate: p.hostDate, supervisorPassword: '654321' });
    });
    const f = sent[1]!.m;
    expect([f.mti, f.get(3), f60(f).slice(0, 2)]).toEqual(['0220', '200000', '25']);
    expect((f.get(61) as Record<string, string>)['3']).toBe('1207');
  });

  test('pre-authorisation 0100 03xxxx 25 06 60.1 10; completion 0200 25 06 60.1 20 with 38 and 61.3', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(CREDIT), swipeOf(CREDIT));
      r.pinPad.enter('123456');
      const pre = (await r.terminal.preauth({ amount: 1000n })).transaction!;
      await r.terminal.transaction('completion', { amount: 1000n, originalAuthCode: pre.authCode, originalDate: pre.hostDate });
    });
    const [pre, c] = sent.map((x) => x.m);
    expect([pre!.mti, pre!.get(3), pre!.get(25), f60(pre!).slice(0, 2)]).toEqual(['0100', '030000', '06', '10']);
    expect([c!.mti, c!.get(3), c!.get(25), f60(c!).slice(0, 2)]).toEqual(['0200', '000000', '06', '20']);
    expect(c!.get(38)).toBe(pre!.get(38) ?? c!.get(38));
    expect((c!.get(61) as Record<string, string>)['3']).toBe('1207');
  });

  test('balance: 0200 310000, 60.1 01, no DE 4', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      await r.terminal.balance();
    });
    const b = sent[0]!.m;
    expect([b.mti, b.get(3), f60(b).slice(0, 2), b.has(4)]).toEqual(['0200', '310000', '01', false]);
  });

  test('the reversal is a copy of the purchase without 35, 36, 52, 26, 53, with 39 = 98, same STAN, MTI 0400', async () => {
    const { sent } = await capture(async (r) => {
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      await r.terminal.purchase({ amount: 1298n }); // x.98: no answer
    });
    const [p, rev] = sent.map((x) => x.m);
    expect(rev!.mti).toBe('0400');
    expect(rev!.get(39)).toBe('98');
    expect(rev!.get(11)).toBe(p!.get(11));
    expect(rev!.fieldNumbers()).toEqual(p!.fieldNumbers().filter((n) => ![35, 36, 52, 26, 53].includes(n)).concat(39).sort((a, b) => a - b));
    for (const n of rev!.fieldNumbers()) if (n !== 39 && n !== 64) expect(rev!.get(n)).toEqual(p!.get(n));
  });

  test('sign-on 0800: 11, 41, 42, 60 = 00 + batch + 003, 63 = operator; settlement 0500: 48 (62 digits), 49, 60.3 201', async () => {
    const { sent } = await capture(async (r) => {
      await r.terminal.signOn();
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      await r.terminal.purchase({ amount: 100n });
      await r.terminal.settle();
    });
    const signOn = sent[0]!.m;
    expect(signOn.mti).toBe('0800');
    expect(signOn.fieldNumbers()).toEqual([11, 41, 42, 60, 63]);
    expect(f60(signOn)).toBe('00000001003');
    const s = sent.find((x) => x.m.mti === '0500')!.m;
    expect(s.get(48)).toBe('000000000100001000000000000000' + '0' + '0'.repeat(31));
    expect(f60(s)).toBe('00000001201');
    const end = sent[sent.length - 1]!.m;
    expect([end.mti, f60(end), end.get(48)]).toEqual(['0320', '00000001207', '0000']);
  });
});
