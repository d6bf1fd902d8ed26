// The shared command layer: every command and subcommand the CLI lists answers --help and -h with
// its usage (exit 0); an unknown option, a missing or bad value and wrong arguments are usage
// errors (exit 2) that name the problem and show the usage; only a bug is an "internal error".
import { describe, expect, test } from 'vitest';
import { defineCommand, type CommandGroup } from '../../src/cli/command';
import { commandGroups, main, runCli } from '../../src/cli/main';
import { captureIo } from './io';

/** The command names `cardwire --help` lists under "Commands:". */
async function listedCommands(): Promise<string[]> {
  const io = captureIo();
  expect(await main(['--help'], io)).toBe(0);
  const text = io.text();
  const block = text.slice(text.indexOf('Commands:\n') + 'Commands:\n'.length, text.indexOf('\n\n', text.indexOf('Commands:\n')));
  return block.split('\n').map((l) => l.trim().split(/\s+/)[0]!);
}

/** Every command line that names one command: `[group]` or `[group, sub]`, with its usage. */
const commands = commandGroups.flatMap((g) => g.commands.map((c) => ({ argv: c.name === '' ? [g.name] : [g.name, c.name], usage: c.usage })));

describe('every command answers --help and -h', () => {
  test('cardwire --help lists exactly the command groups, and each group lists its subcommands', async () => {
    expect(await listedCommands()).toEqual(commandGroups.map((g) => g.name));
    for (const g of commandGroups) for (const c of g.commands) if (c.name !== '') expect([g.name, g.usage.includes(c.name)]).toEqual([g.name, true]);
  });

  test.each([['--help'], ['-h'], ['help']])('cardwire %s', async (flag) => {
    const io = captureIo();
    expect(await main([flag], io)).toBe(0);
    expect(io.text()).toContain('Usage: cardwire <command>');
    expect(io.stderr).toEqual([]);
  });

  test.each(commandGroups.flatMap((g) => ['--help', '-h'].map((flag) => [`${g.name} ${flag}`, g, flag] as const)))('%s prints the group usage', async (_name, g, flag) => {
    const io = captureIo();
    expect(await main([g.name, flag], io)).toBe(0);
    expect(io.text()).toBe(g.usage);
    expect(io.stderr).toEqual([]);
  });

  test.each(commands.flatMap((c) => ['--help', '-h'].map((flag) => [`${c.argv.join(' ')} ${flag}`, c, flag] as const)))('%s prints its usage', async (_name, c, flag) => {
    const io = captureIo();
    expect(await main([...c.argv, flag], io)).toBe(0);
    expect(io.text()).toBe(c.usage);
    expect(io.stderr).toEqual([]);
  });

  test.each(commands.map((c) => [c.argv.join(' '), c] as const))('%s --no-such-option is a usage error naming the option', async (_name, c) => {
    const io = captureIo();
    expect(await main([...c.argv, '--no-such-option'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^error: Unknown option '--no-such-option'/);
    expect(io.stderr[1]).toBe(c.usage);
    expect(io.stdout).toEqual([]);
  });
});

describe('bad arguments are usage errors (exit 2), never internal errors', () => {
  test.each([
    // [command line, the first line on standard error]
    [['iso8583'], /^error: cardwire iso8583 needs a subcommand: decode, encode, dialects\n$/],
    [['iso8583', 'frobnicate'], /^error: unknown subcommand 'frobnicate' \(known: decode, encode, dialects\)\n$/],
    [['iso8583', 'decode'], /^error: missing <hex\|@file\|->\n$/],
    [['iso8583', 'decode', '0800', 'extra'], /^error: unexpected argument 'extra'\n$/],
    [['iso8583', 'decode', '--dialect'], /^error: Option '--dialect <value>' argument missing\n$/],
    [['iso8583', 'decode', '--json=yes', '00'], /^error: Option '--json' does not take an argument\n$/],
    [['iso8583', 'decode', '--dialect', 'nope', '00'], /^error: --dialect must be one of iso87ascii, .*, not 'nope'\n$/],
    [['iso8583', 'decode', '--jpos', 'no/such/packager.xml', '00'], /^error: cannot read no\/such\/packager\.xml: ENOENT\n$/],
    [['iso8583', 'encode', '--spec', 'no/such/spec.json', '{}'], /^error: cannot read no\/such\/spec\.json: ENOENT\n$/],
    [['track', 'parse', '--track', '4', 'x'], /^error: --track must be one of 1, 2, 3, not '4'\n$/],
    [['track', 'parse', '@no/such/track.txt'], /^error: cannot read no\/such\/track\.txt: ENOENT\n$/],
    [['track', 'encode-bits', '--track', '2', '--leading', 'many', ';1=1?'], /^error: --leading must be a number of bits\n$/],
    [['pin', 'encode', '--format', '9', '--pin', '1234'], /^error: --format must be one of 0, 1, 2, 3, 4, not '9'\n$/],
    [['pin', 'encode', '--format', '4', '--pin', '1234'], /^error: format 4 exists only enciphered: give --key\n$/],
    [['kcv', '--key', '@no/such/key.hex'], /^error: cannot read no\/such\/key\.hex: ENOENT\n$/],
    [['kcv', '--key', '-', '--method', 'xor'], /^error: --method must be one of ecb, cmac, not 'xor'\n$/],
    [['mac', '--algorithm', 'x9.19', '--padding', '4'], /^error: --padding must be one of 1, 2, 3, not '4'\n$/],
    [['dukpt', 'derive', '--ksn', '123456789012345600000001', '--usage', 'nope'], /^error: --usage must be one of pin, kek, .*, not 'nope'\n$/],
    [['dukpt', 'derive', '--ksn', 'FFFF9876543210E00001', '--type', 'nope'], /^error: --type must be one of pin, mac-request, .*, not 'nope'\n$/],
    [['tr31', 'unwrap', 'D0112P0AE00E0000', '--kbpk-file', 'no/such/kbpk.hex'], /^error: cannot read no\/such\/kbpk\.hex: ENOENT\n$/],
    [['emv-crypto', 'arqc', '--cvn', 'visa-99'], /^error: --cvn must be one of .*, not 'visa-99'\n$/],
    [['emv', 'decode', '--scheme', 'Foo', '00'], /^error: --scheme must be one of Visa, Mastercard, UnionPay, Amex, not 'Foo'\n$/],
    [['emv', 'dol', '9F3704', '--data', '[1]'], /^error: --data must be a JSON object of tag → hex\n$/],
    [['frame', 'decode', '--dialect', 'nope', '00'], /^error: --dialect must be one of raw, .*, not 'nope'\n$/],
    [['listen', '--port', 'http'], /^error: --port must be 0 to 65535, not 'http'\n$/],
    [['listen', '--count', '-1'], /^error: Option '--count' argument is ambiguous/],
    [['listen', '--count', '0'], /^error: --count must be a positive number, not '0'\n$/],
  ] as const)('%j', async (argv, first) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr[0]).toMatch(first);
    expect(io.stderr[1]).toMatch(/^Usage/);
    expect(io.stderr.join('')).not.toContain('internal error');
  });

  test('an option before the command other than --help and --debug', async () => {
    const io = captureIo();
    expect(await main(['--json', 'track', 'parse', 'x'], io)).toBe(2);
    expect(io.stderr[0]).toBe("error: unknown option '--json' before the command (options go after it)\n");
  });
});

describe('an internal error is a bug report', () => {
  const buggy: CommandGroup = {
    name: 'buggy',
    summary: 'fails with a TypeError',
    usage: 'Usage: cardwire buggy\n',
    commands: [
      defineCommand({
        name: '',
        usage: 'Usage: cardwire buggy\n',
        options: {},
        run: () => {
          throw new TypeError('a bug');
        },
      }),
    ],
  };

  test('exit 70, says how to report it, and --debug prints the stack', async () => {
    const plain = captureIo();
    expect(await runCli(['buggy'], plain, [buggy])).toBe(70);
    expect(plain.stderr).toEqual([
      "internal error: TypeError; this is a bug in cardwire: please report it on cardwire's issue tracker with the command you ran (mask any card data or keys) and the stack that --debug prints\n",
    ]);
    for (const argv of [['buggy', '--debug'], ['--debug', 'buggy']]) {
      const debug = captureIo();
      expect(await runCli(argv, debug, [buggy])).toBe(70);
      expect(debug.stderr[0]).toMatch(/^internal error: TypeError; /);
      expect(debug.stderr[1]).toMatch(/^TypeError: a bug\n\s+at /);
    }
  });
});
