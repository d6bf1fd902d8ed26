/**
 * Values carried inside UnionPay POS fields, shared by the terminal and the host: DE 48 of the
 * settlement (结算) and of the batch upload (批上送), DE 54 (balance), and the DE 62 layout of the
 * sign-on answer's working keys. The layouts are those of the CUP POS terminal specification as
 * public terminal code implements it (see docs/iso8583-dialects.md, "UnionPay field values").
 */
import { fail, fromAmountField, hex, toAmountField, toHex } from '../../core/index';

/** Totals of one card class (domestic or foreign) in a settlement's DE 48. */
export interface CupClassTotals {
  /** Money taken from cardholders: purchases and completions, net of voids (minor units). */
  readonly debitAmount: bigint;
  readonly debitCount: number;
  /** Money returned to cardholders: refunds. */
  readonly creditAmount: bigint;
  readonly creditCount: number;
  /** The result digit: 0 in a request; in the answer 1 balanced, 2 unbalanced, 3 error. */
  readonly result: '0' | '1' | '2' | '3';
}

/** DE 48 of a settlement: domestic then foreign. */
export interface CupSettlementTotals {
  readonly domestic: CupClassTotals;
  readonly foreign: CupClassTotals;
}

function bad(message: string, path: string, offset?: number): never {
  return fail('ISO8583_FIELD_VALUE_INVALID', message, { path, ...(offset === undefined ? {} : { offset }) });
}

function count(n: number, digits: number, path: string): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** digits) bad(`a count is 0..${10 ** digits - 1}`, path);
  return String(n).padStart(digits, '0');
}

function classText(t: CupClassTotals, path: string): string {
  return toAmountField(t.debitAmount) + count(t.debitCount, 3, `${path}.debitCount`) + toAmountField(t.creditAmount) + count(t.creditCount, 3, `${path}.creditCount`) + t.result;
}

/**
 * DE 48 of a settlement (0500 / 0510): for domestic then foreign cards, debit amount n12, debit
 * count n3, credit amount n12, credit count n3 and a result digit (62 digits).
 *
 * @example
 * ```ts
 * encodeCupSettlementTotals({ domestic: { debitAmount: 150000n, debitCount: 2, creditAmount: 0n, creditCount: 0, result: '0' }, foreign: zero });
 * // '000000150000002000000000000000' + '0' + '0000000000000000000000000000000'
 * ```
 */
export function encodeCupSettlementTotals(t: CupSettlementTotals): string {
  return classText(t.domestic, 'domestic') + classText(t.foreign, 'foreign');
}

function readClass(s: string, at: number, path: string): CupClassTotals {
  const result = s.charAt(at + 30);
  if (result !== '0' && result !== '1' && result !== '2' && result !== '3') bad('the result digit is 0, 1, 2 or 3', `${path}.result`, at + 30);
  return {
    debitAmount: fromAmountField(s.slice(at, at + 12)),
    debitCount: Number(s.slice(at + 12, at + 15)),
    creditAmount: fromAmountField(s.slice(at + 15, at + 27)),
    creditCount: Number(s.slice(at + 27, at + 30)),
    result,
  };
}

/** Decode a settlement's DE 48 (62 digits). */
export function decodeCupSettlementTotals(s: string): CupSettlementTotals {
  if (typeof s !== 'string' || !/^\d{62}$/.test(s)) bad('settlement totals are 62 digits (domestic then foreign: n12 n3 n12 n3 n1)', 'DE48');
  return { domestic: readClass(s, 0, 'DE48.domestic'), foreign: readClass(s, 31, 'DE48.foreign') };
}

/** One record of a magnetic-stripe batch upload (0320, 60.3 = 201). */
export interface CupUploadRecord {
  /** 00 domestic, 01 foreign. */
  readonly organisation: '00' | '01';
  readonly stan: string;
  readonly pan: string;
  readonly amount: bigint;
}

/** At most this many records per 0320 (201). */
export const CUP_UPLOAD_RECORDS_PER_MESSAGE = 8;

/**
 * DE 48 of a magnetic-stripe batch upload: n2 record count, then per record card organisation n2
 * (00 domestic / 01 foreign), trace n6, PAN n20 zero-padded on the left, amount n12.
 *
 * @example
 * ```ts
 * encodeCupUploadRecords([{ organisation: '00', stan: '000123', pan: '6225880000000001', amount: 10000n }]);
 * // '01' + '00' + '000123' + '00006225880000000001' + '000000010000'
 * ```
 */
export function encodeCupUploadRecords(records: readonly CupUploadRecord[]): string {
  if (records.length < 1 || records.length > CUP_UPLOAD_RECORDS_PER_MESSAGE) bad(`a batch upload carries 1 to ${CUP_UPLOAD_RECORDS_PER_MESSAGE} records`, 'DE48');
  let s = count(records.length, 2, 'DE48.count');
  records.forEach((r, i) => {
    if (!/^\d{6}$/.test(r.stan)) bad('a trace number is 6 digits', `DE48[${i}].stan`);
    if (!/^\d{1,20}$/.test(r.pan)) bad('a PAN is 1 to 20 digits', `DE48[${i}].pan`);
    s += r.organisation + r.stan + r.pan.padStart(20, '0') + toAmountField(r.amount);
  });
  return s;
}

/** Decode a magnetic-stripe batch upload's DE 48. */
export function decodeCupUploadRecords(s: string): CupUploadRecord[] {
  if (typeof s !== 'string' || !/^\d{2}(?:\d{40})*$/.test(s)) bad('upload records are n2 count + 40 digits per record', 'DE48');
  const n = Number(s.slice(0, 2));
  if (s.length !== 2 + 40 * n) bad(`the count says ${n} records, the field holds ${(s.length - 2) / 40}`, 'DE48', 0);
  const out: CupUploadRecord[] = [];
  for (let i = 0; i < n; i++) {
    const at = 2 + 40 * i;
    const org = s.slice(at, at + 2);
    if (org !== '00' && org !== '01') bad('the card organisation is 00 (domestic) or 01 (foreign)', `DE48[${i}].organisation`, at);
    out.push({ organisation: org, stan: s.slice(at + 2, at + 8), pan: s.slice(at + 8, at + 28).replace(/^0+/, ''), amount: fromAmountField(s.slice(at + 28, at + 40)) });
  }
  return out;
}

/** DE 54 of a balance answer. */
export interface CupBalance {
  /** Account type: 10 savings / debit, 30 credit. */
  readonly accountType: string;
  /** Amount type: 01 ledger balance, 02 available balance. */
  readonly amountType: string;
  /** ISO 4217 numeric. */
  readonly currency: string;
  /** Signed minor units (sign D is negative). */
  readonly amount: bigint;
}

/**
 * DE 54: account type n2, amount type n2, currency n3, sign C/D, amount n12 (20 characters).
 *
 * @example
 * ```ts
 * encodeCupBalance({ accountType: '10', amountType: '02', currency: '156', amount: 1000000n }); // '1002156C000001000000'
 * ```
 */
export function encodeCupBalance(b: CupBalance): string {
  if (!/^\d{2}$/.test(b.accountType) || !/^\d{2}$/.test(b.amountType) || !/^\d{3}$/.test(b.currency)) bad('account type n2, amount type n2, currency n3', 'DE54');
  const abs = b.amount < 0n ? -b.amount : b.amount;
  return `${b.accountType}${b.amountType}${b.currency}${b.amount < 0n ? 'D' : 'C'}${toAmountField(abs)}`;
}

/** Decode DE 54. */
export function decodeCupBalance(s: string): CupBalance {
  if (typeof s !== 'string' || !/^\d{7}[CD]\d{12}$/.test(s)) bad('DE 54 is account type n2, amount type n2, currency n3, sign C/D and amount n12', 'DE54');
  const amount = fromAmountField(s.slice(8, 20));
  return { accountType: s.slice(0, 2), amountType: s.slice(2, 4), currency: s.slice(4, 7), amount: s.charAt(7) === 'D' ? -amount : amount };
}

/** UnionPay sign-on key scheme (60.3): 001 single-length, 003 double-length, 004 with a track key. */
export type CupKeyScheme = '001' | '003' | '004';

/** One key of DE 62 in a sign-on answer. */
export interface CupKeySlot {
  readonly key: 'pik' | 'mak' | 'tdk';
  /** Bytes of the enciphered key. */
  readonly length: number;
  /** Bytes the slot takes before its check value (a single-length MAK under 003 is padded to 16 with zeros). */
  readonly width: number;
}

/** Bytes of the check value after each key. */
export const CUP_KEY_CHECK_VALUE_LENGTH = 4;

/**
 * The DE 62 layout of an 0810 (CUP POS terminal specification, sign-on): 001 = PIK (8) ‖ KCV ‖
 * MAK (8) ‖ KCV (24 bytes); 003 = PIK (16) ‖ KCV ‖ MAK (8 + 8 zero bytes, or 16) ‖ KCV (40
 * bytes); 004 = 003 ‖ TDK (16) ‖ KCV (60 bytes). The KCV is the first 4 bytes of the clear key
 * enciphering 8 zero bytes.
 *
 * @example
 * ```ts
 * cupWorkingKeyLayout('003').map((s) => s.width + 4); // [20, 20]
 * ```
 */
export function cupWorkingKeyLayout(scheme: CupKeyScheme, options: { readonly doubleLengthMak?: boolean } = {}): readonly CupKeySlot[] {
  switch (scheme) {
    case '001':
      return [
        { key: 'pik', length: 8, width: 8 },
        { key: 'mak', length: 8, width: 8 },
      ];
    case '003':
    case '004': {
      const slots: CupKeySlot[] = [
        { key: 'pik', length: 16, width: 16 },
        { key: 'mak', length: options.doubleLengthMak ? 16 : 8, width: 16 },
      ];
      if (scheme === '004') slots.push({ key: 'tdk', length: 16, width: 16 });
      return slots;
    }
    default: {
      const never: never = scheme;
      return bad(`unknown key scheme ${String(never)}`, 'DE60.3');
    }
  }
}

/** What track encryption needs of a security module (a `cardwire/crypto` SecurityModule fits). */
export interface TrackDataCipher {
  encryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array>;
  decryptData(keyRef: string, data: Uint8Array): Promise<Uint8Array>;
}

/** Tracks shorter than this travel in the clear. */
const TRACK_CIPHER_MIN = 17;

async function trackCipher(sm: TrackDataCipher, keyRef: string, track: string, direction: 'encrypt' | 'decrypt'): Promise<string> {
  if (!/^[0-9A-F]*$/i.test(track)) bad('track data are hex nibbles (digits and D)', 'DE35');
  if (track.length < TRACK_CIPHER_MIN) return track;
  const end = track.length - 1;
  const start = end - 16;
  const block = hex(track.slice(start, end));
  const out = direction === 'encrypt' ? await sm.encryptData(keyRef, block) : await sm.decryptData(keyRef, block);
  return track.slice(0, start) + toHex(out) + track.slice(end);
}

/**
 * UnionPay track encryption (CUP POS terminal specification, 磁道加密, key scheme 004): the 16
 * characters that end one before the track's last character are packed into 8 bytes and
 * enciphered ECB with the track data key (TDK); the rest stays in the clear, and 53.3 = 1 says so.
 * Tracks of fewer than 17 characters are sent in the clear.
 *
 * @example
 * ```ts
 * await cupEncipherTrack(sm, 'tdk', '6225880000000001D2812120309000000');
 * // '6225880000000' + 16 enciphered hex digits + '0'
 * ```
 */
export function cupEncipherTrack(sm: TrackDataCipher, keyRef: string, track: string): Promise<string> {
  return trackCipher(sm, keyRef, track, 'encrypt');
}

/** The host side of {@link cupEncipherTrack}. */
export function cupDecipherTrack(sm: TrackDataCipher, keyRef: string, track: string): Promise<string> {
  return trackCipher(sm, keyRef, track, 'decrypt');
}

/** UnionPay response codes (DE 39) with their Chinese and English texts, as a terminal shows them. */
export const CUP_RESPONSE_CODES: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  '00': { zh: '承兑或交易成功', en: 'Approved' },
  '03': { zh: '无效商户', en: 'Invalid merchant' },
  '05': { zh: '不予承兑', en: 'Do not honour' },
  '12': { zh: '无效交易', en: 'Invalid transaction' },
  '13': { zh: '无效金额', en: 'Invalid amount' },
  '14': { zh: '无效卡号', en: 'Invalid card number' },
  '25': { zh: '找不到原始交易', en: 'Unable to locate original transaction' },
  '30': { zh: '报文格式错误', en: 'Format error' },
  '40': { zh: '请求的功能尚不支持', en: 'Function not supported' },
  '41': { zh: '挂失卡', en: 'Lost card, pick up' },
  '43': { zh: '被窃卡', en: 'Stolen card, pick up' },
  '45': { zh: '不允许降级交易', en: 'Fallback not allowed, use the chip' },
  '51': { zh: '无足够的存款', en: 'Insufficient funds' },
  '54': { zh: '过期的卡', en: 'Expired card' },
  '55': { zh: '密码错', en: 'Incorrect PIN' },
  '61': { zh: '超出金额限制', en: 'Exceeds amount limit' },
  '62': { zh: '受限制的卡', en: 'Restricted card' },
  '64': { zh: '原始金额错误', en: 'Original amount incorrect' },
  '75': { zh: '允许的输入PIN次数超限', en: 'PIN tries exceeded' },
  '77': { zh: '需要向网络中心签到', en: 'Sign on again' },
  '94': { zh: '重复交易', en: 'Duplicate transmission' },
  '96': { zh: '系统异常', en: 'System malfunction' },
  '97': { zh: '终端未登记', en: 'Terminal not registered' },
  '99': { zh: 'PIN格式错', en: 'PIN block error' },
  A0: { zh: 'MAC校验错', en: 'MAC error' },
};

/**
 * The text of a response code, in Chinese and English (`'05 不予承兑 Do not honour'`), or the
 * code alone when UnionPay's table does not have it.
 *
 * @example
 * ```ts
 * cupResponseText('51', 'en'); // 'Insufficient funds'
 * ```
 */
export function cupResponseText(code: string, language: 'zh' | 'en'): string {
  const t = CUP_RESPONSE_CODES[code];
  if (!t) return language === 'zh' ? `交易失败 Declined (${code})` : `Declined (${code})`;
  return language === 'zh' ? `${t.zh} ${t.en}` : t.en;
}
