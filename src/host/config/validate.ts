/**
 * Validate a host configuration (parsed JSON) into the form the host runs on. Every error is a
 * `HOST_CONFIG_INVALID` (or `HOST_KEY_INVALID`) whose path is the JSON member (`cards[2].pin.offset`)
 * and whose message says what was expected; no key, PAN or PIN value is ever quoted.
 */
import { constantTimeEqual, currency, fail, findCurrency, hex, isLuhnValid, luhnCheckDigit, parseAmount, type Currency } from '../../core/index';
import { CRYPTOGRAM_VERSIONS, defaultBackend, type CryptogramVersion } from '../../crypto/index';
import { decodeTlv } from '../../emv/index';
import type {
  CardStatus,
  FaultJson,
  HostCard,
  HostConfig,
  HostKey,
  HostRule,
  HostTerminal,
  KeyScheme,
} from './types';

/** Options of {@link validateHostConfig}. */
export interface ValidateHostConfigOptions {
  /**
   * The local master key (double-length TDES) that enciphered keys in the file are under; needed
   * only when the file has `{ lmk, kcv }` keys.
   */
  readonly lmk?: Uint8Array;
}

type Json = unknown;

function bad(path: string, expected: string): never {
  return fail('HOST_CONFIG_INVALID', `expected ${expected}`, { path });
}

function obj(v: Json, path: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object');
  return v as Record<string, Json>;
}

function only(o: Record<string, Json>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(path === '' ? k : `${path}.${k}`, `no member "${k}" here (allowed: ${allowed.join(', ')})`);
}

function str(v: Json, path: string, pattern?: RegExp, what?: string): string {
  if (typeof v !== 'string') bad(path, what ?? 'text');
  if (pattern && !pattern.test(v)) bad(path, what ?? `text matching ${pattern.source}`);
  return v;
}

function optStr(v: Json, path: string, pattern?: RegExp, what?: string): string | undefined {
  return v === undefined ? undefined : str(v, path, pattern, what);
}

function int(v: Json, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(path, `an integer ${min}..${max}`);
  return v;
}

function bool(v: Json, path: string): boolean {
  if (typeof v !== 'boolean') bad(path, 'true or false');
  return v;
}

function arr(v: Json, path: string): readonly Json[] {
  if (!Array.isArray(v)) bad(path, 'a list');
  return v;
}

const DIGITS = (n: number | [number, number]) => new RegExp(typeof n === 'number' ? `^\\d{${n}}$` : `^\\d{${n[0]},${n[1]}}$`);
const HEX = /^(?:[0-9A-Fa-f]{2})+$/;

/** Decode a key member: clear hex, or `{ lmk, kcv }` enciphered under the local master key. */
function key(v: Json, path: string, lengths: readonly number[], options: ValidateHostConfigOptions): HostKey {
  if (typeof v === 'string') {
    if (!HEX.test(v) || !lengths.includes(v.length / 2)) fail('HOST_KEY_INVALID', `expected clear hex of ${lengths.map((n) => n * 2).join(' or ')} characters`, { path });
    return { bytes: hex(v) };
  }
  const o = obj(v, path);
  only(o, path, ['lmk', 'kcv']);
  const enc = str(o['lmk'], `${path}.lmk`, HEX, 'hex of the key enciphered under the local master key');
  const kcv = str(o['kcv'], `${path}.kcv`, /^[0-9A-Fa-f]{4,16}$/, 'the key check value, 4 to 16 hex characters');
  if (!options.lmk) fail('HOST_LMK_MISSING', 'this key is enciphered under a local master key; set CARDWIRE_HOST_LMK', { path });
  if (!lengths.includes(enc.length / 2)) fail('HOST_KEY_INVALID', `expected a key of ${lengths.join(' or ')} bytes`, { path });
  if (options.lmk.length !== 16 && options.lmk.length !== 24) fail('HOST_KEY_INVALID', 'the local master key must be a double- or triple-length TDES key', { path: 'CARDWIRE_HOST_LMK' });
  const backend = defaultBackend();
  const lmk = backend.cipher('tdes', options.lmk);
  try {
    const clear = lmk.decrypt(hex(enc));
    const check = backend.cipher(clear.length === 8 ? 'des' : 'tdes', clear).encrypt(new Uint8Array(8));
    if (!constantTimeEqual(check.subarray(0, kcv.length / 2), hex(kcv))) {
      clear.fill(0);
      fail('HOST_KEY_INVALID', 'the key deciphered under the local master key does not match its check value', { path });
    }
    return { bytes: clear };
  } finally {
    lmk.destroy();
  }
}

function optKey(v: Json, path: string, lengths: readonly number[], options: ValidateHostConfigOptions): HostKey | undefined {
  return v === undefined ? undefined : key(v, path, lengths, options);
}

function terminal(v: Json, path: string, options: ValidateHostConfigOptions): HostTerminal {
  const o = obj(v, path);
  only(o, path, ['tid', 'mid', 'merchantName', 'tmk', 'keyScheme', 'batch', 'doubleLengthMak']);
  const keyScheme = (optStr(o['keyScheme'], `${path}.keyScheme`, /^00[134]$/, '"001", "003" or "004"') ?? '003') as KeyScheme;
  return {
    tid: str(o['tid'], `${path}.tid`, /^[\x20-\x7e]{8}$/, '8 printable characters (DE 41)'),
    mid: str(o['mid'], `${path}.mid`, /^[\x20-\x7e]{15}$/, '15 printable characters (DE 42)'),
    merchantName: str(o['merchantName'], `${path}.merchantName`),
    tmk: key(o['tmk'], `${path}.tmk`, keyScheme === '001' ? [8, 16] : [16], options),
    keyScheme,
    batch: optStr(o['batch'], `${path}.batch`, DIGITS(6), 'a 6-digit batch number') ?? '000001',
    doubleLengthMak: o['doubleLengthMak'] === undefined ? false : bool(o['doubleLengthMak'], `${path}.doubleLengthMak`),
  };
}

const STATUSES: readonly CardStatus[] = ['active', 'lost', 'stolen', 'expired', 'blocked'];

function money(text: Json, path: string, cur: Currency): bigint {
  const s = str(text, path, /^\d+(?:\.\d+)?$/, 'a non-negative decimal amount in major units, as text ("10000.00")');
  try {
    return parseAmount(s, cur, { path });
  } catch {
    return bad(path, `an amount with at most ${cur.exponent} decimals`);
  }
}

function currencyOf(v: Json, path: string): Currency {
  if (v === undefined) return currency('CNY');
  const s = str(v, path);
  const c = findCurrency(s);
  if (!c) bad(path, 'an ISO 4217 currency (alpha "CNY" or numeric "156")');
  return c;
}

function card(v: Json, path: string, options: ValidateHostConfigOptions): HostCard {
  const o = obj(v, path);
  only(o, path, ['pan', 'expiry', 'serviceCode', 'status', 'account', 'organisation', 'pin', 'pinRequired', 'cvv', 'emv', 'paymentCodes']);
  const pan = str(o['pan'], `${path}.pan`, DIGITS([12, 19]), '12 to 19 digits');
  if (!isLuhnValid(pan)) bad(`${path}.pan`, 'a PAN whose Luhn check digit is right');
  const a = obj(o['account'], `${path}.account`);
  const kind = str(a['kind'], `${path}.account.kind`, /^(?:debit|credit)$/, '"debit" or "credit"') as 'debit' | 'credit';
  only(a, `${path}.account`, ['kind', kind === 'debit' ? 'balance' : 'limit', 'currency']);
  const cur = currencyOf(a['currency'], `${path}.account.currency`);
  const opening = money(kind === 'debit' ? a['balance'] : a['limit'], `${path}.account.${kind === 'debit' ? 'balance' : 'limit'}`, cur);
  let pin: HostCard['pin'];
  if (o['pin'] !== undefined) {
    const p = obj(o['pin'], `${path}.pin`);
    const method = str(p['method'], `${path}.pin.method`, /^(?:ibm3624|visa-pvv)$/, '"ibm3624" or "visa-pvv"');
    if (method === 'ibm3624') {
      only(p, `${path}.pin`, ['method', 'pvk', 'offset', 'decimalisationTable', 'validationDataOffset', 'validationDataLength']);
      pin = {
        method,
        pvk: key(p['pvk'], `${path}.pin.pvk`, [8, 16, 24], options),
        offset: str(p['offset'], `${path}.pin.offset`, DIGITS([4, 12]), '4 to 12 offset digits'),
        decimalisationTable: optStr(p['decimalisationTable'], `${path}.pin.decimalisationTable`, DIGITS(16), '16 digits') ?? '0123456789012345',
        ...(p['validationDataOffset'] === undefined ? {} : { validationDataOffset: int(p['validationDataOffset'], `${path}.pin.validationDataOffset`, 0, 18) }),
        ...(p['validationDataLength'] === undefined ? {} : { validationDataLength: int(p['validationDataLength'], `${path}.pin.validationDataLength`, 1, 16) }),
      };
    } else {
      only(p, `${path}.pin`, ['method', 'pvk', 'pvki', 'pvv']);
      pin = {
        method: 'visa-pvv',
        pvk: key(p['pvk'], `${path}.pin.pvk`, [16], options),
        pvki: str(p['pvki'], `${path}.pin.pvki`, DIGITS(1), 'one digit'),
        pvv: str(p['pvv'], `${path}.pin.pvv`, DIGITS(4), '4 digits'),
      };
    }
  }
  let cvv: HostCard['cvv'];
  if (o['cvv'] !== undefined) {
    const c = obj(o['cvv'], `${path}.cvv`);
    only(c, `${path}.cvv`, ['cvk', 'offset']);
    cvv = { cvk: key(c['cvk'], `${path}.cvv.cvk`, [16], options), offset: c['offset'] === undefined ? 0 : int(c['offset'], `${path}.cvv.offset`, 0, 20) };
  }
  let emv: HostCard['emv'];
  if (o['emv'] !== undefined) {
    const e = obj(o['emv'], `${path}.emv`);
    only(e, `${path}.emv`, ['cvn', 'imkAc', 'imkSmi', 'imkSmc', 'panSequenceNumber', 'scripts', 'badCryptogramResponse']);
    const cvn = str(e['cvn'], `${path}.emv.cvn`);
    if (!Object.prototype.hasOwnProperty.call(CRYPTOGRAM_VERSIONS, cvn)) bad(`${path}.emv.cvn`, `one of ${Object.keys(CRYPTOGRAM_VERSIONS).join(', ')}`);
    let scriptBefore: Uint8Array | undefined;
    let scriptAfter: Uint8Array | undefined;
    if (e['scripts'] !== undefined) {
      const s = obj(e['scripts'], `${path}.emv.scripts`);
      only(s, `${path}.emv.scripts`, ['before', 'after']);
      scriptBefore = script(s['before'], `${path}.emv.scripts.before`, '71');
      scriptAfter = script(s['after'], `${path}.emv.scripts.after`, '72');
    }
    emv = {
      cvn: cvn as CryptogramVersion,
      imkAc: key(e['imkAc'], `${path}.emv.imkAc`, [16], options),
      imkSmi: optKey(e['imkSmi'], `${path}.emv.imkSmi`, [16], options),
      imkSmc: optKey(e['imkSmc'], `${path}.emv.imkSmc`, [16], options),
      panSequenceNumber: optStr(e['panSequenceNumber'], `${path}.emv.panSequenceNumber`, DIGITS(2), '2 digits') ?? '00',
      scriptBefore,
      scriptAfter,
      badCryptogramResponse: optStr(e['badCryptogramResponse'], `${path}.emv.badCryptogramResponse`, /^[0-9A-Z]{2}$/, 'a 2-character response code') ?? '05',
    };
  }
  return {
    pan,
    expiry: str(o['expiry'], `${path}.expiry`, /^\d{2}(?:0[1-9]|1[0-2])$/, 'YYMM'),
    serviceCode: str(o['serviceCode'], `${path}.serviceCode`, DIGITS(3), '3 digits'),
    status: (optStr(o['status'], `${path}.status`, new RegExp(`^(?:${STATUSES.join('|')})$`), STATUSES.map((s) => `"${s}"`).join(', ')) ?? 'active') as CardStatus,
    accountKind: kind,
    currency: cur,
    opening,
    organisation: optStr(o['organisation'], `${path}.organisation`, /^[A-Z0-9 ]{3}$/, '3 characters, as 63.1 carries them ("CUP", "VIS", "MCC")') ?? 'CUP',
    pin,
    pinRequired: o['pinRequired'] === undefined ? pin !== undefined : bool(o['pinRequired'], `${path}.pinRequired`),
    cvv,
    emv,
    paymentCodes: o['paymentCodes'] === undefined ? [] : arr(o['paymentCodes'], `${path}.paymentCodes`).map((c, i) => str(c, `${path}.paymentCodes[${i}]`, DIGITS([16, 24]), 'a payment code of 16 to 24 digits')),
  };
}

function script(v: Json, path: string, tag: '71' | '72'): Uint8Array | undefined {
  if (v === undefined) return undefined;
  const bytes = hex(str(v, path, HEX, `hex of a whole ${tag} template`));
  let nodes;
  try {
    nodes = decodeTlv(bytes, { path });
  } catch {
    return bad(path, `hex of a whole ${tag} template (BER-TLV)`);
  }
  if (nodes.length !== 1 || nodes[0]!.tag !== tag) bad(path, `one ${tag} template`);
  return bytes;
}

/** `*.51` → /^\d*\.51$/ over the amount in major units with the currency's decimals. */
function amountPattern(p: string, path: string): RegExp {
  if (!/^[0-9*?.]+$/.test(p)) bad(path, 'an amount pattern of digits, ".", "*" and "?"');
  return new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '\\d*').replace(/\?/g, '\\d')}$`);
}

const FAULTS = ['delay', 'no-answer', 'wrong-mac', 'garbage', 'close'];

function rule(v: Json, path: string, index: number): HostRule {
  const o = obj(v, path);
  only(o, path, ['name', 'when', 'respond', 'fault']);
  const w = obj(o['when'], `${path}.when`);
  only(w, `${path}.when`, ['amount', 'pan', 'tid', 'kinds']);
  let fault: FaultJson | undefined;
  if (o['fault'] !== undefined) {
    const f = obj(o['fault'], `${path}.fault`);
    const kind = str(f['kind'], `${path}.fault.kind`, new RegExp(`^(?:${FAULTS.join('|')})$`), FAULTS.map((k) => `"${k}"`).join(', '));
    if (kind === 'delay') {
      only(f, `${path}.fault`, ['kind', 'ms']);
      fault = { kind, ms: int(f['ms'], `${path}.fault.ms`, 0, 600_000) };
    } else {
      only(f, `${path}.fault`, ['kind']);
      fault = { kind } as FaultJson;
    }
  }
  const respond = optStr(o['respond'], `${path}.respond`, /^[0-9A-Z]{2}$/, 'a 2-character response code');
  if (respond === undefined && fault === undefined) bad(path, 'a rule with "respond", "fault" or both');
  const amount = optStr(w['amount'], `${path}.when.amount`);
  const kinds = w['kinds'] === undefined ? undefined : new Set(arr(w['kinds'], `${path}.when.kinds`).map((k, i) => str(k, `${path}.when.kinds[${i}]`)));
  return {
    name: optStr(o['name'], `${path}.name`) ?? `rule ${index + 1}`,
    amount: amount === undefined ? undefined : amountPattern(amount, `${path}.when.amount`),
    pan: optStr(w['pan'], `${path}.when.pan`, DIGITS([12, 19]), '12 to 19 digits'),
    tid: optStr(w['tid'], `${path}.when.tid`, /^[\x20-\x7e]{8}$/, '8 characters'),
    kinds,
    respond,
    fault,
  };
}

/**
 * Validate parsed JSON as a host configuration.
 *
 * @example
 * ```ts
 * validateHostConfig({ institution: { acquirer: '12345678' }, terminals: [], cards: [{ pan: '6225880000000002' }] });
 * // throws HOST_CONFIG_INVALID at cards[0].pan: expected a PAN whose Luhn check digit is right
 * ```
 */
export function validateHostConfig(json: unknown, options: ValidateHostConfigOptions = {}): HostConfig {
  const o = obj(json, '');
  only(o, '', ['$schema', 'institution', 'utcOffsetMinutes', 'terminals', 'terminalRanges', 'cards', 'cardRanges', 'rules', 'limits']);
  const inst = obj(o['institution'], 'institution');
  only(inst, 'institution', ['acquirer', 'forwarding', 'issuer']);
  const acquirer = str(inst['acquirer'], 'institution.acquirer', DIGITS([1, 11]), '1 to 11 digits (DE 32)');
  const terminals = new Map<string, HostTerminal>();
  arr(o['terminals'], 'terminals').forEach((t, i) => {
    const v = terminal(t, `terminals[${i}]`, options);
    if (terminals.has(v.tid)) bad(`terminals[${i}].tid`, 'a terminal id not used by an earlier terminal');
    terminals.set(v.tid, v);
  });
  if (o['terminalRanges'] !== undefined) {
    arr(o['terminalRanges'], 'terminalRanges').forEach((r, i) => {
      const path = `terminalRanges[${i}]`;
      const x = obj(r, path);
      only(x, path, ['tidPrefix', 'count', 'first', 'mid', 'merchantName', 'tmk', 'keyScheme']);
      const prefix = str(x['tidPrefix'], `${path}.tidPrefix`, /^[\x20-\x7e]{1,7}$/, '1 to 7 printable characters');
      const count = int(x['count'], `${path}.count`, 1, 100_000);
      const first = x['first'] === undefined ? 1 : int(x['first'], `${path}.first`, 0, 99_999_999);
      const digits = 8 - prefix.length;
      if (String(first + count - 1).length > digits) bad(`${path}.count`, `numbers that fit in the ${digits} characters after the prefix`);
      const template = terminal({ tid: `${prefix}${'0'.repeat(digits)}`, mid: x['mid'], merchantName: x['merchantName'], tmk: x['tmk'], ...(x['keyScheme'] === undefined ? {} : { keyScheme: x['keyScheme'] }) }, path, options);
      for (let k = 0; k < count; k++) {
        const tid = `${prefix}${String(first + k).padStart(digits, '0')}`;
        if (terminals.has(tid)) bad(`${path}.tidPrefix`, `terminal ids not used by another terminal (${tid} is)`);
        terminals.set(tid, { ...template, tid });
      }
    });
  }
  const cards = new Map<string, HostCard>();
  arr(o['cards'], 'cards').forEach((c, i) => {
    const v = card(c, `cards[${i}]`, options);
    if (cards.has(v.pan)) bad(`cards[${i}].pan`, 'a PAN not used by an earlier card');
    cards.set(v.pan, v);
  });
  if (o['cardRanges'] !== undefined) {
    arr(o['cardRanges'], 'cardRanges').forEach((r, i) => {
      const path = `cardRanges[${i}]`;
      const x = obj(r, path);
      const prefix = str(x['panPrefix'], `${path}.panPrefix`, DIGITS([6, 17]), '6 to 17 digits');
      const digits = int(x['sequenceDigits'], `${path}.sequenceDigits`, 1, 8);
      const count = int(x['count'], `${path}.count`, 1, 100_000);
      if (count > 10 ** digits) bad(`${path}.count`, `at most ${10 ** digits} cards with ${digits} sequence digits`);
      if (prefix.length + digits + 1 > 19) bad(`${path}.sequenceDigits`, 'PANs of at most 19 digits');
      const { panPrefix: _p, sequenceDigits: _d, count: _c, ...rest } = x;
      const first = prefix + '0'.repeat(digits);
      const template = card({ ...rest, pan: first + luhnCheckDigit(first) }, path, options);
      for (let k = 0; k < count; k++) {
        const body = prefix + String(k).padStart(digits, '0');
        const pan = body + luhnCheckDigit(body);
        if (cards.has(pan)) bad(`${path}.panPrefix`, `PANs not used by another card (${pan.slice(0, 6)}… is)`);
        cards.set(pan, { ...template, pan });
      }
    });
  }
  const paymentCodes = new Map<string, string>();
  for (const [i, c] of [...cards.values()].entries()) {
    for (const code of c.paymentCodes) {
      if (paymentCodes.has(code)) bad(`cards[${i}].paymentCodes`, 'payment codes not used by another card');
      paymentCodes.set(code, c.pan);
    }
  }
  const limits = o['limits'] === undefined ? {} : obj(o['limits'], 'limits');
  only(limits, 'limits', ['pinTries', 'completionTolerancePercent']);
  return {
    acquirer,
    forwarding: optStr(inst['forwarding'], 'institution.forwarding', DIGITS([1, 11]), '1 to 11 digits (DE 33)'),
    issuer: optStr(inst['issuer'], 'institution.issuer', DIGITS([1, 11]), '1 to 11 digits (DE 44 issuer part)') ?? acquirer,
    utcOffsetMinutes: o['utcOffsetMinutes'] === undefined ? 480 : int(o['utcOffsetMinutes'], 'utcOffsetMinutes', -720, 840),
    terminals,
    cards,
    paymentCodes,
    rules: o['rules'] === undefined ? [] : arr(o['rules'], 'rules').map((r, i) => rule(r, `rules[${i}]`, i)),
    pinTries: limits['pinTries'] === undefined ? 3 : int(limits['pinTries'], 'limits.pinTries', 1, 99),
    completionTolerancePercent: limits['completionTolerancePercent'] === undefined ? 15 : int(limits['completionTolerancePercent'], 'limits.completionTolerancePercent', 0, 100),
  };
}
