/**
 * Terminal risk management (EMV 4.4 Book 3 §10.6): the exception file, the floor limit (§10.6.1),
 * random transaction selection (§10.6.2) and velocity checking from the card's ATC and last online
 * ATC register read with GET DATA (§10.6.3), and the merchant's forced online. Performed when the
 * AIP asks for it (byte 1 bit 4), or always when the AID is configured so.
 */
import { getDataCommand } from '../apdu';
import { decodeTlv, findTlv } from '../tlv';
import type { KernelContext } from './context';
import { panOf } from './oda';

async function counter(ctx: KernelContext, tag: '9F36' | '9F13'): Promise<number | undefined> {
  const r = await ctx.exchange(getDataCommand(tag));
  if (r.sw !== 0x9000) return undefined;
  try {
    const v = findTlv(decodeTlv(r.data), tag)?.value;
    if (!v || v.length !== 2) return undefined;
    ctx.icc.set(tag, v.slice());
    return (v[0]! << 8) | v[1]!;
  } catch {
    return undefined;
  }
}

/** Book 3 §10.6.2: the random number 1-99 against the (interpolated) target percentage. */
export function randomlySelected(ctx: KernelContext): boolean {
  const app = ctx.app;
  const rs = app?.randomSelection;
  if (!app || !rs) return false;
  const amount = ctx.txn.amount;
  if (amount >= app.floorLimit) return false;
  let target = rs.targetPercent;
  if (amount >= rs.threshold) {
    const span = app.floorLimit - rs.threshold;
    const interpolated = span > 0n ? Number(((amount - rs.threshold) * BigInt(rs.maxTargetPercent - rs.targetPercent)) / span) : 0;
    target = rs.targetPercent + interpolated;
  }
  if (target <= 0) return false;
  const n = (ctx.random.bytes(1)[0]! % 99) + 1;
  return n <= target;
}

/** Book 3 §10.6. */
export async function terminalRiskManagement(ctx: KernelContext): Promise<void> {
  ctx.step = 'terminal-risk-management';
  const app = ctx.app;
  if (!app) return;
  if (ctx.txn.input.forceOnline) ctx.setTvr('merchantForcedOnline');
  if ((ctx.aip[0]! & 0x08) === 0 && app.config.terminalRiskManagement !== 'always') return;
  ctx.setTsi('terminalRiskManagementPerformed');
  if (ctx.config.exceptionFile.has(panOf(ctx))) ctx.setTvr('cardOnExceptionFile');
  if (ctx.txn.amount >= app.floorLimit) ctx.setTvr('transactionExceedsFloorLimit');
  // Random selection is for terminals that are offline with online capability (Book 3 §10.6.2).
  if ((ctx.config.terminalType % 10) % 3 === 2 && randomlySelected(ctx)) ctx.setTvr('selectedRandomlyForOnline');
  const lower = ctx.icc.get('9F14');
  const upper = ctx.icc.get('9F23');
  if (lower && upper && lower.length === 1 && upper.length === 1) {
    const atc = await counter(ctx, '9F36');
    const lastOnline = await counter(ctx, '9F13');
    if (atc === undefined || lastOnline === undefined || atc <= lastOnline) {
      // §10.6.3: counters not available: both limits exceeded.
      ctx.setTvr('lowerConsecutiveOfflineLimitExceeded', 'upperConsecutiveOfflineLimitExceeded');
    } else {
      if (atc - lastOnline > lower[0]!) ctx.setTvr('lowerConsecutiveOfflineLimitExceeded');
      if (atc - lastOnline > upper[0]!) ctx.setTvr('upperConsecutiveOfflineLimitExceeded');
    }
    if (lastOnline === 0) ctx.setTvr('newCard');
  }
}
