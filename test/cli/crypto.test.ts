import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { main } from '../../src/cli/main';

function capture(stdin = ''): CliIo & { out_: string[]; err_: string[]; text(): string } {
  const out_: string[] = [];
  const err_: string[] = [];
  return {
    out_,
    err_,
    out: (l) => out_.push(l),
    err: (l) => err_.push(l),
    readStdin: async () => stdin,
    text: () => [...out_, ...err_].join('\n'),
  };
}

const BDK = '@fixtures/cli/bdk-x9.24-1.hex';
const PIN_KEY = '@fixtures/cli/pin-key-e00001.hex';

describe('cardwire kcv', () => {
  test('prints the check value, never the key', async () => {
    const io = capture();
    expect(await main(['kcv', '--key', BDK, '--json'], io)).toBe(0);
    expect(JSON.parse(io.out_[0]!)).toEqual({ algorithm: 'tdes', length: 16, kcv: '08D7B4' });
    expect(io.text()).not.toContain('0123456789ABCDEF');
  });

  test('reads the key from stdin with -', async () => {
    const io = capture('0123456789ABCDEF FEDCBA9876543210\n');
    expect(await main(['kcv', '--key', '-'], io)).toBe(0);
    expect(io.text()).toContain('08D7B4');
  });

  test('refuses a key on the command line: a usage error that does not echo the key', async () => {
    const io = capture();
    expect(await main(['kcv', '--key', '0123456789ABCDEFFEDCBA9876543210', '--json'], io)).toBe(2);
    expect(io.err_[0]).toBe('error: --key must be @file or - (keys are never taken from the command line)\n');
    expect(io.err_[1]).toContain('Usage: cardwire kcv');
    expect(io.text()).not.toContain('0123456789ABCDEFFEDCBA9876543210');
  });

  test('an unknown option is a usage error', async () => {
    const io = capture();
    expect(await main(['kcv', '--nope'], io)).toBe(2);
  });
});

describe('cardwire pin', () => {
  test('encode under a key gives the X9.24-1 Annex A block; the PAN is masked', async () => {
    const io = capture();
    expect(await main(['pin', 'encode', '--format', '0', '--pin', '1234', '--pan', '4012345678909', '--key', PIN_KEY, '--json'], io)).toBe(0);
    const r = JSON.parse(io.out_[0]!);
    expect(r.pinBlock).toBe('1B9C1845EB993A7A');
    expect(r.pan).not.toBe('4012345678909');
  });

  test('decode masks the PIN unless --reveal', async () => {
    const args = ['pin', 'decode', '--format', '0', '--block', '1B9C1845EB993A7A', '--pan', '4012345678909', '--key', PIN_KEY, '--json'];
    const masked = capture();
    expect(await main(args, masked)).toBe(0);
    expect(JSON.parse(masked.out_[0]!).pin).toBe('****');
    const shown = capture();
    expect(await main([...args, '--reveal'], shown)).toBe(0);
    expect(JSON.parse(shown.out_[0]!).pin).toBe('1234');
  });

  test('a clear block is masked unless --reveal', async () => {
    const io = capture();
    expect(await main(['pin', 'encode', '--format', '0', '--pin', '1234', '--pan', '4012345678909', '--reveal', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out_[0]!).clearPinBlock).toBe('041274EDCBA9876F');
    const masked = capture();
    await main(['pin', 'encode', '--format', '0', '--pin', '1234', '--pan', '4012345678909'], masked);
    expect(masked.text()).not.toContain('041274EDCBA9876F');
  });

  test('errors carry their code', async () => {
    const io = capture();
    expect(await main(['pin', 'decode', '--format', '3', '--block', '041274EDCBA9876F', '--pan', '4012345678909', '--json'], io)).toBe(1);
    expect(JSON.parse(io.out_[0]!).error.code).toBe('PIN_BLOCK_FORMAT_MISMATCH');
  });
});

describe('cardwire mac', () => {
  test('X9.19 of the ISO 9797-1 Annex B string, and verification', async () => {
    const io = capture();
    const data = '4E6F77206973207468652074696D6520666F7220616C6C20';
    expect(await main(['mac', '--algorithm', 'x9.19', '--key', '@fixtures/cli/mak-x9.19.hex', '--data', data, '--json'], io)).toBe(0);
    expect(JSON.parse(io.out_[0]!).mac).toBe('A1C72E74EA3FA9B6');
    const ok = capture();
    expect(await main(['mac', '--algorithm', 'x9.19', '--key', '@fixtures/cli/mak-x9.19.hex', '--data', data, '--verify', 'A1C72E74'], ok)).toBe(0);
    const bad = capture();
    expect(await main(['mac', '--algorithm', 'x9.19', '--key', '@fixtures/cli/mak-x9.19.hex', '--data', data, '--verify', 'A1C72E75'], bad)).toBe(1);
  });

  test('an unknown algorithm is a usage error naming the algorithms', async () => {
    const io = capture();
    expect(await main(['mac', '--algorithm', 'md5', '--key', BDK, '--data', '00', '--json'], io)).toBe(2);
    expect(io.err_[0]).toBe("error: --algorithm must be one of iso9797-1-1, iso9797-1-3, x9.9, x9.19, cmac, hmac-sha256, unionpay, not 'md5'\n");
  });
});

describe('cardwire dukpt derive', () => {
  test('TDES: the key is shown by KCV; --reveal shows the X9.24-1 PIN key', async () => {
    const masked = capture();
    expect(await main(['dukpt', 'derive', '--bdk', BDK, '--ksn', 'FFFF9876543210E00001', '--json'], masked)).toBe(0);
    const m = JSON.parse(masked.out_[0]!);
    expect(m.key).toMatch(/^\*\*\*\* \(KCV [0-9A-F]{6}\)$/);
    expect(masked.text()).not.toContain('042666B49184CF5C');
    const shown = capture();
    expect(await main(['dukpt', 'derive', '--bdk', BDK, '--ksn', 'FFFF9876543210E00001', '--type', 'pin', '--reveal', '--json'], shown)).toBe(0);
    expect(JSON.parse(shown.out_[0]!).key).toBe('042666B49184CF5C68DE9628D0397B36');
  });

  test('AES: a 12-byte KSN selects X9.24-3', async () => {
    const io = capture();
    expect(await main(['dukpt', 'derive', '--bdk', '@fixtures/cli/bdk-x9.24-3.hex', '--ksn', '123456789012345600000001', '--usage', 'pin', '--reveal', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out_[0]!).key).toBe('AF8CB133A78F8DC2D1359F18527593FB');
  });

  test('AES: an HMAC working key is masked without a KCV', async () => {
    const io = capture();
    const argv = ['dukpt', 'derive', '--bdk', '@fixtures/cli/bdk-x9.24-3.hex', '--ksn', '123456789012345600000001', '--usage', 'mac-generation', '--key-type', 'hmac128', '--json'];
    expect(await main(argv, io)).toBe(0);
    expect(JSON.parse(io.out_[0]!)).toEqual({ ksn: '123456789012345600000001', algorithm: 'hmac', usage: 'M7', key: '****' });
  });

  test('a bad KSN is DUKPT_KSN_INVALID', async () => {
    const io = capture();
    expect(await main(['dukpt', 'derive', '--bdk', BDK, '--ksn', 'FFFF', '--json'], io)).toBe(1);
    expect(JSON.parse(io.out_[0]!).error.code).toBe('DUKPT_KSN_INVALID');
  });
});
