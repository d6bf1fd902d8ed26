/**
 * Key usages in the terms of ANSI X9.143 / ASC X9 TR-31 (key block header bytes 5–6). A cardwire
 * key always carries one, and each operation checks it: a MAC key cannot encrypt a PIN.
 */

/**
 * Every key usage cardwire knows, with its meaning (X9.143 Table 6).
 *
 * @example
 * ```ts
 * keyUsages.P0; // 'PIN encryption key'
 * ```
 */
export const keyUsages = {
  B0: 'BDK, base derivation key (DUKPT)',
  B1: 'initial DUKPT key (IPEK / IK)',
  B2: 'base key variant key',
  C0: 'CVK, card verification key (CVV, CVC, iCVV, dCVV)',
  D0: 'symmetric data encryption key',
  D1: 'asymmetric data encryption key',
  D2: 'data encryption key for decimalization tables',
  E0: 'EMV/chip issuer master key: application cryptograms',
  E1: 'EMV/chip issuer master key: secure messaging for confidentiality',
  E2: 'EMV/chip issuer master key: secure messaging for integrity',
  E3: 'EMV/chip issuer master key: data authentication code',
  E4: 'EMV/chip issuer master key: dynamic numbers',
  E5: 'EMV/chip issuer master key: card personalisation',
  E6: 'EMV/chip issuer master key: other',
  I0: 'initialisation vector',
  K0: 'key encryption or wrapping key (KEK, TMK, ZMK)',
  K1: 'TR-31 key block protection key',
  K2: 'TR-34 asymmetric key',
  K3: 'asymmetric key for key agreement / key wrapping',
  M0: 'ISO 16609 MAC algorithm 1 (TDEA)',
  M1: 'ISO 9797-1 MAC algorithm 1',
  M2: 'ISO 9797-1 MAC algorithm 2',
  M3: 'ISO 9797-1 MAC algorithm 3 (retail MAC, X9.19)',
  M4: 'ISO 9797-1 MAC algorithm 4',
  M5: 'ISO 9797-1:1999 MAC algorithm 5',
  M6: 'ISO 9797-1:2011 MAC algorithm 5 (CMAC)',
  M7: 'HMAC',
  M8: 'ISO 9797-1:2011 MAC algorithm 6',
  P0: 'PIN encryption key',
  S0: 'asymmetric key pair for digital signature',
  V0: 'PIN verification key, other algorithm',
  V1: 'PIN verification key, IBM 3624',
  V2: 'PIN verification key, Visa PVV',
  V3: 'PIN verification key, X9.132 algorithm 1',
  V4: 'PIN verification key, X9.132 algorithm 2',
} as const satisfies Record<string, string>;

/** A TR-31 key usage code. */
export type KeyUsage = keyof typeof keyUsages;

/**
 * The MAC usages (M0–M8); every MAC function accepts a key of one of them.
 *
 * @example
 * ```ts
 * macUsages.includes('M3'); // true
 * ```
 */
export const macUsages: readonly KeyUsage[] = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
