/**
 * Cardholder verification (EMV 4.4 Book 3 §10.5, Book 4 §6.3.4, CVM list Annex C3): the CVM list
 * rules in order, each applied when its condition holds (amounts X/Y in the application currency,
 * cash, cashback, "terminal supports"), with the terminal's support from 9F33; online PIN through
 * the PIN pad; offline plaintext and enciphered PIN with GET DATA (PIN try counter), GET CHALLENGE
 * and VERIFY (Book 2 §7); signature; no CVM; fail CVM. Sets the CVM Results (9F34) and the TVR
 * and TSI bits as the books say.
 */
import { concatBytes, toHex } from '../../core/index';
import { getChallengeCommand, getDataCommand, verifyCommand } from '../apdu';
import { decodeCvmList, type CvmList, type CvmRule } from '../bits/cvm';
import { decodeTlv, findTlv } from '../tlv';
import { KernelStop, type KernelContext } from './context';
import { panOf } from './oda';

type Result = 'successful' | 'failed' | 'unknown';

/** What applying one rule gave. */
type Applied = { readonly done: true; readonly result: Result } | { readonly done: false };

/** Terminal capabilities byte 2 (Book 4 Annex A2). */
const SUPPORT = { plaintextPin: 0x80, onlinePin: 0x40, signature: 0x20, encipheredPin: 0x10, noCvm: 0x08 } as const;

/** True when the terminal supports the CVM (by 9F33 byte 2), undefined when the code is not one it knows. */
function supported(ctx: KernelContext, code: number): boolean | undefined {
  const caps = ctx.config.capabilities[1]!;
  switch (code) {
    case 0x00:
      return true;
    case 0x01:
      return (caps & SUPPORT.plaintextPin) !== 0;
    case 0x02:
      return (caps & SUPPORT.onlinePin) !== 0;
    case 0x03:
      return (caps & SUPPORT.plaintextPin) !== 0 && (caps & SUPPORT.signature) !== 0;
    case 0x04:
      return (caps & SUPPORT.encipheredPin) !== 0;
    case 0x05:
      return (caps & SUPPORT.encipheredPin) !== 0 && (caps & SUPPORT.signature) !== 0;
    case 0x1e:
      return (caps & SUPPORT.signature) !== 0;
    case 0x1f:
      return (caps & SUPPORT.noCvm) !== 0;
    default:
      return undefined;
  }
}

/** Book 3 §10.5 Table 40 (Annex C3): does the rule's condition hold? */
function conditionHolds(ctx: KernelContext, rule: CvmRule, x: number, y: number): boolean {
  const type = ctx.txn.type;
  const unattended = ctx.config.terminalType % 10 >= 4;
  const cash = type === '01';
  const cashback = type === '09';
  const manualCash = cash && !unattended;
  const amountCondition = (limit: number, over: boolean): boolean => {
    const appCurrency = ctx.icc.get('9F42');
    if (!appCurrency || toHex(appCurrency) !== toHex(ctx.config.terminalData.get('5F2A')!)) return false;
    return over ? ctx.txn.amount > BigInt(limit) : ctx.txn.amount < BigInt(limit);
  };
  switch (rule.conditionCode) {
    case 0x00:
      return true;
    case 0x01:
      return unattended && cash;
    case 0x02:
      return !(unattended && cash) && !manualCash && !cashback;
    case 0x03:
      return supported(ctx, rule.methodCode) === true;
    case 0x04:
      return manualCash;
    case 0x05:
      return cashback;
    case 0x06:
      return amountCondition(x, false);
    case 0x07:
      return amountCondition(x, true);
    case 0x08:
      return amountCondition(y, false);
    case 0x09:
      return amountCondition(y, true);
    default:
      // RFU or payment-system conditions the terminal does not understand: skip the rule.
      return false;
  }
}

/** Book 3 §10.5. */
export async function cardholderVerification(ctx: KernelContext): Promise<void> {
  ctx.step = 'cardholder-verification';
  // AIP byte 1 bit 5: cardholder verification is supported.
  if ((ctx.aip[0]! & 0x10) === 0) {
    ctx.cvmResults = Uint8Array.of(0x3f, 0x00, 0x00);
    return;
  }
  const raw = ctx.icc.get('8E');
  let list: CvmList | undefined;
  try {
    list = raw ? decodeCvmList(raw) : undefined;
  } catch {
    list = undefined;
  }
  if (!list || list.rules.length === 0) {
    // §10.5: no (usable) CVM list: ICC data missing, verification not performed.
    ctx.setTvr('iccDataMissing');
    ctx.cvmResults = Uint8Array.of(0x3f, 0x00, 0x00);
    return;
  }
  ctx.setTsi('cardholderVerificationPerformed');
  let last: { rule: CvmRule; result: Result } | undefined;
  for (const rule of list.rules) {
    if (!conditionHolds(ctx, rule, list.amountX, list.amountY)) continue;
    const applied = await applyRule(ctx, rule);
    const byte1 = rule.methodCode | (rule.applySucceedingIfUnsuccessful ? 0x40 : 0);
    if (applied.done && applied.result !== 'failed') {
      ctx.cvmResults = Uint8Array.of(byte1, rule.conditionCode, applied.result === 'successful' ? 0x02 : 0x00);
      return;
    }
    last = { rule, result: 'failed' };
    ctx.cvmResults = Uint8Array.of(byte1, rule.conditionCode, 0x01);
    if (!rule.applySucceedingIfUnsuccessful) break;
  }
  ctx.setTvr('cardholderVerificationNotSuccessful');
  // Book 4 Annex A4: no rule applied at all → 3F 00 01.
  if (!last) ctx.cvmResults = Uint8Array.of(0x3f, 0x00, 0x01);
}

async function applyRule(ctx: KernelContext, rule: CvmRule): Promise<Applied> {
  const code = rule.methodCode;
  const known = supported(ctx, code);
  if (known === undefined) {
    ctx.setTvr('unrecognisedCvm');
    return { done: true, result: 'failed' };
  }
  if (!known) return { done: true, result: 'failed' };
  switch (code) {
    case 0x00:
      return { done: true, result: 'failed' };
    case 0x1f:
      return { done: true, result: 'successful' };
    case 0x1e:
      ctx.signatureRequired = true;
      return { done: true, result: 'unknown' };
    case 0x02:
      return onlinePin(ctx);
    case 0x01:
    case 0x03:
    case 0x04:
    case 0x05: {
      const enciphered = code === 0x04 || code === 0x05;
      const ok = await offlinePin(ctx, enciphered);
      if (!ok) return { done: true, result: 'failed' };
      if (code === 0x03 || code === 0x05) {
        ctx.signatureRequired = true;
        return { done: true, result: 'unknown' };
      }
      return { done: true, result: 'successful' };
    }
    default:
      return { done: true, result: 'failed' };
  }
}

function pinPadWorking(ctx: KernelContext): boolean {
  return ctx.config.config.terminal.pinPad !== false;
}

/** Book 3 §10.5.2: online PIN; entered → CVM result unknown (the issuer verifies). */
async function onlinePin(ctx: KernelContext): Promise<Applied> {
  if (!pinPadWorking(ctx)) {
    ctx.setTvr('pinPadNotPresentOrNotWorking');
    return { done: true, result: 'failed' };
  }
  const answer = await ctx.iface.onlinePin({ pan: panOf(ctx), amount: ctx.txn.amount, currencyCode: toHex(ctx.config.terminalData.get('5F2A')!), aid: ctx.app?.aidHex ?? '' });
  switch (answer) {
    case 'entered':
      ctx.setTvr('onlinePinEntered');
      ctx.onlinePinEntered = true;
      return { done: true, result: 'unknown' };
    case 'bypassed':
      ctx.setTvr('pinNotEntered');
      return { done: true, result: 'failed' };
    case 'pin-pad-not-working':
      ctx.setTvr('pinPadNotPresentOrNotWorking');
      return { done: true, result: 'failed' };
    case 'cancelled':
      throw new KernelStop('cancelled', 'the cardholder cancelled PIN entry');
    default:
      throw new KernelStop('terminated', 'onlinePin gave an unknown answer', { code: 'KERNEL_INTERFACE_INVALID', path: 'onlinePin', message: String(answer) });
  }
}

/** GET DATA 9F17 (Book 3 §10.5.1): the PIN try counter, or undefined when the card does not say. */
async function pinTryCounter(ctx: KernelContext): Promise<number | undefined> {
  const r = await ctx.exchange(getDataCommand('9F17'));
  if (r.sw !== 0x9000) return undefined;
  try {
    const v = findTlv(decodeTlv(r.data), '9F17')?.value;
    return v && v.length === 1 ? v[0]! : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Book 3 §10.5.1 and Book 2 §7: offline PIN with VERIFY, retried while the card says tries remain.
 * True when the card verified the PIN.
 */
async function offlinePin(ctx: KernelContext, enciphered: boolean): Promise<boolean> {
  if (!pinPadWorking(ctx)) {
    ctx.setTvr('pinPadNotPresentOrNotWorking');
    return false;
  }
  let tries = await pinTryCounter(ctx);
  if (tries === 0) {
    ctx.setTvr('pinTryLimitExceeded');
    return false;
  }
  // Book 2 §7.1: the ICC public key (this kernel does not recover a separate PIN encipherment key, 9F2D).
  const key = enciphered ? ctx.iccPublicKey : undefined;
  if (enciphered && !key) return false;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && tries === 1) await ctx.iface.display('last-pin-try');
    let challenge: Uint8Array | undefined;
    if (enciphered) {
      const c = await ctx.exchange(getChallengeCommand());
      if (c.sw !== 0x9000 || c.data.length !== 8) return false;
      challenge = c.data.slice();
    }
    const answer = await ctx.iface.offlinePin({
      enciphered,
      tryCounter: tries,
      attempt,
      pan: panOf(ctx),
      amount: ctx.txn.amount,
      ...(key ? { iccPublicKey: key } : {}),
      ...(challenge ? { challenge } : {}),
    });
    if (answer === 'cancelled') throw new KernelStop('cancelled', 'the cardholder cancelled PIN entry');
    if (answer === 'bypassed') {
      ctx.setTvr('pinNotEntered');
      return false;
    }
    if (answer === 'pin-pad-not-working') {
      ctx.setTvr('pinPadNotPresentOrNotWorking');
      return false;
    }
    let command: Uint8Array;
    if ('encipheredPinData' in answer) command = verifyCommand({ encipheredPinData: answer.encipheredPinData });
    else if (enciphered && key && challenge) command = verifyCommand({ encipheredPinData: encipherPin(ctx, answer.plaintextPinBlock, challenge, key) });
    else command = verifyCommand({ plaintextPinBlock: answer.plaintextPinBlock });
    const r = await ctx.exchange(command);
    if (r.sw === 0x9000) {
      await ctx.iface.display('pin-ok');
      return true;
    }
    if (r.sw1 === 0x63 && (r.sw2 & 0xf0) === 0xc0) {
      tries = r.sw2 & 0x0f;
      if (tries === 0) {
        ctx.setTvr('pinTryLimitExceeded');
        return false;
      }
      await ctx.iface.display('incorrect-pin');
      continue;
    }
    if (r.sw === 0x6983 || r.sw === 0x6984) {
      ctx.setTvr('pinTryLimitExceeded');
      return false;
    }
    return false;
  }
}

/** Book 2 §7.1: 7F ‖ PIN block ‖ ICC unpredictable number ‖ random pad, under the ICC key. */
function encipherPin(ctx: KernelContext, block: Uint8Array, challenge: Uint8Array, key: { modulus: Uint8Array; exponent: Uint8Array }): Uint8Array {
  const pad = ctx.random.bytes(key.modulus.length - 17);
  const data = concatBytes(Uint8Array.of(0x7f), block, challenge, pad);
  return ctx.backend.rsaPublic(key.modulus, key.exponent, data);
}

