/**
 * `cardwire tr31 …` and `cardwire emv-crypto …`: unwrap a TR-31 / X9.143 key block, and generate
 * or verify EMV application cryptograms (with the ARPC) from an issuer master key. Keys are read
 * from a file or standard input, never from the command line, and never printed: the output shows
 * key check values, and the unwrapped key only with --reveal.
 */
import { fail, hex, maskPan, toHex } from '../../core/index';
import {
  CRYPTOGRAM_VERSIONS,
  EmvIssuer,
  type CryptogramData,
  type CryptogramVersion,
} from '../../crypto/index';
import { unwrapTr31Bytes } from '../../crypto/tr31';
import { keyUsages } from '../../crypto/keys/usage';
import { createKey } from '../../crypto/keys/key';
import { defineCommand, readFileArgument, usageError, type CliIo, type CommandGroup } from '../command';

/** Read a hex key from `--key-file <path>` or `--key-file -` (standard input); whitespace ignored. */
async function readKey(path: string | undefined, io: CliIo, option: string): Promise<Uint8Array> {
  if (path === undefined) return usageError(`${option} <path> is required (use - for standard input); keys are never taken from the command line`);
  const text = path === '-' ? await io.readStdin() : readFileArgument(path, 'latin1');
  return hex(text.replace(/\s+/g, ''), { path: option });
}

/** Key check value as the crypto layer defines it (ECB of zeros for DES/TDES, CMAC of zeros for AES). */
function kcv(key: Uint8Array, algorithm: 'tdes' | 'des' | 'aes'): string {
  // The KCV does not depend on the usage; D0 only satisfies createKey.
  const k = createKey(key, { algorithm, usage: 'D0' });
  try {
    return k.kcv;
  } finally {
    k.destroy();
  }
}

const TR31_USAGE = `Usage:
  cardwire tr31 unwrap <key block> --kbpk-file <path|-> [--reveal] [--json]
      Unwrap a TR-31 / ANSI X9.143 key block (versions A, B, C, D) with the key block
      protection key read as hex from a file or, with '-', from standard input. Prints the
      header (usage, algorithm, mode of use, exportability, optional blocks) and the key check
      value; the key itself only with --reveal.
`;

function algorithmOfKey(header: { algorithm: string }, length: number): 'tdes' | 'des' | 'aes' | undefined {
  if (header.algorithm === 'A') return 'aes';
  if (header.algorithm === 'T') return length === 8 ? 'des' : 'tdes';
  if (header.algorithm === 'D') return 'des';
  return undefined;
}

/** `cardwire tr31`. */
export const tr31Command: CommandGroup = {
  name: 'tr31',
  summary: 'unwrap TR-31 / X9.143 key blocks (key read from a file or stdin, masked output)',
  usage: TR31_USAGE,
  tour: [
    {
      title: 'TR-31 key blocks',
      text: 'A key block carries its usage, algorithm and mode of use with the wrapped key. The key block protection key is read from a file or stdin, never from the command line; a missing one is a usage error.',
      argv: ['tr31', 'unwrap', 'D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34'],
      expectError: true,
    },
  ],
  commands: [
    defineCommand({
      name: 'unwrap',
      usage: TR31_USAGE,
      options: { 'kbpk-file': { type: 'string' }, reveal: { type: 'boolean' }, json: { type: 'boolean' } },
      positionals: ['<key block>'],
      async run({ values, positionals }, io) {
        const kbpk = await readKey(values['kbpk-file'], io, '--kbpk-file');
        const { header, key } = unwrapTr31Bytes(kbpk, positionals[0]!.trim());
        kbpk.fill(0);
        const algorithm = algorithmOfKey(header, key.length);
        const check = algorithm ? kcv(key, algorithm) : undefined;
        const shown = values.reveal === true ? toHex(key) : `[masked ${key.length} bytes; --reveal to show]`;
        key.fill(0);
        if (values.json === true) {
          io.out(JSON.stringify({ header, keyLength: key.length, kcv: check ?? null, key: shown }));
        } else {
          io.out(`version          ${header.version}`);
          io.out(`key usage        ${header.keyUsage} (${Object.prototype.hasOwnProperty.call(keyUsages, header.keyUsage) ? keyUsages[header.keyUsage as keyof typeof keyUsages] : 'not a usage cardwire knows'})`);
          io.out(`algorithm        ${header.algorithm}`);
          io.out(`mode of use      ${header.modeOfUse}`);
          io.out(`key version      ${header.keyVersion}`);
          io.out(`exportability    ${header.exportability}`);
          for (const b of header.optionalBlocks) io.out(`optional block   ${b.id} ${b.data}`);
          io.out(`key              ${shown}`);
          if (check) io.out(`KCV              ${check}`);
        }
        return 0;
      },
    }),
  ],
};

const FIELDS: ReadonlyArray<readonly [keyof CryptogramData, string]> = [
  ['amountAuthorised', '9F02'],
  ['amountOther', '9F03'],
  ['terminalCountryCode', '9F1A'],
  ['terminalVerificationResults', '95'],
  ['transactionCurrencyCode', '5F2A'],
  ['transactionDate', '9A'],
  ['transactionType', '9C'],
  ['unpredictableNumber', '9F37'],
  ['applicationInterchangeProfile', '82'],
  ['applicationTransactionCounter', '9F36'],
  ['issuerApplicationData', '9F10'],
];

const EMV_USAGE = `Usage:
  cardwire emv-crypto arqc --cvn <version> --imk-file <path|-> --pan <digits> [--psn NN]
                          --tag 9F02=… --tag 9F03=… … --tag 9F10=… [--arqc <hex>]
                          [--arc <hex> | --csu <hex>] [--reveal] [--json]
      Derive the ICC master key from the issuer master key for AC (read as hex from a file or
      stdin) and compute the application cryptogram over 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 82
      9F36 9F10. With --arqc, verify it instead (exit code 1 when it does not match). With --arc
      (method 1) or --csu (method 2), also print the ARPC. The PAN is masked unless --reveal.
      Versions: ${Object.keys(CRYPTOGRAM_VERSIONS).join(', ')}.
`;

function tagValues(list: readonly string[] | undefined): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const item of list ?? []) {
    const m = /^([0-9A-Fa-f]{2,4})=([0-9A-Fa-f]*)$/.exec(item);
    if (!m) usageError(`--tag takes TAG=HEX, not '${item.slice(0, 40)}'`);
    out.set(m[1]!.toUpperCase(), hex(m[2]!, { path: m[1]!.toUpperCase() }));
  }
  return out;
}

/** `cardwire emv-crypto`. */
export const emvCryptoCommand: CommandGroup = {
  name: 'emv-crypto',
  summary: 'generate or verify EMV ARQC/TC/AAC and the ARPC from an issuer master key',
  usage: EMV_USAGE,
  tour: [
    {
      title: 'EMV cryptograms',
      text: 'An issuer host verifies the ARQC from the issuer master key and answers with an ARPC; the cryptogram versions it knows:',
      argv: ['emv-crypto', '--help'],
    },
  ],
  commands: [
    defineCommand({
      name: 'arqc',
      usage: EMV_USAGE,
      options: {
        cvn: { type: 'string', choices: Object.keys(CRYPTOGRAM_VERSIONS) },
        'imk-file': { type: 'string' },
        pan: { type: 'string' },
        psn: { type: 'string' },
        tag: { type: 'string', multiple: true },
        arqc: { type: 'string' },
        arc: { type: 'string' },
        csu: { type: 'string' },
        reveal: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      async run({ values }, io) {
        const cvn = values.cvn ?? usageError(`--cvn is required: one of ${Object.keys(CRYPTOGRAM_VERSIONS).join(', ')}`);
        const pan = values.pan ?? usageError('--pan is required');
        const tags = tagValues(values.tag);
        const data = Object.fromEntries(
          FIELDS.map(([field, tag]) => {
            const v = tags.get(tag);
            if (!v) fail('EMV_CRYPTOGRAM_INPUT_INVALID', `--tag ${tag}=… is required`, { path: tag });
            return [field, v];
          }),
        ) as unknown as CryptogramData;
        const imk = await readKey(values['imk-file'], io, '--imk-file');
        const issuer = new EmvIssuer({ issuerMasterKey: imk, cvn: cvn as CryptogramVersion });
        imk.fill(0);
        try {
          const card = { pan, panSequenceNumber: values.psn ?? '00' };
          const result: Record<string, unknown> = { cvn, pan: values.reveal === true ? pan : maskPan(pan) };
          let arqc: Uint8Array;
          let ok = true;
          if (values.arqc !== undefined) {
            arqc = hex(values.arqc, { path: '--arqc' });
            ok = issuer.verifyArqc({ ...card, data, arqc });
            result['arqc'] = toHex(arqc);
            result['verified'] = ok;
          } else {
            // Generation: the virtual card's side, from the same keys (the CVN fixes how).
            arqc = issuer.generateCryptogram({ ...card, data });
            result['cryptogram'] = toHex(arqc);
          }
          if (values.arc !== undefined || values.csu !== undefined) {
            result['arpc'] = toHex(
              issuer.arpc({
                ...card,
                arqc,
                applicationTransactionCounter: data.applicationTransactionCounter,
                unpredictableNumber: data.unpredictableNumber,
                ...(values.arc !== undefined ? { authorisationResponseCode: hex(values.arc, { path: '--arc' }) } : {}),
                ...(values.csu !== undefined ? { cardStatusUpdate: hex(values.csu, { path: '--csu' }) } : {}),
              }),
            );
          }
          if (values.json === true) io.out(JSON.stringify(result));
          else for (const [k, v] of Object.entries(result)) io.out(`${k.padEnd(12)} ${String(v)}`);
          return ok ? 0 : 1;
        } finally {
          issuer.destroy();
        }
      },
    }),
  ],
};
