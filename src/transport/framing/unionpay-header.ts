/**
 * The 6-byte application header (报文头) that China UnionPay's POS terminal link puts between the
 * TPDU and the ISO 8583 message: 12 BCD digits, namely application type N2 (60 magnetic stripe,
 * 61 chip), software version N2, terminal status N1 (0 production, 1 test), processing
 * requirement N1 (the host asks the terminal to do something, see
 * {@link unionPayProcessingRequirements}) and software sub-version N6.
 */
import { fail, packBcd, unpackBcd } from '../../core/index';

/** Bytes in a UnionPay application header. */
export const UNIONPAY_HEADER_LENGTH = 6;

/** A decoded UnionPay application header; every value is decimal digits. */
export interface UnionPayHeader {
  /** N2: 60 = POS magnetic-stripe payment application, 61 = POS chip payment application. */
  readonly applicationType: string;
  /** N2: software (specification) version. */
  readonly softwareVersion: string;
  /** N1: 0 = normal, 1 = test. */
  readonly terminalStatus: string;
  /** N1: what the host asks the terminal to do next (0 = nothing). */
  readonly processingRequirement: string;
  /** N6: software sub-version. */
  readonly softwareSubVersion: string;
}

/** Meanings of the processing-requirement digit, set by the host in a response. */
export const unionPayProcessingRequirements: Readonly<Record<string, string>> = {
  '0': 'no request',
  '1': 'download terminal parameters',
  '2': 'upload terminal status',
  '3': 'sign on again',
  '4': 'update public keys',
  '5': 'download chip-card (IC) parameters',
  '6': 'TMS parameter download',
};

/**
 * Decode a UnionPay application header.
 *
 * @example
 * ```ts
 * decodeUnionPayHeader(hex('603100310001'));
 * // { applicationType: '60', softwareVersion: '31', terminalStatus: '0', processingRequirement: '0', softwareSubVersion: '310001' }
 * ```
 */
export function decodeUnionPayHeader(bytes: Uint8Array): UnionPayHeader {
  if (bytes.length !== UNIONPAY_HEADER_LENGTH) {
    fail('UNIONPAY_HEADER_INVALID', `the header is ${UNIONPAY_HEADER_LENGTH} bytes, found ${bytes.length}`, { path: 'frame.header', offset: 0 });
  }
  let digits: string;
  try {
    digits = unpackBcd(bytes, { path: 'frame.header' });
  } catch (e) {
    return fail('UNIONPAY_HEADER_INVALID', 'the header is not 12 BCD digits', { path: 'frame.header', cause: e });
  }
  return {
    applicationType: digits.slice(0, 2),
    softwareVersion: digits.slice(2, 4),
    terminalStatus: digits.slice(4, 5),
    processingRequirement: digits.slice(5, 6),
    softwareSubVersion: digits.slice(6, 12),
  };
}

/**
 * Encode a UnionPay application header as 6 bytes.
 *
 * @example
 * ```ts
 * toHex(encodeUnionPayHeader({ applicationType: '60', softwareVersion: '31', terminalStatus: '0',
 *   processingRequirement: '0', softwareSubVersion: '310001' })); // '603100310001'
 * ```
 */
export function encodeUnionPayHeader(header: UnionPayHeader): Uint8Array {
  const parts: Array<[string, number, string]> = [
    [header.applicationType, 2, 'applicationType'],
    [header.softwareVersion, 2, 'softwareVersion'],
    [header.terminalStatus, 1, 'terminalStatus'],
    [header.processingRequirement, 1, 'processingRequirement'],
    [header.softwareSubVersion, 6, 'softwareSubVersion'],
  ];
  for (const [value, n, name] of parts) {
    if (value.length !== n || !/^[0-9]+$/.test(value)) fail('UNIONPAY_HEADER_INVALID', `${name} must be ${n} decimal digit(s)`, { path: `frame.header.${name}` });
  }
  return packBcd(parts.map((p) => p[0]).join(''));
}
