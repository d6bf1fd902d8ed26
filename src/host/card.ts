/**
 * The card checks of an authorisation, in the order an issuer makes them: which card (DE 2 or the
 * track, deciphered with the TDK when 53.3 says so), Luhn, known card, status, expiry, track data
 * against the card record, service code and fallback, CVV; then the PIN (ISO 9564 block under the
 * PIK, verified against the IBM 3624 offset or the Visa PVV, with the try counter); then the chip
 * (ARQC from the issuer master key, ARPC for tag 91). Each check answers a response code, never
 * throws on bad card data, and never puts a PAN, track, PIN or key into a message.
 */
import { encodeAscii, isCardwireError, isLuhnValid, toHex, type CardwireError } from '../core/index';
import { cryptogramVersionProfile, type CryptogramData, type SecurityModule } from '../crypto/index';
import { cupDecipherTrack, type TlvValueNode } from '../iso8583/index';
import { parseTrack2 } from '../track/index';
import type { HostCard } from './config/types';
import { cardKeyRefs, terminalKeyRefs } from './keys';
import type { LedgerAccount } from './ledger/ledger';
import type { HostRequest } from './request';

/** The card a request is for, and the track data it came with. */
export interface ResolvedCard {
  readonly pan: string;
  readonly track2: { readonly expiry: string | undefined; readonly serviceCode: string | undefined; readonly discretionary: string } | undefined;
}

/** A check that fails answers this code. */
export type CheckResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string };

const ok = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const no = (code: string): { readonly ok: false; readonly code: string } => ({ ok: false, code });

/** Find the card of a request: DE 2 and/or track 2 (deciphered), which must agree. */
export async function resolveCard(sm: SecurityModule, req: HostRequest, paymentCodes: ReadonlyMap<string, string>): Promise<CheckResult<ResolvedCard>> {
  if (req.paymentCode !== undefined) {
    const pan = paymentCodes.get(req.paymentCode);
    return pan === undefined ? no('14') : ok({ pan, track2: undefined });
  }
  let track2: ResolvedCard['track2'];
  let trackPan: string | undefined;
  if (req.track2 !== undefined) {
    let text = req.track2;
    try {
      if (req.tracksEnciphered) text = await cupDecipherTrack(sm, terminalKeyRefs(req.tid).tdk, text);
      const t = parseTrack2(text.replace(/F+$/, ''));
      trackPan = t.pan;
      track2 = { expiry: t.expiry, serviceCode: t.serviceCode, discretionary: t.discretionaryData };
    } catch (e) {
      if (isCardwireError(e) && (e as CardwireError).code.startsWith('SECURITY_MODULE')) throw e;
      return no('14');
    }
  }
  const pan = req.pan ?? trackPan;
  if (pan === undefined) return no('30');
  if (trackPan !== undefined && req.pan !== undefined && trackPan !== req.pan) return no('14');
  if (!isLuhnValid(pan)) return no('14');
  return ok({ pan, track2 });
}

/** `YYMM` of the host's date is after the card's expiry. */
function expired(expiry: string, today: string): boolean {
  return expiry < today;
}

/** Status, expiry, track data against the record, service code and fallback. */
export function checkCard(card: HostCard, resolved: ResolvedCard, req: HostRequest, todayYymm: string): string | undefined {
  switch (card.status) {
    case 'active':
      break;
    case 'lost':
      return '41';
    case 'stolen':
      return '43';
    case 'expired':
      return '54';
    case 'blocked':
      return '62';
    default: {
      const never: never = card.status;
      return String(never);
    }
  }
  const t = resolved.track2;
  if (t !== undefined && (t.expiry !== card.expiry || t.serviceCode !== card.serviceCode)) return '14';
  if (req.expiry !== undefined && req.expiry !== card.expiry) return '14';
  if (expired(card.expiry, todayYymm)) return '54';
  // A chip card (service code 2xx or 6xx) is swiped only after a failed chip read (60.5 = 2).
  const swiped = req.entryMode.startsWith('02');
  if (swiped && (card.serviceCode.startsWith('2') || card.serviceCode.startsWith('6')) && !req.fallback) return '45';
  return undefined;
}

/** Track 2 CVV against the card's CVK. */
export async function checkCvv(sm: SecurityModule, card: HostCard, resolved: ResolvedCard): Promise<string | undefined> {
  if (!card.cvv || !resolved.track2) return undefined;
  const digits = resolved.track2.discretionary.slice(card.cvv.offset, card.cvv.offset + 3);
  if (!/^\d{3}$/.test(digits)) return '05';
  const good = await sm.verifyCvv(cardKeyRefs(card.pan).cvk, { pan: card.pan, expiry: card.expiry, serviceCode: card.serviceCode }, digits);
  return good ? undefined : '05';
}

/** Entry modes whose transactions need an online PIN when the card asks for one (swipe, manual). */
function pinEntry(entryMode: string): boolean {
  return entryMode.startsWith('01') || entryMode.startsWith('02');
}

/** The PIN check: its code, and the account's new wrong-PIN count. */
export async function checkPin(
  sm: SecurityModule,
  card: HostCard,
  account: LedgerAccount,
  req: HostRequest,
  options: { readonly tries: number; readonly pinKeyDoubleLength: boolean; readonly pinNeeded: boolean },
): Promise<{ readonly code: string | undefined; readonly pinFailures: number }> {
  const failures = account.pinFailures;
  if (req.pin === undefined) {
    const missing = options.pinNeeded && card.pinRequired && pinEntry(req.entryMode);
    return { code: missing ? '55' : undefined, pinFailures: failures };
  }
  if (!card.pin) return { code: undefined, pinFailures: failures };
  if (failures >= options.tries) return { code: '75', pinFailures: failures };
  if (req.pin.doubleLength !== options.pinKeyDoubleLength) return { code: '99', pinFailures: failures };
  const side = { keyRef: terminalKeyRefs(req.tid).pik, format: 0 as const, pan: req.pin.withPan ? card.pan : '0000000000000' };
  let good: boolean;
  try {
    good =
      card.pin.method === 'ibm3624'
        ? await sm.verifyPinIbm3624(req.pin.block, side, cardKeyRefs(card.pan).pvk, { decimalisationTable: card.pin.decimalisationTable, pan: card.pan, offset: card.pin.offset, ...(card.pin.validationDataOffset === undefined ? {} : { validationDataOffset: card.pin.validationDataOffset }), ...(card.pin.validationDataLength === undefined ? {} : { validationDataLength: card.pin.validationDataLength }) })
        : await sm.verifyPinPvv(req.pin.block, side, cardKeyRefs(card.pan).pvk, { pvki: card.pin.pvki, pan: card.pan, pvv: card.pin.pvv });
  } catch (e) {
    if (isCardwireError(e) && (e.code.startsWith('PIN_') || e.code === 'CARD_SECURITY_INPUT_INVALID')) return { code: '99', pinFailures: failures };
    throw e;
  }
  if (good) return { code: undefined, pinFailures: 0 };
  const now = failures + 1;
  return { code: now >= options.tries ? '75' : '55', pinFailures: now };
}

function tag(icc: readonly TlvValueNode[], t: string): Uint8Array | undefined {
  for (const n of icc) {
    if (n.tag === t) return n.value;
    if (n.children) {
      const v = tag(n.children, t);
      if (v) return v;
    }
  }
  return undefined;
}

const CRYPTOGRAM_TAGS = ['9F02', '9F03', '9F1A', '95', '5F2A', '9A', '9C', '9F37', '82', '9F36', '9F10', '9F26'] as const;

/** The chip data of an authorisation. */
export interface ChipData {
  readonly data: CryptogramData;
  readonly cryptogram: Uint8Array;
  /** 9F27 cryptogram type: `arqc`, `tc` or `aac`. */
  readonly type: 'arqc' | 'tc' | 'aac';
  readonly panSequenceNumber: string;
}

/** Read DE 55 into the cryptogram inputs; a missing data object answers 30. */
export function chipData(icc: readonly TlvValueNode[], card: HostCard, req: HostRequest): CheckResult<ChipData> {
  const v: Record<string, Uint8Array> = {};
  for (const t of CRYPTOGRAM_TAGS) {
    const x = tag(icc, t);
    if (x === undefined) return no('30');
    v[t] = x;
  }
  const cid = tag(icc, '9F27');
  const kind = cid === undefined ? 'arqc' : (cid[0]! & 0xc0) === 0x40 ? 'tc' : (cid[0]! & 0xc0) === 0x80 ? 'arqc' : 'aac';
  const psn5f34 = tag(icc, '5F34');
  const psn = req.cardSequence !== undefined ? req.cardSequence.slice(-2) : psn5f34 ? toHex(psn5f34).slice(-2) : (card.emv?.panSequenceNumber ?? '00');
  return ok({
    data: {
      amountAuthorised: v['9F02']!,
      amountOther: v['9F03']!,
      terminalCountryCode: v['9F1A']!,
      terminalVerificationResults: v['95']!,
      transactionCurrencyCode: v['5F2A']!,
      transactionDate: v['9A']!,
      transactionType: v['9C']!,
      unpredictableNumber: v['9F37']!,
      applicationInterchangeProfile: v['82']!,
      applicationTransactionCounter: v['9F36']!,
      issuerApplicationData: v['9F10']!,
    },
    cryptogram: v['9F26']!,
    type: kind,
    panSequenceNumber: psn,
  });
}

/** Verify the card's cryptogram (ARQC, or the TC of an offline advice). */
export async function verifyCryptogram(sm: SecurityModule, card: HostCard, chip: ChipData): Promise<boolean> {
  if (!card.emv) return false;
  try {
    return await sm.verifyArqc(cardKeyRefs(card.pan).imkAc, card.emv.cvn, { pan: card.pan, panSequenceNumber: chip.panSequenceNumber, data: chip.data, arqc: chip.cryptogram });
  } catch (e) {
    if (isCardwireError(e) && e.code.startsWith('EMV_')) return false;
    throw e;
  }
}

/**
 * Tag 91 answering an ARQC: ARPC ‖ ARC (method 1, 10 bytes) or ARPC ‖ CSU (method 2, 8 bytes;
 * CSU byte 1 bit 8 set when approved, as EMV Book 2 §8.2.2 lays out the card status update).
 */
export async function issuerAuthenticationData(sm: SecurityModule, card: HostCard, chip: ChipData, code: string): Promise<Uint8Array | undefined> {
  if (!card.emv || chip.type !== 'arqc') return undefined;
  const arc = encodeAscii(code);
  const method = cryptogramVersionProfile(card.emv.cvn).arpc.method;
  const csu = new Uint8Array([code === '00' ? 0x80 : 0x00, 0, 0, 0]);
  const arpc = await sm.generateArpc(cardKeyRefs(card.pan).imkAc, card.emv.cvn, {
    pan: card.pan,
    panSequenceNumber: chip.panSequenceNumber,
    arqc: chip.cryptogram,
    applicationTransactionCounter: chip.data.applicationTransactionCounter,
    unpredictableNumber: chip.data.unpredictableNumber,
    ...(method === 1 ? { authorisationResponseCode: arc } : { cardStatusUpdate: csu }),
  });
  const out = new Uint8Array(method === 1 ? 10 : 8);
  out.set(arpc.subarray(0, method === 1 ? 8 : 4));
  out.set(method === 1 ? arc : csu, method === 1 ? 8 : 4);
  return out;
}

/** MAC length of an issuer script command: 4 bytes for UnionPay PBOC/UICS, 8 otherwise. */
function scriptMacLength(card: HostCard): number {
  return card.emv?.cvn === 'unionpay-01' ? 4 : 8;
}

/**
 * The issuer script templates (71 / 72) of the configuration, with each command (86) MACed for
 * this transaction: the configuration gives CLA INS P1 P2 Lc data without the MAC (Lc counting
 * the data alone); the host appends the MAC under the card's MK_SMI (derived from the configured
 * `imkSmi`) over the header with the new Lc, the ATC and the ARQC (EMV Book 2 §9.2.3), as the card
 * checks it. Without an `imkSmi` the templates go as configured.
 */
export async function issuerScripts(sm: SecurityModule, card: HostCard, chip: ChipData, templates: readonly TlvValueNode[]): Promise<TlvValueNode[]> {
  if (!card.emv?.imkSmi) return [...templates];
  const macLength = scriptMacLength(card);
  const out: TlvValueNode[] = [];
  for (const t of templates) {
    const children: TlvValueNode[] = [];
    for (const c of t.children ?? []) {
      const v = c.value;
      if (c.tag !== '86' || !v || v.length < 5 || v[4]! !== v.length - 5) {
        children.push(c);
        continue;
      }
      const data = v.subarray(5);
      const header = Uint8Array.of(v[0]!, v[1]!, v[2]!, v[3]!, data.length + macLength);
      const mac = await sm.generateIssuerScriptMac(cardKeyRefs(card.pan).imkSmi, card.emv.cvn, {
        pan: card.pan,
        panSequenceNumber: chip.panSequenceNumber,
        commandHeader: header,
        applicationTransactionCounter: chip.data.applicationTransactionCounter,
        arqc: chip.cryptogram,
        ...(data.length ? { commandData: data } : {}),
      });
      const command = new Uint8Array(5 + data.length + macLength);
      command.set(header);
      command.set(data, 5);
      command.set(mac.subarray(0, macLength), 5 + data.length);
      children.push({ tag: '86', value: command });
    }
    out.push({ tag: t.tag, children });
  }
  return out;
}
