/**
 * `cardwire tour`: the guided tour that `npm start` runs. It runs real CLI commands over bundled
 * sample data and prints each command before its output. Each command group contributes its
 * steps through `CommandGroup.tour`.
 */
import { defineCommand, type CliIo, type CommandGroup } from '../command';

/** Quote an argument so the printed command can be pasted into a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,:/=@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * What the tour runs over, handed in by `main` (a command module never imports the CLI entry
 * point above it): the command groups whose steps it shows, and the CLI that runs each step.
 */
export interface TourRunner {
  groups(): readonly CommandGroup[];
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

const USAGE = 'Usage: cardwire tour\n\nRuns CLI commands of every layer over bundled sample data and explains each step.\n';

/** The `cardwire tour` group over `runner`. */
export function tourCommand(runner: TourRunner): CommandGroup {
  return {
    name: 'tour',
    summary: 'a guided tour of the CLI over bundled sample data (what `npm start` runs)',
    usage: USAGE,
    commands: [
      defineCommand({
        name: '',
        usage: USAGE,
        options: {},
        async run(_line, io) {
          io.out('cardwire tour: each step shows a command and what it prints. Sensitive values are masked.\n');
          let failed = 0;
          let n = 0;
          for (const step of runner.groups().flatMap((g) => g.tour ?? [])) {
            io.out(`── ${++n}. ${step.title}`);
            io.out(step.text);
            io.out(`$ cardwire ${step.argv.map(shellQuote).join(' ')}`);
            const code = await runner.run(step.argv, io);
            if ((code !== 0) !== (step.expectError === true)) failed++;
            io.out('');
          }
          io.out(failed === 0 ? 'Tour complete. Run `cardwire --help` for every command.' : `Tour finished with ${failed} failing step(s).`);
          return failed === 0 ? 0 : 1;
        },
      }),
    ],
  };
}
