// Property: whatever sequence of purchases, voids, refunds, pre-authorisations, declines, lost
// answers, bad answer MACs and broken links the terminal goes through, its settlement balances
// with the host (result 1 for both classes) and every card's balance on the host equals its
// opening balance less what the terminal's batch says it took.
import { fc, test as prop } from '../helpers/prop.js';
import { expect } from 'vitest';
import { CardwireError } from '../../src/core/index';
import { swipeOf } from '../../src/terminal/index';
import { available, CREDIT, DEBIT, ready, rig } from './helpers';

type Op =
  | { op: 'purchase'; card: 0 | 1; cents: number; fate: 'ok' | 'decline' | 'lost' | 'bad-mac' | 'link-down' }
  | { op: 'void' }
  | { op: 'refund'; part: number }
  | { op: 'preauth'; cents: number };

const FATE_CENTS = { ok: 0, decline: 51, lost: 98, 'bad-mac': 97, 'link-down': 0 } as const;

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('purchase' as const), card: fc.constantFrom(0 as const, 1 as const), cents: fc.integer({ min: 1, max: 5000 }), fate: fc.constantFrom('ok', 'ok', 'ok', 'decline', 'lost', 'bad-mac', 'link-down') }) },
  { weight: 1, arbitrary: fc.constant({ op: 'void' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refund' as const), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('preauth' as const), cents: fc.integer({ min: 1, max: 5000 }) }) },
);

prop.prop([fc.array(op, { minLength: 1, maxLength: 12 })], { numRuns: Number(process.env['FC_NUM_RUNS'] ?? 8) })('a random day always reconciles at settlement', async (ops) => {
  let linkDown = false;
  const r = await rig({
    channel: (host) => ({
      async request(p) {
        if (linkDown) {
          linkDown = false;
          throw new CardwireError('TRANSPORT_CONNECT_FAILED', 'link down');
        }
        const reply = await host.handle(p);
        if (!reply.response) throw new CardwireError('TRANSPORT_TIMEOUT', 'no answer');
        return reply.response;
      },
    }),
  });
  await ready(r);
  const cards = [DEBIT, CREDIT] as const;
  for (const o of ops) {
    const approved = r.terminal.transactions().filter((t) => t.status === 'approved' && t.kind === 'purchase' && t.refunded === '0');
    switch (o.op) {
      case 'purchase': {
        // Amounts whose cents trigger the host's rules: .51 decline, .98 no answer, .97 bad MAC.
        const base = BigInt(o.cents) * 100n;
        const amount = o.fate === 'ok' || o.fate === 'link-down' ? base + 10n : base + BigInt(FATE_CENTS[o.fate]);
        if (o.fate === 'link-down') linkDown = true;
        r.reader.present(swipeOf(cards[o.card]));
        r.pinPad.enter('123456');
        await r.terminal.purchase({ amount });
        break;
      }
      case 'void': {
        const t = approved[approved.length - 1];
        if (!t) break;
        r.reader.present(swipeOf(t.pan === DEBIT.pan ? DEBIT : CREDIT));
        await r.terminal.void({ voucher: t.voucher, supervisorPassword: '654321' });
        break;
      }
      case 'refund': {
        const t = approved[0];
        if (!t) break;
        r.reader.present(swipeOf(t.pan === DEBIT.pan ? DEBIT : CREDIT));
        const amount = (BigInt(t.amount) * BigInt(o.part)) / 100n || 1n;
        await r.terminal.refund({ amount, originalRrn: t.rrn, originalDate: t.hostDate, supervisorPassword: '654321' });
        break;
      }
      case 'preauth':
        r.reader.present(swipeOf(CREDIT));
        r.pinPad.enter('123456');
        await r.terminal.preauth({ amount: BigInt(o.cents) * 100n + 10n });
        break;
    }
  }
  // Whatever is still owed goes first.
  await r.terminal.sendPendingReversal();
  expect(r.terminal.state.reversal).toBeUndefined();
  // The host's balances are the openings less the batch's net (pre-authorisation holds included).
  const list = r.terminal.transactions().filter((t) => t.status === 'approved' || t.status === 'completed');
  for (const [card, opening] of [[DEBIT, 1_000_000n], [CREDIT, 5_000_000n]] as const) {
    let net = 0n;
    for (const t of list.filter((x) => x.pan === card.pan)) {
      if (t.kind === 'purchase' || t.kind === 'preauth') net += BigInt(t.amount);
      if (t.kind === 'refund') net -= BigInt(t.amount);
    }
    expect(await available(r.ledger, card.pan)).toBe(opening - net);
  }
  const s = await r.terminal.settle();
  expect(s.outcome).toBe('approved');
  const [settlement] = await r.ledger.settlements();
  expect([settlement!.answered.charAt(30), settlement!.answered.charAt(61)]).toEqual(['1', '1']);
});
