/**
 * Payment-crypto commands: `cardwire kcv`, `cardwire pin encode|decode`, `cardwire mac` and
 * `cardwire dukpt derive`. Keys are read from a file (`@path`, hex) or standard input (`-`), never
 * from the command line itself, and never printed: a key shows as its check value. Clear PIN
 * blocks, PINs and PANs are masked unless `--reveal` is given.
 */
import { parseArgs } from 'node:util';
import { decodeAscii, fail, hex, maskPan, toHex } from '../../core/index';
import {
  createKey,
  decipherPinBlock,
  decodePinBlock,
  deriveAesDukptKey,
  deriveTdesDukptKey,
  encipherPinBlock,
  encodePinBlock,
  generateMac,
  keyCheckValue,
  verifyMac,
  type AesDukptKeyType,
  type AesDukptKeyUsage,
  type KeyAlgorithm,
  type KeyUsage,
  type MacAlgorithm,
  type PinBlockFormat,
  type SecretKey,
  type TdesDukptKeyType,
} from '../../crypto/index';
import { keyBytes } from '../../crypto/keys/key';
import { readArgument, readHexArgument, reportError, type CliIo, type CommandGroup } from '../command';

const common = {
  json: { type: 'boolean', default: false },
  reveal: { type: 'boolean', default: false },
} as const;

/** Read a key: `@path` (hex in a file) or `-` (hex on standard input). */
async function readKey(source: string | undefined, io: CliIo, options: { algorithm?: string; usage: KeyUsage; name: string }): Promise<SecretKey> {
  if (source === undefined) return fail('INVALID_ARGUMENT', `--${options.name} is required (@file or - for standard input)`, { path: options.name });
  let text: string;
  if (source === '-') text = await io.readStdin();
  else if (source.startsWith('@')) text = readArgument(source);
  else return fail('INVALID_ARGUMENT', `--${options.name} must be @file or - (keys are never taken from the command line)`, { path: options.name });
  const bytes = hex(text.replace(/\s+/g, ''), { path: options.name });
  try {
    const algorithm = (options.algorithm ?? (bytes.length === 8 ? 'des' : 'tdes')) as KeyAlgorithm;
    return createKey(bytes, { algorithm, usage: options.usage });
  } finally {
    bytes.fill(0);
  }
}

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** parseArgs, with a usage error (exit 2) instead of an exception for unknown options. */
function parse<O extends ParseOptions>(args: readonly string[], options: O, io: CliIo, usage: string) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : 'bad arguments'}\n`);
    io.err(usage);
    return undefined;
  }
}

function shownKey(key: SecretKey, reveal: boolean): string {
  if (reveal) return toHex(keyBytes(key));
  return key.algorithm === 'hmac' ? '****' : `**** (KCV ${key.kcv})`;
}

function printResult(io: CliIo, json: boolean, fields: Record<string, string | number | boolean>): void {
  if (json) io.out(JSON.stringify(fields));
  else for (const [k, v] of Object.entries(fields)) io.out(`${k.padEnd(14)} ${String(v)}`);
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) fail('INVALID_ARGUMENT', `--${name} must be a number`, { path: name });
  return Number(value);
}

function pinFormat(value: string | undefined): PinBlockFormat {
  const n = intOption(value ?? '0', 'format');
  if (n !== 0 && n !== 1 && n !== 2 && n !== 3 && n !== 4) fail('PIN_BLOCK_FORMAT_INVALID', 'format must be 0 to 4', { path: 'format' });
  return n;
}

export const kcvCommand: CommandGroup = {
  name: 'kcv',
  summary: 'key check value of a key read from a file or stdin',
  usage: `Usage: cardwire kcv --key @file|- [--algorithm des|tdes|aes|sm4] [--method ecb|cmac] [--length n] [--json]

Prints the key check value (X9.24: TDES encrypts zeros; AES uses the CMAC of zeros unless
--method ecb). The key itself is never printed.
`,
  tour: [
    {
      title: 'Key check value',
      text: 'The X9.24-1 test BDK, read from a file: only its check value is shown.',
      argv: ['kcv', '--key', '@fixtures/cli/bdk-x9.24-1.hex'],
    },
  ],
  async run(args, io) {
    const parsed = parse(args, { ...common, key: { type: 'string' }, algorithm: { type: 'string' }, method: { type: 'string' }, length: { type: 'string' } }, io, this.usage);
    if (!parsed) return 2;
    const { values } = parsed;
    try {
      const key = await readKey(values.key, io, { ...(values.algorithm ? { algorithm: values.algorithm } : {}), usage: 'K0', name: 'key' });
      const length = intOption(values.length, 'length');
      const method = values.method;
      if (method !== undefined && method !== 'ecb' && method !== 'cmac') fail('INVALID_ARGUMENT', '--method is ecb or cmac', { path: 'method' });
      const kcv = toHex(keyCheckValue(key, { ...(method ? { method } : {}), ...(length === undefined ? {} : { length }) }));
      printResult(io, values.json, { algorithm: key.algorithm, length: key.length, kcv });
      key.destroy();
      return 0;
    } catch (e) {
      return reportError(e, io, values.json);
    }
  },
};

export const pinCommand: CommandGroup = {
  name: 'pin',
  summary: 'ISO 9564-1 PIN blocks: encode and decode, clear or enciphered',
  usage: `Usage:
  cardwire pin encode --format 0-4 --pin DIGITS [--pan PAN] [--key @file|- [--algorithm tdes|aes]] [--reveal] [--json]
  cardwire pin decode --format 0-4 --block HEX [--pan PAN] [--key @file|- [--algorithm tdes|aes]] [--reveal] [--json]

Without --key the block is clear (formats 0-3); with --key it is enciphered (format 4 needs an AES key).
Clear blocks, PINs and PANs are masked unless --reveal is given.
`,
  tour: [
    {
      title: 'PIN block, format 0, enciphered',
      text: 'PIN 1234 for PAN 4012345678909 under the X9.24-1 E00001 PIN key: the Annex A block 1B9C1845EB993A7A.',
      argv: ['pin', 'encode', '--format', '0', '--pin', '1234', '--pan', '4012345678909', '--key', '@fixtures/cli/pin-key-e00001.hex'],
    },
    {
      title: 'PIN block decode (masked)',
      text: 'Deciphering it back; the PIN stays masked without --reveal.',
      argv: ['pin', 'decode', '--format', '0', '--block', '1B9C1845EB993A7A', '--pan', '4012345678909', '--key', '@fixtures/cli/pin-key-e00001.hex'],
    },
  ],
  async run(args, io) {
    const [sub, ...rest] = args;
    const parsed = parse(rest, { ...common, format: { type: 'string' }, pin: { type: 'string' }, pan: { type: 'string' }, block: { type: 'string' }, key: { type: 'string' }, algorithm: { type: 'string' } }, io, this.usage);
    if (!parsed) return 2;
    const { values } = parsed;
    try {
      const format = pinFormat(values.format);
      const pan = values.pan;
      const key =
        values.key === undefined
          ? undefined
          : await readKey(values.key, io, { algorithm: values.algorithm ?? (format === 4 ? 'aes' : undefined) ?? 'tdes', usage: 'P0', name: 'key' });
      const panShown = pan === undefined ? '-' : values.reveal ? pan : maskPan(pan);
      switch (sub) {
        case 'encode': {
          const pin = values.pin ?? fail('PIN_INVALID', '--pin is required', { path: 'pin' });
          const panOpt = pan === undefined ? {} : { pan };
          if (key) {
            const block = encipherPinBlock({ key, format, pin, ...panOpt });
            printResult(io, values.json, { format, pan: panShown, key: `KCV ${key.kcv}`, pinBlock: toHex(block) });
          } else {
            if (format === 4) fail('PIN_BLOCK_FORMAT_INVALID', 'format 4 exists only enciphered: give --key', { path: 'format' });
            const block = encodePinBlock({ format, pin, ...panOpt });
            printResult(io, values.json, { format, pan: panShown, clearPinBlock: values.reveal ? toHex(block) : '****************' });
          }
          return 0;
        }
        case 'decode': {
          const block = readHexArgument(values.block ?? fail('PIN_BLOCK_LENGTH', '--block is required', { path: 'block' }), 'block');
          const panOpt = pan === undefined ? {} : { pan };
          let pin: string;
          if (key) pin = decipherPinBlock(block, { key, format, ...panOpt });
          else {
            if (format === 4) fail('PIN_BLOCK_FORMAT_INVALID', 'format 4 exists only enciphered: give --key', { path: 'format' });
            pin = decodePinBlock(block, { format, ...panOpt });
          }
          printResult(io, values.json, { format, pan: panShown, pinLength: pin.length, pin: values.reveal ? pin : '*'.repeat(pin.length) });
          return 0;
        }
        default:
          io.err(this.usage);
          return 2;
      }
    } catch (e) {
      return reportError(e, io, values.json);
    }
  },
};

const macAlgorithms: readonly MacAlgorithm[] = ['iso9797-1-1', 'iso9797-1-3', 'x9.9', 'x9.19', 'cmac', 'hmac-sha256', 'unionpay'];

export const macCommand: CommandGroup = {
  name: 'mac',
  summary: 'generate or verify a MAC (ISO 9797-1, X9.9, X9.19, CMAC, HMAC-SHA-256, UnionPay)',
  usage: `Usage: cardwire mac --algorithm ${macAlgorithms.join('|')} --key @file|- --data HEX|@file
                    [--key-algorithm des|tdes|aes|sm4|hmac] [--padding 1|2|3] [--length n] [--verify HEX] [--json]
`,
  tour: [
    {
      title: 'Retail MAC (ANSI X9.19)',
      text: 'ISO/IEC 9797-1 Annex B: "Now is the time for all " under 0123456789ABCDEF FEDCBA9876543210 gives A1C72E74EA3FA9B6.',
      argv: ['mac', '--algorithm', 'x9.19', '--key', '@fixtures/cli/mak-x9.19.hex', '--data', '4E6F77206973207468652074696D6520666F7220616C6C20'],
    },
  ],
  async run(args, io) {
    const parsed = parse(args, {
        ...common,
        algorithm: { type: 'string' },
        key: { type: 'string' },
        'key-algorithm': { type: 'string' },
        data: { type: 'string' },
        padding: { type: 'string' },
        length: { type: 'string' },
        verify: { type: 'string' },
      }, io, this.usage);
    if (!parsed) return 2;
    const { values } = parsed;
    try {
      const algorithm = values.algorithm as MacAlgorithm;
      if (!macAlgorithms.includes(algorithm)) fail('MAC_ALGORITHM_UNKNOWN', `--algorithm is one of ${macAlgorithms.join(', ')}`, { path: 'algorithm' });
      const keyAlgorithm = values['key-algorithm'] ?? (algorithm === 'hmac-sha256' ? 'hmac' : algorithm === 'cmac' ? 'aes' : undefined);
      const usage: KeyUsage = algorithm === 'hmac-sha256' ? 'M7' : algorithm === 'cmac' ? 'M6' : algorithm === 'iso9797-1-3' || algorithm === 'x9.19' ? 'M3' : 'M1';
      const key = await readKey(values.key, io, { ...(keyAlgorithm ? { algorithm: keyAlgorithm } : {}), usage, name: 'key' });
      const data = readHexArgument(values.data ?? fail('INVALID_ARGUMENT', '--data is required', { path: 'data' }), 'data');
      const padding = intOption(values.padding, 'padding');
      const length = intOption(values.length, 'length');
      const options = { algorithm, ...(padding === undefined ? {} : { padding: padding as 1 | 2 | 3 }), ...(length === undefined ? {} : { length }) };
      if (values.verify !== undefined) {
        const expected = algorithm === 'unionpay' ? new TextEncoder().encode(values.verify) : readHexArgument(values.verify, 'verify');
        const ok = verifyMac(key, data, expected, options);
        printResult(io, values.json, { algorithm, verified: ok });
        return ok ? 0 : 1;
      }
      const mac = generateMac(key, data, options);
      printResult(io, values.json, { algorithm, mac: algorithm === 'unionpay' ? decodeAscii(mac) : toHex(mac) });
      return 0;
    } catch (e) {
      return reportError(e, io, values.json);
    }
  },
};

const tdesTypes: readonly TdesDukptKeyType[] = ['pin', 'mac-request', 'mac-response', 'data-request', 'data-response'];

export const dukptCommand: CommandGroup = {
  name: 'dukpt',
  summary: 'DUKPT host derivation: TDES (X9.24-1) and AES (X9.24-3) working keys from BDK and KSN',
  usage: `Usage:
  cardwire dukpt derive --bdk @file|- --ksn HEX [--type ${tdesTypes.join('|')}] [--reveal] [--json]          (10-byte KSN: TDES)
  cardwire dukpt derive --bdk @file|- --ksn HEX --usage pin|kek|mac-generation|mac-verification|mac-both|data-encrypt|data-decrypt|data-both
                        [--key-type 2tdea|3tdea|aes128|aes192|aes256|hmac128|hmac192|hmac256] [--reveal] [--json]  (12-byte KSN: AES)

The derived key is shown by its check value unless --reveal is given.
`,
  tour: [
    {
      title: 'DUKPT: the PIN key of a transaction',
      text: 'BDK 0123…3210 and KSN FFFF9876543210E00001 (X9.24-1 Annex A); the key shows as its KCV.',
      argv: ['dukpt', 'derive', '--bdk', '@fixtures/cli/bdk-x9.24-1.hex', '--ksn', 'FFFF9876543210E00001', '--type', 'pin'],
    },
  ],
  async run(args, io) {
    const [sub, ...rest] = args;
    const parsed = parse(rest, { ...common, bdk: { type: 'string' }, ksn: { type: 'string' }, type: { type: 'string' }, usage: { type: 'string' }, 'key-type': { type: 'string' } }, io, this.usage);
    if (!parsed) return 2;
    const { values } = parsed;
    try {
      if (sub !== 'derive') {
        io.err(this.usage);
        return 2;
      }
      const ksn = readHexArgument(values.ksn ?? fail('DUKPT_KSN_INVALID', '--ksn is required', { path: 'ksn' }), 'ksn');
      let key: SecretKey;
      if (ksn.length === 12) {
        const bdk = await readKey(values.bdk, io, { algorithm: 'aes', usage: 'B0', name: 'bdk' });
        key = deriveAesDukptKey({
          bdk,
          ksn,
          usage: (values.usage ?? 'pin') as AesDukptKeyUsage,
          keyType: (values['key-type'] ?? (bdk.length === 16 ? 'aes128' : bdk.length === 24 ? 'aes192' : 'aes256')) as AesDukptKeyType,
        });
      } else {
        const bdk = await readKey(values.bdk, io, { algorithm: 'tdes', usage: 'B0', name: 'bdk' });
        key = deriveTdesDukptKey({ bdk, ksn, type: (values.type ?? 'pin') as TdesDukptKeyType });
      }
      printResult(io, values.json, { ksn: toHex(ksn), algorithm: key.algorithm, usage: key.usage, key: shownKey(key, values.reveal), ...(key.algorithm === 'hmac' ? {} : { kcv: key.kcv }) });
      return 0;
    } catch (e) {
      return reportError(e, io, values.json);
    }
  },
};

/** The crypto layer's command groups, in `--help` order. */
export const cryptoCommandGroups: readonly CommandGroup[] = [kcvCommand, pinCommand, macCommand, dukptCommand];
