/**
 * The shared command layer of the CLI: a command declares its options (node:util parseArgs
 * configuration, DESIGN.md §6), its positional arguments and its usage; {@link runGroup} parses,
 * answers `--help`/`-h`, and turns every kind of failure into one of three outcomes:
 *
 * - a usage error (unknown option, missing or bad option value, wrong arguments): the message,
 *   then the command's usage on standard error, exit code 2;
 * - a {@link CardwireError} from the SDK (bad input data): its code, path and offset, exit code 1;
 * - anything else is a bug in cardwire: it propagates to `main`, which reports it as an internal
 *   error (exit code 70) and prints the stack with `--debug`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hex, isCardwireError } from '../core/index';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Whole standard input, read on demand. */
  readStdin(): Promise<string>;
  /** A status line for progress on standard error; without it, commands print progress with `err`. */
  readonly statusLine?: StatusLine;
}

/**
 * A progress line on standard error. `live` when standard error is a terminal: each update
 * rewrites the line in place (`\r`), and `end` moves past it. Otherwise each update is a plain line.
 */
export interface StatusLine {
  readonly live: boolean;
  update(line: string): void;
  end(): void;
}

/** One step of `cardwire tour` (what `npm start` runs): a heading, a sentence, the CLI arguments. */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  readonly argv: readonly string[];
  /** The step shows an error on purpose (a non-zero exit is then expected). */
  readonly expectError?: boolean;
}

/**
 * One option of a command: parseArgs' own configuration, plus the values a string option accepts
 * (`choices`, checked before the command runs; a value outside them is a usage error).
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean | string[] | boolean[];
  readonly choices?: readonly string[];
}

/** A command's options by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The values parseArgs gives for `options` (strict mode), typed from their configuration. */
export type OptionValues<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>>['values'];

/** What a command's `run` receives: the parsed options and the positional arguments. */
export interface ParsedCommandLine<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: readonly string[];
}

/**
 * A command (`cardwire track parse`) or a group that is one command itself (`cardwire kcv`):
 * built by {@link defineCommand}, run by {@link runGroup}.
 */
export interface Command {
  /** The subcommand name after the group name; `''` when the group itself is the command. */
  readonly name: string;
  /** Usage text that `--help` prints for this command. */
  readonly usage: string;
  /** Parse `args` (what follows the command name) and run; returns the exit code. */
  invoke(args: readonly string[], io: CliIo): Promise<number>;
}

/** A command group: `cardwire <name> <sub> [options]`, or `cardwire <name> [options]`. */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  /** This group's steps in the guided tour, run in the order of `commandGroups`. */
  readonly tour?: readonly TourStep[];
  /** Usage text shown by `cardwire <name> --help`. */
  readonly usage: string;
  /** The subcommands, or one command named `''` when the group takes no subcommand. */
  readonly commands: readonly Command[];
}

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Throw a {@link UsageError}: an argument or option value the command does not accept. */
export function usageError(message: string): never {
  throw new UsageError(message);
}

/** Options every command takes, added by the shared layer. */
const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies OptionSpecs;

/** A parseArgs error (unknown option, missing value, unexpected argument): `ERR_PARSE_ARGS_*`. */
function isParseArgsError(e: unknown): e is Error {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS_');
}

function printUsageError(io: CliIo, message: string, usage: string): number {
  io.err(`error: ${message}\n`);
  io.err(usage);
  return 2;
}

/**
 * Declare a command: its options (parseArgs configuration with optional `choices`), the names of
 * its positional arguments (`'<hex|@file|->'`; a name ending in `?` is optional, `...` takes the
 * rest), its usage text, and `run`. `--help`/`-h` and `--debug` are added to every command.
 *
 * @example
 * ```ts
 * defineCommand({
 *   name: 'parse', usage: 'Usage: cardwire track parse <data> [--track 1|2|3]\n',
 *   options: { track: { type: 'string', choices: ['1', '2', '3'] } }, positionals: ['<data>'],
 *   run: ({ values, positionals }, io) => { io.out(positionals[0]!); return 0; },
 * });
 * ```
 */
export function defineCommand<const O extends OptionSpecs>(spec: {
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  readonly positionals?: readonly string[];
  run(line: ParsedCommandLine<O>, io: CliIo): number | Promise<number>;
}): Command {
  const names = spec.positionals ?? [];
  const required = names.filter((n) => !n.endsWith('?') && !n.endsWith('...')).length;
  const rest = names.some((n) => n.endsWith('...'));
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string; default?: string | boolean | string[] | boolean[] }> = {};
  const all: OptionSpecs = { ...spec.options, ...COMMON_OPTIONS };
  for (const [name, o] of Object.entries(all)) {
    // parseArgs' own keys only: `choices` is checked here, after parsing.
    config[name] = { type: o.type, ...(o.multiple === undefined ? {} : { multiple: o.multiple }), ...(o.short === undefined ? {} : { short: o.short }), ...(o.default === undefined ? {} : { default: o.default }) };
  }
  return {
    name: spec.name,
    usage: spec.usage,
    async invoke(args, io) {
      let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
      try {
        parsed = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: true });
      } catch (e) {
        if (isParseArgsError(e)) return printUsageError(io, e.message, spec.usage);
        throw e;
      }
      const { values, positionals } = parsed;
      if (values['help'] === true) {
        io.out(spec.usage);
        return 0;
      }
      try {
        for (const [name, o] of Object.entries(spec.options)) {
          const v = values[name];
          if (o.choices === undefined || v === undefined) continue;
          for (const one of Array.isArray(v) ? v : [v]) {
            if (typeof one === 'string' && !o.choices.includes(one)) usageError(`--${name} must be one of ${o.choices.join(', ')}, not '${one.slice(0, 40)}'`);
          }
        }
        if (positionals.length < required) usageError(`missing ${names.slice(positionals.length, required).join(' ')}`);
        if (!rest && positionals.length > names.length) usageError(`unexpected argument '${positionals[names.length]!.slice(0, 40)}'`);
        return await spec.run({ values: values as OptionValues<O>, positionals }, io);
      } catch (e) {
        if (e instanceof UsageError) return printUsageError(io, e.message, spec.usage);
        if (isCardwireError(e)) return reportError(e, io, values['json'] === true);
        throw e;
      }
    },
  };
}

/**
 * Run a group with the arguments after its name: `--help`/`-h` print the group's usage, the first
 * argument picks the subcommand (unless the group is one command itself).
 */
export async function runGroup(group: CommandGroup, args: readonly string[], io: CliIo): Promise<number> {
  const single = group.commands.find((c) => c.name === '');
  if (single) return args[0] === '--help' || args[0] === '-h' ? (io.out(group.usage), 0) : single.invoke(args, io);
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.out(group.usage);
    return 0;
  }
  const command = group.commands.find((c) => c.name === sub);
  if (command) return command.invoke(rest, io);
  const known = group.commands.map((c) => c.name).join(', ');
  return printUsageError(io, sub === undefined ? `cardwire ${group.name} needs a subcommand: ${known}` : `unknown subcommand '${sub.slice(0, 40)}' (known: ${known})`, group.usage);
}

/**
 * Read a CLI data argument: `@file` reads the file (hex text, whitespace ignored, unless
 * `binary` is asked), anything else is the value itself.
 */
export function readArgument(arg: string): string {
  if (arg.startsWith('@')) {
    try {
      return readFileSync(arg.slice(1), 'latin1');
    } catch (e) {
      // A file that cannot be read is a mistake in the command line, not a bug.
      return usageError(`cannot read ${arg.slice(1)}: ${e instanceof Error && 'code' in e ? String(e.code) : 'unreadable'}`);
    }
  }
  return arg;
}

/** Read a file named by an option (`--jpos FILE`); a missing file is a usage error. */
export function readFileArgument(path: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  try {
    return readFileSync(path, encoding);
  } catch (e) {
    return usageError(`cannot read ${path}: ${e instanceof Error && 'code' in e ? String(e.code) : 'unreadable'}`);
  }
}

/**
 * `HOST:PORT` from an option (an IPv6 host may be in brackets); anything else is a usage error
 * that starts with `what` (e.g. `--connect takes HOST:PORT`).
 */
export function hostPortArgument(text: string, what: string): { readonly host: string; readonly port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) usageError(`${what}, not '${text.slice(0, 40)}'`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
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
