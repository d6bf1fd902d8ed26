import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';
import tr31 from '../../fixtures/crypto/tr31.json';
import emv from '../../fixtures/crypto/emv.json';

function capture(stdin = ''): CliIo & { out: (l: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => stdin };
}

const dir = mkdtempSync(join(tmpdir(), 'cardwire-cli-'));
function keyFile(hexKey: string): string {
  const p = join(dir, `k${Math.random().toString(36).slice(2)}.hex`);
  writeFileSync(p, `${hexKey}\n`);
  return p;
}

describe('cardwire tr31 unwrap', () => {
  const d = tr31.keyBlocks.find((k) => k.keyBlock.startsWith('D'))!;

  test('masks the key and prints its KCV; --reveal shows it', async () => {
    const io = capture();
    expect(await main(['tr31', 'unwrap', d.keyBlock, '--kbpk-file', keyFile(d.kbpk)], io)).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toContain('P0');
    expect(text).toContain('08793E');
    expect(text).not.toContain(d.key);
    expect(text).not.toContain(d.kbpk);
    const io2 = capture();
    expect(await main(['tr31', 'unwrap', d.keyBlock, '--kbpk-file', keyFile(d.kbpk), '--reveal', '--json'], io2)).toBe(0);
    expect(JSON.parse(io2.lines[0]!)).toMatchObject({ key: d.key, kcv: expect.stringMatching(/^08793E/), header: { keyUsage: 'P0', version: 'D' } });
  });

  test('reads the KBPK from standard input', async () => {
    const io = capture(d.kbpk);
    expect(await main(['tr31', 'unwrap', d.keyBlock, '--kbpk-file', '-'], io)).toBe(0);
    expect(io.lines.join('\n')).toContain('08793E');
  });

  test('opens the X9.143:2021 §8.6 ECC key block (extended-length CT chain), the DER key masked', async () => {
    const v = tr31.asymmetricKeyBlocks.find((k) => k.algorithm === 'ecc')!;
    const io = capture();
    expect(await main(['tr31', 'unwrap', v.keyBlock, '--kbpk-file', keyFile(v.kbpk), '--json'], io)).toBe(0);
    const out = JSON.parse(io.lines[0]!) as { header: { algorithm: string; optionalBlocks: { id: string }[] }; keyLength: number; kcv: null; key: string };
    expect(out).toMatchObject({ header: { algorithm: 'E', keyUsage: 'S0' }, keyLength: 121, kcv: null });
    expect(out.header.optionalBlocks.map((b) => b.id)).toEqual(['CT', 'KP', 'TS']);
    expect(io.lines.join('\n')).not.toContain(v.key.slice(14, 78));
  });

  test('a wrong KBPK is a typed error, a missing key file a usage error', async () => {
    const io = capture();
    expect(await main(['tr31', 'unwrap', d.keyBlock, '--kbpk-file', keyFile('00'.repeat(32)), '--json'], io)).toBe(1);
    expect(JSON.parse(io.lines[0]!).error.code).toBe('TR31_AUTHENTICATION_FAILED');
    const io2 = capture();
    expect(await main(['tr31', 'unwrap', d.keyBlock], io2)).toBe(2);
  });
});

describe('cardwire emv-crypto arqc', () => {
  const w = emv.walks.find((x) => x.cvn === 'visa-18')!;
  const tags = Object.entries({
    '9F02': w.data.amountAuthorised,
    '9F03': w.data.amountOther,
    '9F1A': w.data.terminalCountryCode,
    '95': w.data.terminalVerificationResults,
    '5F2A': w.data.transactionCurrencyCode,
    '9A': w.data.transactionDate,
    '9C': w.data.transactionType,
    '9F37': w.data.unpredictableNumber,
    '82': w.data.applicationInterchangeProfile,
    '9F36': w.data.applicationTransactionCounter,
    '9F10': w.data.issuerApplicationData,
  }).flatMap(([t, v]) => ['--tag', `${t}=${v}`]);

  test('generates the cryptogram and the ARPC, PAN masked', async () => {
    const io = capture();
    expect(await main(['emv-crypto', 'arqc', '--cvn', 'visa-18', '--imk-file', keyFile(w.issuerMasterKeys.ac), '--pan', w.pan, ...tags, '--csu', '00000000', '--json'], io)).toBe(0);
    const out = JSON.parse(io.lines[0]!);
    expect(out).toMatchObject({ cryptogram: w.arqc, arpc: w.arpc.arpc, pan: '123456******3456' });
  });

  test('verifies an ARQC: exit 0 when it matches, 1 when it does not', async () => {
    const io = capture(w.issuerMasterKeys.ac);
    expect(await main(['emv-crypto', 'arqc', '--cvn', 'visa-18', '--imk-file', '-', '--pan', w.pan, ...tags, '--arqc', w.arqc], io)).toBe(0);
    expect(io.lines.join('\n')).toContain('true');
    const io2 = capture(w.issuerMasterKeys.ac);
    expect(await main(['emv-crypto', 'arqc', '--cvn', 'visa-18', '--imk-file', '-', '--pan', w.pan, ...tags, '--arqc', '0000000000000000'], io2)).toBe(1);
    expect(io.lines.join('\n')).not.toContain(w.issuerMasterKeys.ac);
  });

  test('usage errors', async () => {
    expect(await main(['emv-crypto', 'arqc', '--cvn', 'visa-99', '--imk-file', '-', '--pan', w.pan, ...tags], capture())).toBe(2);
    const io = capture(w.issuerMasterKeys.ac);
    expect(await main(['emv-crypto', 'arqc', '--cvn', 'visa-18', '--imk-file', '-', '--pan', w.pan, '--json'], io)).toBe(1);
    expect(JSON.parse(io.lines[0]!).error.code).toBe('EMV_CRYPTOGRAM_INPUT_INVALID');
  });
});
