/**
 * What each financial transaction does to the ledger once the card, PIN and chip checks passed:
 * the funds check, the original it refers to, and the writes that make it so. A flow returns an
 * {@link Effect}; the host runs `apply` only when it answers with an approval, in the same ledger
 * transaction that records the answer. {@link undo} is what an accepted reversal does.
 */
import type { LedgerAccount, LedgerTransaction, LedgerTx, TransactionKind } from '../ledger/ledger';
import type { HostRequest } from '../request';

/** The outcome of a transaction's own rules. */
export interface Effect {
  readonly code: string;
  /** Ledger writes of an approval (account first, then originals). */
  readonly apply?: (tx: LedgerTx) => Promise<void>;
  readonly originalId?: number;
  /** A pre-authorisation's hold. */
  readonly hold?: bigint;
}

/** The kinds that take money from the cardholder (settlement debits). */
export const DEBIT_KINDS: readonly TransactionKind[] = ['purchase', 'completion', 'completion-advice', 'offline-purchase'];

const approve = (apply: (tx: LedgerTx) => Promise<void>, extra: Omit<Effect, 'code' | 'apply'> = {}): Effect => ({ code: '00', apply, ...extra });
const decline = (code: string): Effect => ({ code });

function withAvailable(a: LedgerAccount, delta: bigint, heldDelta = 0n): LedgerAccount {
  return { ...a, available: a.available + delta, held: a.held + heldDelta };
}

/** Inputs every effect needs. */
export interface EffectInput {
  readonly tx: LedgerTx;
  readonly req: HostRequest;
  readonly pan: string;
  readonly amount: bigint;
  /** The account after the PIN check (its wrong-PIN count already updated). */
  readonly account: LedgerAccount;
  readonly completionTolerancePercent: number;
}

/**
 * The rules of `req.kind`.
 *
 * @example
 * ```ts
 * const e = await effectOf({ tx, req, pan, amount: 10000n, account, completionTolerancePercent: 15 });
 * e.code; // '00', or '51' when the account cannot pay
 * ```
 */
export async function effectOf(input: EffectInput): Promise<Effect> {
  const { tx, req, pan, amount, account } = input;
  const o = req.original;
  switch (req.kind) {
    case 'purchase':
    case 'transfer': {
      if (account.available < amount) return decline('51');
      return approve(async (t) => {
        await t.saveAccount(withAvailable(account, -amount));
        if (req.kind === 'transfer') await creditTransferee(t, req, amount);
      });
    }
    case 'offline-purchase':
      // The card approved it offline (TC): the charge stands even beyond the balance.
      return approve((t) => t.saveAccount(withAvailable(account, -amount)));
    case 'balance':
      return approve((t) => t.saveAccount(account));
    case 'preauth':
      if (account.available < amount) return decline('51');
      return approve((t) => t.saveAccount(withAvailable(account, -amount, amount)), { hold: amount });
    case 'preauth-void': {
      const pre = await tx.findTransaction({ authCode: o.authCode ?? '', pan, kinds: ['preauth'], responseCode: '00', ...(o.date ? { localDate: o.date } : {}) });
      if (!pre) return decline('25');
      if (pre.status !== 'approved') return decline('12');
      if (pre.amount !== amount) return decline('64');
      return approve(
        async (t) => {
          await t.saveAccount(withAvailable(account, pre.hold, -pre.hold));
          await t.updateTransaction(pre.id, { status: 'voided', hold: 0n });
        },
        { originalId: pre.id },
      );
    }
    case 'completion':
    case 'completion-advice': {
      const pre = await tx.findTransaction({ authCode: o.authCode ?? '', pan, kinds: ['preauth'], responseCode: '00', ...(o.date ? { localDate: o.date } : {}) });
      if (!pre) return decline('25');
      if (pre.status !== 'approved') return decline('12');
      const limit = (pre.amount * BigInt(100 + input.completionTolerancePercent)) / 100n;
      if (amount > limit) return decline('61');
      const after = withAvailable(account, pre.hold - amount, -pre.hold);
      if (after.available < 0n && req.kind === 'completion') return decline('51');
      return approve(
        async (t) => {
          await t.saveAccount(after);
          await t.updateTransaction(pre.id, { status: 'completed', hold: 0n });
        },
        { originalId: pre.id },
      );
    }
    case 'void':
    case 'completion-void': {
      const kinds: TransactionKind[] = req.kind === 'void' ? ['purchase', 'transfer'] : ['completion', 'completion-advice'];
      const orig = await tx.findTransaction({ tid: req.tid, batch: o.batch ?? '', stan: o.stan ?? '', kinds, responseCode: '00' });
      if (!orig) return decline('25');
      if (orig.status === 'voided' || orig.refunded > 0n) return decline('12');
      if (orig.status !== 'approved') return decline('25');
      if (orig.batch !== req.batch) return decline('12');
      if ((o.rrn !== undefined && o.rrn !== orig.rrn) || (o.authCode !== undefined && o.authCode.trim() !== '' && o.authCode !== orig.authCode)) return decline('25');
      if (orig.pan !== pan) return decline('14');
      if (orig.amount !== amount) return decline('64');
      return approve(
        async (t) => {
          await t.saveAccount(withAvailable(account, orig.amount));
          await t.updateTransaction(orig.id, { status: 'voided' });
          if (req.kind === 'completion-void') await rehold(t, orig, pan);
        },
        { originalId: orig.id },
      );
    }
    case 'refund': {
      const orig = await tx.findTransaction({ rrn: o.rrn ?? '', pan, kinds: DEBIT_KINDS, responseCode: '00', ...(o.date ? { localDate: o.date } : {}) });
      if (!orig) return decline('25');
      if (orig.status !== 'approved') return decline('12');
      if (amount > orig.amount - orig.refunded) return decline('61');
      return approve(
        async (t) => {
          await t.saveAccount(withAvailable(account, amount));
          await t.updateTransaction(orig.id, { refunded: orig.refunded + amount });
        },
        { originalId: orig.id },
      );
    }
    default:
      return decline('40');
  }
}

/** A completion undone (voided or reversed): its pre-authorisation holds again. */
async function rehold(t: LedgerTx, completion: LedgerTransaction, pan: string): Promise<void> {
  if (completion.originalId === null) return;
  const pre = await t.transactionById(completion.originalId);
  if (!pre) return;
  const a = await t.account(pan);
  if (!a) return;
  await t.saveAccount(withAvailable(a, -pre.amount, pre.amount));
  await t.updateTransaction(pre.id, { status: 'approved', hold: pre.amount });
}

/** The transferee's PAN of a UnionPay transfer (DE 48), when the host holds that account. */
async function creditTransferee(t: LedgerTx, req: HostRequest, amount: bigint): Promise<void> {
  const to = req.additionalData;
  if (to === undefined) return;
  const a = await t.account(to);
  if (a) await t.saveAccount(withAvailable(a, amount));
}

/**
 * What an accepted reversal does to an approved transaction: the opposite of its effect.
 *
 * @example
 * ```ts
 * await undo(tx, purchase); // the purchase's amount is back on the account
 * ```
 */
export async function undo(t: LedgerTx, orig: LedgerTransaction, transferee?: string): Promise<void> {
  const a = await t.account(orig.pan);
  if (!a) return;
  switch (orig.kind) {
    case 'purchase':
    case 'offline-purchase':
      await t.saveAccount(withAvailable(a, orig.amount));
      break;
    case 'transfer':
      await t.saveAccount(withAvailable(a, orig.amount));
      if (transferee !== undefined) {
        const b = await t.account(transferee);
        if (b) await t.saveAccount(withAvailable(b, -orig.amount));
      }
      break;
    case 'balance':
      break;
    case 'preauth':
      await t.saveAccount(withAvailable(a, orig.hold, -orig.hold));
      await t.updateTransaction(orig.id, { hold: 0n });
      break;
    case 'preauth-void': {
      const pre = orig.originalId === null ? undefined : await t.transactionById(orig.originalId);
      if (pre) {
        await t.saveAccount(withAvailable(a, -pre.amount, pre.amount));
        await t.updateTransaction(pre.id, { status: 'approved', hold: pre.amount });
      }
      break;
    }
    case 'completion':
    case 'completion-advice':
      await t.saveAccount(withAvailable(a, orig.amount));
      await rehold(t, orig, orig.pan);
      break;
    case 'void':
    case 'completion-void': {
      const target = orig.originalId === null ? undefined : await t.transactionById(orig.originalId);
      if (target) {
        await t.saveAccount(withAvailable(a, -target.amount));
        await t.updateTransaction(target.id, { status: 'approved' });
        if (orig.kind === 'completion-void' && target.originalId !== null) {
          const pre = await t.transactionById(target.originalId);
          const a2 = await t.account(orig.pan);
          if (pre && a2) {
            await t.saveAccount(withAvailable(a2, pre.hold, -pre.hold));
            await t.updateTransaction(pre.id, { status: 'completed', hold: 0n });
          }
        }
      }
      break;
    }
    case 'refund': {
      await t.saveAccount(withAvailable(a, -orig.amount));
      const target = orig.originalId === null ? undefined : await t.transactionById(orig.originalId);
      if (target) await t.updateTransaction(target.id, { refunded: target.refunded - orig.amount });
      break;
    }
    default: {
      const never: never = orig.kind;
      void never;
    }
  }
  await t.updateTransaction(orig.id, { status: 'reversed' });
}
