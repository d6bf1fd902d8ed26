import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { SAMPLE_TRACK1, SAMPLE_TRACK2, SAMPLE_TRACK2_REVERSE_BITS } from '../../src/cli/commands/track';
import { main } from '../../src/cli/main';
import { toHex } from '../../src/core/index';
import { encodeStripeBits } from '../../src/track/index';
import raw from '../../fixtures/track/raw.json';
import track3 from '../../fixtures/track/track3.json';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), readStdin: async () => '' };
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('cardwire track parse', () => {
  test('track 2, masked by default', async () => {
    const r = await run('track', 'parse', SAMPLE_TRACK2);
    expect(r.code).toBe(0);
    expect(r.out).toContain('track 2');
    expect(r.out).toContain('0010');
    expect(r.out).toContain('prompt for insertion');
    expect(r.out).not.toContain('4761739001010010');
    expect(r.out).not.toContain('1143804400000');
  });

  test('track 1 with --reveal --json', async () => {
    const r = await run('track', 'parse', '--reveal', '--json', SAMPLE_TRACK1);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.track).toBe(1);
    expect(j.fields).toEqual({ pan: '4761739001010010', name: 'CARDHOLDER/TEST A.MR', expiry: '2512', serviceCode: '201', discretionaryData: '000000123000000' });
    expect(j.service.requiresChip).toBe(true);
  });

  test('track 3 detected from its format code', async () => {
    const r = await run('track', 'parse', '--json', track3[1]!.text);
    const j = JSON.parse(r.out);
    expect(j.track).toBe(3);
    expect(j.layout).toBe('iso4909');
    expect(r.out).not.toContain('4761739001010010');
  });

  test('tag 57 as hex', async () => {
    const r = await run('track', 'parse', '--tag57', '--reveal', '--json', '4761739001010010D25122011143804400000F');
    expect(JSON.parse(r.out).fields.pan).toBe('4761739001010010');
  });

  test('@file argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardwire-track-'));
    const file = join(dir, 't2.txt');
    writeFileSync(file, `${SAMPLE_TRACK2}\n`);
    const r = await run('track', 'parse', '--json', '--reveal', `@${file}`);
    expect(JSON.parse(r.out).fields.expiry).toBe('2512');
  });

  test('bad track: exit 1, code and path, no PAN in the message', async () => {
    const r = await run('track', 'parse', ';4761739001010010=2513201?');
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRACK_INVALID_EXPIRY at track2.expiry');
    expect(r.err).not.toContain('4761739001010010');
    const j = await run('track', 'parse', '--json', ';4761739001010010=2513201?');
    expect(JSON.parse(j.out).error).toMatchObject({ code: 'TRACK_INVALID_EXPIRY', path: 'track2.expiry', offset: 18 });
  });

  test('usage errors exit 2', async () => {
    expect((await run('track', 'parse')).code).toBe(2);
    expect((await run('track', 'parse', '--bogus', 'x')).code).toBe(2);
    expect((await run('track', 'frobnicate')).code).toBe(2);
    expect((await run('track', 'parse', '--track', '4', 'x')).code).toBe(2);
    const help = await run('track', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('decode-bits');
  });
});

describe('cardwire track decode-bits / encode-bits', () => {
  test('a reverse swipe is detected', async () => {
    const r = await run('track', 'decode-bits', SAMPLE_TRACK2_REVERSE_BITS);
    expect(r.code).toBe(0);
    expect(r.out).toContain('read reverse swipe');
    expect(r.out).toContain('track 2');
  });

  test('vector bits, --json --reveal, and --binary', async () => {
    const v = raw[3]!;
    const j = JSON.parse((await run('track', 'decode-bits', '--json', '--reveal', v.hex)).out);
    expect(j.track).toBe(1);
    expect(j.bits.text).toBe(v.text);
    const b = JSON.parse((await run('track', 'decode-bits', '--json', '--binary', '--track', '2', raw[2]!.bits)).out);
    expect(b.track).toBe(2);
  });

  test('a parity error names the character', async () => {
    const v = raw[2]!;
    const flipped = v.bits.slice(0, 8 + 5 * 5) + (v.bits[8 + 5 * 5] === '1' ? '0' : '1') + v.bits.slice(8 + 5 * 5 + 1);
    const r = await run('track', 'decode-bits', '--json', '--binary', '--track', '2', flipped);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatchObject({ code: 'TRACK_PARITY_ERROR', path: 'stripe.char[5]', offset: 5 });
  });

  test('encode-bits produces the vector bits', async () => {
    const v = raw[2]!;
    const j = JSON.parse((await run('track', 'encode-bits', '--track', '2', '--leading', '8', '--trailing', '8', '--json', v.text)).out);
    expect(j).toEqual({ track: 2, bitLength: v.bitLength, hex: v.hex });
    expect((await run('track', 'encode-bits', v.text)).code).toBe(2);
  });
});

test('the tour steps of the track group run as expected', async () => {
  const io = capture();
  expect(await main(['tour'], io)).toBe(0);
  expect(io.stdout.join('\n')).toContain('Tour complete');
  expect(io.stderr.join('\n')).toContain('TRACK_PARITY_ERROR');
});

test('decode-bits tells track 3 from track 2 by its content', async () => {
  const short3 = ';02==9782000000000000000=000000000000===0=?';
  const r = await run('track', 'decode-bits', '--json', toHex(encodeStripeBits(short3, { track: 3 }).bytes));
  expect(JSON.parse(r.out)).toMatchObject({ track: 3, layout: 'iso4909' });
  const long3 = track3[1]!.text;
  const r3 = await run('track', 'decode-bits', '--json', toHex(encodeStripeBits(long3, { track: 3, direction: 'reverse' }).bytes));
  expect(JSON.parse(r3.out)).toMatchObject({ track: 3, bits: { direction: 'reverse' } });
});
