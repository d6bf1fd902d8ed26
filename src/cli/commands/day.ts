/**
 * `cardwire day`: the POS day on loopback (what `npm start` runs): host simulator, SQLite ledger,
 * a terminal with a file journal, a merchant's whole day, and the totals of both sides.
 */
import { runPosDay } from '../../pos/node/day';
import { defineCommand, type CommandGroup } from '../command';

const USAGE = `Usage: cardwire day [--lang zh|en] [--no-receipts] [--keep]

A full POS day on loopback, with no set-up: the host simulator on a free port with an SQLite ledger
in a temporary folder, a terminal with a file journal, and the day: operator log-on, sign-on with
key download, purchases by swipe with PIN, chip (online ARQC/ARPC), tap under the CVM limit and QR
code, a balance inquiry, a void, a refund, a pre-authorisation and its completion, a host that does
not answer (reversal), an unbalanced settlement with batch upload, and the next morning's forced
settlement. It ends with the host ledger's totals beside the terminal's. Exit 0 when every step
ends as expected and the totals agree, 1 otherwise.

  --lang zh|en     screens and receipts in Chinese with English (default) or English
  --no-receipts    do not print the receipts
  --keep           keep the temporary folder (ledger and journal) and print where it is
`;

/** `cardwire day`. */
export const dayCommand: CommandGroup = {
  name: 'day',
  summary: 'a full POS day on loopback: host, SQLite ledger, terminal, settlement (npm start)',
  usage: USAGE,
  commands: [
    defineCommand({
      name: '',
      usage: USAGE,
      options: { lang: { type: 'string', choices: ['zh', 'en'] }, 'no-receipts': { type: 'boolean' }, keep: { type: 'boolean' } },
      async run({ values }, io) {
        const r = await runPosDay({ out: io.out, language: values.lang === 'en' ? 'en' : 'zh', receipts: !values['no-receipts'], keep: values.keep === true });
        if (values.keep) io.err(`kept: ${r.folder}`);
        return r.unexpected.length === 0 && r.mismatches === 0 ? 0 : 1;
      },
    }),
  ],
};
