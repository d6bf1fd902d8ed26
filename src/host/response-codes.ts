/**
 * Every response code (DE 39) the host simulator gives, with the UnionPay meaning (from the
 * dialect's table) and when the host gives it. docs/host.md prints this table.
 */
import { CUP_RESPONSE_CODES } from '../iso8583/index';

/** A response code the host answers. */
export interface HostResponseCode {
  readonly zh: string;
  readonly en: string;
  /** When the host gives it. */
  readonly when: string;
}

const WHEN = {
  '00': 'the request is approved; also every reversal, known or not, so the terminal stops retrying',
  '03': 'DE 42 is not the merchant the terminal is registered to',
  '05': 'the track 2 CVV does not verify; an ARQC that does not verify (unless the card configures another code)',
  '12': 'a void of a transaction already voided, refunded or in a settled batch; a request the card status or kind forbids',
  '13': 'an amount of zero for a financial transaction, or a currency other than the account\'s',
  '14': 'the PAN fails Luhn, is unknown, or the track data do not match the card record',
  '25': 'a void, refund, pre-authorisation void or completion whose original the ledger does not hold, or whose RRN/authorisation code differ',
  '30': 'the request does not decode, or lacks a field its transaction needs',
  '40': 'a transaction the host does not implement for this dialect',
  '41': 'the card is configured as lost',
  '43': 'the card is configured as stolen',
  '45': 'a chip card (service code 2xx/6xx) swiped without the fallback indicator (60.5 = 2)',
  '51': 'the amount exceeds the available balance or credit',
  '54': 'the card is configured as expired, or its expiry is before the host\'s date',
  '55': 'the PIN does not verify, or a card that needs a PIN came without one',
  '61': 'a completion above the hold plus the tolerance; a refund above what is left to refund',
  '62': 'the card is configured as blocked',
  '64': 'a void or pre-authorisation void whose amount differs from the original',
  '75': 'the card\'s wrong-PIN count reached the configured limit',
  '77': 'a financial request from a terminal that is not signed on',
  '94': 'a request with the batch and STAN of an earlier one but different content',
  '96': 'the ledger failed to record the decision (the request is not approved)',
  '97': 'DE 41 names no terminal of the configuration',
  '99': 'the PIN block does not decipher to a valid block, or 53.2 names another key length than the terminal\'s PIN key',
  A0: 'DE 64 does not verify under the terminal\'s current MAK, or a financial request carries none; nothing is changed',
} as const;

/** A response code the host gives. */
export type HostCode = keyof typeof WHEN;

/**
 * The host's response codes.
 *
 * @example
 * ```ts
 * hostResponseCodes['55'].en; // 'Incorrect PIN'
 * ```
 */
export const hostResponseCodes: Readonly<Record<HostCode, HostResponseCode>> = Object.fromEntries(
  Object.entries(WHEN).map(([code, when]) => [code, { ...CUP_RESPONSE_CODES[code]!, when }]),
) as Record<HostCode, HostResponseCode>;
