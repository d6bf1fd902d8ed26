/**
 * `cardwire emv …`: decode BER-TLV chip data into a named tree with decoded bit fields (masked by
 * default), explain single bit fields, and parse or fill data object lists.
 */
import { hex, redact, toHex } from '../../core/index';
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
import { defineCommand, eachStdinLine, readHexArgument, usageError, type CommandGroup } from '../command';

const OPTIONS_TEXT = `Options:
  --json      JSON output
  --reveal    show cardholder data (PAN, track 2, name) instead of masking it
  --scheme    prefer a scheme's tag definitions: Visa, Mastercard, UnionPay, Amex
  --strict    reject 00/FF padding and non-minimal lengths
  --response  decode: the input is a response APDU; its status word is split off and explained
`;

const USAGE = `Usage: cardwire emv <command> [options]

Commands:
  decode <hex|@file|->   BER-TLV tree with tag names, rendered values and decoded bit fields
                         ('-': one hex string per stdin line, one JSON line out each)
  tvr|tsi|aip|auc <hex>  explain a bit field (also: ttq, ctq, caps = 9F33, addcaps = 9F40)
  cvm <hex>              explain a CVM list (8E); cvmr <hex> for CVM results (9F34)
  cid <hex>              explain Cryptogram Information Data (9F27)
  iad <hex>              explain Issuer Application Data (9F10)
  dol <dol-hex>          list a data object list; with --data '{"9F02":"000000001000"}' build its data

${OPTIONS_TEXT}`;

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

/** `--scheme`, matched without regard to case. */
function schemeOption(v: string | undefined): EmvScheme | undefined {
  if (v === undefined) return undefined;
  return SCHEMES.find((s) => s.toLowerCase() === v.toLowerCase()) ?? usageError(`--scheme must be one of Visa, Mastercard, UnionPay, Amex, not '${v.slice(0, 40)}'`);
}

const JSON_OPTION = { json: { type: 'boolean', default: false } } as const;

const decodeCommand = defineCommand({
  name: 'decode',
  usage: `Usage: cardwire emv decode [--json] [--reveal] [--scheme NAME] [--strict] [--response] <hex|@file|->
      BER-TLV tree with tag names, rendered values and decoded bit fields
      ('-': one hex string per stdin line, one JSON line out each)

${OPTIONS_TEXT}`,
  options: {
    ...JSON_OPTION,
    reveal: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    response: { type: 'boolean', default: false },
    scheme: { type: 'string' },
  },
  positionals: ['<hex|@file|->'],
  async run({ values, positionals }, io) {
    const input = positionals[0]!;
    const { json, reveal, strict } = values;
    const scheme = schemeOption(values.scheme);
    if (input === '-') return eachStdinLine(io, (line) => JSON.stringify(toJson(decodeTlv(hex(line.replace(/\s+/g, ''), { path: 'input' }), { strict }), reveal)));
    let bytes = readHexArgument(input);
    let status: StatusWordInfo | undefined;
    if (values.response) {
      const r = decodeResponseApdu(bytes);
      bytes = r.data;
      status = statusWordInfo(r.sw);
    }
    const nodes = decodeTlv(bytes, { strict });
    if (json) io.out(JSON.stringify(status ? { sw: status.sw, status: status.meaning, data: toJson(nodes, reveal) } : toJson(nodes, reveal)));
    else {
      for (const line of formatTlvTree(describeTlv(nodes, { reveal, ...(scheme ? { scheme } : {}) }))) io.out(line);
      if (status) io.out(`SW ${status.sw}: ${status.meaning}`);
    }
    return 0;
  },
});

const bitFieldCommands = Object.entries(BIT_FIELDS).map(([name, field]) =>
  defineCommand({
    name,
    usage: `Usage: cardwire emv ${name} [--json] <hex>\n      explain each set bit of ${field.tag} ${field.name}\n`,
    options: JSON_OPTION,
    positionals: ['<hex>'],
    run({ values, positionals }, io) {
      const bytes = readHexArgument(positionals[0]!);
      const explained = field.explain(bytes);
      if (values.json) io.out(JSON.stringify({ tag: field.tag, name: field.name, value: toHex(bytes), flags: field.decode(bytes), set: explained }));
      else {
        io.out(`${field.tag} ${field.name}: ${toHex(bytes)}`);
        if (explained.length === 0) io.out('  (no bit set)');
        for (const e of explained) io.out(`  byte ${e.byte} bit ${e.bit}: ${e.label}`);
      }
      return 0;
    },
  }),
);

const cvmCommand = defineCommand({
  name: 'cvm',
  usage: 'Usage: cardwire emv cvm [--json] <hex>\n      explain a CVM list (8E)\n',
  options: JSON_OPTION,
  positionals: ['<hex>'],
  run({ values, positionals }, io) {
    const list = decodeCvmList(readHexArgument(positionals[0]!));
    if (values.json) io.out(JSON.stringify(list));
    else {
      io.out(`8E CVM List: X = ${list.amountX}, Y = ${list.amountY}`);
      list.rules.forEach((r, k) => io.out(`  ${k + 1}. ${r.methodLabel}; ${r.conditionLabel}; ${r.applySucceedingIfUnsuccessful ? 'next rule if unsuccessful' : 'fail if unsuccessful'}`));
    }
    return 0;
  },
});

const cvmrCommand = defineCommand({
  name: 'cvmr',
  usage: 'Usage: cardwire emv cvmr [--json] <hex>\n      explain CVM Results (9F34)\n',
  options: JSON_OPTION,
  positionals: ['<hex>'],
  run({ values, positionals }, io) {
    const r = decodeCvmResults(readHexArgument(positionals[0]!));
    io.out(values.json ? JSON.stringify(r) : `9F34 CVM Results: ${r.rule.methodLabel}; ${r.rule.conditionLabel}; result ${r.outcome}`);
    return 0;
  },
});

const cidCommand = defineCommand({
  name: 'cid',
  usage: 'Usage: cardwire emv cid [--json] <hex>\n      explain Cryptogram Information Data (9F27)\n',
  options: JSON_OPTION,
  positionals: ['<hex>'],
  run({ values, positionals }, io) {
    const c = decodeCid(readHexArgument(positionals[0]!));
    io.out(values.json ? JSON.stringify(c) : `9F27 Cryptogram Information Data: ${c.cryptogramType}${c.adviceRequired ? ', advice required' : ''}, reason ${c.reason}`);
    return 0;
  },
});

const iadCommand = defineCommand({
  name: 'iad',
  usage: 'Usage: cardwire emv iad [--json] <hex>\n      explain Issuer Application Data (9F10)\n',
  options: JSON_OPTION,
  positionals: ['<hex>'],
  run({ values, positionals }, io) {
    const iad = decodeIssuerApplicationData(readHexArgument(positionals[0]!));
    if (values.json) io.out(JSON.stringify(iad, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v)));
    else for (const line of explainIssuerApplicationData(iad)) io.out(line);
    return 0;
  },
});

/** `--data`: a JSON object of tag → hex (an odd-length value gets a leading zero nibble). */
function dolData(text: string): Map<string, Uint8Array> {
  let source: unknown;
  try {
    source = JSON.parse(text);
  } catch {
    return usageError('--data must be a JSON object of tag → hex');
  }
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return usageError('--data must be a JSON object of tag → hex');
  const map = new Map<string, Uint8Array>();
  for (const [tag, v] of Object.entries(source)) {
    if (typeof v !== 'string') usageError(`--data value of ${tag.slice(0, 8)} must be a hex string`);
    map.set(tag.toUpperCase(), hex(v.length % 2 ? `0${v}` : v, { path: `data.${tag}` }));
  }
  return map;
}

const dolCommand = defineCommand({
  name: 'dol',
  usage: `Usage: cardwire emv dol [--data JSON] [--scheme NAME] [--json] <dol-hex>
      list a data object list; with --data '{"9F02":"000000001000"}' build its data
`,
  options: { ...JSON_OPTION, scheme: { type: 'string' }, data: { type: 'string' } },
  positionals: ['<dol-hex>'],
  run({ values, positionals }, io) {
    const scheme = schemeOption(values.scheme);
    const entries = parseDol(readHexArgument(positionals[0]!), { path: 'DOL' });
    const data = values.data === undefined ? undefined : buildDolData(entries, dolData(values.data), scheme ? { scheme } : {});
    if (values.json) io.out(JSON.stringify({ entries, ...(data ? { data: toHex(data) } : {}) }));
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
  },
});

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
  commands: [decodeCommand, ...bitFieldCommands, cvmCommand, cvmrCommand, cidCommand, iadCommand, dolCommand],
};
