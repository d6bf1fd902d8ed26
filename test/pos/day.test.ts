// The POS day `npm start` runs: every step ends as the day expects, the host ledger (SQLite) and
// the terminal agree batch by batch (the back office's charge aside), nothing sensitive is printed.
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { runPosDay } from '../../src/pos/node/day';

describe('the POS day (npm start)', () => {
  test('runs every step as expected, settles twice, and ends with matching totals', async () => {
    const lines: string[] = [];
    const day = await runPosDay({ out: (l) => lines.push(l) });
    const text = lines.join('\n');
    expect(day.unexpected).toEqual([]);
    expect(day.mismatches).toBe(0);
    expect(day.steps).toBe(19);
    expect(existsSync(day.folder)).toBe(false);
    // What the day shows: sign-on, chip with a TC, tap, QR, reversal, upload, forced settlement.
    for (const s of ['签到成功 Signed on', '· TC ', '→ 0400', '39=98', '60.3 201', '60.3 202', 'settlement-required', '结算成功 对账平 Settled: balanced', 'unbalanced by the back-office 10.00', 'day complete: 19 steps']) {
      expect(text).toContain(s);
    }
    // Masked PANs only; no track, PIN block or key on the screen.
    for (const pan of ['6225880000000001', '6258070000000009', '6225880000000027', '6258070000000017', '6288000000000000011']) expect(text).not.toContain(pan);
    expect(text).not.toMatch(/0123456789ABCDEF/i);
  }, 60_000);

  test('in English', async () => {
    const lines: string[] = [];
    const day = await runPosDay({ out: (l) => lines.push(l), language: 'en', receipts: false });
    expect(day.unexpected).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/[\u4e00-\u9fff]{2}.*Signed on/);
    expect(lines.join('\n')).toContain('Signed on');
  }, 60_000);
});
