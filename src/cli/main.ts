#!/usr/bin/env node
/**
 * The `cardwire` command line. Each layer contributes a command group (src/cli/commands/*.ts);
 * arguments are parsed with node:util parseArgs (DESIGN.md §6). Output is masked unless
 * `--reveal` is given.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliIo, CommandGroup } from './command';
import { emvCommand } from './commands/emv';
import { setDefaultBackend } from '../crypto/index';
import { nodeBackend } from '../crypto/backends/node';
import { cryptoCommandGroups } from './commands/crypto';
import { iso8583Command } from './commands/iso8583';
import { tourCommand } from './commands/tour';
import { trackCommand } from './commands/track';

import { emvCryptoCommand, tr31Command } from './commands/crypto-emv';

import { frameCommand, listenCommand } from './commands/transport';

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
  tourCommand,
];

const HELP = `cardwire — card payments at the point of sale

Usage: cardwire <command> [options]

Commands:
${commandGroups.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Common options:
  --json     machine-readable output (one JSON object per result)
  --reveal   show sensitive values (PAN, track data, keys) instead of masking them
  --help     help for a command: cardwire <command> --help
`;

/** Run the CLI with `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const group = commandGroups.find((c) => c.name === name);
  if (!group) {
    io.err(`unknown command '${name}'\n`);
    io.err(HELP);
    return 2;
  }
  if (rest[0] === '--help' || rest[0] === '-h') {
    io.out(group.usage);
    return 0;
  }
  return group.run(rest, io);
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
      process.stderr.write(`internal error: ${e instanceof Error ? e.name : 'unknown'}\n`);
      process.exitCode = 70;
    },
  );
}
