/**
 * The personalisation of a virtual EMV card: plain JSON-able data (hex strings, numbers, lists),
 * so that a test, a host simulator or a browser page can load, copy and modify cards. What a card
 * issuer's personalisation bureau writes into a real chip (EMV 4.4 Book 3 §7, Annex A data
 * objects; the records and AFL of §10.2), plus the secrets the card keeps: issuer master keys for
 * its cryptograms (the host simulator holds the same), its offline PIN and its RSA keys.
 */
import type { CryptogramVersion, RsaPrivateKey } from '../../crypto/index';

/** Uppercase or lowercase hex text. */
export type HexString = string;

/** An RSA private key in CRT form as hex (see `RsaPrivateKey` in cardwire/crypto). */
export type RsaPrivateKeyHex = { readonly [K in keyof Omit<RsaPrivateKey, 'modulus'>]: HexString };

/** The card's issuer public key, its certificate from the CA and the issuer private key (TEST ONLY). */
export interface IssuerKeyPersonalisation {
  /** Issuer identifier in the certificate: the leftmost 3-8 PAN digits. */
  readonly identifier: string;
  readonly modulus: HexString;
  readonly exponent: HexString;
  /** Signs the ICC public key certificate and the signed static application data at personalisation. */
  readonly privateKey: RsaPrivateKeyHex;
  /** Issuer public key certificate (tag 90), signed by the CA. */
  readonly certificate: HexString;
  readonly certificateExpiry: string;
  /** The same certificate with an expiry in the past (fault `expiredCertificate: 'issuer'`). */
  readonly expiredCertificate?: HexString;
  readonly expiredCertificateExpiry?: string;
  /** Issuer public key remainder (tag 92), empty when the modulus fits the certificate. */
  readonly remainder: HexString;
}

/** The card's ICC key pair (TEST ONLY): signs DDA, CDA and fDDA data, deciphers enciphered PINs. */
export interface IccKeyPersonalisation {
  readonly modulus: HexString;
  readonly exponent: HexString;
  readonly privateKey: RsaPrivateKeyHex;
  /** ICC public key certificate expiry, MMYY (default `'1230'`). */
  readonly certificateExpiry?: string;
}

/** The offline data authentication keys. */
export interface CardKeysPersonalisation {
  /** CA public key index (tag 8F) the issuer certificate is signed under. */
  readonly caIndex: number;
  readonly issuer: IssuerKeyPersonalisation;
  readonly icc?: IccKeyPersonalisation;
}

/** One record of a file, read with READ RECORD. */
export interface RecordPersonalisation {
  /** Short file identifier, 1-30. */
  readonly sfi: number;
  /** The data objects of the record, in order, by tag; values come from the application. */
  readonly tags: readonly string[];
  /** The record takes part in offline data authentication (its AFL entry counts it). */
  readonly oda?: boolean;
}

/** What one interface (contact or contactless) presents: AIP, PDOL and the records the AFL names. */
export interface InterfacePersonalisation {
  /** Application Interchange Profile (82), 2 bytes. */
  readonly aip: HexString;
  /** Processing options data object list (9F38), absent for none. */
  readonly pdol?: HexString;
  /** GET PROCESSING OPTIONS response template: format 1 (80) or 2 (77). Default 1 (contact). */
  readonly gpoFormat?: 1 | 2;
  /** Records in reading order; the AFL is built from them (ODA records first in each entry). */
  readonly records: readonly RecordPersonalisation[];
}

/** The EMV-mode contactless behaviour of the card (qVSDC for Visa, qPBOC for UnionPay). */
export interface ContactlessPersonalisation extends InterfacePersonalisation {
  readonly mode: 'qvsdc' | 'qpboc';
  /** Card Transaction Qualifiers (9F6C) before the card adds its CVM choice. */
  readonly ctq?: HexString;
  /** Highest amount (minor units, decimal text) the card approves offline; above it, an ARQC. */
  readonly offlineLimit: string;
  /** Ask for online PIN (CTQ byte 1 bit 8) when the reader says a CVM is required and it goes online. */
  readonly onlinePinWhenCvmRequired?: boolean;
  /** fDDA version in the Card Authentication Related Data (9F69); `'01'` (default). */
  readonly fddaVersion?: HexString;
}

/** The application's cryptogram keys: the issuer master keys its ICC master keys derive from. */
export interface CryptogramPersonalisation {
  readonly cvn: CryptogramVersion;
  /** Derivation key index (DKI / KDI) written into the IAD. */
  readonly derivationKeyIndex: number;
  /** Issuer master keys (double-length TDES, hex): AC, secure messaging integrity and confidentiality. */
  readonly issuerMasterKeys: { readonly ac: HexString; readonly smi: HexString; readonly smc: HexString };
  /** Bytes of MAC an issuer script command carries (4-8; default 8, 4 for UnionPay). */
  readonly scriptMacLength?: number;
}

/** One application on the card. */
export interface ApplicationPersonalisation {
  /** ADF name (AID), 5-16 bytes. */
  readonly aid: HexString;
  /** Application label (50). */
  readonly label: string;
  /** Application preferred name (9F12). */
  readonly preferredName?: string;
  /** Application priority indicator (87): 1-15, plus 0x80 when cardholder confirmation is required. */
  readonly priority?: number;
  /** Language preference (5F2D), e.g. `'zhen'`. */
  readonly languagePreference?: string;
  /** Kernel identifier (9F2A) in the PPSE entry. */
  readonly kernelIdentifier?: HexString;
  /** Application PAN (5A) digits. */
  readonly pan: string;
  /** PAN sequence number (5F34), two digits. */
  readonly panSequenceNumber: string;
  /** Application expiration date (5F24), YYMMDD. */
  readonly expiry: string;
  /** Application effective date (5F25), YYMMDD. */
  readonly effective?: string;
  /** Cardholder name (5F20). */
  readonly cardholderName?: string;
  /** Service code of the track 2 equivalent data (57) and 5F30, three digits (default `'220'`). */
  readonly serviceCode?: string;
  /** Track 2 discretionary data digits after the service code. */
  readonly track2Discretionary?: string;
  /** Every other data object, by tag: CDOLs (8C, 8D), CVM list (8E), AUC, IACs, limits, DDOL, … */
  readonly data: Readonly<Record<string, HexString>>;
  readonly contact?: InterfacePersonalisation;
  readonly contactless?: ContactlessPersonalisation;
  readonly cryptogram: CryptogramPersonalisation;
  readonly keys?: CardKeysPersonalisation;
  /** INTERNAL AUTHENTICATE response template: 1 (80, as UnionPay cards do) or 2 (77 with 9F4B). Default 2. */
  readonly internalAuthenticateFormat?: 1 | 2;
  /** Counters at personalisation (default: ATC 0, last online ATC 0, so the card is new). */
  readonly counters?: { readonly atc?: number; readonly lastOnlineAtc?: number };
  /**
   * Decline (AAC) in the second GENERATE AC when the host approved but issuer authentication was
   * not performed or failed (default true when the AIP announces issuer authentication or CDOL2
   * asks for tag 91).
   */
  readonly requireIssuerAuthentication?: boolean;
}

/** A whole card: one or more applications, the PSE/PPSE and the offline PIN. */
export interface VirtualCardPersonalisation {
  readonly id: string;
  readonly description?: string;
  /** The contact PSE (1PAY.SYS.DDF01) is present (default true). */
  readonly pse?: boolean;
  /** Offline PIN digits (4-12). */
  readonly pin?: string;
  /** PIN try limit (default 3). */
  readonly pinTryLimit?: number;
  readonly applications: readonly ApplicationPersonalisation[];
}
