/**
 * The service code of tracks 1 and 2 (ISO/IEC 7813 §7.5, "Service code assignments"): three
 * digits saying where the card may be used and with which technology (digit 1), how
 * authorisation is processed (digit 2), and which services are allowed with which PIN
 * requirement (digit 3). Reserved digit values are reported as `'reserved'`, never guessed.
 */
import { fail } from '../core/index';

/** Digit 1, interchange: where the card may be used. */
export type ServiceCodeInterchange = 'international' | 'national' | 'private' | 'test' | 'reserved';
/** Digit 1, technology: `'ic'` when the card carries a chip to be used where feasible (2xx, 6xx). */
export type ServiceCodeTechnology = 'ic' | 'magnetic-stripe' | 'reserved';
/** Digit 2, authorisation processing. */
export type ServiceCodeAuthorisation = 'normal' | 'by-issuer' | 'by-issuer-except-bilateral' | 'reserved';
/** Digit 3, allowed services. */
export type ServiceCodeServices = 'no-restrictions' | 'goods-and-services' | 'atm-only' | 'cash-only' | 'reserved';
/** Digit 3, PIN requirement. `'prompt-if-ped'`: PIN where a PIN entry device is present. */
export type ServiceCodePin = 'required' | 'none' | 'prompt-if-ped' | 'reserved';

/** A decoded service code. */
export interface ServiceCode {
  /** The three digits as read. */
  readonly code: string;
  readonly interchange: ServiceCodeInterchange;
  readonly technology: ServiceCodeTechnology;
  /**
   * True for 2xx and 6xx: the card has a chip, so a terminal that read the stripe must prompt
   * for chip insertion unless fallback to magnetic stripe applies (chip read failed).
   */
  readonly requiresChip: boolean;
  readonly authorisation: ServiceCodeAuthorisation;
  readonly services: ServiceCodeServices;
  readonly pin: ServiceCodePin;
  /** True when any digit holds a value ISO/IEC 7813 reserves for future use. */
  readonly reserved: boolean;
}

type Digit1 = readonly [ServiceCodeInterchange, ServiceCodeTechnology];
// ISO/IEC 7813 §7.5, position 1.
const DIGIT1: readonly Digit1[] = [
  ['reserved', 'reserved'], // 0
  ['international', 'magnetic-stripe'], // 1: international interchange OK
  ['international', 'ic'], // 2: international interchange, use IC where feasible
  ['reserved', 'reserved'], // 3
  ['reserved', 'reserved'], // 4
  ['national', 'magnetic-stripe'], // 5: national interchange only, except under bilateral agreement
  ['national', 'ic'], // 6: national interchange only, use IC where feasible
  ['private', 'magnetic-stripe'], // 7: no interchange except under bilateral agreement
  ['reserved', 'reserved'], // 8
  ['test', 'magnetic-stripe'], // 9: test
];

// Position 2.
const DIGIT2: readonly ServiceCodeAuthorisation[] = [
  'normal', // 0: transactions authorised following the normal rules
  'reserved', // 1
  'by-issuer', // 2: by issuer, online
  'reserved', // 3
  'by-issuer-except-bilateral', // 4: by issuer online, except under bilateral agreement
  'reserved',
  'reserved',
  'reserved',
  'reserved',
  'reserved',
];

// Position 3.
const DIGIT3: readonly (readonly [ServiceCodeServices, ServiceCodePin])[] = [
  ['no-restrictions', 'required'], // 0
  ['no-restrictions', 'none'], // 1
  ['goods-and-services', 'none'], // 2
  ['atm-only', 'required'], // 3
  ['cash-only', 'none'], // 4
  ['goods-and-services', 'required'], // 5
  ['no-restrictions', 'prompt-if-ped'], // 6
  ['goods-and-services', 'prompt-if-ped'], // 7
  ['reserved', 'reserved'], // 8
  ['reserved', 'reserved'], // 9
];

/**
 * Decode a service code. Anything but three decimal digits is `SERVICE_CODE_INVALID`.
 *
 * @example
 * ```ts
 * const sc = decodeServiceCode('201');
 * sc.requiresChip;  // true  (2xx: chip card, prompt for insertion)
 * sc.authorisation; // 'normal'
 * sc.services;      // 'no-restrictions'; sc.pin: 'none'
 * ```
 */
export function decodeServiceCode(code: string, options: { readonly path?: string } = {}): ServiceCode {
  const path = options.path ?? 'serviceCode';
  if (code.length !== 3) fail('SERVICE_CODE_INVALID', `service code has ${code.length} characters, expected 3 digits`, { path });
  const d: number[] = [];
  for (let i = 0; i < 3; i++) {
    const v = code.charCodeAt(i) - 48;
    if (v < 0 || v > 9) fail('SERVICE_CODE_INVALID', `service code digit ${i + 1} is not a decimal digit`, { path, offset: i });
    d.push(v);
  }
  const [interchange, technology] = DIGIT1[d[0]!]!;
  const authorisation = DIGIT2[d[1]!]!;
  const [services, pin] = DIGIT3[d[2]!]!;
  return {
    code,
    interchange,
    technology,
    requiresChip: technology === 'ic',
    authorisation,
    services,
    pin,
    reserved: interchange === 'reserved' || authorisation === 'reserved' || services === 'reserved',
  };
}

/**
 * What a terminal that just read the stripe must do: `'insert-chip'` for a chip card (2xx/6xx)
 * unless this is a fallback read after the chip failed, `'proceed'` otherwise.
 *
 * @example
 * ```ts
 * swipeAction(decodeServiceCode('201'));                     // 'insert-chip'
 * swipeAction(decodeServiceCode('201'), { fallback: true }); // 'proceed'
 * swipeAction(decodeServiceCode('101'));                     // 'proceed'
 * ```
 */
export function swipeAction(serviceCode: ServiceCode, options: { readonly fallback?: boolean } = {}): 'insert-chip' | 'proceed' {
  return serviceCode.requiresChip && options.fallback !== true ? 'insert-chip' : 'proceed';
}
