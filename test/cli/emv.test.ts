import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/command';
import { main } from '../../src/cli/main';

function capture(stdin = ''): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => void out_.push(l), err: (l) => void err_.push(l), readStdin: async () => stdin };
}

const RECORD = '703857104761340000000050D1712201125234515F20104341524420352F5649534120544553549F1F1031323532333030343531303030303030';

describe('cardwire emv', () => {
  test('decode prints a named tree, masked by default', async () => {
    const io = capture();
    expect(await main(['emv', 'decode', RECORD], io)).toBe(0);
    expect(io.out_).toEqual([
      '70 READ RECORD Response Message Template (56)',
      '  57 Track 2 Equivalent Data (16): 476134******0050D***************',
      '  5F20 Cardholder Name (16): [redacted 16 bytes] = [redacted 16 chars]',
      '  9F1F Track 1 Discretionary Data (16): [redacted 16 bytes] = [redacted 16 chars]',
    ]);
  });

  test('decode --json gives the tree in card order; --reveal shows the values', async () => {
    const io = capture();
    expect(await main(['emv', 'decode', '--json', '6F168407A0000000031010A50B5009564953412054455354'], io)).toBe(0);
    expect(JSON.parse(io.out_[0] ?? '')).toEqual([
      { tag: '6F', children: [{ tag: '84', value: 'A0000000031010' }, { tag: 'A5', children: [{ tag: '50', value: '564953412054455354' }] }] },
    ]);
    const revealed = capture();
    await main(['emv', 'decode', '--json', '--reveal', RECORD], revealed);
    expect(revealed.out_[0]).toContain('"value":"4761340000000050D171220112523451"');
    const masked = capture();
    await main(['emv', 'decode', '--json', RECORD], masked);
    expect(masked.out_[0]).not.toContain('4761340000000050');
  });

  test("decode - reads one hex string per line and writes one JSON line each", async () => {
    const io = capture('9F360200FF\n\n 9F27 01 80 \nZZ\n');
    expect(await main(['emv', 'decode', '-'], io)).toBe(1);
    expect(io.out_.map((l) => JSON.parse(l))).toEqual([
      [{ tag: '9F36', value: '00FF' }],
      [{ tag: '9F27', value: '80' }],
      { error: { code: 'HEX_INVALID_CHARACTER', path: 'input', offset: 0, message: expect.any(String) } },
    ]);
  });

  test('decode --response splits off and explains the status word', async () => {
    const io = capture();
    expect(await main(['emv', 'decode', '--response', '800E1C000801010010010100180304009000'], io)).toBe(0);
    expect(io.out_).toEqual(['80 Response Message Template Format 1 (14): 1C00080101001001010018030400', 'SW 9000: Normal processing']);
    const json = capture();
    await main(['emv', 'decode', '--response', '--json', '6A82'], json);
    expect(JSON.parse(json.out_[0] ?? '')).toEqual({ sw: '6A82', status: 'File or application not found', data: [] });
  });

  test('bit-field commands', async () => {
    const io = capture();
    expect(await main(['emv', 'tvr', '8000048000'], io)).toBe(0);
    expect(io.out_).toEqual([
      '95 Terminal Verification Results: 8000048000',
      '  byte 1 bit 8: Offline data authentication was not performed',
      '  byte 3 bit 3: Online CVM captured (online PIN entered)',
      '  byte 4 bit 8: Transaction exceeds floor limit',
    ]);
    const tsi = capture();
    await main(['emv', 'tsi', '0000'], tsi);
    expect(tsi.out_).toEqual(['9B Transaction Status Information: 0000', '  (no bit set)']);
    const aip = capture();
    await main(['emv', 'aip', '--json', '1C00'], aip);
    expect(JSON.parse(aip.out_[0] ?? '').flags.issuerAuthenticationSupported).toBe(true);
    const cvm = capture();
    await main(['emv', 'cvm', '00000000000000001E03'], cvm);
    expect(cvm.out_).toEqual(['8E CVM List: X = 0, Y = 0', '  1. Signature (paper); If terminal supports the CVM; fail if unsuccessful']);
    const cid = capture();
    await main(['emv', 'cid', '80'], cid);
    expect(cid.out_).toEqual(['9F27 Cryptogram Information Data: ARQC, reason none']);
  });

  test('dol lists entries and builds data from --data', async () => {
    const io = capture();
    expect(await main(['emv', 'dol', '9F02069F3704', '--data', '{"9F02":"1000","9F37":"A1B2C3D4"}'], io)).toBe(0);
    expect(io.out_).toEqual([
      '9F02     6  Amount, Authorised (Numeric) = 000000001000',
      '9F37     4  Unpredictable Number = A1B2C3D4',
      'data: 000000001000A1B2C3D4',
    ]);
    const bad = capture();
    expect(await main(['emv', 'dol', '9F3704', '--data', '[1]'], bad)).toBe(2);
  });

  test('errors are reported with code, path and offset', async () => {
    const io = capture();
    expect(await main(['emv', 'decode', '--json', '9F2608AABB'], io)).toBe(1);
    expect(JSON.parse(io.out_[0] ?? '')).toEqual({ error: { code: 'TLV_TRUNCATED', path: '9F26', offset: 0, message: expect.any(String) } });
    const text = capture();
    expect(await main(['emv', 'tvr', '00'], text)).toBe(1);
    expect(text.err_[0]).toContain('EMV_VALUE_LENGTH');
    const usage = capture();
    expect(await main(['emv', 'nope', '00'], usage)).toBe(2);
    expect(await main(['emv', 'decode'], capture())).toBe(2);
    expect(await main(['emv', 'decode', '00', '--scheme', 'Foo'], capture())).toBe(2);
  });

  test('the tour steps run', async () => {
    const io = capture();
    expect(await main(['tour'], io)).toBe(0);
    expect(io.out_.join('\n')).toContain('Tour complete');
  });
});
