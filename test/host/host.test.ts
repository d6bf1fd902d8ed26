// The host simulator end to end over its pure API, against a scripted terminal that writes every
// field by hand (test/host/scripted-terminal.ts): sign-on with key download, MAC, PIN, card
// checks, every financial transaction, reversal, retransmission, settlement and batch upload.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import { EmvIssuer, SoftwareSecurityModule } from '../../src/crypto/index';
import { decodeCupBalance, decodeCupSettlementTotals, encodeCupSettlementTotals, encodeCupUploadRecords } from '../../src/iso8583/index';
import { hostResponseCodes } from '../../src/host/response-codes';
import { AMOUNT, available, codec, financial, kcv, keysOf, macOk, packMac, request, send, signOn, startHost, TMK, track2 } from './scripted-terminal';

const samples = new URL('../../../shared/fixtures/cup/samples.json', import.meta.url);

describe.skipIf(!existsSync(samples))('real UnionPay sign-on frames get real answers', () => {
  const messages = existsSync(samples) ? (JSON.parse(readFileSync(samples, 'utf8')) as { messages: { description: string; hex: string }[] }).messages : [];
  test.each(messages.filter((m) => m.description.startsWith('sign-in request')).map((m) => [m.description, m] as const))('%s', async (_d, m) => {
    const { host } = await startHost();
    const frame = hex(m.hex);
    const payload = frame.subarray(2); // 2-byte length, then TPDU + header + 0800
    const req = codec.unpack(payload);
    const reply = await host.handle(payload);
    const answer = codec.unpack(reply.response!);
    expect(answer.mti).toBe('0810');
    expect(answer.get(39)).toBe('00');
    expect(answer.get(11)).toBe(req.get(11));
    expect(answer.get(41)).toBe(req.get(41));
    // TPDU: the request's with source and destination swapped.
    const tq = toHex(payload.subarray(0, 5));
    expect(toHex(reply.response!.subarray(0, 5))).toBe(tq.slice(0, 2) + tq.slice(6, 10) + tq.slice(2, 6));
    // 60.2: the batch the host assigns (the configured one for a first sign-on); 60.3 echoed.
    expect(answer.get('60.2')).toBe(req.get(41) === '10000159' ? '000001' : '000042');
    expect(answer.get('60.3')).toBe('003');
    // DE 62: 40 bytes, PIK ‖ KCV ‖ MAK (8 + 8 zeros) ‖ KCV, each KCV the clear key's ECB of zeros.
    const de62 = answer.getBytes(62)!;
    expect(de62.length).toBe(40);
    expect(toHex(de62.subarray(28, 36))).toBe('0000000000000000');
    const keys = keysOf(de62);
    expect(toHex(de62.subarray(16, 20))).toBe(kcv(keys.pik));
    expect(toHex(de62.subarray(36, 40))).toBe(kcv(keys.mak));
    expect(keys.pik.length).toBe(16);
    expect(keys.mak.length).toBe(8);
    // A second sign-on gives fresh keys.
    const again = codec.unpack((await host.handle(payload)).response!);
    expect(toHex(again.getBytes(62)!)).not.toBe(toHex(de62));
  });
});

describe('sign-on, sign-off, echo', () => {
  test('key schemes 001 and 004 have their 24- and 60-byte layouts, and the terminal imports them with their check values', async () => {
    const { host } = await startHost();
    for (const [scheme, length] of [['001', 24], ['004', 60]] as const) {
      const s = await signOn(host, '20000001', '898310048990001', scheme);
      const de62 = s.answer.getBytes(62)!;
      expect(de62.length).toBe(length);
      // The terminal side: a security module under the TMK imports each key, checking its KCV.
      const sm = new SoftwareSecurityModule();
      sm.loadKey('tmk', hex(TMK), { algorithm: 'tdes', usage: 'K0' });
      const width = scheme === '001' ? 8 : 16;
      await sm.importEncryptedKey('pik', 'tmk', { encrypted: de62.subarray(0, width), kcv: de62.subarray(width, width + 4), algorithm: width === 8 ? 'des' : 'tdes', usage: 'P0' });
      if (scheme === '004') {
        const tdk = await sm.importEncryptedKey('tdk', 'tmk', { encrypted: de62.subarray(40, 56), kcv: de62.subarray(56, 60), algorithm: 'tdes', usage: 'D0' });
        expect(tdk.kcv).toBe(kcv(s.tdk!).slice(0, 6));
      }
    }
  });

  test('an unknown terminal gets 97, a wrong merchant 03, a terminal that is not signed on 77', async () => {
    const { host } = await startHost();
    const unknown = await send(host, request('0800', { '11': '000001', '60': '00000001003' }, '99999999').pack());
    expect(unknown.get(39)).toBe('97');
    const merchant = await send(host, request('0800', { '11': '000001', '60': '00000001003' }, '10000159', '000000000000000').pack());
    expect(merchant.get(39)).toBe('03');
    const keys = { pik: new Uint8Array(16), mak: new Uint8Array(8) };
    expect((await send(host, financial(keys, { stan: '000002', amount: AMOUNT('1.00'), pin: '123456' }))).get(39)).toBe('77');
  });

  test('sign-off (0820/002) ends the session; echo (0820/301) is answered', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const echo = await send(host, request('0820', { '11': '000002', '60': '00000001301' }).pack());
    expect([echo.mti, echo.get(39)]).toEqual(['0830', '00']);
    const off = await send(host, request('0820', { '11': '000003', '60': '00000001002' }).pack());
    expect([off.mti, off.get(39)]).toEqual(['0830', '00']);
    expect((await send(host, financial(keys, { stan: '000004', amount: AMOUNT('1.00'), pin: '123456' }))).get(39)).toBe('77');
  });
});

describe('purchase', () => {
  test('a swiped purchase with PIN is approved, charged once, and answered with a MAC that verifies', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const before = await available(ledger, '6225880000000001');
    const reply = await host.handle(financial(keys, { stan: '000002', amount: AMOUNT('123.45'), pin: '123456' }));
    const a = codec.unpack(reply.response!);
    expect(a.mti).toBe('0210');
    expect(a.get(39)).toBe('00');
    expect(a.get(2)).toBe('6225880000000001');
    expect(a.get(4)).toBe('000000012345');
    expect(a.get(11)).toBe('000002');
    expect(String(a.get(38))).toMatch(/^\d{6}$/);
    expect(String(a.get(37))).toMatch(/^\d{12}$/);
    expect(a.get('63.1')).toBe('CUP');
    expect(a.get(12)).toBe('103000'); // 02:30 UTC is 10:30 in China
    expect(a.get(13)).toBe('1207');
    expect(macOk(reply.response!, keys.mak)).toBe(true);
    expect(await available(ledger, '6225880000000001')).toBe(before - 12345n);
    // The log line carries no PAN.
    expect(JSON.stringify(reply.log)).not.toContain('6225880000000001');
    expect(reply.log).toMatchObject({ mti: '0200', tid: '10000159', stan: '000002', amount: '123.45', code: '00' });
  });

  test('a wrong MAC gets A0 and changes nothing; so does a missing MAC', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const bytes = financial(keys, { stan: '000002', amount: AMOUNT('10.00'), pin: '123456' });
    bytes[bytes.length - 1]! ^= 1;
    expect((await send(host, bytes)).get(39)).toBe('A0');
    const unsigned = request('0200', { '3': '000000', '4': AMOUNT('10.00'), '11': '000003', '22': '022', '25': '00', '35': track2('6225880000000001', '2812', '120', '309'), '49': '156', '60': '22000001000' });
    expect((await send(host, unsigned.pack())).get(39)).toBe('A0');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
    expect((await ledger.list()).length).toBe(0);
  });

  test('wrong PINs: 55 each time, 75 at the limit, then 75 even for the right PIN', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push(String((await send(host, financial(keys, { stan: `00001${i}`, amount: AMOUNT('1.00'), pin: i < 3 ? '654321' : '123456' }))).get(39)));
    expect(codes).toEqual(['55', '55', '75', '75']);
  });

  test('a right PIN resets the wrong-PIN count', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const codes: string[] = [];
    for (const [i, pin] of ['654321', '654321', '123456', '654321', '654321'].entries()) codes.push(String((await send(host, financial(keys, { stan: `00002${i}`, amount: AMOUNT('1.00'), pin }))).get(39)));
    expect(codes).toEqual(['55', '55', '00', '55', '55']);
  });

  test.each([
    ['lost card', { pan: '6222020000000007', track: track2('6222020000000007', '2812', '120', '084'), pin: '123456' }, '41'],
    ['stolen card', { pan: '6225880000000035', track: track2('6225880000000035', '2812', '120', '000') }, '43'],
    ['blocked card', { pan: '6225880000000043', track: track2('6225880000000043', '2812', '120', '000') }, '62'],
    ['unknown card', { pan: '6225880000000050', track: track2('6225880000000050', '2812', '120', '000'), pin: '123456' }, '14'],
    ['Luhn failure', { pan: '6225880000000002', track: track2('6225880000000002', '2812', '120', '000'), pin: '123456' }, '14'],
    ['track expiry not the card record', { track: track2('6225880000000001', '2712', '120', '309'), pin: '123456' }, '14'],
    ['wrong CVV', { track: track2('6225880000000001', '2812', '120', '310'), pin: '123456' }, '05'],
    ['no PIN for a debit card', {}, '55'],
    ['chip card swiped without fallback', { pan: '6225880000000027', track: track2('6225880000000027', '3012', '220', '000'), pin: '123456' }, '45'],
    ['more than the balance', { amount: AMOUNT('10000.01'), pin: '123456' }, '51'],
    ['rule: amount ending .51', { amount: AMOUNT('12.51'), pin: '123456' }, '51'],
    ['rule: amount ending .05', { amount: AMOUNT('7.05'), pin: '123456' }, '05'],
  ] as const)('%s → %s', async (_name, p, code) => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const a = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('10.00'), ...p }));
    expect(a.get(39)).toBe(code);
    expect(a.get(38)).toBeUndefined();
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
    expect(code in hostResponseCodes).toBe(true);
  });

  test('a chip card swiped after a failed chip read (60.5 = 2) is accepted', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const a = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('10.00'), pan: '6225880000000027', track: track2('6225880000000027', '3012', '220', '000'), pin: '123456', entryMode: '021', extra: { '60': '22000001000620' } }));
    expect(a.get(39)).toBe('00');
  });

  test('a retransmission gets the first answer again and is charged once; other content under the same STAN gets 94', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const bytes = financial(keys, { stan: '000002', amount: AMOUNT('50.00'), pin: '123456' });
    const first = await host.handle(bytes);
    const second = await host.handle(bytes);
    expect(toHex(second.response!)).toBe(toHex(first.response!));
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n - 5000n);
    const other = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('60.00'), pin: '123456' }));
    expect(other.get(39)).toBe('94');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n - 5000n);
  });
});

describe('a card the host cannot resolve under a STAN already answered', () => {
  // The card is resolved before the key read (so that the ledger reads its account with it); a
  // security-module fault in resolving it must not pre-empt the key checks.
  test('a track that cannot be deciphered (no TDK) still gets 94, not a thrown error', async () => {
    const { host } = await startHost();
    const keys = await signOn(host); // scheme 003: no TDK
    const first = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('1.00'), pin: '123456' }));
    expect(first.get(39)).toBe('00');
    // The same STAN again, 53.3 = 1 (tracks enciphered) on a terminal that has no TDK.
    const again = financial(keys, { stan: '000002', amount: AMOUNT('2.00'), extra: { '53': '0610000000000000' } });
    const code = await host.handle(again).then(
      (r) => r.log.code,
      (e: unknown) => `threw ${(e as { code?: string }).code}`,
    );
    expect(code).toBe('94');
  });
});

describe('reversal', () => {
  const reversal = (keys: { mak: Uint8Array }, stan: string, amount: string, reason = '98', typeCode = '22') =>
    packMac(request('0400', { '3': '000000', '4': amount, '11': stan, '22': '022', '25': '00', '39': reason, '49': '156', '60': `${typeCode}000001000` }), keys.mak);

  test('undoes an approved purchase, is idempotent, and is answered 00 when the original is unknown', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    await send(host, financial(keys, { stan: '000002', amount: AMOUNT('100.00'), pin: '123456' }));
    expect(await available(ledger, '6225880000000001')).toBe(990_000n);
    const r1 = await host.handle(reversal(keys, '000002', AMOUNT('100.00')));
    const a = codec.unpack(r1.response!);
    expect([a.mti, a.get(39)]).toEqual(['0410', '00']);
    expect(macOk(r1.response!, keys.mak)).toBe(true);
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
    expect((await send(host, reversal(keys, '000002', AMOUNT('100.00')))).get(39)).toBe('00');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
    expect((await send(host, reversal(keys, '000099', AMOUNT('1.00'), '06'))).get(39)).toBe('00');
    const recorded = await ledger.reversals();
    expect(recorded.map((r) => [r.stan, r.reason, r.originalId !== null])).toEqual([
      ['000002', '98', true],
      ['000099', '06', false],
    ]);
    // The original is marked reversed and the request, sent again late, is not charged.
    expect((await ledger.list())[0]!.status).toBe('reversed');
    await send(host, financial(keys, { stan: '000002', amount: AMOUNT('100.00'), pin: '123456' }));
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
  });

  test('a reversal with a bad MAC gets A0 and undoes nothing', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    await send(host, financial(keys, { stan: '000002', amount: AMOUNT('100.00'), pin: '123456' }));
    const bytes = reversal(keys, '000002', AMOUNT('100.00'));
    bytes[bytes.length - 2]! ^= 4;
    expect((await send(host, bytes)).get(39)).toBe('A0');
    expect(await available(ledger, '6225880000000001')).toBe(990_000n);
  });
});

describe('void, refund, pre-authorisation, balance', () => {
  async function purchased(amount = '200.00') {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const p = await send(host, financial(keys, { stan: '000002', amount: AMOUNT(amount), pin: '123456' }));
    return { host, ledger, keys, p };
  }

  test('a void (0200, 60.1 23, DE 61 = batch + trace) restores the purchase once; a second void gets 12', async () => {
    const { host, ledger, keys, p } = await purchased();
    const voidOf = (stan: string) =>
      financial(keys, { stan, amount: AMOUNT('200.00'), typeCode: '23', processingCode: '200000', extra: { '37': String(p.get(37)), '38': String(p.get(38)), '61': '000001000002' } });
    const v = await send(host, voidOf('000003'));
    expect(v.get(39)).toBe('00');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
    expect((await send(host, voidOf('000004'))).get(39)).toBe('12');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
  });

  test('a void with another amount gets 64, of an unknown trace 25, with another RRN 25', async () => {
    const { host, keys, p } = await purchased();
    const v = (stan: string, amount: string, de61: string, rrn = String(p.get(37))) =>
      send(host, financial(keys, { stan, amount: AMOUNT(amount), typeCode: '23', processingCode: '200000', extra: { '37': rrn, '61': de61 } }));
    expect((await v('000003', '199.00', '000001000002')).get(39)).toBe('64');
    expect((await v('000004', '200.00', '000001000077')).get(39)).toBe('25');
    expect((await v('000005', '200.00', '000001000002', '999999999999')).get(39)).toBe('25');
  });

  test('refunds (0220, 60.1 25) add up to at most the original', async () => {
    const { host, ledger, keys, p } = await purchased();
    const refund = (stan: string, amount: string) =>
      send(host, financial(keys, { mti: '0220', stan, amount: AMOUNT(amount), typeCode: '25', processingCode: '200000', extra: { '37': String(p.get(37)), '61': `000001000002${String(p.get(13))}` } }));
    expect((await refund('000003', '150.00')).get(39)).toBe('00');
    expect((await refund('000004', '50.01')).get(39)).toBe('61');
    expect((await refund('000005', '50.00')).get(39)).toBe('00');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n);
  });

  test('pre-authorisation holds; completion within 15 % takes the hold; above it 61; pre-auth void releases', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    const pre = await send(host, financial(keys, { mti: '0100', stan: '000002', amount: AMOUNT('1000.00'), pin: '123456', typeCode: '10', processingCode: '030000', conditionCode: '06' }));
    expect([pre.mti, pre.get(39)]).toEqual(['0110', '00']);
    expect(await available(ledger, '6225880000000001')).toBe(900_000n);
    const auth = String(pre.get(38));
    const completion = (stan: string, amount: string) =>
      send(host, financial(keys, { stan, amount: AMOUNT(amount), typeCode: '20', conditionCode: '06', extra: { '38': auth, '61': `000001000002${String(pre.get(13))}` } }));
    expect((await completion('000003', '1150.01')).get(39)).toBe('61');
    expect((await completion('000004', '1150.00')).get(39)).toBe('00');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n - 115_000n);
    // A second pre-authorisation, then its void.
    const pre2 = await send(host, financial(keys, { mti: '0100', stan: '000005', amount: AMOUNT('300.00'), pin: '123456', typeCode: '10', processingCode: '030000', conditionCode: '06' }));
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n - 115_000n - 30_000n);
    const voided = await send(host, financial(keys, { mti: '0100', stan: '000006', amount: AMOUNT('300.00'), typeCode: '11', processingCode: '200000', conditionCode: '06', extra: { '38': String(pre2.get(38)), '61': `000001000005${String(pre2.get(13))}` } }));
    expect(voided.get(39)).toBe('00');
    expect(await available(ledger, '6225880000000001')).toBe(1_000_000n - 115_000n);
  });

  test('a balance inquiry answers DE 54 in UnionPay\'s layout', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const b = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('0'), pin: '123456', typeCode: '01', processingCode: '310000' }));
    expect(b.get(39)).toBe('00');
    expect(b.get(54)).toBe('1002156C000001000000');
    expect(decodeCupBalance(String(b.get(54))).amount).toBe(1_000_000n);
  });
});

describe('settlement and batch upload', () => {
  const zero = { debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' as const };
  const settle = (keys: { mak: Uint8Array }, stan: string, domestic: typeof zero, foreign = zero) =>
    packMac(request('0500', { '11': stan, '48': encodeCupSettlementTotals({ domestic, foreign }), '49': '156', '60': '00000001201' }), keys.mak);

  test('balanced totals answer 1 per class; after the end of upload (207) the batch is closed and the next opened', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    await send(host, financial(keys, { stan: '000002', amount: AMOUNT('100.00'), pin: '123456' }));
    await send(host, financial(keys, { stan: '000003', amount: AMOUNT('20.00'), pin: '123456' }));
    const s = await send(host, settle(keys, '000004', { ...zero, debitAmount: 12000n, debitCount: 2 }));
    expect(s.mti).toBe('0510');
    const t = decodeCupSettlementTotals(String(s.get(48)));
    expect([t.domestic.result, t.foreign.result]).toEqual(['1', '1']);
    const end = await send(host, packMac(request('0320', { '11': '000005', '48': '0002', '60': '00000001207' }), keys.mak));
    expect(end.get(39)).toBe('00');
    expect((await ledger.terminals()).find((x) => x.tid === '10000159')!.batch).toBe('000002');
    // A void of the settled batch's purchase is refused.
    const v = await send(host, financial(keys, { stan: '000006', amount: AMOUNT('100.00'), typeCode: '23', processingCode: '200000', batch: '000002', extra: { '61': '000001000002' } }));
    expect(v.get(39)).toBe('12');
  });

  test('unbalanced totals answer 2; the magnetic-stripe upload (201) is matched record by record', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host);
    await send(host, financial(keys, { stan: '000002', amount: AMOUNT('100.00'), pin: '123456' }));
    const s = await send(host, settle(keys, '000003', { ...zero, debitAmount: 20000n, debitCount: 2 }));
    expect(decodeCupSettlementTotals(String(s.get(48))).domestic.result).toBe('2');
    const records = encodeCupUploadRecords([
      { organisation: '00', stan: '000002', pan: '6225880000000001', amount: 10000n },
      { organisation: '00', stan: '000009', pan: '6225880000000001', amount: 10000n },
    ]);
    const up = await send(host, packMac(request('0320', { '11': '000004', '48': records, '60': '00000001201' }), keys.mak));
    expect(up.get(39)).toBe('00');
    const uploads = await ledger.uploads();
    expect(uploads.map((u) => [u.stan, u.matchedId !== null])).toEqual([
      ['000002', true],
      ['000009', false],
    ]);
    expect((await send(host, packMac(request('0320', { '11': '000005', '48': '0002', '60': '00000001202' }), keys.mak))).get(39)).toBe('00');
  });
});

describe('chip (DE 55)', () => {
  const IMK = '2CB3F2A7C4E1D3B52A9E8F1D6C7B5A43';
  const PAN = '6225880000000027';
  function de55(issuer: EmvIssuer, amount: bigint, atc = '0001') {
    const data = {
      amountAuthorised: hex(amount.toString().padStart(12, '0')),
      amountOther: hex('000000000000'),
      terminalCountryCode: hex('0156'),
      terminalVerificationResults: hex('0000000000'),
      transactionCurrencyCode: hex('0156'),
      transactionDate: hex('261207'),
      transactionType: hex('00'),
      unpredictableNumber: hex('11223344'),
      applicationInterchangeProfile: hex('7C00'),
      applicationTransactionCounter: hex(atc),
      issuerApplicationData: hex('07010103A0A000010A010000000000AABBCCDD'),
    };
    const arqc = issuer.generateCryptogram({ pan: PAN, panSequenceNumber: '01', data });
    const tlv = (t: string, v: Uint8Array) => ({ tag: t, value: v });
    return {
      arqc,
      data,
      nodes: [
        tlv('9F26', arqc), tlv('9F27', hex('80')), tlv('9F10', data.issuerApplicationData), tlv('9F37', data.unpredictableNumber), tlv('9F36', data.applicationTransactionCounter),
        tlv('95', data.terminalVerificationResults), tlv('9A', data.transactionDate), tlv('9C', data.transactionType), tlv('9F02', data.amountAuthorised), tlv('5F2A', data.transactionCurrencyCode),
        tlv('82', data.applicationInterchangeProfile), tlv('9F1A', data.terminalCountryCode), tlv('9F03', data.amountOther), tlv('5F34', hex('01')),
      ],
    };
  }

  test('an ARQC that verifies is approved with the ARPC in tag 91; one that does not gets 05', async () => {
    const { host } = await startHost();
    const keys = await signOn(host);
    const issuer = new EmvIssuer({ issuerMasterKey: hex(IMK), cvn: 'unionpay-01' });
    const chip = de55(issuer, 30000n);
    const m = request('0200', {
      '2': PAN, '3': '000000', '4': AMOUNT('300.00'), '11': '000002', '22': '051', '23': '001', '25': '00', '26': '12',
      '35': `${PAN}D30122200000000000`, '49': '156', '53': '1600000000000000', '60': '22000001000510', '63': '01 ',
    });
    m.set(52, (await import('./scripted-terminal')).pinBlock('123456', PAN, keys.pik));
    m.set(55, chip.nodes);
    const a = await send(host, packMac(m, keys.mak));
    expect(a.get(39)).toBe('00');
    const t91 = a.getBytes('55.91')!;
    // unionpay-01 (PBOC/UICS CVN 01): ARPC method 1, 91 = ARPC (8) ‖ ARC '00' (3030).
    const expected = issuer.arpc({ pan: PAN, panSequenceNumber: '01', arqc: chip.arqc, applicationTransactionCounter: chip.data.applicationTransactionCounter, authorisationResponseCode: hex('3030') });
    expect(toHex(t91)).toBe(toHex(expected).slice(0, 16) + '3030');
    // The same request with a corrupted cryptogram.
    const bad = de55(issuer, 30000n, '0002');
    bad.nodes[0] = { tag: '9F26', value: hex('0000000000000000') };
    m.set(11, '000003');
    m.set(55, bad.nodes);
    expect((await send(host, packMac(m, keys.mak))).get(39)).toBe('05');
  });
});

describe('bad input', () => {
  test('garbage closes the connection; a message that decodes as far as DE 41 gets 30', async () => {
    const { host } = await startHost();
    const g = await host.handle(hex('6000030000603100311312FFFF0102'));
    expect(g.response).toBeUndefined();
    expect(g.close).toBe(true);
    // A 0200 whose 60.1 names no transaction.
    const m = request('0200', { '3': '000000', '4': AMOUNT('1.00'), '11': '000002', '60': '77000001000' });
    const a = await send(host, m.pack());
    expect([a.mti, a.get(39)]).toEqual(['0210', '30']);
  });
});

describe('load-test ranges', () => {
  test('a terminal of the range signs on; a card of the range (one PIN offset for all) is charged', async () => {
    const { host, ledger } = await startHost();
    const keys = await signOn(host, 'LD000777', '898310048990002');
    const pan = '6225881000001239';
    const a = await send(host, financial(keys, { stan: '000002', amount: AMOUNT('10.00'), pin: '123456', pan, track: track2(pan, '2812', '120', '000') }, 'LD000777', '898310048990002'));
    expect(a.get(39)).toBe('00');
    expect(await available(ledger, pan)).toBe(10_000_000n - 1000n);
    const wrong = await send(host, financial(keys, { stan: '000003', amount: AMOUNT('10.00'), pin: '111111', pan, track: track2(pan, '2812', '120', '000') }, 'LD000777', '898310048990002'));
    expect(wrong.get(39)).toBe('55');
  });
});
