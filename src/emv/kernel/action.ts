/**
 * Terminal action analysis (EMV 4.4 Book 3 §10.7: TVR against the issuer and terminal action
 * codes, denial → online → default) and the GENERATE AC exchange of card action analysis (§10.8)
 * and completion (§10.11): CDOL data (with the TC hash value of the TDOL, §5.4.1), CDA requested
 * for a TC or ARQC when CDA was selected and has not failed (Book 2 §6.6), the cryptogram type
 * never above the one asked for, the CDA signature checked (Book 2 §6.6.2).
 */
import { concatBytes } from '../../core/index';
import { generateAcCommand, parseGenerateAcResponse } from '../apdu';
import { decodeCid, type CryptogramType } from '../bits/card';
import { Tvr } from '../bits/terminal';
import { buildDolData, parseDol, type DolEntry } from '../dol';
import { encodeTlv } from '../tlv';
import type { KernelContext } from './context';
import { verifyCda } from './oda';

const ALL_ONES = new Uint8Array(5).fill(0xff);
const ZEROS = new Uint8Array(5);

function intersects(tvr: Uint8Array, a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 5; i++) if ((tvr[i]! & (a[i]! | b[i]!)) !== 0) return true;
  return false;
}

/** The issuer action codes, with Book 3 §10.7's defaults when absent (denial zeros, others ones). */
function iacs(ctx: KernelContext): { denial: Uint8Array; online: Uint8Array; default: Uint8Array } {
  const get = (tag: string, fallback: Uint8Array): Uint8Array => {
    const v = ctx.icc.get(tag);
    return v && v.length === 5 ? v : fallback;
  };
  return { denial: get('9F0E', ZEROS), online: get('9F0F', ALL_ONES), default: get('9F0D', ALL_ONES) };
}

/** True when the default codes (IAC-default | TAC-default) say decline: the unable-to-go-online check. */
export function defaultActionDeclines(ctx: KernelContext): boolean {
  return intersects(ctx.tvr, iacs(ctx).default, ctx.app!.tacDefault);
}

/**
 * Book 3 §10.7: AAC when denial codes match; for an online-capable terminal ARQC when online codes
 * match (always for an online-only terminal), else TC; for an offline-only terminal AAC when the
 * default codes match, else TC.
 */
export function terminalActionAnalysis(ctx: KernelContext): CryptogramType {
  ctx.step = 'terminal-action-analysis';
  const app = ctx.app!;
  const codes = iacs(ctx);
  if (intersects(ctx.tvr, codes.denial, app.tacDenial)) return 'AAC';
  const connectivity = (ctx.config.terminalType % 10) % 3; // 1 online only, 2 offline with online capability, 0 offline only
  if (connectivity === 1) return 'ARQC';
  if (connectivity === 2) return intersects(ctx.tvr, codes.online, app.tacOnline) ? 'ARQC' : 'TC';
  return defaultActionDeclines(ctx) ? 'AAC' : 'TC';
}

/** What a GENERATE AC gave. */
export interface GenerateAcResult {
  readonly type: CryptogramType;
  readonly cid: Uint8Array;
  /** The cryptogram (9F26), from the response or the CDA signature. */
  readonly cryptogram: Uint8Array;
  /** CDA was asked for and its signature did not verify (or was missing). */
  readonly cdaFailed: boolean;
}

const RANK: Readonly<Record<CryptogramType, number>> = { AAC: 0, ARQC: 1, TC: 2 };

/** Book 3 §5.4.1: the TC hash value (98) of the TDOL data, when the CDOL asks for it. */
function tcHash(ctx: KernelContext, dol: readonly DolEntry[]): void {
  if (!dol.some((e) => e.tag === '98')) return;
  let tdol: readonly DolEntry[] | undefined;
  const card = ctx.icc.get('97');
  try {
    tdol = card ? parseDol(card, { path: '97' }) : undefined;
  } catch {
    tdol = undefined;
  }
  if (!tdol && ctx.app?.defaultTdol) {
    tdol = ctx.app.defaultTdol;
    ctx.setTvr('defaultTdolUsed');
  }
  const data = tdol ? buildDolData(tdol, ctx.source, { path: '97' }) : new Uint8Array(0);
  ctx.terminal.set('98', ctx.backend.hash('sha1', data));
}

/** Send GENERATE AC asking for `requested`; the first uses CDOL1, the second CDOL2. */
export async function generateAc(ctx: KernelContext, requested: CryptogramType, which: 'first' | 'second'): Promise<GenerateAcResult> {
  const tag = which === 'first' ? '8C' : '8D';
  let dol: DolEntry[];
  try {
    dol = parseDol(ctx.icc.get(tag)!, { path: tag });
  } catch (e) {
    return ctx.terminate(`${tag} is malformed`, e);
  }
  tcHash(ctx, dol);
  const data = buildDolData(dol, ctx.source, { path: tag });
  if (which === 'first') ctx.cdol1Data = data;
  else ctx.cdol2Data = data;
  const cda = requested !== 'AAC' && ctx.odaMethod === 'cda' && ctx.iccPublicKey !== undefined && !Tvr.isSet(ctx.tvr, 'cdaFailed');
  const r = await ctx.exchange(generateAcCommand({ type: requested, cda, data }));
  if (r.sw !== 0x9000) ctx.terminate(`GENERATE AC answered ${r.sw.toString(16).toUpperCase()}`);
  let response;
  try {
    response = parseGenerateAcResponse(r.data);
  } catch (e) {
    return ctx.terminate('the GENERATE AC response is malformed', e);
  }
  const cid = decodeCid(response.cid);
  if (cid.cryptogramType === 'RFU') ctx.terminate('the card answered an RFU cryptogram type');
  const type = cid.cryptogramType;
  // Book 3 §9.3: the card may answer the type asked for or a lower one (TC > ARQC > AAC), never higher.
  if (RANK[type] > RANK[requested]) ctx.terminate(`the card answered ${type} to a request for ${requested}`);
  ctx.icc.set('9F27', response.cid.slice());
  ctx.icc.set('9F36', response.atc.slice());
  if (response.iad) ctx.icc.set('9F10', response.iad.slice());
  for (const n of response.nodes) if (!n.children && n.tag !== '9F4B') ctx.icc.set(n.tag, n.value.slice());
  let cryptogram: Uint8Array | undefined = response.ac?.slice();
  let cdaFailed = false;
  if (cda && type !== 'AAC') {
    if (!response.sdad) {
      ctx.setTsi('offlineDataAuthenticationPerformed');
      ctx.setTvr('cdaFailed');
      cdaFailed = true;
    } else {
      const others = response.nodes.filter((n) => n.tag !== '9F4B').map((n) => ({ tag: n.tag, value: n.value }));
      const result = verifyCda(ctx, {
        sdad: response.sdad,
        cdolData: which === 'first' ? ctx.cdol1Data : concatBytes(ctx.cdol1Data, ctx.cdol2Data),
        responseData: encodeTlv(others),
        cid: response.cid[0]!,
      });
      if (result) {
        cryptogram = result.applicationCryptogram;
        ctx.icc.set('9F4B', response.sdad.slice());
        ctx.icc.set('9F4C', result.iccDynamicNumber);
      } else {
        cdaFailed = true;
      }
    }
  }
  if (!cryptogram) {
    // A CDA response whose signature did not verify carries no usable cryptogram.
    cryptogram = new Uint8Array(8);
  }
  ctx.icc.set('9F26', cryptogram);
  return { type, cid: response.cid.slice(), cryptogram, cdaFailed };
}

/** The authorisation response code (8A) as the two ASCII bytes. */
export function setResponseCode(ctx: KernelContext, code: string): void {
  ctx.authorisationResponseCode = code;
  ctx.terminal.set('8A', Uint8Array.from(code, (c) => c.charCodeAt(0)));
}
