/**
 * `cardwire tour`: the guided tour that `npm start` runs. It runs real CLI commands over bundled
 * sample data and prints each command before its output. Each layer adds its steps to
 * `tourSteps` below.
 */
import type { CliIo, CommandGroup } from '../command';

/** One step of the tour: a heading, a sentence, and the CLI arguments to run. */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  readonly argv: readonly string[];
  /** The step shows an error on purpose (a non-zero exit is then expected). */
  readonly expectError?: boolean;
}

/** The tour, in order. */
export const tourSteps: TourStep[] = [];

export const tourCommand: CommandGroup = {
  name: 'tour',
  summary: 'a guided tour of the CLI over bundled sample data (what `npm start` runs)',
  usage: 'Usage: cardwire tour\n\nRuns every CLI command over bundled sample data and explains each step.\n',
  async run(_args: readonly string[], io: CliIo): Promise<number> {
    // Imported lazily: main.ts imports this module, and the tour runs main() again for each step.
    const { main } = await import('../main');
    io.out('cardwire tour: each step shows a command and what it prints. Sensitive values are masked.\n');
    let failed = 0;
    for (const [i, step] of tourSteps.entries()) {
      io.out(`── ${i + 1}. ${step.title}`);
      io.out(step.text);
      io.out(`$ cardwire ${step.argv.map((a) => (/[\s"'{}]/.test(a) ? `'${a}'` : a)).join(' ')}`);
      const code = await main(step.argv, io);
      if ((code !== 0) !== (step.expectError === true)) failed++;
      io.out('');
    }
    io.out(failed === 0 ? 'Tour complete. Run `cardwire --help` for every command.' : `Tour finished with ${failed} failing step(s).`);
    return failed === 0 ? 0 : 1;
  },
};
