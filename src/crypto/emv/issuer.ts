/**
 * The issuer host side of EMV online card authentication: one issuer master key for AC, prepared
 * once, from which each authorisation derives the card's ICC master key, verifies the ARQC and
 * computes the ARPC. A class because it holds the prepared key schedule (and must be destroyed).
 */
import { fail } from '../../core/index';
import type { CryptoBackend, PreparedCipher } from '../backend';
import { backendOf, type CryptoOptions } from '../backend-choice';
import {
  cryptogramVersionProfile,
  generateApplicationCryptogram,
  generateArpc,
  generateIssuerScriptMac,
  verifyApplicationCryptogram,
  type CryptogramData,
  type CryptogramVersion,
} from './cryptogram';
import { deriveIccMasterKeyPrepared } from './keys';
import { keyMaterial, type KeyInput } from '../key-input';

/** Options of {@link EmvIssuer}. */
export interface EmvIssuerOptions extends CryptoOptions {
  /** Issuer master key for application cryptograms, 16 bytes (a SecretKey must have usage E0). */
  readonly issuerMasterKey: KeyInput;
  /** The cryptogram version the issuer's cards use. */
  readonly cvn: CryptogramVersion;
}

/** A card in an ARQC verification or ARPC request. */
export interface EmvCard {
  /** Application PAN (5A) digits. */
  readonly pan: string;
  /** PAN sequence number (5F34), two digits (default `'00'`). */
  readonly panSequenceNumber?: string;
}

/** Input of {@link EmvIssuer.verifyArqc}. */
export interface ArqcVerification extends EmvCard {
  readonly data: CryptogramData;
  /** The ARQC (9F26) to verify. */
  readonly arqc: Uint8Array;
}

/** Input of {@link EmvIssuer.issuerScriptMac}. */
export interface IssuerScriptMacRequest extends EmvCard {
  /** CLA INS P1 P2 Lc, Lc counting the data and the MAC. */
  readonly commandHeader: Uint8Array;
  readonly applicationTransactionCounter: Uint8Array;
  /** The ARQC of the transaction the script answers. */
  readonly arqc: Uint8Array;
  readonly commandData?: Uint8Array;
}

/** Input of {@link EmvIssuer.arpc}. */
export interface ArpcRequest extends EmvCard {
  readonly arqc: Uint8Array;
  readonly applicationTransactionCounter: Uint8Array;
  readonly unpredictableNumber?: Uint8Array;
  readonly authorisationResponseCode?: Uint8Array;
  readonly cardStatusUpdate?: Uint8Array;
  readonly proprietaryAuthenticationData?: Uint8Array;
}

/**
 * An issuer master key prepared for ARQC verification and ARPC generation.
 *
 * @example
 * ```ts
 * const issuer = new EmvIssuer({ issuerMasterKey: hex('0123456789ABCDEFFEDCBA9876543210'), cvn: 'visa-18' });
 * issuer.verifyArqc({ pan: '1234567890123456', data, arqc: hex('7A788EA6B8A3E733') }); // true
 * ```
 */
export class EmvIssuer {
  readonly cvn: CryptogramVersion;
  readonly #backend: CryptoBackend;
  #imk: PreparedCipher | undefined;

  constructor(options: EmvIssuerOptions) {
    cryptogramVersionProfile(options.cvn);
    const imk = keyMaterial(options.issuerMasterKey, ['E0', 'E2'], 'an EMV issuer master key (AC or secure messaging integrity)', 'issuerMasterKey');
    if (imk.length !== 16) {
      fail('EMV_KEY_DERIVATION_INPUT_INVALID', 'the issuer master key must be a double-length (16-byte) TDES key', { path: 'issuerMasterKey' });
    }
    this.cvn = options.cvn;
    this.#backend = backendOf(options);
    this.#imk = this.#backend.cipher('tdes', imk);
  }

  /** Run `f` with the card's ICC master key, zeroised afterwards. */
  #withCardKey<T>(card: EmvCard, f: (iccMasterKey: Uint8Array) => T): T {
    if (!this.#imk) return fail('CIPHER_DESTROYED', 'the issuer key was destroyed');
    const mk = deriveIccMasterKeyPrepared(
      this.#imk,
      { pan: card.pan, panSequenceNumber: card.panSequenceNumber ?? '00', option: cryptogramVersionProfile(this.cvn).iccMasterKeyDerivation },
      { backend: this.#backend },
    );
    try {
      return f(mk);
    } finally {
      mk.fill(0);
    }
  }

  /** Verify an ARQC (or TC/AAC) in constant time. */
  verifyArqc(input: ArqcVerification): boolean {
    return this.#withCardKey(input, (iccMasterKey) => verifyApplicationCryptogram({ cvn: this.cvn, iccMasterKey, data: input.data }, input.arqc, { backend: this.#backend }));
  }

  /** The application cryptogram the card computes (what a virtual card or a test harness needs). */
  generateCryptogram(input: EmvCard & { readonly data: CryptogramData }): Uint8Array {
    return this.#withCardKey(input, (iccMasterKey) => generateApplicationCryptogram({ cvn: this.cvn, iccMasterKey, data: input.data }, { backend: this.#backend }));
  }

  /** The ARPC answering an ARQC (method 1 or 2 as the cryptogram version says). */
  /**
   * The MAC of an issuer script command (Book 2 §9.2.3) for the card of `input`, with this key as
   * the issuer master key for secure messaging integrity (MK_SMI is derived from it as the AC key
   * is): the MAC a host appends to each command of a 71 / 72 template.
   */
  issuerScriptMac(input: IssuerScriptMacRequest): Uint8Array {
    return this.#withCardKey(input, (iccIntegrityMasterKey) =>
      generateIssuerScriptMac(
        {
          cvn: this.cvn,
          iccIntegrityMasterKey,
          commandHeader: input.commandHeader,
          applicationTransactionCounter: input.applicationTransactionCounter,
          arqc: input.arqc,
          ...(input.commandData ? { commandData: input.commandData } : {}),
        },
        { backend: this.#backend },
      ),
    );
  }

  arpc(input: ArpcRequest): Uint8Array {
    return this.#withCardKey(input, (iccMasterKey) =>
      generateArpc(
        {
          cvn: this.cvn,
          iccMasterKey,
          arqc: input.arqc,
          applicationTransactionCounter: input.applicationTransactionCounter,
          ...(input.unpredictableNumber ? { unpredictableNumber: input.unpredictableNumber } : {}),
          ...(input.authorisationResponseCode ? { authorisationResponseCode: input.authorisationResponseCode } : {}),
          ...(input.cardStatusUpdate ? { cardStatusUpdate: input.cardStatusUpdate } : {}),
          ...(input.proprietaryAuthenticationData ? { proprietaryAuthenticationData: input.proprietaryAuthenticationData } : {}),
        },
        { backend: this.#backend },
      ),
    );
  }

  /** Zeroise the prepared issuer master key. */
  destroy(): void {
    this.#imk?.destroy();
    this.#imk = undefined;
  }

  toString(): string {
    return `EmvIssuer(${this.cvn})`;
  }
}
