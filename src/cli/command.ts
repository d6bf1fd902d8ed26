/** The shape of a CLI command group (`cardwire track …`, `cardwire iso8583 …`). */
import { readFileSync } from 'node:fs';
import { hex, isCardwireError } from '../core/index';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Whole standard input, read on demand. */
  readStdin(): Promise<string>;
}

/** One step of `cardwire tour` (what `npm start` runs): a heading, a sentence, the CLI arguments. */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  readonly argv: readonly string[];
  /** The step shows an error on purpose (a non-zero exit is then expected). */
  readonly expectError?: boolean;
}

/** A command group: `cardwire <name> <sub> [options]`. */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  /** This group's steps in the guided tour, run in the order of `commandGroups`. */
  readonly tour?: readonly TourStep[];
  /** Usage text shown by `cardwire <name> --help`. */
  readonly usage: string;
  /** Run with the arguments after the group name; returns the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * Read a CLI data argument: `@file` reads the file (hex text, whitespace ignored, unless
 * `binary` is asked), anything else is the value itself.
 */
export function readArgument(arg: string): string {
  if (arg.startsWith('@')) return readFileSync(arg.slice(1), 'latin1');
  return arg;
}

/** A hex argument or `@file` holding hex (whitespace and newlines ignored). */
export function readHexArgument(arg: string, path = 'input'): Uint8Array {
  return hex(readArgument(arg).replace(/\s+/g, ''), { path });
}

/** Print a CardwireError (or rethrow anything else) and return exit code 1. */
export function reportError(e: unknown, io: CliIo, json: boolean): number {
  if (!isCardwireError(e)) throw e;
  if (json) io.out(JSON.stringify({ error: { code: e.code, path: e.path, offset: e.offset ?? null, message: e.message } }));
  else io.err(`error: ${e.message}`);
  return 1;
}

/**
 * The `-` input mode: run `one` on every non-blank line of standard input and print its result; a
 * line that fails prints `{"error": {"code", "path", "offset", "message"}}` and the run goes on.
 * Returns exit code 1 when any line failed.
 */
export async function eachStdinLine(io: CliIo, one: (line: string) => string): Promise<number> {
  let failed = 0;
  for (const line of (await io.readStdin()).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    try {
      io.out(one(line));
    } catch (e) {
      failed++;
      reportError(e, io, true);
    }
  }
  return failed === 0 ? 0 : 1;
}
