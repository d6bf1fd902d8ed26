#!/usr/bin/env node
/**
 * The `cardwire` command line. Each layer contributes a command group (src/cli/commands/*.ts);
 * arguments are parsed with node:util parseArgs (DESIGN.md §6). Output is masked unless
 * `--reveal` is given.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runGroup, type CliIo, type CommandGroup, type StatusLine } from './command';
import { emvCommand } from './commands/emv';
import { setDefaultBackend } from '../crypto/index';
import { nodeBackend } from '../crypto/backends/node';
import { cryptoCommandGroups } from './commands/crypto';
import { iso8583Command } from './commands/iso8583';
import { tourCommand } from './commands/tour';
import { trackCommand } from './commands/track';

import { emvCryptoCommand, tr31Command } from './commands/crypto-emv';

import { frameCommand, listenCommand } from './commands/transport';
import { hostCommand } from './commands/host';
import { dayCommand } from './commands/day';
import { posCommand } from './commands/pos';
import { loadCommand } from './commands/load';

/** Every command group, in the order `--help` lists them. */
export const commandGroups: readonly CommandGroup[] = [
  trackCommand,
  emvCommand,
  iso8583Command,
  ...cryptoCommandGroups,
  tr31Command,
  emvCryptoCommand,
  frameCommand,
  listenCommand,
  hostCommand,
  dayCommand,
  posCommand,
  // The worker script is built beside this entry (dist/cli/load-worker.js, tsup.config.ts).
  loadCommand({ workerScript: () => new URL('./load-worker.js', import.meta.url) }),
  // The tour runs the other commands through main(): handed in, so tour.ts imports nothing above it.
  tourCommand({ groups: () => commandGroups, run: (argv, io) => main(argv, io) }),
];

function helpText(groups: readonly CommandGroup[]): string {
  return `cardwire — card payments at the point of sale

Usage: cardwire <command> [<subcommand>] [options]

Commands:
${groups.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Common options:
  --json      machine-readable output (one JSON object per result)
  --reveal    show sensitive values (PAN, track data, keys) instead of masking them
  --help, -h  help for a command: cardwire <command> [<subcommand>] --help
  --debug     on an internal error (a bug in cardwire), print its stack
`;
}

/** Where to report a bug; the text every internal error ends with. */
export const BUG_REPORT = "this is a bug in cardwire: please report it on cardwire's issue tracker with the command you ran (mask any card data or keys) and the stack that --debug prints";

/**
 * Report an error that is not a usage error or a CardwireError: a bug. The message and the stack
 * (with `debug`) go to standard error; exit code 70 (EX_SOFTWARE).
 */
export function reportInternalError(e: unknown, io: CliIo, debug: boolean): number {
  const name = e instanceof Error ? e.name : typeof e;
  io.err(`internal error: ${name}; ${BUG_REPORT}\n`);
  if (debug) io.err(e instanceof Error && e.stack !== undefined ? `${e.stack}\n` : `${String(e)}\n`);
  return 70;
}

/**
 * Run the CLI over `groups`: `cardwire [--help|-h|--debug] <command> …`. Returns the exit code:
 * 0 success, 1 a CardwireError (bad input data), 2 a usage error, 70 an internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo, groups: readonly CommandGroup[]): Promise<number> {
  // Options before the command name: only --help/-h and --debug (the rest belong to a command).
  const { tokens } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } }, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  const leading = tokens.filter((t) => t.kind === 'option' && (first === undefined || t.index < first.index));
  // --debug counts anywhere before a `--` (every command accepts it too).
  const end = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;
  const debug = tokens.some((t) => t.kind === 'option' && t.name === 'debug' && t.index < end);
  const help = helpText(groups);
  try {
    const unknown = leading.find((t) => t.kind === 'option' && t.name !== 'help' && t.name !== 'h' && t.name !== 'debug');
    if (unknown && unknown.kind === 'option') {
      io.err(`error: unknown option '${unknown.rawName}' before the command (options go after it)\n`);
      io.err(help);
      return 2;
    }
    const name = first?.kind === 'positional' ? first.value : undefined;
    if (name === undefined || name === 'help') {
      const asked = name === 'help' || leading.some((t) => t.kind === 'option' && (t.name === 'help' || t.name === 'h'));
      if (asked) io.out(help);
      else io.err(help);
      return asked ? 0 : 2;
    }
    const group = groups.find((c) => c.name === name);
    if (!group) {
      io.err(`error: unknown command '${name.slice(0, 40)}'\n`);
      io.err(help);
      return 2;
    }
    return await runGroup(group, argv.slice((first?.index ?? 0) + 1), io);
  } catch (e) {
    return reportInternalError(e, io, debug);
  }
}

/** Run the CLI with `argv` (without `node` and the script); returns the exit code. */
export function main(argv: readonly string[], io: CliIo): Promise<number> {
  return runCli(argv, io, commandGroups);
}

/** The progress line on the process's standard error: rewritten in place on a terminal. */
function stderrStatusLine(): StatusLine {
  let open = false;
  return {
    get live() {
      return process.stderr.isTTY === true;
    },
    update(line) {
      if (process.stderr.isTTY !== true) {
        process.stderr.write(`${line}\n`);
        return;
      }
      // \x1b[K (erase to end of line) clears what a longer previous line left on the right.
      process.stderr.write(`\r${line}\x1b[K`);
      open = true;
    },
    end() {
      if (open) process.stderr.write('\n');
      open = false;
    },
  };
}

/** The CLI's I/O on the real process. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`),
  err: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  readStdin: async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
    return Buffer.concat(chunks).toString('latin1');
  },
  statusLine: stderrStatusLine(),
};

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `cardwire … | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  // On Node the CLI uses node:crypto (OpenSSL) for AES, SM4, hashes and randomness.
  setDefaultBackend(nodeBackend);
  main(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // main() reports its own failures; this catches only a failure of that reporting.
      process.exitCode = reportInternalError(e, processIo, false);
    },
  );
}
