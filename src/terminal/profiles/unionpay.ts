/**
 * The UnionPay POS message rules of the terminal: MTI, DE 3, DE 25, 60.1 and DE 61 per
 * transaction, DE 22 per entry, DE 53 for PIN and track security, the reversal as a copy of the
 * original without DE 35/36/52/26/53, and the response MAC. The same table as the host's profile
 * (docs/terminal.md, "message flows"); a second network is a second profile.
 */
import { fail, hex, toAmountField } from '../../core/index';
import {
  dialect,
  type FieldValue,
  type IsoMessage,
  type MessageCodec,
  type TlvValueNode,
} from '../../iso8583/index';
import type { CardEntry, TerminalTransactionKind } from '../state';

/** The cup codec. */
export const cupCodec: MessageCodec = dialect('cup').codec;

const MAC_LENGTH = 8;
const PAYLOAD_OFFSET = 11;

/** Per transaction: MTI, processing code, condition code, 60.1. */
export const CUP_TRANSACTIONS: Readonly<Record<TerminalTransactionKind, { readonly mti: string; readonly processingCode: string; readonly condition: string; readonly type: string }>> = {
  purchase: { mti: '0200', processingCode: '000000', condition: '00', type: '22' },
  balance: { mti: '0200', processingCode: '310000', condition: '00', type: '01' },
  void: { mti: '0200', processingCode: '200000', condition: '00', type: '23' },
  completion: { mti: '0200', processingCode: '000000', condition: '06', type: '20' },
  'completion-void': { mti: '0200', processingCode: '200000', condition: '06', type: '21' },
  transfer: { mti: '0200', processingCode: '400000', condition: '00', type: '49' },
  preauth: { mti: '0100', processingCode: '030000', condition: '06', type: '10' },
  'preauth-void': { mti: '0100', processingCode: '200000', condition: '06', type: '11' },
  refund: { mti: '0220', processingCode: '200000', condition: '00', type: '25' },
  'completion-advice': { mti: '0220', processingCode: '000000', condition: '06', type: '24' },
  'offline-purchase': { mti: '0220', processingCode: '000000', condition: '00', type: '22' },
};

/** DE 22 positions 1-2 per entry (CUP: 01 manual, 02 swipe, 03 bar code, 05 chip, 07 contactless). */
const ENTRY_MODE: Readonly<Record<CardEntry, string>> = { manual: '01', swipe: '02', fallback: '02', qr: '03', insert: '05', tap: '07' };

/** DE 22: entry mode + PIN capability (1 PIN entered, 2 no PIN). */
export function entryModeOf(entry: CardEntry, pinEntered: boolean): string {
  return ENTRY_MODE[entry] + (pinEntered ? '1' : '2');
}

/** Who sends: the terminal's identity and counters. */
export interface RequestIdentity {
  readonly tid: string;
  readonly mid: string;
  readonly stan: string;
  readonly batch: string;
  readonly operator: string;
  readonly tpdu: string;
  readonly header: string;
  readonly currency: string;
}

function base(id: RequestIdentity, mti: string): IsoMessage {
  const m = cupCodec.create(mti);
  m.setHeader('tpdu', hex(id.tpdu));
  m.setHeader('header', hex(id.header));
  return m;
}

function field60(type: string, batch: string, network: string, extra = ''): Record<string, string> {
  const v: Record<string, string> = { '1': type, '2': batch, '3': network };
  if (extra.length >= 1) v['4'] = extra.charAt(0);
  if (extra.length >= 2) v['5'] = extra.charAt(1);
  return v;
}

function operatorField(op: string): Record<string, string> {
  return { '1': op.padEnd(3, ' ').slice(0, 3) };
}

/** 0800 sign-on (60.1 00, 60.3 = key scheme). */
export function signOnRequest(id: RequestIdentity, scheme: '001' | '003' | '004'): IsoMessage {
  return base(id, '0800').set(11, id.stan).set(41, id.tid).set(42, id.mid).set(60, field60('00', id.batch, scheme)).set(63, operatorField(id.operator));
}

/** 0820 sign-off (002) or echo (301). */
export function networkRequest(id: RequestIdentity, code: '002' | '301'): IsoMessage {
  return base(id, '0820').set(11, id.stan).set(41, id.tid).set(42, id.mid).set(60, field60('00', id.batch, code));
}

/** The card data of a financial request. */
export interface RequestCard {
  readonly entry: CardEntry;
  readonly pan: string;
  readonly expiry?: string;
  /** Track 2 / 3 as sent (enciphered with the TDK already when `tracksEnciphered`). */
  readonly track2?: string;
  readonly track3?: string;
  readonly tracksEnciphered: boolean;
  readonly cardSequence?: string;
  /** The payment code of a QR payment. */
  readonly paymentCode?: string;
}

/** The rest of a financial request. */
export interface FinancialData {
  readonly kind: TerminalTransactionKind;
  readonly amount?: bigint;
  readonly card: RequestCard;
  readonly pinBlock?: Uint8Array;
  /** The PIN key is double length (53.2 = 6). */
  readonly pinKeyDoubleLength: boolean;
  readonly original?: { readonly batch?: string; readonly stan?: string; readonly date?: string; readonly rrn?: string; readonly authCode?: string };
  /** DE 55: TLV nodes, or the BER-TLV bytes the EMV kernel built. */
  readonly icc?: readonly TlvValueNode[] | Uint8Array;
  /** Transfer: the transferee's PAN (DE 48). */
  readonly transferTo?: string;
}

/** A 0200 / 0100 / 0220 request, MAC field zeroed (sealed by {@link sealMac}). */
export function financialRequest(id: RequestIdentity, d: FinancialData): IsoMessage {
  const t = CUP_TRANSACTIONS[d.kind];
  const m = base(id, t.mti);
  const c = d.card;
  const sendPan = c.entry === 'manual' || c.entry === 'insert' || c.entry === 'tap' || c.track2 === undefined;
  if (sendPan && c.paymentCode === undefined) m.set(2, c.pan);
  m.set(3, t.processingCode);
  if (d.amount !== undefined) m.set(4, toAmountField(d.amount));
  m.set(11, id.stan);
  if (c.expiry !== undefined && sendPan && c.paymentCode === undefined) m.set(14, c.expiry);
  m.set(22, entryModeOf(c.entry, d.pinBlock !== undefined));
  if (c.cardSequence !== undefined) m.set(23, c.cardSequence.padStart(3, '0'));
  m.set(25, t.condition);
  if (d.pinBlock) m.set(26, '12');
  if (c.track2 !== undefined) m.set(35, c.track2);
  if (c.track3 !== undefined) m.set(36, c.track3);
  const o = d.original;
  if (o?.rrn !== undefined && o.rrn !== '') m.set(37, o.rrn);
  if (o?.authCode !== undefined && o.authCode !== '') m.set(38, o.authCode);
  m.set(41, id.tid);
  m.set(42, id.mid);
  if (d.transferTo !== undefined) m.set(48, d.transferTo);
  m.set(49, id.currency);
  if (d.pinBlock) m.set(52, d.pinBlock);
  if (d.pinBlock || c.track2 !== undefined) m.set(53, `${d.pinBlock ? '1' : '0'}${d.pinKeyDoubleLength ? '6' : '0'}${c.tracksEnciphered ? '1' : '0'}0000000000000`);
  if (d.icc && d.icc.length > 0) m.set(55, d.icc as FieldValue);
  if (c.paymentCode !== undefined) m.set(59, `A3${String(c.paymentCode.length).padStart(3, '0')}${c.paymentCode}`);
  m.set(60, field60(t.type, id.batch, '000', `6${c.entry === 'fallback' ? '2' : '0'}`));
  if (o && (o.batch !== undefined || o.stan !== undefined || o.date !== undefined)) {
    const f61: Record<string, string> = { '1': o.batch ?? '000000', '2': o.stan ?? '000000' };
    if (o.date !== undefined) f61['3'] = o.date;
    m.set(61, f61);
  }
  m.set(63, operatorField(id.operator));
  m.set(64, new Uint8Array(MAC_LENGTH));
  return m;
}

/**
 * The reversal (0400) of a request: a copy without DE 35, 36, 52, 26, 53 and the MAC, with the
 * reason in DE 39 (98 no answer, A0 bad response MAC, 96 approved but not completed, 06 other).
 */
export function reversalRequest(request: IsoMessage, reason: string): IsoMessage {
  const m = cupCodec.create('0400');
  m.setHeader('tpdu', request.getHeader('tpdu') as Uint8Array);
  m.setHeader('header', request.getHeader('header') as Uint8Array);
  for (const n of request.fieldNumbers()) {
    if (n === 35 || n === 36 || n === 52 || n === 26 || n === 53 || n === 64) continue;
    m.set(n, request.get(n)!);
  }
  m.set(39, reason);
  m.set(64, new Uint8Array(MAC_LENGTH));
  return m;
}

/** 0500 settlement: DE 48 totals, 60.3 201. */
export function settlementRequest(id: RequestIdentity, totals: string): IsoMessage {
  return base(id, '0500').set(11, id.stan).set(41, id.tid).set(42, id.mid).set(48, totals).set(49, id.currency).set(60, field60('00', id.batch, '201')).set(63, operatorField(id.operator)).set(64, new Uint8Array(MAC_LENGTH));
}

/** 0320 batch upload: a record list (201), an end (207 / 202), or one item with its own fields. */
export function uploadRequest(id: RequestIdentity, network: string, fields: { readonly de48?: string; readonly item?: IsoMessage; readonly typeCode?: string }): IsoMessage {
  const m = base(id, '0320');
  if (fields.item) {
    for (const n of fields.item.fieldNumbers()) {
      if (n === 35 || n === 36 || n === 52 || n === 26 || n === 53 || n === 64 || n === 60 || n === 63) continue;
      m.set(n, fields.item.get(n)!);
    }
  }
  m.set(11, id.stan).set(41, id.tid).set(42, id.mid);
  if (fields.de48 !== undefined) m.set(48, fields.de48);
  m.set(60, field60(fields.typeCode ?? '00', id.batch, network));
  m.set(64, new Uint8Array(MAC_LENGTH));
  return m;
}

/** The bytes the UnionPay MAC covers: MTI to the byte before DE 64. */
export function macData(payload: Uint8Array): Uint8Array {
  return payload.subarray(PAYLOAD_OFFSET, payload.length - MAC_LENGTH);
}

/** Write the MAC into a packed payload whose last field is DE 64. */
export function sealMac(payload: Uint8Array, mac: Uint8Array): void {
  if (mac.length < MAC_LENGTH) fail('INVALID_ARGUMENT', 'a UnionPay MAC is 8 bytes', { path: 'DE64' });
  payload.set(mac.subarray(0, MAC_LENGTH), payload.length - MAC_LENGTH);
}

/** What the terminal reads from an answer. */
export interface ParsedAnswer {
  readonly mti: string;
  readonly code: string;
  readonly stan: string;
  readonly tid: string;
  /** DE 2 of the answer (a QR payment learns its card here). */
  readonly pan: string | undefined;
  readonly rrn: string;
  readonly authCode: string;
  readonly hostDate: string;
  readonly hostTime: string;
  readonly cardOrganisation: string;
  readonly balance: string | undefined;
  readonly icc: readonly TlvValueNode[] | undefined;
  readonly additionalData: string | undefined;
  readonly batch: string | undefined;
  readonly workingKeys: Uint8Array | undefined;
  readonly mac: Uint8Array | undefined;
  readonly message: IsoMessage;
}

function text(m: IsoMessage, path: string | number): string | undefined {
  const v = m.get(path);
  return typeof v === 'string' ? v : undefined;
}

/** Read an answer. */
export function parseAnswer(m: IsoMessage): ParsedAnswer {
  const icc = m.get(55);
  const keys = m.get(62);
  const mac = m.get(64);
  return {
    mti: m.mti,
    code: text(m, 39) ?? '',
    stan: text(m, 11) ?? '',
    tid: text(m, 41) ?? '',
    pan: text(m, 2),
    rrn: text(m, 37) ?? '',
    authCode: text(m, 38) ?? '',
    hostDate: text(m, 13) ?? '',
    hostTime: text(m, 12) ?? '',
    cardOrganisation: (text(m, '63.1') ?? '').trim(),
    balance: text(m, 54),
    icc: Array.isArray(icc) ? (icc as readonly TlvValueNode[]) : undefined,
    additionalData: text(m, 48),
    batch: text(m, '60.2'),
    workingKeys: keys instanceof Uint8Array ? keys : undefined,
    mac: mac instanceof Uint8Array ? mac : undefined,
    message: m,
  };
}

/** One masked line of a message on the wire (the POS day screens and the CLI log). */
export function wireLine(direction: '→' | '←', m: IsoMessage): string {
  const parts = [`${direction} ${m.mti}`];
  const stan = text(m, 11);
  if (stan) parts.push(`STAN ${stan}`);
  const type = text(m, '60.1');
  const net = text(m, '60.3');
  if (type) parts.push(`60.1 ${type}`);
  if (net && net !== '000') parts.push(`60.3 ${net}`);
  const amount = text(m, 4);
  if (amount) parts.push(`amount ${amount}`);
  const pan = text(m, 2);
  if (pan) parts.push(`PAN ${pan.slice(0, 6)}${'*'.repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`);
  if (m.has(35)) parts.push('track2 ****');
  if (m.has(52)) parts.push('PIN ****');
  if (m.has(55)) parts.push('DE55 ****');
  const code = text(m, 39);
  if (code) parts.push(`39=${code}`);
  if (m.has(64)) parts.push('MAC');
  return parts.join('  ');
}
