import { describe, expect, test } from 'vitest';
import { commandGroups, main } from '../../src/cli/main';
import { captureIo } from './io';

describe('cardwire CLI', () => {
  test('--help lists every command group', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const g of commandGroups) expect(io.text()).toContain(g.name);
  });

  test('no arguments prints help and exits 2; an unknown command exits 2', async () => {
    expect(await main([], captureIo())).toBe(2);
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('')).toContain("unknown command 'frobnicate'");
  });

  test('each group answers --help with its usage', async () => {
    for (const g of commandGroups) {
      const io = captureIo();
      expect(await main([g.name, '--help'], io)).toBe(0);
      expect(io.text()).toBe(g.usage);
    }
  });

  test('the tour runs every step of every group without failure', async () => {
    const io = captureIo();
    expect(await main(['tour'], io)).toBe(0);
    expect(io.text()).toContain('Tour complete');
  });
});

describe('tour', () => {
  test('prints commands that paste into a shell', async () => {
    const { shellQuote } = await import('../../src/cli/commands/tour');
    expect(shellQuote('track')).toBe('track');
    expect(shellQuote(';4761739001010010=2212?')).toBe(`';4761739001010010=2212?'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
  });
});
