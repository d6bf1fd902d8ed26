/**
 * The kernel outcome: the decision, the TVR/TSI/CVM results, every data object, and the DE 55
 * contents the terminal sends next (authorisation, TC upload / advice, reversal, UnionPay script
 * result notification) built with the scheme's tag list (cardwire/emv `buildDe55`).
 */
import { concatBytes, decodeAscii, isCardwireError, toHex } from '../../core/index';
import { buildDe55, unionpayScriptResultTags, type De55Message, type De55Scheme } from '../de55';
import type { KernelContext, KernelStop } from './context';
import type { OutcomeParameters, De55Set, InterruptedOutcomeBase, KernelOutcome, KernelOutcomeBase } from './interface';
import { panOf } from './oda';

/** DE 55 for a message, or undefined when the scheme is unknown or a mandatory tag is missing. */
export function de55For(scheme: De55Scheme | undefined, data: ReadonlyMap<string, Uint8Array>, message: De55Message): Uint8Array | undefined {
  if (!scheme) return undefined;
  try {
    return buildDe55(data, { scheme, message });
  } catch (e) {
    if (isCardwireError(e) && e.code === 'DE55_MISSING_TAG') return undefined;
    throw e;
  }
}

function text(v: Uint8Array | undefined): string | undefined {
  if (!v || v.length === 0) return undefined;
  try {
    return decodeAscii(v);
  } catch {
    return undefined;
  }
}

/** The fields every outcome carries. */
function base(ctx: KernelContext, extra: { readonly final?: 'TC' | 'AAC' | 'ARQC'; readonly reversal?: boolean; readonly contactless?: OutcomeParameters }): KernelOutcomeBase {
  const data = ctx.allData();
  const scriptResults = ctx.scriptResults.length > 0 ? concatBytes(...ctx.scriptResults) : undefined;
  const scheme = ctx.app?.scheme;
  if (scriptResults) data.set(scheme === 'unionpay' ? 'DF31' : '9F5B', scriptResults);
  const de55: { -readonly [K in keyof De55Set]: De55Set[K] } = {};
  if (ctx.authorisationDe55) de55.authorisation = ctx.authorisationDe55;
  if (extra.final === 'TC') {
    const advice = de55For(scheme, data, 'advice');
    if (advice) de55.advice = advice;
  }
  if (extra.reversal) {
    const reversal = de55For(scheme, data, 'reversal');
    if (reversal) de55.reversal = reversal;
  }
  if (scriptResults && scheme === 'unionpay') {
    try {
      de55.scriptResults = buildDe55(data, { scheme, message: 'advice', tags: unionpayScriptResultTags });
    } catch {
      // A script result notification needs 9F10 and 9F36: without a cryptogram there is none.
    }
  }
  const psn = ctx.icc.get('5F34');
  const expiry = ctx.icc.get('5F24');
  const aid = ctx.icc.get('84') ?? ctx.icc.get('4F');
  const label = text(ctx.icc.get('50'));
  const preferredName = text(ctx.icc.get('9F12'));
  const name = text(ctx.icc.get('5F20'));
  const track2 = ctx.icc.get('57');
  const pan = panOf(ctx);
  return {
    interface: ctx.interface,
    step: ctx.step,
    tvr: ctx.tvr.slice(),
    tsi: ctx.tsi.slice(),
    cvmResults: ctx.cvmResults.slice(),
    data,
    de55,
    ...(scriptResults ? { issuerScriptResults: scriptResults } : {}),
    ...(aid ? { aid: toHex(aid) } : ctx.app ? { aid: ctx.app.aidHex } : {}),
    ...(label !== undefined ? { applicationLabel: label } : {}),
    ...(preferredName !== undefined ? { preferredName } : {}),
    ...(pan ? { pan } : {}),
    ...(psn && psn.length === 1 ? { panSequenceNumber: toHex(psn) } : {}),
    ...(expiry && expiry.length === 3 ? { expiry: toHex(expiry) } : {}),
    ...(track2 ? { track2: track2.slice() } : {}),
    ...(name !== undefined ? { cardholderName: name.trim() } : {}),
    onlinePinEntered: ctx.onlinePinEntered,
    signatureRequired: ctx.signatureRequired,
    reversalRequired: extra.reversal === true,
    ...(ctx.authorisationResponseCode !== undefined ? { authorisationResponseCode: ctx.authorisationResponseCode } : {}),
    ...(extra.contactless ? { contactless: extra.contactless } : {}),
  };
}

/** An outcome with a final cryptogram. */
export function decided(
  ctx: KernelContext,
  kind: 'approved-offline' | 'declined-offline' | 'approved-online' | 'declined-online' | 'card-declined-after-online-approval',
  final: { readonly type: 'TC' | 'AAC' | 'ARQC'; readonly cid: Uint8Array; readonly cryptogram: Uint8Array },
  contactless?: OutcomeParameters,
): KernelOutcome {
  const b = base(ctx, { final: final.type, reversal: kind === 'card-declined-after-online-approval', ...(contactless ? { contactless } : {}) });
  return { kind, ...b, cid: final.cid.slice(), cryptogram: final.cryptogram.slice() };
}

/** An outcome without a decision (removed card, cancellation, termination, fallback, other interface). */
export function interrupted(ctx: KernelContext, stop: KernelStop, contactless?: OutcomeParameters): KernelOutcome {
  const b = base(ctx, { reversal: ctx.reversalRequired, ...(contactless ? { contactless } : {}) });
  const rest: Omit<InterruptedOutcomeBase, keyof KernelOutcomeBase> = { reason: stop.reason, ...(stop.error ? { error: stop.error } : {}) };
  return { kind: stop.kind, ...b, ...rest };
}
