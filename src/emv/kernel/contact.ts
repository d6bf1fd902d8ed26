/**
 * The contact kernel (EMV 4.4 Book 3 §10, Book 4 §6): application selection, initiate application
 * processing, read application data, offline data authentication, processing restrictions,
 * cardholder verification, terminal risk management, terminal and card action analysis, online
 * processing with issuer authentication, issuer scripts, completion. Each step is a function of the
 * kernel state; this module runs them in order and turns the result into a {@link KernelOutcome}.
 */
import { toHex } from '../../core/index';
import { externalAuthenticateCommand, type ApduTransmit } from '../apdu';
import { parseDol } from '../dol';
import { prepareKernelConfig, type KernelConfig, type PreparedKernelConfig } from './config';
import { defaultActionDeclines, generateAc, setResponseCode, terminalActionAnalysis, type GenerateAcResult } from './action';
import { KernelContext, KernelStop, prepareTransaction, Reselect, type KernelOptions } from './context';
import { cardholderVerification } from './cvm';
import { de55For, decided, interrupted } from './outcome';
import { offlineDataAuthentication, panOf } from './oda';
import { initiateApplicationProcessing, readApplicationData } from './read-data';
import { processingRestrictions } from './restrictions';
import { terminalRiskManagement } from './risk';
import { parseScripts, runScripts } from './scripts';
import { buildCandidateList, finalSelection, storeFci } from './selection';
import type { KernelInterface, KernelOutcome, KernelTransaction, OnlineRequest, OnlineResponse } from './interface';

/** A configuration, or one already prepared by `prepareKernelConfig`. */
export type KernelConfigInput = KernelConfig | PreparedKernelConfig;

/**
 * The prepared form of a configuration input (prepared once and cached per configuration object).
 *
 * @example
 * ```ts
 * preparedConfig(defaultKernelConfig).terminalType; // 22
 * preparedConfig(prepareKernelConfig(defaultKernelConfig)) === prepareKernelConfig(defaultKernelConfig); // true
 * ```
 */
export function preparedConfig(config: KernelConfigInput): PreparedKernelConfig {
  return 'terminalData' in config ? config : prepareKernelConfig(config);
}

/**
 * Run a contact transaction against the card behind `transmit` (one inserted card, one
 * transaction). Never throws for anything the card does: every ending is an outcome. Throws a
 * CardwireError only for an invalid configuration (`KERNEL_CONFIG_INVALID`) or transaction
 * (`KERNEL_TRANSACTION_INVALID`), before any command is sent; an error thrown by a callback
 * propagates.
 *
 * @example
 * ```ts
 * const card = new VirtualCard(virtualCards['up-credit']);
 * const outcome = await runContactTransaction(card.transmit, defaultKernelConfig,
 *   { amount: 10000n, date: '2026-03-15', time: '10:30:00' }, iface);
 * outcome.kind;        // 'approved-online'
 * toHex(outcome.tvr);  // '0000000000' (CDA passed, online PIN not needed under 300.00)
 * ```
 */
export async function runContactTransaction(
  transmit: ApduTransmit,
  config: KernelConfigInput,
  transaction: KernelTransaction,
  iface: KernelInterface,
  options: KernelOptions = {},
): Promise<KernelOutcome> {
  const prepared = preparedConfig(config);
  const txn = prepareTransaction(transaction);
  const ctx = new KernelContext(prepared, txn, transmit, iface, options, 'contact');
  try {
    return await contactFlow(ctx);
  } catch (e) {
    if (e instanceof KernelStop) return interrupted(ctx, e);
    throw e;
  }
}

async function contactFlow(ctx: KernelContext): Promise<KernelOutcome> {
  const candidates = await buildCandidateList(ctx);
  let afl: Uint8Array;
  for (;;) {
    ctx.step = 'application-selection';
    const selected = await finalSelection(ctx, candidates);
    ctx.beginApplication(selected.candidate.app);
    storeFci(ctx, selected.fci);
    try {
      afl = await initiateApplicationProcessing(ctx);
      break;
    } catch (e) {
      if (!(e instanceof Reselect)) throw e;
      // Book 3 §10.1: conditions of use not satisfied: remove the application, select again.
      candidates.splice(candidates.indexOf(selected.candidate), 1);
      await ctx.iface.display('try-again');
    }
  }
  await readApplicationData(ctx, afl);
  await offlineDataAuthentication(ctx);
  processingRestrictions(ctx);
  await cardholderVerification(ctx);
  await terminalRiskManagement(ctx);
  const requested = terminalActionAnalysis(ctx);
  ctx.step = 'card-action-analysis';
  const first = await generateAc(ctx, requested, 'first');
  ctx.setTsi('cardRiskManagementPerformed');
  switch (first.type) {
    case 'AAC':
      setResponseCode(ctx, 'Z1');
      return declineOffline(ctx, first);
    case 'TC':
      // Book 4 §6.3.7: a TC whose CDA signature fails is declined offline.
      if (first.cdaFailed) {
        setResponseCode(ctx, 'Z1');
        return declineOffline(ctx, first);
      }
      setResponseCode(ctx, 'Y1');
      await ctx.iface.display('approved');
      return decided(ctx, 'approved-offline', first);
    case 'ARQC':
      if (first.cdaFailed) {
        // Book 4 §6.3.7: an ARQC whose CDA signature fails is not sent online: complete with an AAC.
        setResponseCode(ctx, 'Z1');
        ctx.step = 'completion';
        const second = await generateAc(ctx, 'AAC', 'second');
        return declineOffline(ctx, second);
      }
      return online(ctx, first);
    default: {
      const never: never = first.type;
      return ctx.terminate(`unknown cryptogram type ${String(never)}`);
    }
  }
}

async function declineOffline(ctx: KernelContext, result: GenerateAcResult): Promise<KernelOutcome> {
  await ctx.iface.display('declined');
  return decided(ctx, 'declined-offline', result);
}

/** The online request the terminal sends to the host. */
export function onlineRequest(ctx: KernelContext, first: GenerateAcResult): OnlineRequest {
  const data = ctx.allData();
  const de55 = de55For(ctx.app?.scheme, data, 'authorisation');
  ctx.authorisationDe55 = de55;
  const psn = ctx.icc.get('5F34');
  const expiry = ctx.icc.get('5F24');
  const track2 = ctx.icc.get('57');
  const name = ctx.icc.get('5F20');
  return {
    interface: ctx.interface,
    scheme: ctx.app?.scheme,
    aid: toHex(ctx.icc.get('84') ?? ctx.app!.aid),
    pan: panOf(ctx),
    ...(psn && psn.length === 1 ? { panSequenceNumber: toHex(psn) } : {}),
    ...(expiry && expiry.length === 3 ? { expiry: toHex(expiry) } : {}),
    ...(track2 ? { track2: track2.slice() } : {}),
    ...(name ? { cardholderName: String.fromCharCode(...name).trim() } : {}),
    amount: ctx.txn.amount,
    amountOther: ctx.txn.amountOther,
    transactionType: ctx.txn.type,
    cryptogram: first.cryptogram.slice(),
    cid: first.cid.slice(),
    de55,
    data,
    onlinePinEntered: ctx.onlinePinEntered,
    signatureRequired: ctx.signatureRequired,
  };
}

/** Check the shape of the host's answer (it comes from outside the kernel). */
export function checkOnlineResponse(r: OnlineResponse): OnlineResponse {
  const bad = (why: string): never => {
    throw new KernelStop('terminated', `online() answered ${why}`, { code: 'KERNEL_INTERFACE_INVALID', path: 'online', message: why });
  };
  if (typeof r !== 'object' || r === null) return bad('no object');
  if (r.kind === 'unable-to-go-online') return r;
  if (r.kind !== 'approved' && r.kind !== 'declined' && r.kind !== 'referral') return bad(`an unknown kind ${String((r as { kind: unknown }).kind)}`);
  if (typeof r.authorisationResponseCode !== 'string' || !/^[\x20-\x7e]{2}$/.test(r.authorisationResponseCode)) return bad('an authorisation response code that is not two characters');
  if (r.issuerAuthenticationData !== undefined && (!(r.issuerAuthenticationData instanceof Uint8Array) || r.issuerAuthenticationData.length < 8 || r.issuerAuthenticationData.length > 16)) {
    return bad('issuer authentication data that is not 8-16 bytes');
  }
  return r;
}

/** Book 3 §10.9-10.11: go online, authenticate the issuer, run scripts, complete. */
async function online(ctx: KernelContext, first: GenerateAcResult): Promise<KernelOutcome> {
  ctx.step = 'online-processing';
  const request = onlineRequest(ctx, first);
  const response = checkOnlineResponse(await ctx.iface.online(request));
  if (response.kind === 'unable-to-go-online') {
    // Book 3 §10.7: the default action codes decide; Book 4 Annex A6 response codes Y3 / Z3.
    const decline = defaultActionDeclines(ctx);
    setResponseCode(ctx, decline ? 'Z3' : 'Y3');
    ctx.step = 'completion';
    const second = await generateAc(ctx, decline ? 'AAC' : 'TC', 'second');
    if (second.type === 'TC' && !second.cdaFailed) {
      await ctx.iface.display('approved');
      return decided(ctx, 'approved-offline', second);
    }
    return declineOffline(ctx, second);
  }
  setResponseCode(ctx, response.authorisationResponseCode);
  const approved = response.kind === 'approved';
  if (approved) ctx.reversalRequired = true;
  const iad = response.issuerAuthenticationData;
  const cdol2 = parseDol(ctx.icc.get('8D')!, { path: '8D' });
  if (iad) {
    ctx.terminal.set('91', iad.slice());
    if (cdol2.some((e) => e.tag === '91')) {
      // The card authenticates the issuer inside the second GENERATE AC (CDOL2 asks for 91).
      ctx.setTsi('issuerAuthenticationPerformed');
    } else if ((ctx.aip[0]! & 0x04) !== 0) {
      // Book 3 §10.9: EXTERNAL AUTHENTICATE, once; anything but 9000 is a failure.
      ctx.setTsi('issuerAuthenticationPerformed');
      const r = await ctx.exchange(externalAuthenticateCommand(iad));
      if (r.sw !== 0x9000) ctx.setTvr('issuerAuthenticationFailed');
    }
  }
  const scripts = parseScripts(response.scripts);
  await runScripts(ctx, scripts, '71');
  ctx.step = 'completion';
  const second = await generateAc(ctx, approved ? 'TC' : 'AAC', 'second');
  await runScripts(ctx, scripts, '72');
  ctx.step = 'completion';
  if (!approved) {
    await ctx.iface.display('declined');
    return decided(ctx, 'declined-online', second);
  }
  if (second.type === 'TC' && !second.cdaFailed) {
    ctx.reversalRequired = false;
    await ctx.iface.display('approved');
    return decided(ctx, 'approved-online', second);
  }
  await ctx.iface.display('declined');
  return decided(ctx, 'card-declined-after-online-approval', second);
}

