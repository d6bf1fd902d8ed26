/**
 * The UnionPay POS profile of the host (`cup` dialect): which MTI, 60.1 and 60.3 make which
 * request, where the original transaction's data sit (DE 61, 37, 38), and what the answer echoes.
 * The table is the one docs/iso8583-dialects.md and docs/host.md record:
 *
 * | request | MTI | 60.1 | DE 3 | DE 25 |
 * |---|---|---|---|---|
 * | sign-on (60.3 001/003/004) | 0800 | 00 | — | — |
 * | sign-off (60.3 002), echo (60.3 301) | 0820 | 00 | — | — |
 * | purchase 消费 | 0200 | 22 | 00xxxx | 00 |
 * | balance 余额查询 | 0200 | 01 | 31xxxx | 00 |
 * | void 消费撤销 | 0200 | 23 | 20xxxx | 00 |
 * | completion 预授权完成(请求) | 0200 | 20 | 00xxxx | 06 |
 * | completion void 预授权完成撤销 | 0200 | 21 | 20xxxx | 06 |
 * | transfer 转账 | 0200 | 49 | 40xxxx | 00 |
 * | pre-authorisation 预授权 | 0100 | 10 | 03xxxx | 06 |
 * | pre-authorisation void 预授权撤销 | 0100 | 11 | 20xxxx | 06 |
 * | refund 退货 | 0220 | 25 | 20xxxx | 00 |
 * | completion advice 预授权完成(通知) | 0220 | 24 | 00xxxx | 06 |
 * | offline purchase (chip TC) | 0220 | 22 | 00xxxx | 00 |
 * | reversal 冲正 | 0400 | original's | original's | original's |
 * | settlement 结算 (60.3 201) | 0500 | 00 | — | — |
 * | batch upload 批上送 (60.3 201-206), end (207 / 202) | 0320 | 00 or the item's | — | — |
 */
import { fail, fromAmountField } from '../../core/index';
import { dialect, encodeCupBalance, responseMti, type FieldValue, type IsoMessage, type MessageCodec, type TlvValueNode } from '../../iso8583/index';
import { decodeTpdu, encodeTpdu, replyTpdu } from '../../transport/index';
import type { HostAnswer, HostRequest, HostRequestKind } from '../request';
import type { KeyScheme } from '../config/types';
import type { HostProfile } from './profile';

const TPDU = 5;
const HEADER = 6;
const MAC_LENGTH = 8;

/** 0200 / 0100 / 0220 requests by 60.1. */
const BY_TYPE: Readonly<Record<string, Readonly<Record<string, HostRequestKind>>>> = {
  '0200': { '22': 'purchase', '01': 'balance', '23': 'void', '20': 'completion', '21': 'completion-void', '49': 'transfer' },
  '0100': { '10': 'preauth', '11': 'preauth-void' },
  '0220': { '25': 'refund', '24': 'completion-advice', '22': 'offline-purchase' },
};

function invalid(message: string, path: string): never {
  return fail('HOST_REQUEST_INVALID', message, { path });
}

function text(m: IsoMessage, path: string): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

function need(m: IsoMessage, path: string, what: string): string {
  const v = text(m, path);
  if (v === undefined || v === '') invalid(`${what} (DE ${path}) is missing`, `DE${path}`);
  return v;
}

function kindOf(mti: string, typeCode: string, networkCode: string): HostRequestKind {
  switch (mti) {
    case '0800':
      if (networkCode === '001' || networkCode === '003' || networkCode === '004') return 'sign-on';
      return invalid(`0800 with network management code ${networkCode} is not a sign-on the host knows`, 'DE60.3');
    case '0820':
      if (networkCode === '002') return 'sign-off';
      if (networkCode === '301') return 'echo';
      return invalid(`0820 with network management code ${networkCode} is not known`, 'DE60.3');
    case '0500':
      if (networkCode === '201') return 'settlement';
      return invalid(`0500 with network management code ${networkCode} is not a settlement`, 'DE60.3');
    case '0320':
      return networkCode === '207' || networkCode === '202' ? 'upload-end' : 'upload';
    case '0400':
      return 'reversal';
    default: {
      const kind = BY_TYPE[mti]?.[typeCode];
      if (kind === undefined) invalid(`MTI ${mti} with transaction type ${typeCode} is not a transaction the host knows`, 'DE60.1');
      return kind;
    }
  }
}

/** The original-transaction kind a reversal's MTI and 60.1 name. */
export function reversedKind(typeCode: string): HostRequestKind | undefined {
  return BY_TYPE['0200']?.[typeCode] ?? BY_TYPE['0100']?.[typeCode];
}

/**
 * The UnionPay POS host profile.
 *
 * @example
 * ```ts
 * const req = unionPayProfile.read(dialect('cup').codec.unpack(signOnFrame));
 * req.kind; // 'sign-on'; req.tid: '10000159'
 * ```
 */
export const unionPayProfile: HostProfile = {
  name: 'unionpay',
  codec: dialect('cup').codec as MessageCodec,
  mac: { algorithm: 'unionpay' },
  signOnScheme: (req) => req.networkCode as KeyScheme,

  read(m: IsoMessage): HostRequest {
    const mti = m.mti;
    const typeCode = text(m, '60.1') ?? '';
    const networkCode = text(m, '60.3') ?? '';
    const kind = kindOf(mti, typeCode, networkCode);
    const amountText = text(m, '4');
    const de53 = text(m, '53') ?? '';
    const pinBlock = m.get('52');
    const mac = m.get('64');
    const source = m.source;
    const icc = m.get('55');
    return {
      kind,
      mti,
      message: m,
      tid: need(m, '41', 'the terminal id'),
      mid: need(m, '42', 'the merchant id'),
      stan: need(m, '11', 'the STAN'),
      batch: text(m, '60.2') ?? '',
      typeCode,
      networkCode,
      processingCode: text(m, '3') ?? '',
      amount: amountText === undefined ? undefined : fromAmountField(amountText),
      currency: text(m, '49') ?? '156',
      pan: text(m, '2'),
      expiry: text(m, '14'),
      track2: text(m, '35'),
      track3: text(m, '36'),
      tracksEnciphered: de53.charAt(2) === '1',
      pin: pinBlock instanceof Uint8Array ? { block: pinBlock, withPan: de53.charAt(0) !== '2', doubleLength: de53.charAt(1) === '6' } : undefined,
      entryMode: text(m, '22') ?? '',
      fallback: text(m, '60.5') === '2',
      paymentCode: paymentCodeOf(text(m, '59')),
      cardSequence: text(m, '23'),
      icc: Array.isArray(icc) ? (icc as readonly TlvValueNode[]) : undefined,
      original: {
        ...optional('batch', text(m, '61.1')),
        ...optional('stan', text(m, '61.2')),
        ...optional('date', text(m, '61.3')),
        ...optional('rrn', text(m, '37')),
        ...optional('authCode', text(m, '38')),
      },
      reversalReason: mti === '0400' ? text(m, '39') : undefined,
      additionalData: text(m, '48'),
      mac:
        mac instanceof Uint8Array && source !== undefined
          ? { value: mac, data: source.subarray(TPDU + HEADER, m.consumed - MAC_LENGTH) }
          : undefined,
    };
  },

  respond(req: HostRequest, a: HostAnswer, options: { readonly mac: boolean }): IsoMessage {
    const q = req.message;
    const r = this.codec.create(responseMti(req.mti));
    r.setHeader('tpdu', replyTpduBytes(q.getHeader('tpdu') as Uint8Array));
    r.setHeader('header', q.getHeader('header') as Uint8Array);
    const pan = a.pan ?? req.pan;
    if (pan !== undefined) r.set(2, pan);
    copy(q, r, '3');
    copy(q, r, '4');
    r.set(11, req.stan);
    r.set(12, a.localTime);
    r.set(13, a.localDate);
    copy(q, r, '14');
    if (a.settlementDate !== undefined) r.set(15, a.settlementDate);
    copy(q, r, '25');
    r.set(32, a.acquirer);
    if (a.rrn !== undefined) r.set(37, a.rrn);
    if (a.authCode !== undefined) r.set(38, a.authCode);
    r.set(39, a.code);
    r.set(41, req.tid);
    r.set(42, req.mid);
    if (a.issuer !== undefined) r.set(44, a.issuer.padEnd(11, ' ') + a.acquirer.padEnd(11, ' '));
    if (a.additionalData !== undefined) r.set(48, a.additionalData);
    copy(q, r, '49');
    copy(q, r, '53');
    if (a.balance !== undefined) r.set(54, encodeCupBalance({ accountType: a.balance.accountKind === 'debit' ? '10' : '30', amountType: '02', currency: a.balance.currency, amount: a.balance.available }));
    if (a.icc !== undefined && a.icc.length > 0) r.set(55, a.icc as FieldValue);
    const de60 = q.get(60);
    if (de60 !== undefined) r.set(60, a.batch === undefined ? de60 : { ...(de60 as Record<string, FieldValue>), '2': a.batch });
    if (a.workingKeys !== undefined) r.set(62, a.workingKeys);
    if (a.cardOrganisation !== undefined) r.set('63.1', a.cardOrganisation);
    if (options.mac) r.set(64, new Uint8Array(MAC_LENGTH));
    return r;
  },

  formatError(partial: IsoMessage | undefined, a: HostAnswer): IsoMessage | undefined {
    if (partial === undefined) return undefined;
    const tid = text(partial, '41');
    const stan = text(partial, '11');
    let mti: string;
    try {
      mti = responseMti(partial.mti);
    } catch {
      return undefined;
    }
    if (tid === undefined || stan === undefined) return undefined;
    const r = this.codec.create(mti);
    const tpdu = partial.getHeader('tpdu');
    if (tpdu instanceof Uint8Array && tpdu.length === TPDU) r.setHeader('tpdu', replyTpduBytes(tpdu));
    r.set(11, stan).set(12, a.localTime).set(13, a.localDate).set(39, a.code).set(41, tid);
    const mid = text(partial, '42');
    if (mid !== undefined) r.set(42, mid);
    return r;
  },

  macData(payload: Uint8Array): Uint8Array {
    return payload.subarray(TPDU + HEADER, payload.length - MAC_LENGTH);
  },

  sealMac(payload: Uint8Array, mac: Uint8Array): void {
    payload.set(mac.subarray(0, MAC_LENGTH), payload.length - MAC_LENGTH);
  },

  readdress(response: Uint8Array, request: Uint8Array): Uint8Array {
    const out = response.slice();
    if (request.length >= TPDU && out.length >= TPDU) out.set(replyTpduBytes(request.subarray(0, TPDU)), 0);
    return out;
  },
};

/** The answer's TPDU: the request's with source and destination swapped. */
function replyTpduBytes(t: Uint8Array): Uint8Array {
  return encodeTpdu(replyTpdu(decodeTpdu(t, 0)));
}

/** DE 59 usage A3 (scanned payment code): 'A3' + n3 length + the code. */
function paymentCodeOf(de59: string | undefined): string | undefined {
  if (de59 === undefined || !de59.startsWith('A3')) return undefined;
  const n = Number(de59.slice(2, 5));
  const code = de59.slice(5, 5 + n);
  if (!Number.isInteger(n) || code.length !== n) invalid('DE 59 usage A3 is A3, a 3-digit length and the payment code', 'DE59');
  return code;
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

function copy(from: IsoMessage, to: IsoMessage, path: string): void {
  const v = from.get(path);
  if (v !== undefined) to.set(path, v);
}
