// A CliIo that records output, for CLI tests.
import type { CliIo } from '../../src/cli/command';

export interface CapturedIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  text(): string;
}

export function captureIo(stdin = ''): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    readStdin: async () => stdin,
    text: () => stdout.join('\n'),
  };
}
