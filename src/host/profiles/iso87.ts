/**
 * The ISO 8583:1987 ASCII profile of the host (`iso87ascii` dialect, `cardwire host --dialect
 * iso87ascii`), for switches and terminals that speak plain 1987 rather than UnionPay's POS
 * dialect. The request is named by the MTI, DE 3 positions 1-2 and DE 70:
 *
 * | request | MTI | DE 3 (1-2) / DE 70 | original |
 * |---|---|---|---|
 * | sign-on / sign-off / echo | 0800 | 70 = 001 / 002 / 301 | — |
 * | purchase | 0200 | 00 | — |
 * | balance inquiry | 0200 | 31 | — |
 * | void | 0200 | 02 | DE 90 original data elements (MTI, STAN, …) |
 * | refund | 0200 / 0220 | 20 | DE 37 RRN, DE 90 date |
 * | transfer | 0200 | 40 | DE 103, the account to credit |
 * | pre-authorisation | 0100 | 00 | — |
 * | completion advice | 0220 | 00 | DE 38, DE 90 date |
 * | reversal | 0400 / 0420 | the original's | DE 90 (its STAN) |
 * | settlement | 0500 | DE 74 / 76 credit and debit counts, 86 / 88 amounts | — |
 *
 * Choices this profile makes where the 1987 standard leaves them to the network (documented in
 * docs/host.md): the working keys of a sign-on answer travel in DE 48 as hex (PIK ‖ KCV ‖ MAK ‖ KCV,
 * double-length keys); DE 64 is the ANSI X9.19 retail MAC of everything before it; the batch is
 * DE 64 (DE 128 when the message has a secondary bitmap: the MAC is always the last field) carries
 * the MAC; the batch is DE 60 when the terminal sends one (6 digits), else the host's open batch for the terminal; a balanced settlement (DE 39 00)
 * closes the batch, an unbalanced one is answered 95 and leaves it open.
 */
import { encodeAscii, fail, fromAmountField, toHex, toAmountField } from '../../core/index';
import { dialect, encodeCupSettlementTotals, decodeCupSettlementTotals, responseMti, type FieldValue, type IsoMessage, type MessageCodec, type TlvValueNode } from '../../iso8583/index';
import type { HostAnswer, HostRequest, HostRequestKind } from '../request';
import type { HostProfile } from './profile';

const MAC_CHARS = 16;

function invalid(message: string, path: string): never {
  return fail('HOST_REQUEST_INVALID', message, { path });
}

function text(m: IsoMessage, path: string | number): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

function need(m: IsoMessage, path: number, what: string): string {
  const v = text(m, path);
  if (v === undefined || v === '') invalid(`${what} (DE ${path}) is missing`, `DE${path}`);
  return v;
}

function kindOf(m: IsoMessage): HostRequestKind {
  const mti = m.mti;
  const p = (text(m, 3) ?? '').slice(0, 2);
  switch (mti) {
    case '0800': {
      const n = text(m, 70);
      if (n === '001') return 'sign-on';
      if (n === '002') return 'sign-off';
      if (n === '301') return 'echo';
      return invalid(`0800 with DE 70 ${String(n)} is not known`, 'DE70');
    }
    case '0200':
      if (p === '00') return 'purchase';
      if (p === '31') return 'balance';
      if (p === '02') return 'void';
      if (p === '20') return 'refund';
      if (p === '40') return 'transfer';
      break;
    case '0220':
      if (p === '20') return 'refund';
      if (p === '00') return 'completion-advice';
      break;
    case '0100':
      if (p === '00') return 'preauth';
      break;
    case '0400':
    case '0401':
    case '0420':
    case '0421':
      return 'reversal';
    case '0500':
      return 'settlement';
    default:
      break;
  }
  return invalid(`MTI ${mti} with processing code ${p} is not a transaction this profile knows`, 'DE3');
}

/** DE 90: original MTI n4, STAN n6, transmission date and time n10, acquirer n11, forwarder n11. */
function original(m: IsoMessage): { stan?: string; date?: string } {
  const v = text(m, 90);
  if (v === undefined) return {};
  if (!/^\d{42}$/.test(v)) invalid('DE 90 is 42 digits: MTI, STAN, date and time, acquirer, forwarder', 'DE90');
  return { stan: v.slice(4, 10), date: v.slice(10, 14) };
}

/** DE 74 / 76 counts and 86 / 88 amounts as the settlement totals the host compares (one class). */
function totals(m: IsoMessage): string | undefined {
  const credits = text(m, 74);
  const debits = text(m, 76);
  const creditAmount = text(m, 86);
  const debitAmount = text(m, 88);
  if (credits === undefined || debits === undefined || creditAmount === undefined || debitAmount === undefined) return undefined;
  const count = (s: string, path: string) => {
    const n = Number(s);
    if (n > 999) invalid('this host compares at most 999 transactions of a kind', path);
    return n;
  };
  return encodeCupSettlementTotals({
    domestic: { debitAmount: fromAmountField(debitAmount.slice(-12)), debitCount: count(debits, 'DE76'), creditAmount: fromAmountField(creditAmount.slice(-12)), creditCount: count(credits, 'DE74'), result: '0' },
    foreign: { debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' },
  });
}

const ECHO = [2, 3, 4, 7, 11, 14, 22, 25, 41, 42, 49, 70, 74, 76, 86, 88, 90];

/**
 * The ISO 8583:1987 ASCII host profile.
 *
 * @example
 * ```ts
 * new Host({ config, ledger, profile: iso87Profile });
 * ```
 */
export const iso87Profile: HostProfile = {
  name: 'iso87ascii',
  codec: dialect('iso87ascii').codec as MessageCodec,
  mac: { algorithm: 'x9.19' },
  doubleLengthMak: true,
  settlementClosesBatch: true,

  read(m: IsoMessage): HostRequest {
    const kind = kindOf(m);
    const amountText = text(m, 4);
    const pin = m.get(52);
    // The MAC is the last field: DE 128 when a secondary bitmap is present, else DE 64.
    const mac = m.get(128) ?? m.get(64);
    const source = m.source;
    const icc = m.get(55);
    const batch = text(m, 60);
    const o = original(m);
    const isReversal = kind === 'reversal';
    return {
      kind,
      mti: m.mti,
      message: m,
      tid: need(m, 41, 'the terminal id'),
      mid: need(m, 42, 'the merchant id'),
      // A reversal is keyed by its original's STAN (DE 90) when it carries one.
      stan: isReversal && o.stan ? o.stan : need(m, 11, 'the STAN'),
      // No batch field in 1987: DE 60 when the terminal sends one, else the host's open batch.
      batch: batch !== undefined && /^\d{6}$/.test(batch) ? batch : '',
      typeCode: '',
      networkCode: text(m, 70) ?? '',
      processingCode: text(m, 3) ?? '',
      amount: amountText === undefined ? undefined : fromAmountField(amountText),
      currency: text(m, 49) ?? '156',
      pan: text(m, 2),
      expiry: text(m, 14),
      track2: text(m, 35)?.replace('=', 'D'),
      track3: text(m, 36),
      tracksEnciphered: false,
      pin: pin instanceof Uint8Array ? { block: pin, withPan: true, doubleLength: true } : undefined,
      entryMode: text(m, 22) ?? '',
      fallback: false,
      paymentCode: undefined,
      cardSequence: text(m, 23),
      icc: Array.isArray(icc) ? (icc as readonly TlvValueNode[]) : undefined,
      original: {
        ...(o.stan && !isReversal ? { stan: o.stan } : {}),
        ...(o.date ? { date: o.date } : {}),
        ...(text(m, 37) !== undefined ? { rrn: text(m, 37)! } : {}),
        ...(text(m, 38) !== undefined ? { authCode: text(m, 38)! } : {}),
      },
      reversalReason: isReversal ? text(m, 39) : undefined,
      additionalData: kind === 'settlement' ? totals(m) : kind === 'transfer' ? text(m, 103) : text(m, 48),
      mac: mac instanceof Uint8Array && source !== undefined ? { value: mac, data: source.subarray(0, m.consumed - MAC_CHARS) } : undefined,
    };
  },

  respond(req: HostRequest, a: HostAnswer, options: { readonly mac: boolean }): IsoMessage {
    const q = req.message;
    const r = this.codec.create(responseMti(q.mti));
    for (const n of ECHO) {
      const v = q.get(n);
      if (v !== undefined) r.set(n, v as FieldValue);
    }
    if (a.pan !== undefined && !r.has(2)) r.set(2, a.pan);
    r.set(12, a.localTime).set(13, a.localDate);
    if (a.settlementDate !== undefined) r.set(15, a.settlementDate);
    r.set(32, a.acquirer);
    if (a.rrn !== undefined) r.set(37, a.rrn);
    if (a.authCode !== undefined) r.set(38, a.authCode);
    let code = a.code;
    if (req.kind === 'settlement' && a.additionalData !== undefined && code === '00') {
      code = decodeCupSettlementTotals(a.additionalData).domestic.result === '1' ? '00' : '95';
    }
    r.set(39, code);
    if (a.workingKeys !== undefined) r.set(48, toHex(a.workingKeys));
    if (a.balance !== undefined) {
      // ISO 8583:1987 DE 54: account type n2, amount type n2 (02 available), currency n3, C/D, amount n12.
      const abs = a.balance.available < 0n ? -a.balance.available : a.balance.available;
      r.set(54, `${a.balance.accountKind === 'debit' ? '10' : '30'}02${a.balance.currency}${a.balance.available < 0n ? 'D' : 'C'}${toAmountField(abs)}`);
    }
    if (a.icc !== undefined && a.icc.length > 0) r.set(55, a.icc as FieldValue);
    if (options.mac) r.set(r.fieldNumbers().some((n) => n > 64) ? 128 : 64, new Uint8Array(8));
    return r;
  },

  formatError(partial: IsoMessage | undefined, a: HostAnswer): IsoMessage | undefined {
    if (partial === undefined) return undefined;
    const tid = text(partial, 41);
    const stan = text(partial, 11);
    let mti: string;
    try {
      mti = responseMti(partial.mti);
    } catch {
      return undefined;
    }
    if (tid === undefined || stan === undefined) return undefined;
    return this.codec.create(mti).set(11, stan).set(12, a.localTime).set(13, a.localDate).set(39, a.code).set(41, tid);
  },

  macData(payload: Uint8Array): Uint8Array {
    return payload.subarray(0, payload.length - MAC_CHARS);
  },

  sealMac(payload: Uint8Array, mac: Uint8Array): void {
    payload.set(encodeAscii(toHex(mac.subarray(0, 8))), payload.length - MAC_CHARS);
  },

  readdress(response: Uint8Array): Uint8Array {
    return response.slice();
  },
};
