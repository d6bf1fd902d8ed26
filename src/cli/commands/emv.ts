/**
 * `cardwire emv …`: decode BER-TLV chip data into a named tree with decoded bit fields (masked by
 * default), explain single bit fields, and parse or fill data object lists.
 */
import { parseArgs } from 'node:util';
import { hex, isCardwireError, redact, toHex } from '../../core/index';
import {
  AdditionalTerminalCapabilities,
  Aip,
  Auc,
  Ctq,
  TerminalCapabilities,
  Tsi,
  Ttq,
  Tvr,
  buildDolData,
  decodeCid,
  decodeCvmList,
  decodeCvmResults,
  decodeIssuerApplicationData,
  decodeResponseApdu,
  decodeTlv,
  describeTlv,
  emvTag,
  explainIssuerApplicationData,
  formatTlvTree,
  isSensitiveTag,
  parseDol,
  statusWordInfo,
  type BitField,
  type DescribedTlv,
  type EmvScheme,
  type StatusWordInfo,
  type TlvNode,
} from '../../emv/index';
import { eachStdinLine, readHexArgument, reportError, type CliIo, type CommandGroup } from '../command';

const USAGE = `Usage: cardwire emv <command> [options]

Commands:
  decode <hex|@file|->   BER-TLV tree with tag names, rendered values and decoded bit fields
                         ('-': one hex string per stdin line, one JSON line out each)
  tvr|tsi|aip|auc <hex>  explain a bit field (also: ttq, ctq, caps = 9F33, addcaps = 9F40)
  cvm <hex>              explain a CVM list (8E); cvmr <hex> for CVM results (9F34)
  cid <hex>              explain Cryptogram Information Data (9F27)
  iad <hex>              explain Issuer Application Data (9F10)
  dol <dol-hex>          list a data object list; with --data '{"9F02":"000000001000"}' build its data

Options:
  --json      JSON output
  --reveal    show cardholder data (PAN, track 2, name) instead of masking it
  --scheme    prefer a scheme's tag definitions: Visa, Mastercard, UnionPay, Amex
  --strict    reject 00/FF padding and non-minimal lengths
  --response  decode: the input is a response APDU; its status word is split off and explained
`;

const BIT_FIELDS: Readonly<Record<string, BitField<string>>> = {
  tvr: Tvr,
  tsi: Tsi,
  aip: Aip,
  auc: Auc,
  ttq: Ttq,
  ctq: Ctq,
  caps: TerminalCapabilities,
  addcaps: AdditionalTerminalCapabilities,
};

const SCHEMES: readonly EmvScheme[] = ['EMV', 'Visa', 'Mastercard', 'UnionPay', 'Amex'];

type JsonTlv = { tag: string; value: string } | { tag: string; children: JsonTlv[] };

/** The `--json` tree: tag and value (hex, or masked) or children, in card order. */
function toJson(nodes: readonly TlvNode[], reveal: boolean): JsonTlv[] {
  return nodes.map((n) => {
    if (n.children) return { tag: n.tag, children: toJson(n.children, reveal) };
    return { tag: n.tag, value: !reveal && isSensitiveTag(n.tag) ? masked(n) : toHex(n.value) };
  });
}

function masked(n: TlvNode): string {
  const d: DescribedTlv | undefined = describeTlv([n])[0];
  return d?.value ?? redact(n.value);
}

export const emvCommand: CommandGroup = {
  name: 'emv',
  summary: 'EMV chip data: BER-TLV trees, bit fields (TVR, TSI, AIP, CVM, ...), DOLs',
  usage: USAGE,
  tour: [
    {
      title: 'EMV: decode a card record',
      text: 'A READ RECORD response (template 70) decoded with tag names; the PAN and track 2 equivalent data are masked.',
      argv: ['emv', 'decode', '70215A0847613400000000505F24031712319F0702FF808E0A00000000000000001E03'],
    },
    {
      title: 'EMV: explain a TVR',
      text: 'Each set bit of the Terminal Verification Results (tag 95) with its EMV Book 3 Annex C5 meaning.',
      argv: ['emv', 'tvr', '8000048000'],
    },
    {
      title: 'EMV: fill a CDOL1',
      text: 'The data a terminal sends with GENERATE AC: each value fitted to its DOL length (numeric left-padded, missing tags zero).',
      argv: ['emv', 'dol', '9F02069F03069F1A0295055F2A029A039C019F3704', '--data', '{"9F02":"1000","9F1A":"0156","5F2A":"0156","9A":"250314","9F37":"A1B2C3D4"}'],
    },
  ],
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          reveal: { type: 'boolean', default: false },
          strict: { type: 'boolean', default: false },
          response: { type: 'boolean', default: false },
          scheme: { type: 'string' },
          data: { type: 'string' },
        },
      });
    } catch (e) {
      io.err(`${e instanceof Error ? e.message : 'bad arguments'}\n`);
      io.err(USAGE);
      return 2;
    }
    const { values, positionals } = parsed;
    const [sub, input] = positionals;
    const json = values.json === true;
    const reveal = values.reveal === true;
    const scheme = SCHEMES.find((s) => s.toLowerCase() === values.scheme?.toLowerCase());
    if (values.scheme !== undefined && !scheme) {
      io.err(`unknown scheme '${values.scheme}' (Visa, Mastercard, UnionPay, Amex)`);
      return 2;
    }
    if (!sub || input === undefined) {
      io.err(USAGE);
      return 2;
    }
    const describeOptions = { reveal, ...(scheme ? { scheme } : {}) };
    try {
      if (sub === 'decode') {
        if (input === '-') {
          const strict = values.strict === true;
          return await eachStdinLine(io, (line) => JSON.stringify(toJson(decodeTlv(hex(line.replace(/\s+/g, ''), { path: 'input' }), { strict }), reveal)));
        }
        let bytes = readHexArgument(input);
        let status: StatusWordInfo | undefined;
        if (values.response === true) {
          const r = decodeResponseApdu(bytes);
          bytes = r.data;
          status = statusWordInfo(r.sw);
        }
        const nodes = decodeTlv(bytes, { strict: values.strict === true });
        if (json) io.out(JSON.stringify(status ? { sw: status.sw, status: status.meaning, data: toJson(nodes, reveal) } : toJson(nodes, reveal)));
        else {
          for (const line of formatTlvTree(describeTlv(nodes, describeOptions))) io.out(line);
          if (status) io.out(`SW ${status.sw}: ${status.meaning}`);
        }
        return 0;
      }
      const field = BIT_FIELDS[sub];
      if (field) {
        const bytes = readHexArgument(input);
        const explained = field.explain(bytes);
        if (json) io.out(JSON.stringify({ tag: field.tag, name: field.name, value: toHex(bytes), flags: field.decode(bytes), set: explained }));
        else {
          io.out(`${field.tag} ${field.name}: ${toHex(bytes)}`);
          if (explained.length === 0) io.out('  (no bit set)');
          for (const e of explained) io.out(`  byte ${e.byte} bit ${e.bit}: ${e.label}`);
        }
        return 0;
      }
      switch (sub) {
        case 'cvm': {
          const list = decodeCvmList(readHexArgument(input));
          if (json) io.out(JSON.stringify(list));
          else {
            io.out(`8E CVM List: X = ${list.amountX}, Y = ${list.amountY}`);
            list.rules.forEach((r, k) =>
              io.out(`  ${k + 1}. ${r.methodLabel}; ${r.conditionLabel}; ${r.applySucceedingIfUnsuccessful ? 'next rule if unsuccessful' : 'fail if unsuccessful'}`),
            );
          }
          return 0;
        }
        case 'cvmr': {
          const r = decodeCvmResults(readHexArgument(input));
          io.out(json ? JSON.stringify(r) : `9F34 CVM Results: ${r.rule.methodLabel}; ${r.rule.conditionLabel}; result ${r.outcome}`);
          return 0;
        }
        case 'cid': {
          const c = decodeCid(readHexArgument(input));
          io.out(json ? JSON.stringify(c) : `9F27 Cryptogram Information Data: ${c.cryptogramType}${c.adviceRequired ? ', advice required' : ''}, reason ${c.reason}`);
          return 0;
        }
        case 'iad': {
          const iad = decodeIssuerApplicationData(readHexArgument(input));
          if (json) io.out(JSON.stringify(iad, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v)));
          else for (const line of explainIssuerApplicationData(iad)) io.out(line);
          return 0;
        }
        case 'dol': {
          const entries = parseDol(readHexArgument(input), { path: 'DOL' });
          let data: Uint8Array | undefined;
          if (values.data !== undefined) {
            let source: unknown;
            try {
              source = JSON.parse(values.data);
            } catch {
              io.err('--data must be a JSON object of tag → hex');
              return 2;
            }
            if (typeof source !== 'object' || source === null || Array.isArray(source)) {
              io.err('--data must be a JSON object of tag → hex');
              return 2;
            }
            const map = new Map<string, Uint8Array>();
            for (const [tag, v] of Object.entries(source)) {
              if (typeof v !== 'string') {
                io.err(`--data value of ${tag} must be a hex string`);
                return 2;
              }
              map.set(tag.toUpperCase(), hex(v.length % 2 ? `0${v}` : v, { path: `data.${tag}` }));
            }
            data = buildDolData(entries, map, scheme ? { scheme } : {});
          }
          if (json) io.out(JSON.stringify({ entries, ...(data ? { data: toHex(data) } : {}) }));
          else {
            let at = 0;
            for (const e of entries) {
              const name = emvTag(e.tag, scheme ? { scheme } : {})?.name ?? '(unknown tag)';
              const value = data ? ` = ${toHex(data, at, at + e.length)}` : '';
              io.out(`${e.tag.padEnd(6)} ${String(e.length).padStart(3)}  ${name}${value}`);
              at += e.length;
            }
            if (data) io.out(`data: ${toHex(data)}`);
          }
          return 0;
        }
        default:
          io.err(`unknown emv command '${sub}'\n`);
          io.err(USAGE);
          return 2;
      }
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      return reportError(e, io, json);
    }
  },
};
