/**
 * Cardholder Verification Method List (tag 8E) and CVM Results (9F34): EMV 4.4 Book 3 Annex C3
 * Tables 43-44 (CVM codes, with the EMV 4.4 biometric codes 06-0F, and condition codes), Book 4
 * Annex A4 Table 33 (CVM Results), Book 3 §10.5. Checked against openemv emv-utils
 * `emv_fields.h`, which cites the same tables.
 */
import { fail } from '../../core/index';

/** CVM codes of Book 3 Annex C3 (bits 6-1 of the first byte of a CVM rule), by name. */
export const cvmMethods = {
  fail: 0x00,
  plaintextPinByIcc: 0x01,
  encipheredPinOnline: 0x02,
  plaintextPinByIccAndSignature: 0x03,
  encipheredPinByIcc: 0x04,
  encipheredPinByIccAndSignature: 0x05,
  // EMV 4.4 biometric CVMs (Book 3 Annex C3 Table 43): offline = verified by the ICC.
  facialBiometricOffline: 0x06,
  facialBiometricOnline: 0x07,
  fingerBiometricOffline: 0x08,
  fingerBiometricOnline: 0x09,
  palmBiometricOffline: 0x0a,
  palmBiometricOnline: 0x0b,
  irisBiometricOffline: 0x0c,
  irisBiometricOnline: 0x0d,
  voiceBiometricOffline: 0x0e,
  voiceBiometricOnline: 0x0f,
  signature: 0x1e,
  noCvmRequired: 0x1f,
  noCvmPerformed: 0x3f,
} as const;
/** A named CVM method. */
export type CvmMethod = keyof typeof cvmMethods;

/** CVM condition codes of Book 3 Annex C3 (second byte of a CVM rule), by name. */
export const cvmConditions = {
  always: 0x00,
  unattendedCash: 0x01,
  notUnattendedCashNotManualCashNotCashback: 0x02,
  terminalSupportsCvm: 0x03,
  manualCash: 0x04,
  purchaseWithCashback: 0x05,
  applicationCurrencyUnderX: 0x06,
  applicationCurrencyOverX: 0x07,
  applicationCurrencyUnderY: 0x08,
  applicationCurrencyOverY: 0x09,
} as const;
/** A named CVM condition. */
export type CvmCondition = keyof typeof cvmConditions;

const METHOD_LABELS: Record<CvmMethod, string> = {
  fail: 'Fail CVM processing',
  plaintextPinByIcc: 'Plaintext PIN verification performed by ICC',
  encipheredPinOnline: 'Enciphered PIN verified online',
  plaintextPinByIccAndSignature: 'Plaintext PIN verification performed by ICC and signature (paper)',
  encipheredPinByIcc: 'Enciphered PIN verification performed by ICC',
  encipheredPinByIccAndSignature: 'Enciphered PIN verification performed by ICC and signature (paper)',
  facialBiometricOffline: 'Facial biometric verified offline (by ICC)',
  facialBiometricOnline: 'Facial biometric verified online',
  fingerBiometricOffline: 'Finger biometric verified offline (by ICC)',
  fingerBiometricOnline: 'Finger biometric verified online',
  palmBiometricOffline: 'Palm biometric verified offline (by ICC)',
  palmBiometricOnline: 'Palm biometric verified online',
  irisBiometricOffline: 'Iris biometric verified offline (by ICC)',
  irisBiometricOnline: 'Iris biometric verified online',
  voiceBiometricOffline: 'Voice biometric verified offline (by ICC)',
  voiceBiometricOnline: 'Voice biometric verified online',
  signature: 'Signature (paper)',
  noCvmRequired: 'No CVM required',
  noCvmPerformed: 'No CVM performed',
};
const CONDITION_LABELS: Record<CvmCondition, string> = {
  always: 'Always',
  unattendedCash: 'If unattended cash',
  notUnattendedCashNotManualCashNotCashback: 'If not unattended cash and not manual cash and not purchase with cashback',
  terminalSupportsCvm: 'If terminal supports the CVM',
  manualCash: 'If manual cash',
  purchaseWithCashback: 'If purchase with cashback',
  applicationCurrencyUnderX: 'If transaction is in the application currency and is under X value',
  applicationCurrencyOverX: 'If transaction is in the application currency and is over X value',
  applicationCurrencyUnderY: 'If transaction is in the application currency and is under Y value',
  applicationCurrencyOverY: 'If transaction is in the application currency and is over Y value',
};
const METHOD_BY_CODE = new Map<number, CvmMethod>(Object.entries(cvmMethods).map(([k, v]) => [v, k as CvmMethod]));
const CONDITION_BY_CODE = new Map<number, CvmCondition>(Object.entries(cvmConditions).map(([k, v]) => [v, k as CvmCondition]));

function methodLabel(code: number): string {
  const m = METHOD_BY_CODE.get(code);
  if (m) return METHOD_LABELS[m];
  if (code >= 0x20 && code <= 0x2f) return 'Reserved for use by the individual payment systems';
  if (code >= 0x30 && code <= 0x3e) return 'Reserved for use by the issuer';
  return 'RFU';
}
function conditionLabel(code: number): string {
  const c = CONDITION_BY_CODE.get(code);
  if (c) return CONDITION_LABELS[c];
  return code >= 0x80 ? 'Reserved for use by individual payment systems' : 'RFU';
}

/** One CVM rule of a CVM list. */
export interface CvmRule {
  /** The CVM code (bits 6-1 of byte 1). */
  readonly methodCode: number;
  /** Its name, when the code is one of Annex C3's. */
  readonly method?: CvmMethod;
  readonly methodLabel: string;
  /** Bit 7 of byte 1: apply the next rule if this CVM is unsuccessful (else fail cardholder verification). */
  readonly applySucceedingIfUnsuccessful: boolean;
  readonly conditionCode: number;
  readonly condition?: CvmCondition;
  readonly conditionLabel: string;
}

/** A decoded CVM list (tag 8E). */
export interface CvmList {
  /** Amount X, in the application currency's minor units (4-byte binary). */
  readonly amountX: number;
  /** Amount Y. */
  readonly amountY: number;
  readonly rules: readonly CvmRule[];
}

function rule(b1: number, b2: number): CvmRule {
  const methodCode = b1 & 0x3f;
  const method = METHOD_BY_CODE.get(methodCode);
  const condition = CONDITION_BY_CODE.get(b2);
  return {
    methodCode,
    ...(method ? { method } : {}),
    methodLabel: methodLabel(methodCode),
    applySucceedingIfUnsuccessful: (b1 & 0x40) !== 0,
    conditionCode: b2,
    ...(condition ? { condition } : {}),
    conditionLabel: conditionLabel(b2),
  };
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/**
 * Decode a CVM list, tag 8E (Book 3 §10.5, Annex C3): amount X, amount Y, then 2-byte rules.
 *
 * @example
 * ```ts
 * const list = decodeCvmList(hex('000000000000000041034203'));
 * list.rules[0].method;                          // 'plaintextPinByIcc'
 * list.rules[0].applySucceedingIfUnsuccessful;   // true
 * list.rules[0].condition;                       // 'terminalSupportsCvm'
 * ```
 */
export function decodeCvmList(value: Uint8Array, options: { readonly path?: string } = {}): CvmList {
  const path = options.path ?? '8E';
  if (value.length < 8) fail('EMV_VALUE_LENGTH', `a CVM list holds at least amounts X and Y (8 bytes), got ${value.length}`, { path, offset: 0 });
  if ((value.length - 8) % 2 !== 0) fail('EMV_VALUE_LENGTH', 'CVM rules are 2 bytes each: an odd byte remains', { path, offset: value.length - 1 });
  const rules: CvmRule[] = [];
  for (let i = 8; i < value.length; i += 2) rules.push(rule(value[i]!, value[i + 1]!));
  return { amountX: u32(value, 0), amountY: u32(value, 4), rules };
}

/** A CVM rule to encode: a method and condition by name or code. */
export interface CvmRuleInput {
  readonly method: CvmMethod | number;
  readonly condition: CvmCondition | number;
  /** Apply the next rule when this one fails (bit 7). Default `false`. */
  readonly applySucceedingIfUnsuccessful?: boolean;
}

function code(table: Readonly<Record<string, number>>, v: string | number, max: number, what: string): number {
  const c = typeof v === 'number' ? v : table[v];
  if (c === undefined || !Number.isInteger(c) || c < 0 || c > max) fail('INVALID_ARGUMENT', `unknown ${what} ${String(v)}`, { path: '8E' });
  return c;
}

/**
 * Encode a CVM list, tag 8E.
 *
 * @example
 * ```ts
 * toHex(encodeCvmList({ amountX: 0, amountY: 0, rules: [
 *   { method: 'encipheredPinOnline', condition: 'terminalSupportsCvm', applySucceedingIfUnsuccessful: true },
 *   { method: 'signature', condition: 'terminalSupportsCvm' },
 * ] })); // '000000000000000042031E03'
 * ```
 */
export function encodeCvmList(list: { readonly amountX?: number; readonly amountY?: number; readonly rules: readonly CvmRuleInput[] }): Uint8Array {
  const out = new Uint8Array(8 + 2 * list.rules.length);
  const view = new DataView(out.buffer);
  for (const [at, v] of [[0, list.amountX ?? 0], [4, list.amountY ?? 0]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) fail('INVALID_ARGUMENT', 'CVM amounts are 4-byte unsigned integers', { path: '8E' });
    view.setUint32(at, v);
  }
  list.rules.forEach((r, k) => {
    out[8 + 2 * k] = code(cvmMethods, r.method, 0x3f, 'CVM method') | (r.applySucceedingIfUnsuccessful ? 0x40 : 0);
    out[9 + 2 * k] = code(cvmConditions, r.condition, 0xff, 'CVM condition');
  });
  return out;
}

/** Result byte of the CVM Results (Annex C4). */
export type CvmOutcome = 'unknown' | 'failed' | 'successful';
const OUTCOMES: readonly CvmOutcome[] = ['unknown', 'failed', 'successful'];

/** CVM Results, tag 9F34, decoded. */
export interface CvmResults {
  /** The CVM performed: the rule's first byte (code and bit 7); `0x3F` when no CVM was performed. */
  readonly rule: CvmRule;
  readonly outcome: CvmOutcome;
}

/**
 * Decode CVM Results, tag 9F34 (Book 3 Annex C4): CVM performed, CVM condition, CVM result.
 *
 * @example
 * ```ts
 * const r = decodeCvmResults(hex('1E0300'));
 * r.rule.method;  // 'signature'
 * r.outcome;      // 'unknown'
 * ```
 */
export function decodeCvmResults(value: Uint8Array, options: { readonly path?: string } = {}): CvmResults {
  const path = options.path ?? '9F34';
  if (value.length !== 3) fail('EMV_VALUE_LENGTH', `CVM Results are 3 bytes, got ${value.length}`, { path, offset: 0 });
  const outcome = OUTCOMES[value[2]!];
  if (!outcome) fail('EMV_VALUE_INVALID', 'CVM result byte must be 00, 01 or 02', { path, offset: 2 });
  return { rule: rule(value[0]!, value[1]!), outcome };
}

/**
 * Encode CVM Results, tag 9F34.
 *
 * @example
 * ```ts
 * toHex(encodeCvmResults({ method: 'encipheredPinOnline', condition: 'terminalSupportsCvm', outcome: 'unknown' })); // '020300'
 * toHex(encodeCvmResults({ method: 'noCvmPerformed', condition: 'always', outcome: 'failed' })); // '3F0001'
 * ```
 */
export function encodeCvmResults(r: CvmRuleInput & { readonly outcome: CvmOutcome }): Uint8Array {
  const out = encodeCvmList({ rules: [r] }).subarray(8);
  const o = OUTCOMES.indexOf(r.outcome);
  if (o < 0) fail('INVALID_ARGUMENT', `unknown CVM outcome ${String(r.outcome)}`, { path: '9F34' });
  return Uint8Array.of(out[0]!, out[1]!, o);
}
