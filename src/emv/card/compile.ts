/**
 * Personalisation → the bytes a card answers with: data objects by tag, records and AFL per
 * interface (EMV 4.4 Book 3 §10.2), the static data to be authenticated (§10.3: ODA records of
 * SFI 1-10 without their 70 template, of SFI 11-30 whole, then the SDA tag list values), the ICC
 * public key certificate and SDA signature over it, and the ICC master keys derived from the issuer
 * master keys (Book 2 A1.4). Signatures are computed once per compiled card and cached.
 */
import { concatBytes, encodeAscii, fail, hex, packBcd } from '../../core/index';
import {
  cryptogramVersionProfile,
  deriveIccMasterKey,
  type CryptogramVersionProfile,
  type RsaPrivateKey,
} from '../../crypto/index';
import { encodeAfl, type AflEntry } from '../afl';
import { parseDol, type DolEntry } from '../dol';
import { encodeTlv, tagBytes } from '../tlv';
import type {
  ApplicationPersonalisation,
  ContactlessPersonalisation,
  InterfacePersonalisation,
  VirtualCardPersonalisation,
} from './personalisation';
import { iccPublicKeyCertificate, privateKeyOf, signedStaticApplicationData } from './signing';

/** Which reader interface a card session runs on. */
export type CardInterface = 'contact' | 'contactless';

/** Data objects the card computes from its keys rather than taking from `data`. */
const CERTIFICATE_TAGS = new Set(['8F', '90', '92', '9F32', '93', '9F46', '9F47', '9F48']);
/** The signed ones among them, computed over the ODA records. */
const SIGNED_TAGS = new Set(['93', '9F46', '9F48']);

/** One record as stored: its number and the tags it holds. */
export interface CompiledRecord {
  readonly sfi: number;
  readonly record: number;
  readonly tags: readonly string[];
  readonly oda: boolean;
}

/** Variants of the signed data a fault may ask for. */
export interface SignatureVariant {
  /** The ICC certificate's expiry (MMYY). */
  readonly iccCertificateExpiry: string;
}

/** One interface of an application, compiled. */
export class CompiledInterface {
  readonly aip: Uint8Array;
  readonly pdol: readonly DolEntry[];
  readonly pdolBytes: Uint8Array | undefined;
  readonly gpoFormat: 1 | 2;
  readonly records: readonly CompiledRecord[];
  readonly afl: Uint8Array;
  readonly contactless: ContactlessPersonalisation | undefined;
  readonly #app: CompiledApplication;
  readonly #signed = new Map<string, Map<string, Uint8Array>>();

  constructor(app: CompiledApplication, p: InterfacePersonalisation, contactless: ContactlessPersonalisation | undefined, path: string) {
    this.#app = app;
    this.aip = hexOf(p.aip, `${path}.aip`, 2);
    this.pdolBytes = p.pdol ? hexOf(p.pdol, `${path}.pdol`) : undefined;
    this.pdol = this.pdolBytes ? parseDol(this.pdolBytes, { path: `${path}.pdol` }) : [];
    this.gpoFormat = p.gpoFormat ?? (contactless ? 2 : 1);
    this.contactless = contactless;
    const next = new Map<number, number>();
    this.records = p.records.map((r, k) => {
      if (!Number.isInteger(r.sfi) || r.sfi < 1 || r.sfi > 30) invalid('SFI must be 1-30', `${path}.records[${k}].sfi`);
      const record = (next.get(r.sfi) ?? 0) + 1;
      next.set(r.sfi, record);
      for (const tag of r.tags) {
        if (!CERTIFICATE_TAGS.has(tag) && !app.values.has(tag)) invalid(`record names ${tag}, which has no value`, `${path}.records[${k}]`);
        // The signatures cover the ODA records: a signature inside one would sign itself.
        if (r.oda === true && SIGNED_TAGS.has(tag)) invalid(`${tag} cannot sit in a record used for offline data authentication`, `${path}.records[${k}]`);
      }
      return { sfi: r.sfi, record, tags: r.tags, oda: r.oda === true };
    });
    this.afl = encodeAfl(aflEntries(this.records));
  }

  /** The static data to be authenticated (Book 3 §10.3), for the records as they are served. */
  staticDataToAuthenticate(recordBytes: (r: CompiledRecord) => Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const r of this.records) {
      if (!r.oda) continue;
      const whole = recordBytes(r);
      // SFI 1-10: the value inside template 70; SFI 11-30: the whole record (Book 3 §10.3).
      parts.push(r.sfi <= 10 ? whole.subarray(whole[1]! === 0x81 ? 3 : whole[1]! === 0x82 ? 4 : 2) : whole);
    }
    const tagList = this.#app.values.get('9F4A');
    if (tagList && tagList.length === 1 && tagList[0] === 0x82) parts.push(this.aip);
    return concatBytes(...parts);
  }

  /**
   * The signed data objects (90, 92, 9F32, 8F, 93, 9F46, 9F47, 9F48) for this interface, for the
   * records the card serves without them (they sit outside the ODA records), cached per variant.
   */
  signedValues(variant: SignatureVariant): ReadonlyMap<string, Uint8Array> {
    const key = variant.iccCertificateExpiry;
    const cached = this.#signed.get(key);
    if (cached) return cached;
    const app = this.#app;
    const out = new Map<string, Uint8Array>();
    const keys = app.keys;
    if (keys) {
      out.set('8F', Uint8Array.of(keys.caIndex));
      out.set('90', keys.issuerCertificate);
      out.set('92', keys.issuerRemainder);
      out.set('9F32', keys.issuerExponent);
      const issuerPart = new Map(out);
      if (keys.icc) issuerPart.set('9F47', keys.icc.exponent);
      const base = (r: CompiledRecord): Uint8Array => app.encodeRecord(r, (tag) => app.values.get(tag) ?? issuerPart.get(tag));
      const staticData = this.staticDataToAuthenticate(base);
      if (aipOdaFlags(this.aip).sda) out.set('93', signedStaticApplicationData(keys.issuerPrivate, app.values.get('9F45') ?? hex('DAC0'), staticData));
      if (keys.icc) {
        const cert = iccPublicKeyCertificate(keys.issuerPrivate, {
          pan: app.perso.pan,
          expiry: variant.iccCertificateExpiry,
          serialNumber: hex('000001'),
          iccModulus: keys.icc.modulus,
          iccExponent: keys.icc.exponent,
          staticDataToAuthenticate: staticData,
        });
        out.set('9F46', cert.certificate);
        out.set('9F47', keys.icc.exponent);
        out.set('9F48', cert.remainder);
      }
    }
    this.#signed.set(key, out);
    return out;
  }
}

/** The ODA bits of an AIP (Book 3 Annex C1: byte 1 bits 7, 6 and 1). */
export function aipOdaFlags(aip: Uint8Array): { sda: boolean; dda: boolean; cda: boolean } {
  return { sda: (aip[0]! & 0x40) !== 0, dda: (aip[0]! & 0x20) !== 0, cda: (aip[0]! & 0x01) !== 0 };
}

/** AFL entries: consecutive records of one SFI, a new entry when an ODA record follows a non-ODA one. */
function aflEntries(records: readonly CompiledRecord[]): AflEntry[] {
  const out: { sfi: number; firstRecord: number; lastRecord: number; offlineAuthenticationRecords: number }[] = [];
  for (const r of records) {
    const last = out[out.length - 1];
    const odaRun = last !== undefined && last.offlineAuthenticationRecords === last.lastRecord - last.firstRecord + 1;
    if (last && last.sfi === r.sfi && last.lastRecord + 1 === r.record && (!r.oda || odaRun)) {
      last.lastRecord = r.record;
      if (r.oda) last.offlineAuthenticationRecords++;
    } else {
      out.push({ sfi: r.sfi, firstRecord: r.record, lastRecord: r.record, offlineAuthenticationRecords: r.oda ? 1 : 0 });
    }
  }
  return out;
}

/** The keys of an application, decoded. */
export interface CompiledKeys {
  readonly caIndex: number;
  readonly issuerPrivate: RsaPrivateKey;
  readonly issuerCertificate: Uint8Array;
  readonly expiredIssuerCertificate: Uint8Array | undefined;
  readonly issuerRemainder: Uint8Array;
  readonly issuerExponent: Uint8Array;
  readonly icc: { readonly modulus: Uint8Array; readonly exponent: Uint8Array; readonly privateKey: RsaPrivateKey; readonly certificateExpiry: string } | undefined;
}

/** One application, compiled. */
export class CompiledApplication {
  readonly perso: ApplicationPersonalisation;
  readonly aid: Uint8Array;
  /** Every data object with a fixed value, by tag (certificates are per interface). */
  readonly values: Map<string, Uint8Array>;
  readonly contact: CompiledInterface | undefined;
  readonly contactless: CompiledInterface | undefined;
  readonly profile: CryptogramVersionProfile;
  readonly iccMasterKeys: { readonly ac: Uint8Array; readonly smi: Uint8Array; readonly smc: Uint8Array };
  readonly keys: CompiledKeys | undefined;
  readonly cdol1: readonly DolEntry[];
  readonly cdol2: readonly DolEntry[];
  readonly ddol: readonly DolEntry[] | undefined;

  constructor(perso: ApplicationPersonalisation, path: string) {
    this.perso = perso;
    this.aid = hexOf(perso.aid, `${path}.aid`);
    if (this.aid.length < 5 || this.aid.length > 16) invalid('an AID is 5-16 bytes', `${path}.aid`);
    this.values = applicationValues(perso, path);
    this.profile = cryptogramVersionProfile(perso.cryptogram.cvn);
    const derive = (imk: string, what: string): Uint8Array =>
      deriveIccMasterKey({ issuerMasterKey: hexOf(imk, `${path}.cryptogram.issuerMasterKeys.${what}`, 16), pan: perso.pan, panSequenceNumber: perso.panSequenceNumber, option: this.profile.iccMasterKeyDerivation });
    const imks = perso.cryptogram.issuerMasterKeys;
    this.iccMasterKeys = { ac: derive(imks.ac, 'ac'), smi: derive(imks.smi, 'smi'), smc: derive(imks.smc, 'smc') };
    this.keys = perso.keys ? compileKeys(perso, `${path}.keys`) : undefined;
    const dol = (tag: string): DolEntry[] | undefined => {
      const v = this.values.get(tag);
      return v ? parseDol(v, { path: `${path}.data.${tag}` }) : undefined;
    };
    this.cdol1 = dol('8C') ?? invalid('CDOL1 (8C) is mandatory', `${path}.data.8C`);
    this.cdol2 = dol('8D') ?? invalid('CDOL2 (8D) is mandatory', `${path}.data.8D`);
    this.ddol = dol('9F49');
    this.contact = perso.contact ? new CompiledInterface(this, perso.contact, undefined, `${path}.contact`) : undefined;
    this.contactless = perso.contactless ? new CompiledInterface(this, perso.contactless, perso.contactless, `${path}.contactless`) : undefined;
    for (const i of [this.contact, this.contactless]) {
      if (!i) continue;
      const aip = aipOdaFlags(i.aip);
      if ((aip.sda || aip.dda || aip.cda) && !this.keys) invalid('the AIP announces offline data authentication but the application has no keys', `${path}.keys`);
      if ((aip.dda || aip.cda) && !this.keys?.icc) invalid('the AIP announces DDA or CDA but the application has no ICC key', `${path}.keys.icc`);
    }
  }

  /** The interface profile, or undefined when the application is not offered on it. */
  interface(kind: CardInterface): CompiledInterface | undefined {
    return kind === 'contact' ? this.contact : this.contactless;
  }

  /** A record's bytes: template 70 around its data objects, values from `valueOf`. */
  encodeRecord(r: CompiledRecord, valueOf: (tag: string) => Uint8Array | undefined): Uint8Array {
    return encodeTlv([{ tag: '70', children: r.tags.map((tag) => ({ tag, value: valueOf(tag) ?? new Uint8Array(0) })) }]);
  }
}

function compileKeys(perso: ApplicationPersonalisation, path: string): CompiledKeys {
  const k = perso.keys!;
  if (!Number.isInteger(k.caIndex) || k.caIndex < 0 || k.caIndex > 255) invalid('caIndex must be 0-255', `${path}.caIndex`);
  if (!perso.pan.startsWith(k.issuer.identifier)) invalid('the issuer identifier is not a prefix of the PAN', `${path}.issuer.identifier`);
  const icc = k.icc;
  return {
    caIndex: k.caIndex,
    issuerPrivate: privateKeyOf(k.issuer.modulus, k.issuer.privateKey, `${path}.issuer.privateKey`),
    issuerCertificate: hexOf(k.issuer.certificate, `${path}.issuer.certificate`),
    expiredIssuerCertificate: k.issuer.expiredCertificate ? hexOf(k.issuer.expiredCertificate, `${path}.issuer.expiredCertificate`) : undefined,
    issuerRemainder: hexOf(k.issuer.remainder, `${path}.issuer.remainder`),
    issuerExponent: hexOf(k.issuer.exponent, `${path}.issuer.exponent`),
    icc: icc
      ? {
          modulus: hexOf(icc.modulus, `${path}.icc.modulus`),
          exponent: hexOf(icc.exponent, `${path}.icc.exponent`),
          privateKey: privateKeyOf(icc.modulus, icc.privateKey, `${path}.icc.privateKey`),
          certificateExpiry: icc.certificateExpiry ?? '1230',
        }
      : undefined,
  };
}

function digits(value: string, min: number, max: number, path: string): string {
  if (!/^[0-9]*$/.test(value) || value.length < min || value.length > max) invalid(`expected ${min}-${max} digits`, path);
  return value;
}

/** The application's fixed data objects: the named fields encoded, then `data` (which may override them). */
function applicationValues(p: ApplicationPersonalisation, path: string): Map<string, Uint8Array> {
  const v = new Map<string, Uint8Array>();
  const pan = digits(p.pan, 12, 19, `${path}.pan`);
  const expiry = digits(p.expiry, 6, 6, `${path}.expiry`);
  const serviceCode = digits(p.serviceCode ?? '220', 3, 3, `${path}.serviceCode`);
  const discretionary = digits(p.track2Discretionary ?? '', 0, 13, `${path}.track2Discretionary`);
  v.set('5A', packBcd(pan, { align: 'left', pad: 'F' }));
  v.set('5F34', packBcd(digits(p.panSequenceNumber, 2, 2, `${path}.panSequenceNumber`)));
  v.set('5F24', packBcd(expiry));
  if (p.effective) v.set('5F25', packBcd(digits(p.effective, 6, 6, `${path}.effective`)));
  // Book 3 Annex A, tag 57: PAN, separator D, expiry YYMM, service code, discretionary data, F pad.
  v.set('57', packBcd(`${pan}D${expiry.slice(0, 4)}${serviceCode}${discretionary}`, { align: 'left', pad: 'F' }));
  v.set('5F30', packBcd(serviceCode.padStart(4, '0')));
  v.set('50', encodeAscii(p.label, { path: `${path}.label` }));
  if (p.preferredName) v.set('9F12', encodeAscii(p.preferredName, { path: `${path}.preferredName` }));
  if (p.cardholderName) v.set('5F20', encodeAscii(p.cardholderName, { path: `${path}.cardholderName` }));
  if (p.languagePreference) v.set('5F2D', encodeAscii(p.languagePreference, { path: `${path}.languagePreference` }));
  if (p.priority !== undefined) {
    if (!Number.isInteger(p.priority) || p.priority < 0 || p.priority > 0x8f) invalid('priority must be 0-15, plus 0x80 for confirmation', `${path}.priority`);
    v.set('87', Uint8Array.of(p.priority));
  }
  for (const [tag, value] of Object.entries(p.data)) {
    tagBytes(tag, `${path}.data.${tag}`);
    v.set(tag.toUpperCase(), hexOf(value, `${path}.data.${tag}`));
  }
  return v;
}

function hexOf(text: string, path: string, length?: number): Uint8Array {
  const b = hex(text, { path });
  if (length !== undefined && b.length !== length) invalid(`expected ${length} bytes, got ${b.length}`, path);
  return b;
}

function invalid(message: string, path: string): never {
  return fail('VIRTUAL_CARD_PERSONALISATION_INVALID', message, { path });
}

/** A whole card, compiled. */
export interface CompiledCard {
  readonly perso: VirtualCardPersonalisation;
  readonly applications: readonly CompiledApplication[];
  readonly pin: string | undefined;
  readonly pinTryLimit: number;
}

const compiled = new WeakMap<VirtualCardPersonalisation, CompiledCard>();

/**
 * Compile a personalisation (cached per personalisation object, so many cards can share the work
 * of signing their certificates).
 *
 * @example
 * ```ts
 * compileCard(virtualCards['visa-credit']).applications[0].contact?.afl; // 08010100 10010201 18010200 20010100
 * ```
 */
export function compileCard(perso: VirtualCardPersonalisation): CompiledCard {
  const hit = compiled.get(perso);
  if (hit) return hit;
  if (perso.applications.length === 0) invalid('a card holds at least one application', 'applications');
  const pin = perso.pin === undefined ? undefined : digits(perso.pin, 4, 12, 'pin');
  const pinTryLimit = perso.pinTryLimit ?? 3;
  if (!Number.isInteger(pinTryLimit) || pinTryLimit < 1 || pinTryLimit > 15) invalid('pinTryLimit must be 1-15', 'pinTryLimit');
  const card: CompiledCard = {
    perso,
    applications: perso.applications.map((a, k) => new CompiledApplication(a, `applications[${k}]`)),
    pin,
    pinTryLimit,
  };
  compiled.set(perso, card);
  return card;
}
