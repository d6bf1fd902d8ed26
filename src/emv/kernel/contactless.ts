/**
 * Contactless: the entry point of EMV Contactless Books A and B and an EMV-mode kernel in the style
 * of qVSDC (EMV Book C-3, Visa) and qPBOC (JR/T 0025.12, UnionPay QuickPass).
 *
 * From the public books: pre-processing per AID (Book B §3.1.1: transaction limit, floor limit,
 * CVM limit, zero amount; TTQ byte 2 bits 8-7), combination selection from the PPSE (§3.3: ADF
 * name matching the AID, kernel identifier 9F2A with the RID defaults of Table 3-6, priority),
 * outcomes and their parameters (Book A §6.2), the GPO-time cryptogram with the TTQ in the PDOL,
 * fDDA (Book C-3 Annex C: terminal data 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69), "try another interface" on
 * 6984/6985/6986 and the CTQ choices (online PIN, signature, go online or switch interface when
 * ODA fails).
 *
 * Simplified (documented in docs/emv-kernel.md): one kernel for kernel ids 3 and 7; no mag-stripe
 * mode, no pre-PPSE list of AIDs, no restart (issuer update processing), no torn-transaction log,
 * no "see phone" / consumer device CVM; the reader keeps a TVR with the bits this kernel sets
 * (fDDA failed, expired application, CVM results), and CVM Results 9F34 are 420300 (online PIN),
 * 1E0300 (signature) or 1F0302 (no CVM).
 */
import { concatBytes, encodeAscii, hex, toHex } from '../../core/index';
import { recoverIccPublicKey, recoverIssuerPublicKey, verifySignedDynamicApplicationData, type CaPublicKey } from '../../crypto/index';
import { getProcessingOptionsCommand, parseGpoResponse, selectCommand, type ApduTransmit } from '../apdu';
import { decodeCid } from '../bits/card';
import { Ctq, Ttq } from '../bits/contactless';
import { buildDolData, parseDol } from '../dol';
import { findTlv } from '../tlv';
import type { PreparedApplication } from './config';
import { checkOnlineResponse, onlineRequest, preparedConfig, type KernelConfigInput } from './contact';
import { KernelContext, KernelStop, prepareTransaction, type KernelOptions } from './context';
import type { KernelInterface, KernelOutcome, KernelTransaction, OutcomeParameters } from './interface';
import { decided, interrupted } from './outcome';
import { panOf } from './oda';
import { readApplicationData } from './read-data';
import { fullDate } from './restrictions';
import { candidateFromEntry, parseFci, sortCandidates, storeFci, type Candidate } from './selection';
import { setResponseCode } from './action';

const PPSE = encodeAscii('2PAY.SYS.DDF01');

/** Book B Table 3-6: the kernel of an ADF name without 9F2A, by RID. */
const DEFAULT_KERNEL: Readonly<Record<string, number>> = {
  A000000004: 2,
  A000000003: 3,
  A000000025: 4,
  A000000065: 5,
  A000000152: 6,
  A000000333: 7,
};

/** What pre-processing found for one AID (Book B §3.1.1). */
interface Preprocessed {
  readonly app: PreparedApplication;
  readonly ttq: Uint8Array;
  readonly cvmRequired: boolean;
}

/** Book B §3.1.1: the AIDs allowed for this amount, each with its TTQ. */
function preprocess(ctx: KernelContext): Preprocessed[] {
  const amount = ctx.txn.amount;
  const out: Preprocessed[] = [];
  for (const app of ctx.config.applications) {
    const cl = app.contactless;
    if (!cl) continue;
    if (cl.transactionLimit !== undefined && amount >= cl.transactionLimit) continue;
    if (amount === 0n && cl.zeroAmount === 'not-allowed') continue;
    const ttq = cl.ttq.slice();
    // TTQ byte 2 bits 8-7 are set per transaction (Book C-3 Annex A).
    Ttq.clear(ttq, 'onlineCryptogramRequired', 'cvmRequired');
    if (amount > cl.floorLimit || amount === 0n) Ttq.set(ttq, 'onlineCryptogramRequired');
    const cvmRequired = cl.cvmLimit !== undefined && amount >= cl.cvmLimit;
    if (cvmRequired) Ttq.set(ttq, 'cvmRequired');
    out.push({ app, ttq, cvmRequired });
  }
  return out;
}

/** Book B §3.3: the candidates from the PPSE directory. */
async function combinations(ctx: KernelContext, allowed: readonly Preprocessed[]): Promise<Candidate[]> {
  const r = await ctx.exchange(selectCommand(PPSE));
  if (r.sw !== 0x9000) return [];
  const fci = parseFci(r.data);
  const directory = fci ? findTlv(fci.children ?? [], 'A5/BF0C') : undefined;
  const out: Candidate[] = [];
  for (const entry of directory?.children ?? []) {
    if (entry.tag !== '61') continue;
    const c = candidateFromEntry(entry, allowed.map((a) => a.app), out.length);
    if (!c) continue;
    const kernel = c.kernelId ?? DEFAULT_KERNEL[c.aid.slice(0, 10)];
    if (kernel !== c.app.contactless!.kernelId) continue;
    out.push(c);
  }
  return out;
}

function alternate(reason: string): never {
  throw new KernelStop('try-another-interface', reason);
}

function parameters(ctx: KernelContext, outcome: OutcomeParameters['outcome'], cvm: OutcomeParameters['cvm']): OutcomeParameters {
  return {
    outcome,
    cvm,
    receipt: cvm === 'signature',
    ...(outcome === 'try-another-interface' && ctx.config.config.terminal.contactChip !== false ? { alternateInterface: 'contact' as const } : {}),
  };
}

/**
 * Run a contactless transaction against the tapped card behind `transmit`. Like
 * {@link runContactTransaction}, every ending is an outcome; outcomes carry the Book A outcome
 * parameters in `contactless`.
 *
 * @example
 * ```ts
 * const card = new VirtualCard(virtualCards['visa-credit'], { interface: 'contactless' });
 * const outcome = await runContactlessTransaction(card.transmit, defaultKernelConfig,
 *   { amount: 10000n, date: '2026-03-15' }, iface);
 * outcome.kind;                 // 'approved-offline' (TC in the GPO answer, fDDA passed)
 * outcome.contactless?.outcome; // 'approved'
 * ```
 */
export async function runContactlessTransaction(
  transmit: ApduTransmit,
  config: KernelConfigInput,
  transaction: KernelTransaction,
  iface: KernelInterface,
  options: KernelOptions = {},
): Promise<KernelOutcome> {
  const prepared = preparedConfig(config);
  const txn = prepareTransaction(transaction);
  const ctx = new KernelContext(prepared, txn, transmit, iface, options, 'contactless');
  ctx.step = 'entry-point';
  try {
    return await contactlessFlow(ctx);
  } catch (e) {
    if (e instanceof KernelStop) {
      const cl = e.kind === 'try-another-interface' ? parameters(ctx, 'try-another-interface', 'n/a') : parameters(ctx, 'end-application', 'n/a');
      if (e.kind === 'try-another-interface') await ctx.iface.display('try-another-interface');
      return interrupted(ctx, e, cl);
    }
    throw e;
  }
}

async function contactlessFlow(ctx: KernelContext): Promise<KernelOutcome> {
  const allowed = preprocess(ctx);
  if (allowed.length === 0) alternate('the amount is over every contactless transaction limit');
  const candidates = await combinations(ctx, allowed);
  for (const c of sortCandidates(candidates)) {
    const r = await ctx.exchange(selectCommand(c.name));
    const fci = r.sw === 0x9000 ? parseFci(r.data) : undefined;
    if (!fci) continue; // Book B §3.3.3: select the next combination.
    const pre = allowed.find((a) => a.app === c.app)!;
    ctx.beginApplication(c.app);
    storeFci(ctx, fci);
    ctx.terminal.set('9F66', pre.ttq);
    return emvModeKernel(ctx, pre);
  }
  return alternate('no contactless application of the card is supported');
}

/** The qVSDC / qPBOC style kernel. */
async function emvModeKernel(ctx: KernelContext, pre: Preprocessed): Promise<KernelOutcome> {
  ctx.step = 'contactless-kernel';
  const pdol = ctx.icc.get('9F38');
  if (!pdol) alternate('the card has no PDOL: not an EMV-mode contactless application');
  let pdolData: Uint8Array;
  try {
    pdolData = buildDolData(parseDol(pdol, { path: '9F38' }), ctx.source, { path: '9F38' });
  } catch (e) {
    return ctx.terminate('the PDOL is malformed', e);
  }
  ctx.pdolData = pdolData;
  ctx.cryptogramTvr = ctx.tvr.slice();
  const r = await ctx.exchange(getProcessingOptionsCommand(pdolData));
  // Book C-3 §5.2.2: 6984 / 6985 / 6986 from GPO: the card wants another interface.
  if (r.sw === 0x6984 || r.sw === 0x6985 || r.sw === 0x6986) alternate(`GET PROCESSING OPTIONS answered ${r.sw.toString(16).toUpperCase()}`);
  if (r.sw !== 0x9000) ctx.terminate(`GET PROCESSING OPTIONS answered ${r.sw.toString(16).toUpperCase()}`);
  let gpo;
  try {
    gpo = parseGpoResponse(r.data);
  } catch (e) {
    return ctx.terminate('the GET PROCESSING OPTIONS response is malformed', e);
  }
  if (gpo.format !== 2) alternate('format 1 GPO answer: mag-stripe or legacy mode, not supported');
  ctx.aip = gpo.aip.slice();
  ctx.icc.set('82', gpo.aip.slice());
  ctx.icc.set('94', gpo.afl.slice());
  for (const n of gpo.nodes) if (!n.children) ctx.icc.set(n.tag, n.value.slice());
  if (gpo.afl.length > 0) await readApplicationDataContactless(ctx, gpo.afl);
  // Book A §6.2 / C-3: the card can go; the rest is the reader's.
  await ctx.iface.display('remove-card');
  ctx.step = 'contactless-kernel';
  for (const tag of ['57', '9F26', '9F36', '9F10']) if (!ctx.icc.has(tag)) ctx.terminate(`mandatory data object ${tag} is missing from the GPO answer or records`);
  const type = cryptogramType(ctx);
  const cid = Uint8Array.of(type === 'ARQC' ? 0x80 : type === 'TC' ? 0x40 : 0x00);
  ctx.icc.set('9F27', ctx.icc.get('9F27') ?? cid);
  const final = { type, cid: ctx.icc.get('9F27')!, cryptogram: ctx.icc.get('9F26')! };
  const ctq = ctx.icc.get('9F6C');
  const ctqFlags = ctq && ctq.length === 2 ? Ctq.decode(ctq) : undefined;
  const expired = expiredCard(ctx);
  if (expired) ctx.setTvr('expiredApplication');

  if (type === 'AAC') {
    setResponseCode(ctx, 'Z1');
    await ctx.iface.display('declined');
    return decided(ctx, 'declined-offline', final, parameters(ctx, 'declined', 'n/a'));
  }
  const cvm = await contactlessCvm(ctx, pre, type, ctqFlags);
  if (cvm === 'declined') {
    setResponseCode(ctx, 'Z1');
    await ctx.iface.display('declined');
    return decided(ctx, 'declined-offline', final, parameters(ctx, 'declined', 'n/a'));
  }
  if (type === 'TC') {
    const fdda = fastDynamicDataAuthentication(ctx);
    if (fdda && !expired) {
      setResponseCode(ctx, 'Y1');
      await ctx.iface.display('approved');
      return decided(ctx, 'approved-offline', final, parameters(ctx, 'approved', cvm));
    }
    const onlineCapable = !Ttq.isSet(pre.ttq, 'offlineOnlyReader');
    if (!fdda && ctqFlags?.switchInterfaceIfOdaFails && ctx.config.config.terminal.contactChip !== false) alternate('fDDA failed and the card asks for another interface');
    if (!(ctqFlags?.goOnlineIfOdaFails && onlineCapable) && !(expired && ctqFlags?.goOnlineIfApplicationExpired && onlineCapable)) {
      setResponseCode(ctx, 'Z1');
      await ctx.iface.display('declined');
      return decided(ctx, 'declined-offline', final, parameters(ctx, 'declined', cvm));
    }
  }
  return contactlessOnline(ctx, { ...final, type }, cvm);
}

async function readApplicationDataContactless(ctx: KernelContext, afl: Uint8Array): Promise<void> {
  // The record rules of Book 3 §10.2 hold; a contactless card need not carry the CDOLs, and a
  // qVSDC card may give the PAN only in the track 2 equivalent data.
  await readApplicationData(ctx, afl, { mandatory: [] });
  if (!ctx.icc.has('5A')) {
    const t2 = ctx.icc.get('57');
    const d = t2 ? toHex(t2).indexOf('D') : -1;
    if (t2 && d > 0) ctx.icc.set('5A', packBcdDigits(toHex(t2).slice(0, d)));
  }
}

function packBcdDigits(digits: string): Uint8Array {
  return hex(digits.length % 2 === 0 ? digits : `${digits}F`);
}

/** The cryptogram type: 9F27, else the IAD's CVR (VCPS: byte 5 bits 6-5 of a format 0/1/3 IAD). */
function cryptogramType(ctx: KernelContext): 'AAC' | 'TC' | 'ARQC' {
  const cid = ctx.icc.get('9F27');
  if (cid && cid.length === 1) {
    const t = decodeCid(cid).cryptogramType;
    if (t === 'RFU') ctx.terminate('the card answered an RFU cryptogram type');
    return t;
  }
  const iad = ctx.icc.get('9F10');
  const bits = iad && iad.length >= 5 ? (iad[4]! >> 4) & 3 : 3;
  if (bits === 3) ctx.terminate('no cryptogram information data and no CVR to read it from');
  return (['AAC', 'TC', 'ARQC'] as const)[bits]!;
}

function expiredCard(ctx: KernelContext): boolean {
  const expiry = ctx.icc.get('5F24');
  let yymmdd = expiry && expiry.length === 3 ? toHex(expiry) : undefined;
  if (!yymmdd) {
    const t2 = ctx.icc.get('57');
    const h = t2 ? toHex(t2) : '';
    const d = h.indexOf('D');
    if (d > 0 && h.length >= d + 5) {
      const yymm = h.slice(d + 1, d + 5);
      // A track 2 expiry means the last day of its month.
      yymmdd = `${yymm}31`;
    }
  }
  return yymmdd !== undefined && fullDate(yymmdd) < fullDate(ctx.txn.yymmdd);
}

/** The reader's CVM choice (Book C-3 §5.3 in outline). */
async function contactlessCvm(
  ctx: KernelContext,
  pre: Preprocessed,
  type: 'TC' | 'ARQC',
  ctq: ReturnType<typeof Ctq.decode> | undefined,
): Promise<OutcomeParameters['cvm'] | 'declined'> {
  ctx.step = 'cardholder-verification';
  const ttq = Ttq.decode(pre.ttq);
  const wantsPin = ctq?.onlinePinRequired === true || (pre.cvmRequired && !ctq && ttq.onlinePinSupported && !ttq.signatureSupported);
  const wantsSignature = ctq?.signatureRequired === true || (pre.cvmRequired && !ctq && ttq.signatureSupported);
  const result = (r: Uint8Array): void => {
    ctx.cvmResults = r;
    ctx.setTsi('cardholderVerificationPerformed');
  };
  if (wantsPin && type === 'ARQC' && ttq.onlinePinSupported) {
    const answer = await ctx.iface.onlinePin({ pan: panOf(ctx), amount: ctx.txn.amount, currencyCode: toHex(ctx.config.terminalData.get('5F2A')!), aid: ctx.app!.aidHex });
    if (answer === 'cancelled') throw new KernelStop('cancelled', 'the cardholder cancelled PIN entry');
    if (answer !== 'entered') {
      ctx.setTvr(answer === 'bypassed' ? 'pinNotEntered' : 'pinPadNotPresentOrNotWorking', 'cardholderVerificationNotSuccessful');
      result(Uint8Array.of(0x02, 0x00, 0x01));
      return 'declined';
    }
    ctx.setTvr('onlinePinEntered');
    ctx.onlinePinEntered = true;
    result(Uint8Array.of(0x42, 0x03, 0x00));
    return 'online-pin';
  }
  if (wantsSignature && ttq.signatureSupported) {
    ctx.signatureRequired = true;
    result(Uint8Array.of(0x1e, 0x03, 0x00));
    return 'signature';
  }
  if (pre.cvmRequired || wantsPin) {
    // A CVM is needed and none the reader supports is offered.
    ctx.setTvr('cardholderVerificationNotSuccessful');
    result(Uint8Array.of(0x3f, 0x00, 0x01));
    return 'declined';
  }
  ctx.cvmResults = Uint8Array.of(0x1f, 0x03, 0x02);
  return 'no-cvm';
}

/** fDDA (Book C-3 Annex C): the ICC key chain, then 9F4B over 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69. */
function fastDynamicDataAuthentication(ctx: KernelContext): boolean {
  ctx.step = 'offline-data-authentication';
  if ((ctx.aip[0]! & 0x20) === 0) {
    ctx.setTvr('offlineDataAuthenticationNotPerformed');
    return false;
  }
  ctx.setTsi('offlineDataAuthenticationPerformed');
  const fail = (): false => {
    ctx.setTvr('ddaFailed');
    return false;
  };
  const has = (...tags: string[]): boolean => tags.every((t) => ctx.icc.has(t));
  if (!has('8F', '90', '9F32', '9F46', '9F47', '9F4B', '9F69')) {
    ctx.setTvr('iccDataMissing');
    return fail();
  }
  const rid = ctx.app!.aidHex.slice(0, 10);
  const index = ctx.icc.get('8F')![0]!;
  if (!ctx.config.caPublicKeys.has(rid, index)) return fail();
  const expiry = ctx.config.caKeyExpiry.get(`${rid}:${index}`);
  if (expiry !== undefined && ctx.txn.date.getTime() > expiry) return fail();
  const ca: CaPublicKey = ctx.config.caPublicKeys.get(rid, index);
  const tagList = ctx.icc.get('9F4A');
  if (ctx.odaRecordInvalid || (tagList && (tagList.length !== 1 || tagList[0] !== 0x82))) return fail();
  const staticData = concatBytes(...ctx.staticData, ...(tagList ? [ctx.aip] : []));
  try {
    const pan = panOf(ctx);
    const o = { backend: ctx.backend };
    const issuer = recoverIssuerPublicKey({ caKey: ca, certificate: ctx.icc.get('90')!, exponent: ctx.icc.get('9F32')!, ...(ctx.icc.has('92') ? { remainder: ctx.icc.get('92')! } : {}), pan, transactionDate: ctx.txn.date }, o);
    const icc = recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: ctx.icc.get('9F46')!, exponent: ctx.icc.get('9F47')!, ...(ctx.icc.has('9F48') ? { remainder: ctx.icc.get('9F48')! } : {}), staticDataToAuthenticate: staticData, pan, transactionDate: ctx.txn.date }, o);
    const terminal = concatBytes(ctx.value('9F37')!, ctx.value('9F02')!, ctx.value('5F2A')!, ctx.icc.get('9F69')!);
    const v = verifySignedDynamicApplicationData(icc.publicKey, ctx.icc.get('9F4B')!, terminal, o);
    ctx.icc.set('9F4C', v.iccDynamicNumber);
    return true;
  } catch {
    return fail();
  }
}

async function contactlessOnline(
  ctx: KernelContext,
  final: { readonly type: 'TC' | 'ARQC'; readonly cid: Uint8Array; readonly cryptogram: Uint8Array },
  cvm: OutcomeParameters['cvm'],
): Promise<KernelOutcome> {
  ctx.step = 'online-processing';
  const request = onlineRequest(ctx, { type: final.type, cid: final.cid, cryptogram: final.cryptogram, cdaFailed: false });
  const response = checkOnlineResponse(await ctx.iface.online(request));
  if (response.kind === 'unable-to-go-online') {
    // The card is gone: nothing to complete offline with an ARQC (Book C-3 §5.4).
    setResponseCode(ctx, 'Z3');
    await ctx.iface.display('declined');
    return decided(ctx, 'declined-offline', final, parameters(ctx, 'declined', cvm));
  }
  setResponseCode(ctx, response.authorisationResponseCode);
  if (response.kind === 'approved') {
    await ctx.iface.display('approved');
    return decided(ctx, 'approved-online', final, parameters(ctx, 'approved', cvm));
  }
  await ctx.iface.display('declined');
  return decided(ctx, 'declined-online', final, parameters(ctx, 'declined', cvm));
}
