/**
 * Payment-crypto commands: `cardwire kcv`, `cardwire pin encode|decode`, `cardwire mac` and
 * `cardwire dukpt derive`. Keys are read from a file (`@path`, hex) or standard input (`-`), never
 * from the command line itself, and never printed: a key shows as its check value. Clear PIN
 * blocks, PINs and PANs are masked unless `--reveal` is given.
 */
import { decodeAscii, hex, maskPan, toHex } from '../../core/index';
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
import { defineCommand, readArgument, readHexArgument, usageError, type CliIo, type CommandGroup } from '../command';

const common = {
  json: { type: 'boolean', default: false },
  reveal: { type: 'boolean', default: false },
} as const;

/** Read a key: `@path` (hex in a file) or `-` (hex on standard input). */
async function readKey(source: string | undefined, io: CliIo, options: { algorithm?: KeyAlgorithm; usage: KeyUsage; name: string }): Promise<SecretKey> {
  if (source === undefined) return usageError(`--${options.name} is required (@file or - for standard input)`);
  let text: string;
  if (source === '-') text = await io.readStdin();
  else if (source.startsWith('@')) text = readArgument(source);
  else return usageError(`--${options.name} must be @file or - (keys are never taken from the command line)`);
  const bytes = hex(text.replace(/\s+/g, ''), { path: options.name });
  try {
    return createKey(bytes, { algorithm: options.algorithm ?? (bytes.length === 8 ? 'des' : 'tdes'), usage: options.usage });
  } finally {
    bytes.fill(0);
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
  if (!/^[0-9]{1,4}$/.test(value)) usageError(`--${name} must be a number`);
  return Number(value);
}

const KEY_ALGORITHMS = ['des', 'tdes', 'aes', 'sm4', 'hmac'] as const satisfies readonly KeyAlgorithm[];
const PIN_FORMATS = ['0', '1', '2', '3', '4'] as const;

const KCV_USAGE = `Usage: cardwire kcv --key @file|- [--algorithm des|tdes|aes|sm4] [--method ecb|cmac] [--length n] [--json]

Prints the key check value (X9.24: TDES encrypts zeros; AES uses the CMAC of zeros unless
--method ecb). The key itself is never printed.
`;

export const kcvCommand: CommandGroup = {
  name: 'kcv',
  summary: 'key check value of a key read from a file or stdin',
  usage: KCV_USAGE,
  tour: [
    {
      title: 'Key check value',
      text: 'The X9.24-1 test BDK, read from a file: only its check value is shown.',
      argv: ['kcv', '--key', '@fixtures/cli/bdk-x9.24-1.hex'],
    },
  ],
  commands: [
    defineCommand({
      name: '',
      usage: KCV_USAGE,
      options: { ...common, key: { type: 'string' }, algorithm: { type: 'string', choices: ['des', 'tdes', 'aes', 'sm4'] }, method: { type: 'string', choices: ['ecb', 'cmac'] }, length: { type: 'string' } },
      async run({ values }, io) {
        const length = intOption(values.length, 'length');
        const key = await readKey(values.key, io, { ...(values.algorithm ? { algorithm: values.algorithm as KeyAlgorithm } : {}), usage: 'K0', name: 'key' });
        const method = values.method as 'ecb' | 'cmac' | undefined;
        const kcv = toHex(keyCheckValue(key, { ...(method ? { method } : {}), ...(length === undefined ? {} : { length }) }));
        printResult(io, values.json, { algorithm: key.algorithm, length: key.length, kcv });
        key.destroy();
        return 0;
      },
    }),
  ],
};

const PIN_ENCODE = `  cardwire pin encode --format 0-4 --pin DIGITS [--pan PAN] [--key @file|- [--algorithm tdes|aes]] [--reveal] [--json]
`;
const PIN_DECODE = `  cardwire pin decode --format 0-4 --block HEX [--pan PAN] [--key @file|- [--algorithm tdes|aes]] [--reveal] [--json]
`;
const PIN_NOTES = `
Without --key the block is clear (formats 0-3); with --key it is enciphered (format 4 needs an AES key).
Clear blocks, PINs and PANs are masked unless --reveal is given.
`;

const PIN_OPTIONS = { ...common, format: { type: 'string', choices: PIN_FORMATS }, pan: { type: 'string' }, key: { type: 'string' }, algorithm: { type: 'string', choices: ['tdes', 'aes'] } } as const;

/** The PIN block format and the optional key and PAN that `pin encode` and `pin decode` share. */
async function pinContext(values: { format?: string | undefined; key?: string | undefined; algorithm?: string | undefined; pan?: string | undefined; reveal: boolean }, io: CliIo) {
  const format = Number(values.format ?? '0') as PinBlockFormat;
  const key = values.key === undefined ? undefined : await readKey(values.key, io, { algorithm: (values.algorithm ?? (format === 4 ? 'aes' : 'tdes')) as KeyAlgorithm, usage: 'P0', name: 'key' });
  const pan = values.pan;
  return { format, key, panOpt: pan === undefined ? {} : { pan }, panShown: pan === undefined ? '-' : values.reveal ? pan : maskPan(pan) };
}

export const pinCommand: CommandGroup = {
  name: 'pin',
  summary: 'ISO 9564-1 PIN blocks: encode and decode, clear or enciphered',
  usage: `Usage:\n${PIN_ENCODE}${PIN_DECODE}${PIN_NOTES}`,
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
  commands: [
    defineCommand({
      name: 'encode',
      usage: `Usage:\n${PIN_ENCODE}${PIN_NOTES}`,
      options: { ...PIN_OPTIONS, pin: { type: 'string' } },
      async run({ values }, io) {
        const pin = values.pin ?? usageError('--pin is required');
        const { format, key, panOpt, panShown } = await pinContext(values, io);
        if (key) {
          const block = encipherPinBlock({ key, format, pin, ...panOpt });
          printResult(io, values.json, { format, pan: panShown, key: `KCV ${key.kcv}`, pinBlock: toHex(block) });
        } else {
          if (format === 4) usageError('format 4 exists only enciphered: give --key');
          const block = encodePinBlock({ format, pin, ...panOpt });
          printResult(io, values.json, { format, pan: panShown, clearPinBlock: values.reveal ? toHex(block) : '****************' });
        }
        return 0;
      },
    }),
    defineCommand({
      name: 'decode',
      usage: `Usage:\n${PIN_DECODE}${PIN_NOTES}`,
      options: { ...PIN_OPTIONS, block: { type: 'string' } },
      async run({ values }, io) {
        const block = readHexArgument(values.block ?? usageError('--block is required'), 'block');
        const { format, key, panOpt, panShown } = await pinContext(values, io);
        let pin: string;
        if (key) pin = decipherPinBlock(block, { key, format, ...panOpt });
        else {
          if (format === 4) usageError('format 4 exists only enciphered: give --key');
          pin = decodePinBlock(block, { format, ...panOpt });
        }
        printResult(io, values.json, { format, pan: panShown, pinLength: pin.length, pin: values.reveal ? pin : '*'.repeat(pin.length) });
        return 0;
      },
    }),
  ],
};

const macAlgorithms = ['iso9797-1-1', 'iso9797-1-3', 'x9.9', 'x9.19', 'cmac', 'hmac-sha256', 'unionpay'] as const satisfies readonly MacAlgorithm[];

const MAC_USAGE = `Usage: cardwire mac --algorithm ${macAlgorithms.join('|')} --key @file|- --data HEX|@file
                    [--key-algorithm des|tdes|aes|sm4|hmac] [--padding 1|2|3] [--length n] [--verify HEX] [--json]
`;

export const macCommand: CommandGroup = {
  name: 'mac',
  summary: 'generate or verify a MAC (ISO 9797-1, X9.9, X9.19, CMAC, HMAC-SHA-256, UnionPay)',
  usage: MAC_USAGE,
  tour: [
    {
      title: 'Retail MAC (ANSI X9.19)',
      text: 'ISO/IEC 9797-1 Annex B: "Now is the time for all " under 0123456789ABCDEF FEDCBA9876543210 gives A1C72E74EA3FA9B6.',
      argv: ['mac', '--algorithm', 'x9.19', '--key', '@fixtures/cli/mak-x9.19.hex', '--data', '4E6F77206973207468652074696D6520666F7220616C6C20'],
    },
  ],
  commands: [
    defineCommand({
      name: '',
      usage: MAC_USAGE,
      options: {
        ...common,
        algorithm: { type: 'string', choices: macAlgorithms },
        key: { type: 'string' },
        'key-algorithm': { type: 'string', choices: KEY_ALGORITHMS },
        data: { type: 'string' },
        padding: { type: 'string', choices: ['1', '2', '3'] },
        length: { type: 'string' },
        verify: { type: 'string' },
      },
      async run({ values }, io) {
        const algorithm = (values.algorithm ?? usageError(`--algorithm is required: one of ${macAlgorithms.join(', ')}`)) as MacAlgorithm;
        const keyAlgorithm = (values['key-algorithm'] ?? (algorithm === 'hmac-sha256' ? 'hmac' : algorithm === 'cmac' ? 'aes' : undefined)) as KeyAlgorithm | undefined;
        const usage: KeyUsage = algorithm === 'hmac-sha256' ? 'M7' : algorithm === 'cmac' ? 'M6' : algorithm === 'iso9797-1-3' || algorithm === 'x9.19' ? 'M3' : 'M1';
        const data = readHexArgument(values.data ?? usageError('--data is required'), 'data');
        const length = intOption(values.length, 'length');
        const padding = values.padding === undefined ? undefined : (Number(values.padding) as 1 | 2 | 3);
        const key = await readKey(values.key, io, { ...(keyAlgorithm ? { algorithm: keyAlgorithm } : {}), usage, name: 'key' });
        const options = { algorithm, ...(padding === undefined ? {} : { padding }), ...(length === undefined ? {} : { length }) };
        if (values.verify !== undefined) {
          const expected = algorithm === 'unionpay' ? new TextEncoder().encode(values.verify) : readHexArgument(values.verify, 'verify');
          const ok = verifyMac(key, data, expected, options);
          printResult(io, values.json, { algorithm, verified: ok });
          return ok ? 0 : 1;
        }
        const mac = generateMac(key, data, options);
        printResult(io, values.json, { algorithm, mac: algorithm === 'unionpay' ? decodeAscii(mac) : toHex(mac) });
        return 0;
      },
    }),
  ],
};

const tdesTypes = ['pin', 'mac-request', 'mac-response', 'data-request', 'data-response'] as const satisfies readonly TdesDukptKeyType[];
const aesUsages = ['pin', 'kek', 'mac-generation', 'mac-verification', 'mac-both', 'data-encrypt', 'data-decrypt', 'data-both'] as const satisfies readonly AesDukptKeyUsage[];
const aesKeyTypes = ['2tdea', '3tdea', 'aes128', 'aes192', 'aes256', 'hmac128', 'hmac192', 'hmac256'] as const satisfies readonly AesDukptKeyType[];

const DUKPT_DERIVE = `  cardwire dukpt derive --bdk @file|- --ksn HEX [--type ${tdesTypes.join('|')}] [--reveal] [--json]          (10-byte KSN: TDES)
  cardwire dukpt derive --bdk @file|- --ksn HEX --usage ${aesUsages.join('|')}
                        [--key-type ${aesKeyTypes.join('|')}] [--reveal] [--json]  (12-byte KSN: AES)
`;
const DUKPT_NOTES = `
The derived key is shown by its check value unless --reveal is given.
`;

export const dukptCommand: CommandGroup = {
  name: 'dukpt',
  summary: 'DUKPT host derivation: TDES (X9.24-1) and AES (X9.24-3) working keys from BDK and KSN',
  usage: `Usage:\n${DUKPT_DERIVE}${DUKPT_NOTES}`,
  tour: [
    {
      title: 'DUKPT: the PIN key of a transaction',
      text: 'BDK 0123…3210 and KSN FFFF9876543210E00001 (X9.24-1 Annex A); the key shows as its KCV.',
      argv: ['dukpt', 'derive', '--bdk', '@fixtures/cli/bdk-x9.24-1.hex', '--ksn', 'FFFF9876543210E00001', '--type', 'pin'],
    },
  ],
  commands: [
    defineCommand({
      name: 'derive',
      usage: `Usage:\n${DUKPT_DERIVE}${DUKPT_NOTES}`,
      options: { ...common, bdk: { type: 'string' }, ksn: { type: 'string' }, type: { type: 'string', choices: tdesTypes }, usage: { type: 'string', choices: aesUsages }, 'key-type': { type: 'string', choices: aesKeyTypes } },
      async run({ values }, io) {
        const ksn = readHexArgument(values.ksn ?? usageError('--ksn is required'), 'ksn');
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
      },
    }),
  ],
};

/** The crypto layer's command groups, in `--help` order. */
export const cryptoCommandGroups: readonly CommandGroup[] = [kcvCommand, pinCommand, macCommand, dukptCommand];
