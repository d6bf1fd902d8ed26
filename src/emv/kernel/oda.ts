/**
 * Offline data authentication (EMV 4.4 Book 3 §10.3, Book 2 §5-6): the method both sides support
 * (CDA, then DDA, then SDA; none sets "offline data authentication was not performed"), the CA
 * public key by RID and index (expired keys are not used), issuer and ICC public key recovery with
 * expiry against the transaction date and the PAN check, then SDA's signed static data, DDA's
 * INTERNAL AUTHENTICATE with the DDOL, or (CDA) the keys kept for the GENERATE AC signature.
 *
 * TVR bits, as Book 3 §10.3 and Book 2 §5.1/§6.1 set them: SDA selected; SDA/DDA/CDA failed;
 * ICC data missing when a data object the method needs is absent. TSI "offline data authentication
 * was performed" whenever a method was tried (for CDA: when the GENERATE AC signature is checked,
 * or at once when key recovery fails).
 */
import { concatBytes, toHex } from '../../core/index';
import {
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  verifyCombinedDataAuthentication,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
  type CaPublicKey,
  type CdaResult,
  type RecoveredPublicKey,
} from '../../crypto/index';
import { internalAuthenticateCommand, parseInternalAuthenticateResponse } from '../apdu';
import { buildDolData, parseDol, type DolEntry } from '../dol';
import type { KernelContext } from './context';

/** Terminal capabilities byte 3 (Book 4 Annex A2) and AIP byte 1 (Book 3 Annex C1). */
const TERMINAL = { sda: 0x80, dda: 0x40, cda: 0x08 } as const;
const CARD = { sda: 0x40, dda: 0x20, cda: 0x01 } as const;

/** The PAN digits of tag 5A (F padding removed). */
export function panOf(ctx: KernelContext): string {
  const pan = ctx.icc.get('5A');
  return pan ? toHex(pan).replace(/F+$/, '') : '';
}

/** The CA public key for the selected AID's RID and the card's index (8F), unless unknown or expired. */
function caKey(ctx: KernelContext): CaPublicKey | undefined {
  const index = ctx.icc.get('8F');
  const rid = ctx.app ? toHex(ctx.app.aid.subarray(0, 5)) : '';
  if (!index || index.length !== 1 || !ctx.config.caPublicKeys.has(rid, index[0]!)) return undefined;
  const expiry = ctx.config.caKeyExpiry.get(`${rid}:${index[0]!}`);
  if (expiry !== undefined && ctx.txn.date.getTime() > expiry) return undefined;
  return ctx.config.caPublicKeys.get(rid, index[0]!);
}

/** The static data to authenticate: ODA records, then the SDA tag list values (only 82 allowed). */
function staticData(ctx: KernelContext): Uint8Array | undefined {
  if (ctx.odaRecordInvalid) return undefined;
  const tagList = ctx.icc.get('9F4A');
  if (tagList && (tagList.length !== 1 || tagList[0] !== 0x82)) return undefined;
  return concatBytes(...ctx.staticData, ...(tagList ? [ctx.aip] : []));
}

/** Issuer public key from 90/92/9F32 (Book 2 §5.3), or undefined on any failure. */
function issuerKey(ctx: KernelContext, ca: CaPublicKey): RecoveredPublicKey | undefined {
  try {
    const remainder = ctx.icc.get('92');
    return recoverIssuerPublicKey(
      { caKey: ca, certificate: ctx.icc.get('90')!, exponent: ctx.icc.get('9F32')!, ...(remainder ? { remainder } : {}), pan: panOf(ctx), transactionDate: ctx.txn.date },
      { backend: ctx.backend },
    ).publicKey;
  } catch {
    return undefined;
  }
}

/** ICC public key from 9F46/9F48/9F47 (Book 2 §6.4), or undefined on any failure. */
function iccKey(ctx: KernelContext, issuer: RecoveredPublicKey, data: Uint8Array): RecoveredPublicKey | undefined {
  try {
    const remainder = ctx.icc.get('9F48');
    return recoverIccPublicKey(
      { issuerKey: issuer, certificate: ctx.icc.get('9F46')!, exponent: ctx.icc.get('9F47')!, ...(remainder ? { remainder } : {}), staticDataToAuthenticate: data, pan: panOf(ctx), transactionDate: ctx.txn.date },
      { backend: ctx.backend },
    ).publicKey;
  } catch {
    return undefined;
  }
}

/** Book 3 §10.3: choose and perform the method. */
export async function offlineDataAuthentication(ctx: KernelContext): Promise<void> {
  ctx.step = 'offline-data-authentication';
  const t = ctx.config.capabilities[2]!;
  const a = ctx.aip[0]!;
  if (t & TERMINAL.cda && a & CARD.cda) {
    ctx.odaMethod = 'cda';
    if (!recoverForDynamic(ctx, 'cdaFailed')) ctx.setTsi('offlineDataAuthenticationPerformed');
  } else if (t & TERMINAL.dda && a & CARD.dda) {
    ctx.odaMethod = 'dda';
    ctx.setTsi('offlineDataAuthenticationPerformed');
    if (recoverForDynamic(ctx, 'ddaFailed')) await dynamicDataAuthentication(ctx);
  } else if (t & TERMINAL.sda && a & CARD.sda) {
    ctx.odaMethod = 'sda';
    ctx.setTsi('offlineDataAuthenticationPerformed');
    ctx.setTvr('sdaSelected');
    staticDataAuthentication(ctx);
  } else {
    ctx.odaMethod = 'none';
    ctx.setTvr('offlineDataAuthenticationNotPerformed');
  }
}

/** Book 2 §5: SDA. */
function staticDataAuthentication(ctx: KernelContext): void {
  if (!['8F', '90', '9F32', '93'].every((tag) => ctx.icc.has(tag))) {
    ctx.setTvr('iccDataMissing', 'sdaFailed');
    return;
  }
  const data = staticData(ctx);
  const ca = caKey(ctx);
  const issuer = data && ca ? issuerKey(ctx, ca) : undefined;
  if (!data || !issuer) {
    ctx.setTvr('sdaFailed');
    return;
  }
  try {
    const r = verifySignedStaticApplicationData(issuer, ctx.icc.get('93')!, data, { backend: ctx.backend });
    ctx.icc.set('9F45', r.dataAuthenticationCode);
  } catch {
    ctx.setTvr('sdaFailed');
  }
}

/** Book 2 §6.1-6.4: the keys DDA and CDA need; false (with the TVR bits set) on failure. */
function recoverForDynamic(ctx: KernelContext, failed: 'ddaFailed' | 'cdaFailed'): boolean {
  if (!['8F', '90', '9F32', '9F46', '9F47'].every((tag) => ctx.icc.has(tag))) {
    ctx.setTvr('iccDataMissing', failed);
    return false;
  }
  const data = staticData(ctx);
  const ca = caKey(ctx);
  const issuer = data && ca ? issuerKey(ctx, ca) : undefined;
  const icc = data && issuer ? iccKey(ctx, issuer, data) : undefined;
  if (!icc) {
    ctx.setTvr(failed);
    return false;
  }
  ctx.iccPublicKey = icc;
  return true;
}

/** Book 2 §6.5: INTERNAL AUTHENTICATE with the DDOL data, then the signature. */
async function dynamicDataAuthentication(ctx: KernelContext): Promise<void> {
  let ddol: readonly DolEntry[] | undefined;
  const cardDdol = ctx.icc.get('9F49');
  try {
    ddol = cardDdol ? parseDol(cardDdol, { path: '9F49' }) : ctx.app?.defaultDdol;
  } catch {
    ddol = undefined;
  }
  // Book 2 §6.5.1: no DDOL, or one without the unpredictable number: DDA has failed.
  if (!ddol || !ddol.some((e) => e.tag === '9F37')) {
    ctx.setTvr('ddaFailed');
    return;
  }
  const ddolData = buildDolData(ddol, ctx.source, { path: '9F49' });
  const r = await ctx.exchange(internalAuthenticateCommand(ddolData));
  // Book 3 §6.5.9.4: an INTERNAL AUTHENTICATE that fails, or a malformed answer, terminates.
  if (r.sw !== 0x9000) ctx.terminate(`INTERNAL AUTHENTICATE answered ${r.sw.toString(16).toUpperCase()}`);
  let sdad: Uint8Array;
  try {
    sdad = parseInternalAuthenticateResponse(r.data).sdad;
  } catch (e) {
    return ctx.terminate('the INTERNAL AUTHENTICATE response is malformed', e);
  }
  try {
    const v = verifySignedDynamicApplicationData(ctx.iccPublicKey!, sdad, ddolData, { backend: ctx.backend });
    ctx.icc.set('9F4B', sdad.slice());
    ctx.icc.set('9F4C', v.iccDynamicNumber);
  } catch {
    ctx.setTvr('ddaFailed');
  }
}

/**
 * Book 2 §6.6.2: check the CDA signature of a GENERATE AC response. Returns the recovered data, or
 * undefined (with CDA failed set) when it does not verify. Sets TSI "ODA performed".
 */
export function verifyCda(ctx: KernelContext, input: { readonly sdad: Uint8Array; readonly cdolData: Uint8Array; readonly responseData: Uint8Array; readonly cid: number }): CdaResult | undefined {
  ctx.setTsi('offlineDataAuthenticationPerformed');
  const key = ctx.iccPublicKey;
  if (!key) {
    ctx.setTvr('cdaFailed');
    return undefined;
  }
  try {
    return verifyCombinedDataAuthentication(
      { iccKey: key, signedDynamicApplicationData: input.sdad, unpredictableNumber: ctx.value('9F37')!, pdolData: ctx.pdolData, cdolData: input.cdolData, responseData: input.responseData, cryptogramInformationData: input.cid },
      { backend: ctx.backend },
    );
  } catch {
    ctx.setTvr('cdaFailed');
    return undefined;
  }
}
