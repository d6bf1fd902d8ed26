import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import {
  decodeCommandApdu,
  decodeResponseApdu,
  decodeTlv,
  encodeCommandApdu,
  exchangeT0,
  externalAuthenticateCommand,
  generateAcCommand,
  getChallengeCommand,
  getDataCommand,
  getProcessingOptionsCommand,
  getResponseCommand,
  internalAuthenticateCommand,
  issuerScriptCommands,
  nextT0Command,
  parseGenerateAcResponse,
  parseGpoResponse,
  parseInternalAuthenticateResponse,
  readRecordCommand,
  selectCommand,
  statusWordInfo,
  verifyCommand,
} from '../../src/emv/index';

const runs = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('command builders (EMV Book 3 §6.5)', () => {
  // Expected bytes are the commands of the public traces in ../shared/fixtures/emv/emv-traces.json
  // (binaryfoo/emv-bertlv and openemv/emv-utils), copied by hand.
  test.each([
    ['SELECT A0000000031010', () => selectCommand(hex('A0000000031010')), '00A4040007A000000003101000'],
    ['SELECT 1PAY.SYS.DDF01', () => selectCommand(hex('315041592E5359532E4444463031')), '00A404000E315041592E5359532E444446303100'],
    ['SELECT next', () => selectCommand(hex('A000000003'), { next: true }), '00A4040205A00000000300'],
    ['READ RECORD SFI 1 record 1', () => readRecordCommand(1, 1), '00B2010C00'],
    ['READ RECORD SFI 2 record 1', () => readRecordCommand(2, 1), '00B2011400'],
    ['READ RECORD SFI 3 record 3', () => readRecordCommand(3, 3), '00B2031C00'],
    ['GPO empty PDOL', () => getProcessingOptionsCommand(), '80A8000002830000'],
    ['GPO PDOL 9F3501', () => getProcessingOptionsCommand(hex('EA')), '80A80000038301EA00'],
    [
      'GENERATE AC ARQC',
      () => generateAcCommand({ type: 'ARQC', data: hex('00000000100000000000000000368000008000003612031600D3173A1F') }),
      '80AE80001D00000000100000000000000000368000008000003612031600D3173A1F00',
    ],
    ['GENERATE AC TC + CDA', () => generateAcCommand({ type: 'TC', cda: true, data: hex('01') }), '80AE5000010100'],
    ['GENERATE AC AAC', () => generateAcCommand({ type: 'AAC', data: hex('01') }), '80AE0000010100'],
    ['INTERNAL AUTHENTICATE', () => internalAuthenticateCommand(hex('7863AFC6')), '00880000047863AFC600'],
    ['EXTERNAL AUTHENTICATE', () => externalAuthenticateCommand(hex('11223344556677883030')), '008200000A11223344556677883030'],
    ['GET DATA ATC', () => getDataCommand('9F36'), '80CA9F3600'],
    ['GET DATA PIN Try Counter', () => getDataCommand('9F17'), '80CA9F1700'],
    ['GET CHALLENGE', () => getChallengeCommand(), '0084000000'],
    ['VERIFY plaintext', () => verifyCommand({ plaintextPinBlock: hex('241234FFFFFFFFFF') }), '0020008008241234FFFFFFFFFF'],
    ['VERIFY enciphered', () => verifyCommand({ encipheredPinData: hex('0102') }), '00200088020102'],
    ['GET RESPONSE', () => getResponseCommand(0x1a), '00C000001A'],
    ['GET RESPONSE 256', () => getResponseCommand(0), '00C0000000'],
  ] as const)('%s', (_name, build, expected) => {
    expect(toHex(build())).toBe(expected);
  });

  test.each([
    [() => selectCommand(new Uint8Array(17))],
    [() => readRecordCommand(0, 1)],
    [() => readRecordCommand(31, 1)],
    [() => readRecordCommand(1, 0)],
    [() => externalAuthenticateCommand(new Uint8Array(7))],
    [() => getDataCommand('9F26' as never)],
    [() => verifyCommand({ plaintextPinBlock: new Uint8Array(7) })],
    [() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 256 })],
    [() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) })],
    [() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })],
    [() => generateAcCommand({ type: 'XX' as never, data: new Uint8Array(1) })],
  ])('bad arguments are APDU_INVALID (%#)', (build) => {
    expect(build).toThrowError(expect.objectContaining({ code: 'APDU_INVALID' }));
  });

  test('issuer script commands are passed through in order', () => {
    const scripts = decodeTlv(hex('710E9F18040000000186058424000000' + '72099F1804000000028600'));
    expect(issuerScriptCommands(scripts).map((c) => toHex(c))).toEqual(['8424000000', '']);
  });
});

describe('APDU codec (ISO/IEC 7816-4 §5.1)', () => {
  test.each([
    ['00B2010C00', { cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }],
    ['00820000', { cla: 0, ins: 0x82, p1: 0, p2: 0 }],
    ['0082000002AABB', { cla: 0, ins: 0x82, p1: 0, p2: 0, data: 'AABB' }],
    ['80A800000283001A', { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: '8300', le: 26 }],
  ])('%s', (h, expected) => {
    const c = decodeCommandApdu(hex(h));
    expect({ ...c, ...(c.data ? { data: toHex(c.data) } : {}) }).toEqual(expected);
    expect(toHex(encodeCommandApdu(c))).toBe(h);
  });

  test.each([['00B201'], ['0082000003AABB'], ['00820000000000']])('%s is APDU_INVALID', (h) => {
    expect(() => decodeCommandApdu(hex(h))).toThrowError(expect.objectContaining({ code: 'APDU_INVALID' }));
  });

  test('responses', () => {
    const r = decodeResponseApdu(hex('6F009000'));
    expect([toHex(r.data), r.sw1, r.sw2, r.sw]).toEqual(['6F00', 0x90, 0x00, 0x9000]);
    expect(() => decodeResponseApdu(hex('90'))).toThrowError(expect.objectContaining({ code: 'APDU_TOO_SHORT' }));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 270, size: 'max' })], { numRuns: runs })('random command bytes: CardwireError or a round trip', (bytes) => {
    try {
      expect(encodeCommandApdu(decodeCommandApdu(bytes))).toEqual(bytes);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('status words (ISO/IEC 7816-4 §5.1.3, EMV Book 1 §9.4.5, Book 3 §6.3.5)', () => {
  test.each([
    [0x9000, 'success', 'Normal processing'],
    [0x6283, 'warning', 'Selected file deactivated (application blocked)'],
    [0x63c2, 'warning', 'Verification failed, 2 tries left'],
    [0x63c0, 'warning', 'Verification failed, 0 tries left'],
    [0x6985, 'error', 'Conditions of use not satisfied'],
    [0x6a81, 'error', 'Function not supported (card or application blocked)'],
    [0x6a82, 'error', 'File or application not found'],
    [0x6a83, 'error', 'Record not found'],
    [0x6983, 'error', 'Authentication method blocked (PIN blocked)'],
    [0x6700, 'error', 'Wrong length'],
    [0x6110, 'transport', '16 response bytes still available (issue GET RESPONSE)'],
    [0x6c1a, 'transport', 'Wrong Le: resend with Le = 26'],
    [0x1234, 'error', 'Unknown status word'],
    // ISO/IEC 7816-4, per the EFTlab list of APDU responses.
    [0x6a85, 'error', 'Lc inconsistent with TLV structure'],
    [0x6a87, 'error', 'Lc inconsistent with P1-P2'],
    [0x6300, 'warning', 'No information given, state of non-volatile memory changed (EXTERNAL AUTHENTICATE: issuer authentication failed)'],
  ] as const)('%s', (sw, category, meaning) => {
    const info = statusWordInfo(sw);
    expect([info.category, info.meaning]).toEqual([category, meaning]);
    expect(info.sw).toBe(sw.toString(16).toUpperCase().padStart(4, '0'));
  });
});

describe('T=0 (EMV Book 1 §9.3.1.3)', () => {
  test('nextT0Command: 61xx → GET RESPONSE, 6Cxx → resend with Le, otherwise nothing', () => {
    const select = hex('00A404000E315041592E5359532E444446303100');
    expect(toHex(nextT0Command(select, hex('6120')) ?? new Uint8Array())).toBe('00C0000020');
    expect(toHex(nextT0Command(hex('00C0000000'), hex('6C1A')) ?? new Uint8Array())).toBe('00C000001A');
    expect(nextT0Command(select, hex('6283'))).toBeUndefined();
    expect(nextT0Command(select, hex('9000'))).toBeUndefined();
  });

  test('exchangeT0 follows the openemv/emv-utils PSE exchange (6C1A then data)', async () => {
    const fci = '6F20840E315041592E5359532E4444463031A50E8801015F2D046E6C656E9F110101';
    const script = new Map<string, string>([
      ['00C0000000', '6C1A'],
      ['00C000001A', `${fci}9000`],
    ]);
    const sent: string[] = [];
    const r = await exchangeT0(async (c) => {
      sent.push(toHex(c));
      return hex(script.get(toHex(c)) ?? '6F00');
    }, hex('00C0000000'));
    expect(sent).toEqual(['00C0000000', '00C000001A']);
    expect([toHex(r.data), r.sw]).toEqual([fci, 0x9000]);
  });

  test('exchangeT0 concatenates 61xx chunks and stops after maxExchanges', async () => {
    const replies = ['01026102', '03049000'];
    let k = 0;
    const r = await exchangeT0(async () => hex(replies[k++]!), hex('00B2010C00'));
    expect([toHex(r.data), r.sw]).toEqual(['01020304', 0x9000]);
    await expect(exchangeT0(async () => hex('6101'), hex('00B2010C00'), { maxExchanges: 3 })).rejects.toMatchObject({ code: 'APDU_INVALID' });
  });
});

describe('responses normalised between format 1 and format 2 (Book 3 §6.5)', () => {
  test('GPO format 1 (contact Visa trace) and format 2 (contact Mastercard trace)', () => {
    const f1 = parseGpoResponse(hex('800E1C00080101001001010018030400'));
    expect([f1.format, toHex(f1.aip), toHex(f1.afl)]).toEqual([1, '1C00', '080101001001010018030400']);
    const f2 = parseGpoResponse(hex('7716820259009410' + '10020201180101002001010028010200'));
    expect([f2.format, toHex(f2.aip), toHex(f2.afl)]).toEqual([2, '5900', '10020201180101002001010028010200']);
  });

  test('GENERATE AC format 1 (contact Visa) and format 2 (contact Mastercard, contactless CDA)', () => {
    const f1 = parseGenerateAcResponse(hex('80228000297CB3BA090724C52406010A03A4B8000F112233445566778899AABBCCDDEEFF'));
    expect([f1.format, toHex(f1.cid), toHex(f1.atc), toHex(f1.ac ?? new Uint8Array()), toHex(f1.iad ?? new Uint8Array())]).toEqual([
      1,
      '80',
      '0029',
      '7CB3BA090724C524',
      '06010A03A4B8000F112233445566778899AABBCCDDEEFF',
    ]);
    const f2 = parseGenerateAcResponse(hex('77299F2701809F360200419F26084573436B1E4B95DD9F1012' + '0110A00009248400000000000000000029FF'));
    expect([f2.format, toHex(f2.cid), toHex(f2.atc), toHex(f2.ac ?? new Uint8Array()), f2.iad?.length]).toEqual([2, '80', '0041', '4573436B1E4B95DD', 18]);
    const cda = parseGenerateAcResponse(hex('770D9F2701409F360200359F4B0101'));
    expect([cda.ac, toHex(cda.sdad ?? new Uint8Array())]).toEqual([undefined, '01']);
  });

  test('INTERNAL AUTHENTICATE format 1 and 2', () => {
    expect(toHex(parseInternalAuthenticateResponse(hex('8003010203')).sdad)).toBe('010203');
    expect(toHex(parseInternalAuthenticateResponse(hex('77059F4B02AABB')).sdad)).toBe('AABB');
  });

  test.each([
    [() => parseGpoResponse(hex('7003820100')), 'EMV_RESPONSE_INVALID', 'GPO'],
    [() => parseGpoResponse(hex('800100')), 'EMV_RESPONSE_INVALID', 'GPO.80'],
    [() => parseGpoResponse(hex('770494020000')), 'EMV_RESPONSE_INVALID', 'GPO.82'],
    [() => parseGenerateAcResponse(hex('800A80002900000000000000')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.80'],
    [() => parseGenerateAcResponse(hex('77049F270180')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.9F36'],
    [() => parseGenerateAcResponse(hex('77099F2701809F36020001')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.9F26'],
    [() => parseInternalAuthenticateResponse(hex('7700')), 'EMV_RESPONSE_INVALID', 'INTERNAL_AUTHENTICATE.9F4B'],
    [() => parseGpoResponse(hex('8003')), 'TLV_TRUNCATED', 'GPO.80'],
    [() => parseGpoResponse(hex('80021C008000')), 'EMV_RESPONSE_INVALID', 'GPO'],
    // Format 2 objects whose length Book 3 Annex A fixes: AIP 2, CID 1, ATC 2, AC 8.
    [() => parseGpoResponse(hex('770382011C')), 'EMV_RESPONSE_INVALID', 'GPO.82'],
    [() => parseGenerateAcResponse(hex('77139F27009F360200019F26081122334455667788')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.9F27'],
    [() => parseGenerateAcResponse(hex('77139F2701809F3601019F26081122334455667788')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.9F36'],
    [() => parseGenerateAcResponse(hex('77139F2701809F360200019F260711223344556677')), 'EMV_RESPONSE_INVALID', 'GENERATE_AC.9F26'],
  ] as const)('malformed response %# → %s at %s', (parse, code, path) => {
    expect(parse).toThrowError(expect.objectContaining({ code, path }));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64, size: 'max' })], { numRuns: runs })('random bytes into response parsers only throw CardwireError', (bytes) => {
    for (const parse of [parseGpoResponse, parseGenerateAcResponse, parseInternalAuthenticateResponse, decodeResponseApdu]) {
      try {
        parse(bytes);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
  });
});
