/**
 * `cardwire host`: the acquirer host simulator on TCP (UnionPay POS by default, ISO 8583:1987
 * ASCII with `--dialect iso87ascii`) over a real ledger, and `cardwire host ledger list|totals|
 * export` on the same stores.
 */
import { formatAmount, maskPan, type CardwireError } from '../../core/index';
import { Host, defaultHostConfig, iso87Profile, settlementTotals, unionPayProfile, type HostLogEntry, type LedgerTransaction } from '../../host/index';
import { HostServer, UNIONPAY_PAYLOAD_FRAME, formatHostLog, loadHostConfig, openLedger } from '../../host/node/index';
import { parseFrameSpec } from '../../transport/index';
import { defineCommand, usageError, type CliIo, type CommandGroup } from '../command';

const USAGE = `Usage: cardwire host [--port N] [--bind ADDR] [--config FILE] [--ledger SPEC] [--dialect cup|iso87ascii] [--frame SPEC] [--json]
       cardwire host --print-config
       cardwire host ledger list|totals|export [--ledger SPEC] [--tid TID] [--batch NNNNNN] [--limit N] [--json]

An acquirer host simulator: sign-on with key download, MAC, PIN and ARQC checks, purchases, voids,
refunds, pre-authorisations, balance, reversals, settlement with batch upload, on a ledger.

  --port N         TCP port (default 5000; 0 picks a free one)
  --bind ADDR      address to listen on (default 127.0.0.1)
  --config FILE    configuration (JSON; default: the built-in one, see --print-config)
  --ledger SPEC    sqlite:FILE (default sqlite:cardwire-host.db), postgres://…, or memory
  --dialect NAME   cup (UnionPay POS, default) or iso87ascii
  --frame SPEC     framing (default 2-byte binary length; see cardwire frame --help)
  --json           one JSON object per log line
  --print-config   print the default configuration and exit

The first line printed is "cardwire host listening on ADDR:PORT"; then one masked line per
message: time, MTI, TID, STAN, amount, response code, latency. SIGINT/SIGTERM drain and stop.
Keys in a configuration under a local master key need CARDWIRE_HOST_LMK (hex).

  ledger list      the newest transactions (masked PANs)
  ledger totals    settlement totals per terminal and batch, counts per response code
  ledger export    every transaction as CSV (masked PANs)
`;

const COLUMNS = ['recordedAt', 'tid', 'batch', 'stan', 'kind', 'mti', 'pan', 'amount', 'currency', 'responseCode', 'status', 'authCode', 'rrn', 'cardClass', 'entryMode'] as const;

const OPTIONS = {
  port: { type: 'string' },
  bind: { type: 'string' },
  config: { type: 'string' },
  ledger: { type: 'string' },
  dialect: { type: 'string', choices: ['cup', 'iso87ascii'] },
  frame: { type: 'string' },
  json: { type: 'boolean' },
  'print-config': { type: 'boolean' },
  tid: { type: 'string' },
  batch: { type: 'string' },
  limit: { type: 'string' },
} as const;

function row(t: LedgerTransaction): { readonly [K in (typeof COLUMNS)[number]]: string } {
  return {
    recordedAt: t.recordedAt,
    tid: t.tid,
    batch: t.batch,
    stan: t.stan,
    kind: t.kind,
    mti: t.mti,
    pan: maskPan(t.pan),
    amount: formatAmount(t.amount, t.currency),
    currency: t.currency,
    responseCode: t.responseCode,
    status: t.status,
    authCode: t.authCode,
    rrn: t.rrn,
    cardClass: t.cardClass,
    entryMode: t.entryMode,
  };
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

async function ledgerCommand(action: string | undefined, values: { ledger?: string; tid?: string; batch?: string; limit?: string; json?: boolean }, io: CliIo): Promise<number> {
  if (action !== 'list' && action !== 'totals' && action !== 'export') usageError(`cardwire host ledger needs list, totals or export${action ? `, not '${action.slice(0, 20)}'` : ''}`);
  const limit = values.limit === undefined ? (action === 'list' ? 50 : 1_000_000) : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) usageError('--limit must be a positive integer');
  const ledger = await openLedger(values.ledger ?? 'sqlite:cardwire-host.db');
  try {
    const list = await ledger.list({ ...(values.tid ? { tid: values.tid } : {}), ...(values.batch ? { batch: values.batch } : {}), limit });
    if (action === 'list') {
      for (const t of list) {
        const r = row(t);
        io.out(values.json ? JSON.stringify(r) : `${r.recordedAt} ${r.tid} ${r.batch} ${r.stan} ${r.kind.padEnd(17)} ${r.pan} ${r.amount.padStart(12)} ${r.responseCode} ${r.status}`);
      }
    } else if (action === 'export') {
      io.out(COLUMNS.join(','));
      for (const t of [...list].reverse()) {
        const r = row(t);
        io.out(COLUMNS.map((c) => csvCell(r[c])).join(','));
      }
    } else {
      const groups = new Map<string, LedgerTransaction[]>();
      for (const t of list) {
        const k = `${t.tid} ${t.batch}`;
        groups.set(k, [...(groups.get(k) ?? []), t]);
      }
      for (const [k, ts] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const [tid, batch] = k.split(' ');
        const tot = settlementTotals(ts);
        const codes: Record<string, number> = {};
        for (const t of ts) codes[t.responseCode] = (codes[t.responseCode] ?? 0) + 1;
        const cur = ts[0]!.currency;
        const cls = (c: typeof tot.domestic) => ({ debitCount: c.debitCount, debitAmount: formatAmount(c.debitAmount, cur), creditCount: c.creditCount, creditAmount: formatAmount(c.creditAmount, cur) });
        const out = { tid, batch, domestic: cls(tot.domestic), foreign: cls(tot.foreign), responseCodes: codes };
        if (values.json) io.out(JSON.stringify(out));
        else
          io.out(
            `${tid} batch ${batch}: domestic debit ${out.domestic.debitCount} / ${out.domestic.debitAmount}, credit ${out.domestic.creditCount} / ${out.domestic.creditAmount}; foreign debit ${out.foreign.debitCount} / ${out.foreign.debitAmount}, credit ${out.foreign.creditCount} / ${out.foreign.creditAmount}; codes ${Object.entries(codes).map(([c, n]) => `${c}×${n}`).join(' ')}`,
          );
      }
    }
  } finally {
    await ledger.close();
  }
  return 0;
}

/** Wait for SIGINT or SIGTERM (once). */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (s: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(s);
    };
    const onInt = () => on('SIGINT');
    const onTerm = () => on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/** `cardwire host`. */
export const hostCommand: CommandGroup = {
  name: 'host',
  summary: 'acquirer host simulator on TCP over a real ledger (and its ledger queries)',
  usage: USAGE,
  commands: [
    defineCommand({
      name: '',
      usage: USAGE,
      options: OPTIONS,
      positionals: ['ledger?', 'action?'],
      async run({ values, positionals }, io) {
        if (positionals[0] !== undefined) {
          if (positionals[0] !== 'ledger') usageError(`unknown subcommand '${positionals[0].slice(0, 20)}' (known: ledger)`);
          return ledgerCommand(positionals[1], values, io);
        }
        if (values['print-config']) {
          io.out(JSON.stringify(defaultHostConfig, null, 2));
          return 0;
        }
        const port = values.port === undefined ? 5000 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) usageError('--port must be 0..65535');
        const frame = values.frame === undefined ? UNIONPAY_PAYLOAD_FRAME : parseFrameSpec(values.frame);
        const config = loadHostConfig(values.config);
        const ledger = await openLedger(values.ledger ?? 'sqlite:cardwire-host.db');
        const host = new Host({ config, ledger, profile: values.dialect === 'iso87ascii' ? iso87Profile : unionPayProfile });
        await host.start();
        const server = new HostServer({
          host,
          frame,
          onLog: (e: HostLogEntry) => io.out(values.json ? JSON.stringify(e) : formatHostLog(e)),
          onError: (e: CardwireError) => io.err(`${values.json ? JSON.stringify({ error: e.code, path: e.path }) : `error ${e.code}${e.path ? ` at ${e.path}` : ''}`}`),
        });
        const bound = await server.listen(port, values.bind ?? '127.0.0.1');
        io.out(`cardwire host listening on ${bound.address}:${bound.port}`);
        const signal = await stopSignal();
        await server.close({ drainTimeoutMs: 5000 });
        io.err(`cardwire host stopped (${signal})`);
        return 0;
      },
    }),
  ],
};
