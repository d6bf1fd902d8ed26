/**
 * The kernel's configuration: plain JSON-able data (hex and decimal text, numbers, lists), as a
 * terminal management system downloads it. Terminal data (EMV 4.4 Book 4 Annex A: 9F1A, 5F2A,
 * 9F33, 9F40, 9F35, …), one entry per supported AID (Book 3 §10.6-10.7: floor limit, random
 * selection, terminal action codes; Book 1 §12: partial selection; Book 2: default DDOL/TDOL;
 * Book A/B: contactless limits and kernel id) and the CA public keys (Book 2 §11.2).
 * {@link prepareKernelConfig} checks it once and decodes the hex.
 */
import { encodeAscii, fail, hex } from '../../core/index';
import { CaPublicKeyStore, type CaPublicKey } from '../../crypto/index';
import { schemeOfAid } from '../tags';
import { parseDol, type DolEntry } from '../dol';
import type { De55Scheme } from '../de55';

/** Hex text. */
export type Hex = string;

/** Terminal-wide data (Book 4 Annex A). */
export interface TerminalConfig {
  /** Terminal country code (9F1A), ISO 3166 numeric, 4 digits: `'0156'`. */
  readonly countryCode: string;
  /** Transaction currency code (5F2A), ISO 4217 numeric, 4 digits: `'0156'`. */
  readonly currencyCode: string;
  /** Transaction currency exponent (5F36). */
  readonly currencyExponent: number;
  /** Terminal capabilities (9F33), 3 bytes hex. */
  readonly capabilities: Hex;
  /** Additional terminal capabilities (9F40), 5 bytes hex. */
  readonly additionalCapabilities: Hex;
  /** Terminal type (9F35), 2 digits: `'22'` = attended, merchant, offline with online capability. */
  readonly terminalType: string;
  /** Interface device serial number (9F1E), up to 8 characters. */
  readonly ifdSerialNumber: string;
  /** Merchant category code (9F15), 4 digits. */
  readonly merchantCategoryCode: string;
  /** Terminal identification (9F1C), 8 characters. */
  readonly terminalIdentification?: string;
  /** Merchant identifier (9F16), up to 15 characters. */
  readonly merchantIdentifier?: string;
  /** Merchant name and location (9F4E), up to 20 characters (what a PBOC CDOL1 asks for). */
  readonly merchantNameAndLocation?: string;
  /** Acquirer identifier (9F01), 6-11 digits. */
  readonly acquirerIdentifier?: string;
  /** The terminal can ask the cardholder to confirm an application (Book 1 §12.4); default true. */
  readonly cardholderConfirmation?: boolean;
  /** A PIN pad is present and working (default true); without one PIN CVMs fail with the TVR bit. */
  readonly pinPad?: boolean;
  /** PANs on the terminal exception file (Book 3 §10.6: TVR "card appears on exception file"). */
  readonly exceptionFile?: readonly string[];
  /** Terminal transaction qualifiers (9F66) for contactless, 4 bytes hex, before per-transaction bits. */
  readonly contactlessTtq?: Hex;
  /** The reader also takes contact chip cards (for "try another interface"); default true. */
  readonly contactChip?: boolean;
}

/** Random transaction selection (Book 3 §10.6.2); amounts in minor units, decimal text. */
export interface RandomSelectionConfig {
  readonly threshold: string;
  readonly targetPercent: number;
  readonly maxTargetPercent: number;
}

/** Contactless limits of one AID (EMV Book A §5.2, Book B §3.1.1); minor units, decimal text. */
export interface ContactlessAidConfig {
  /** Kernel identifier, 1 byte hex: `'03'` Visa (qVSDC), `'07'` UnionPay (qPBOC). */
  readonly kernelId: Hex;
  /** Above this amount the AID is not used contactless. */
  readonly transactionLimit?: string;
  /** Above this amount an online cryptogram is required (defaults to the contact floor limit). */
  readonly floorLimit?: string;
  /** At or above this amount a CVM is required. */
  readonly cvmLimit?: string;
  /** TTQ (9F66) for this AID, overriding the terminal's. */
  readonly ttq?: Hex;
  /** A zero amount goes online (default) or is not allowed contactless. */
  readonly zeroAmount?: 'online' | 'not-allowed';
}

/** One application (AID) the terminal supports. */
export interface ApplicationConfig {
  /** AID (terminal), 5-16 bytes hex. */
  readonly aid: Hex;
  /** Name for logs and receipts when the card gives none. */
  readonly name?: string;
  /** Select by partial AID with "next" (Book 1 §12.3.3). */
  readonly partialSelection: boolean;
  /** Application version number (terminal), 9F09, 2 bytes hex. */
  readonly applicationVersion: Hex;
  /** Terminal action codes (Book 3 §10.7), 5 bytes hex each. */
  readonly tac: { readonly default: Hex; readonly denial: Hex; readonly online: Hex };
  /** Terminal floor limit (9F1B), minor units. */
  readonly floorLimit: string;
  readonly randomSelection?: RandomSelectionConfig;
  /** Default DDOL (Book 2 §6.5.1) when the card has none. */
  readonly defaultDdol?: Hex;
  /** Default TDOL (Book 3 §5.4.1) when the card has none. */
  readonly defaultTdol?: Hex;
  /** DE 55 tag lists to use (default: from the RID). */
  readonly scheme?: De55Scheme;
  /** Perform terminal risk management when the AIP asks for it (`'card'`, Book 3 §10.6) or always. */
  readonly terminalRiskManagement?: 'card' | 'always';
  readonly contactless?: ContactlessAidConfig;
}

/** A CA public key (Book 2 §11.2), as downloaded. */
export interface CaPublicKeyConfig {
  /** RID, 5 bytes hex. */
  readonly rid: Hex;
  readonly index: number;
  readonly modulus: Hex;
  readonly exponent: Hex;
  /** Expiry, YYYY-MM-DD: the key is not used for transactions after it. */
  readonly expiry?: string;
}

/** The whole configuration. */
export interface KernelConfig {
  readonly terminal: TerminalConfig;
  readonly applications: readonly ApplicationConfig[];
  readonly caPublicKeys: readonly CaPublicKeyConfig[];
}

/** An application entry with its values decoded. */
export interface PreparedApplication {
  readonly config: ApplicationConfig;
  readonly aid: Uint8Array;
  readonly aidHex: string;
  readonly applicationVersion: Uint8Array;
  readonly tacDefault: Uint8Array;
  readonly tacDenial: Uint8Array;
  readonly tacOnline: Uint8Array;
  readonly floorLimit: bigint;
  readonly randomSelection: { readonly threshold: bigint; readonly targetPercent: number; readonly maxTargetPercent: number } | undefined;
  readonly defaultDdol: readonly DolEntry[] | undefined;
  readonly defaultTdol: readonly DolEntry[] | undefined;
  readonly scheme: De55Scheme | undefined;
  readonly contactless:
    | {
        readonly kernelId: number;
        readonly transactionLimit: bigint | undefined;
        readonly floorLimit: bigint;
        readonly cvmLimit: bigint | undefined;
        readonly ttq: Uint8Array;
        readonly zeroAmount: 'online' | 'not-allowed';
      }
    | undefined;
}

/** A configuration checked and decoded by {@link prepareKernelConfig}. */
export interface PreparedKernelConfig {
  readonly config: KernelConfig;
  /** Terminal data objects by tag (9F1A, 5F2A, 5F36, 9F33, 9F40, 9F35, 9F1E, 9F15, …). */
  readonly terminalData: ReadonlyMap<string, Uint8Array>;
  readonly capabilities: Uint8Array;
  readonly terminalType: number;
  readonly applications: readonly PreparedApplication[];
  readonly caPublicKeys: CaPublicKeyStore;
  /** Expiry (ms since epoch, end of day UTC) by `RID:index`. */
  readonly caKeyExpiry: ReadonlyMap<string, number>;
  readonly exceptionFile: ReadonlySet<string>;
}

function invalid(message: string, path: string): never {
  return fail('KERNEL_CONFIG_INVALID', message, { path });
}

function hexField(text: unknown, path: string, length?: number): Uint8Array {
  if (typeof text !== 'string') invalid('expected hex text', path);
  let b: Uint8Array;
  try {
    b = hex(text);
  } catch {
    return invalid('not hex', path);
  }
  if (length !== undefined && b.length !== length) invalid(`expected ${length} bytes, got ${b.length}`, path);
  return b;
}

function digitsField(text: unknown, min: number, max: number, path: string): string {
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text) || text.length < min || text.length > max) invalid(`expected ${min}-${max} digits`, path);
  return text;
}

/** Minor units as decimal text → bigint. */
function amountField(text: unknown, path: string): bigint {
  if (typeof text !== 'string' || !/^[0-9]{1,12}$/.test(text)) invalid('expected an amount in minor units: 1-12 digits', path);
  return BigInt(text);
}

function textField(text: unknown, max: number, path: string): Uint8Array {
  if (typeof text !== 'string' || text.length > max) invalid(`expected text of at most ${max} characters`, path);
  try {
    return encodeAscii(text);
  } catch {
    return invalid('expected ASCII text', path);
  }
}

function percent(n: unknown, path: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 99) invalid('a percentage is an integer 0-99', path);
  return n;
}

function dolField(text: string | undefined, path: string): DolEntry[] | undefined {
  if (text === undefined) return undefined;
  const bytes = hexField(text, path);
  try {
    return parseDol(bytes, { path });
  } catch {
    return invalid('not a data object list', path);
  }
}

/** Parse YYYY-MM-DD to the last millisecond of that day, UTC. */
export function endOfDay(date: string, path: string): number {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).getUTCDate() !== Number(m[3])) invalid('expected a date YYYY-MM-DD', path);
  return t + 86_399_999;
}

function prepareApplication(a: ApplicationConfig, k: number, terminalTtq: Uint8Array): PreparedApplication {
  const path = `applications[${k}]`;
  const aid = hexField(a.aid, `${path}.aid`);
  if (aid.length < 5 || aid.length > 16) invalid('an AID is 5-16 bytes', `${path}.aid`);
  if (typeof a.partialSelection !== 'boolean') invalid('partialSelection must be true or false', `${path}.partialSelection`);
  const rs = a.randomSelection;
  const scheme = a.scheme ?? defaultScheme(aid);
  const cl = a.contactless;
  const floorLimit = amountField(a.floorLimit, `${path}.floorLimit`);
  let contactless: PreparedApplication['contactless'];
  if (cl) {
    const kernelId = hexField(cl.kernelId, `${path}.contactless.kernelId`, 1)[0]!;
    contactless = {
      kernelId,
      transactionLimit: cl.transactionLimit === undefined ? undefined : amountField(cl.transactionLimit, `${path}.contactless.transactionLimit`),
      floorLimit: cl.floorLimit === undefined ? floorLimit : amountField(cl.floorLimit, `${path}.contactless.floorLimit`),
      cvmLimit: cl.cvmLimit === undefined ? undefined : amountField(cl.cvmLimit, `${path}.contactless.cvmLimit`),
      ttq: cl.ttq === undefined ? terminalTtq : hexField(cl.ttq, `${path}.contactless.ttq`, 4),
      zeroAmount: cl.zeroAmount ?? 'online',
    };
  }
  return {
    config: a,
    aid,
    aidHex: hexOf(aid),
    applicationVersion: hexField(a.applicationVersion, `${path}.applicationVersion`, 2),
    tacDefault: hexField(a.tac?.default, `${path}.tac.default`, 5),
    tacDenial: hexField(a.tac?.denial, `${path}.tac.denial`, 5),
    tacOnline: hexField(a.tac?.online, `${path}.tac.online`, 5),
    floorLimit,
    randomSelection: rs
      ? {
          threshold: amountField(rs.threshold, `${path}.randomSelection.threshold`),
          targetPercent: percent(rs.targetPercent, `${path}.randomSelection.targetPercent`),
          maxTargetPercent: percent(rs.maxTargetPercent, `${path}.randomSelection.maxTargetPercent`),
        }
      : undefined,
    defaultDdol: dolField(a.defaultDdol, `${path}.defaultDdol`),
    defaultTdol: dolField(a.defaultTdol, `${path}.defaultTdol`),
    scheme,
    contactless,
  };
}

const HEX = '0123456789ABCDEF';
function hexOf(b: Uint8Array): string {
  let s = '';
  for (const v of b) s += HEX[v >> 4]! + HEX[v & 15]!;
  return s;
}

function defaultScheme(aid: Uint8Array): De55Scheme | undefined {
  switch (schemeOfAid(aid)) {
    case 'UnionPay':
      return 'unionpay';
    case 'Visa':
      return 'visa';
    case 'Mastercard':
      return 'mastercard';
    default:
      return undefined;
  }
}

const prepared = new WeakMap<KernelConfig, PreparedKernelConfig>();

/**
 * Check a configuration and decode it (cached per configuration object: pass the same object to
 * every transaction). Errors are `KERNEL_CONFIG_INVALID` with the path of the field.
 *
 * @example
 * ```ts
 * prepareKernelConfig(defaultKernelConfig).applications.map((a) => a.aidHex);
 * // ['A000000333010101', 'A000000333010102', 'A000000333010103', 'A000000333010106', 'A0000000031010', 'A0000000041010']
 * prepareKernelConfig({ ...defaultKernelConfig, terminal: { ...defaultKernelConfig.terminal, capabilities: 'E0F8' } });
 * // throws KERNEL_CONFIG_INVALID at terminal.capabilities
 * ```
 */
export function prepareKernelConfig(config: KernelConfig): PreparedKernelConfig {
  const hit = prepared.get(config);
  if (hit) return hit;
  const t = config.terminal;
  const data = new Map<string, Uint8Array>();
  data.set('9F1A', hex(digitsField(t.countryCode, 4, 4, 'terminal.countryCode')));
  data.set('5F2A', hex(digitsField(t.currencyCode, 4, 4, 'terminal.currencyCode')));
  if (!Number.isInteger(t.currencyExponent) || t.currencyExponent < 0 || t.currencyExponent > 9) invalid('the currency exponent is 0-9', 'terminal.currencyExponent');
  data.set('5F36', Uint8Array.of(t.currencyExponent));
  const capabilities = hexField(t.capabilities, 'terminal.capabilities', 3);
  data.set('9F33', capabilities);
  data.set('9F40', hexField(t.additionalCapabilities, 'terminal.additionalCapabilities', 5));
  const type = digitsField(t.terminalType, 2, 2, 'terminal.terminalType');
  const hi = Number(type[0]);
  const lo = Number(type[1]);
  if (hi < 1 || hi > 3 || lo < 1 || lo > 6 || (hi === 3 && lo <= 3)) invalid('terminal type must be 11-16, 21-26 or 34-36 (Book 4 Annex A1)', 'terminal.terminalType');
  data.set('9F35', hex(type));
  data.set('9F1E', textField(t.ifdSerialNumber, 8, 'terminal.ifdSerialNumber'));
  data.set('9F15', hex(digitsField(t.merchantCategoryCode, 4, 4, 'terminal.merchantCategoryCode')));
  if (t.terminalIdentification !== undefined) data.set('9F1C', textField(t.terminalIdentification, 8, 'terminal.terminalIdentification'));
  if (t.merchantIdentifier !== undefined) data.set('9F16', textField(t.merchantIdentifier, 15, 'terminal.merchantIdentifier'));
  if (t.merchantNameAndLocation !== undefined) data.set('9F4E', textField(t.merchantNameAndLocation, 40, 'terminal.merchantNameAndLocation'));
  if (t.acquirerIdentifier !== undefined) {
    const d = digitsField(t.acquirerIdentifier, 6, 11, 'terminal.acquirerIdentifier');
    data.set('9F01', hex(d.padStart(12, '0')));
  }
  const ttq = hexField(t.contactlessTtq ?? '36000000', 'terminal.contactlessTtq', 4);
  const seen = new Set<string>();
  const applications = config.applications.map((a, k) => {
    const p = prepareApplication(a, k, ttq);
    if (seen.has(p.aidHex)) invalid(`AID ${p.aidHex} is configured twice`, `applications[${k}].aid`);
    seen.add(p.aidHex);
    return p;
  });
  const keys: CaPublicKey[] = [];
  const expiry = new Map<string, number>();
  config.caPublicKeys.forEach((k, i) => {
    const path = `caPublicKeys[${i}]`;
    const rid = hexOf(hexField(k.rid, `${path}.rid`, 5));
    if (!Number.isInteger(k.index) || k.index < 0 || k.index > 255) invalid('a CA key index is 0-255', `${path}.index`);
    const modulus = hexField(k.modulus, `${path}.modulus`);
    if (modulus.length < 64 || modulus.length > 248) invalid('a CA public key modulus is 64-248 bytes', `${path}.modulus`);
    keys.push({ rid, index: k.index, modulus, exponent: hexField(k.exponent, `${path}.exponent`) });
    if (k.expiry !== undefined) expiry.set(`${rid}:${k.index}`, endOfDay(k.expiry, `${path}.expiry`));
  });
  const exceptionFile = new Set((t.exceptionFile ?? []).map((pan, k) => digitsField(pan, 12, 19, `terminal.exceptionFile[${k}]`)));
  const out: PreparedKernelConfig = {
    config,
    terminalData: data,
    capabilities,
    terminalType: hi * 10 + lo,
    applications,
    caPublicKeys: new CaPublicKeyStore(keys),
    caKeyExpiry: expiry,
    exceptionFile,
  };
  prepared.set(config, out);
  return out;
}
