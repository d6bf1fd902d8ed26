// The virtual cards on their own, spoken to in APDUs: the catalog values the host simulator relies
// on, selection and records, certificates and signatures checked with the crypto layer's Book 2
// functions (the static data rebuilt here from the records, by Book 3 §10.3), cryptograms checked
// with EmvIssuer under the issuer master keys of the brief's table, counters, every scripted fault,
// personalisation errors with their codes, and random APDUs.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { concatBytes, hex, isCardwireError, toHex } from '../../../src/core/index';
import {
  CaPublicKeyStore,
  EmvIssuer,
  recoverIccPublicKey,
  recoverIssuerPublicKey,
  verifyCombinedDataAuthentication,
  verifySignedDynamicApplicationData,
  verifySignedStaticApplicationData,
  type CryptogramData,
} from '../../../src/crypto/index';
import {
  aflRecords,
  decodeResponseApdu,
  decodeTlv,
  encodeTlv,
  findTlv,
  generateAcCommand,
  getDataCommand,
  getProcessingOptionsCommand,
  internalAuthenticateCommand,
  parseAfl,
  parseDol,
  parseGenerateAcResponse,
  parseGpoResponse,
  readRecordCommand,
  selectCommand,
  verifyCommand,
  type TlvNode,
} from '../../../src/emv/index';
import {
  TEST_CA_PUBLIC_KEYS,
  VirtualCard,
  cryptogramVersionOfVirtualCard,
  virtualCards,
  type VirtualCardFaults,
  type VirtualCardId,
  type VirtualCardPersonalisation,
} from '../../../src/emv/card/index';
import { fuzzRuns } from '../../helpers/fuzz';

// The brief's table (issue 11): the host simulator's default configuration is written against these.
const TABLE: ReadonlyArray<{ id: VirtualCardId; pan: string; psn: string; expiry: string; aid: string; pin: string; cvn: string; ac: string; smi: string; smc: string }> = [
  { id: 'up-debit', pan: '6225880000000027', psn: '01', expiry: '301231', aid: 'A000000333010101', pin: '123456', cvn: 'unionpay-01', ac: '2CB3F2A7C4E1D3B52A9E8F1D6C7B5A43', smi: '5D1F3C7A9B2E4D6F8A1C3E5B7D9F2A4C', smc: '7E5C3A1F9D7B5E3C1A9F7D5B3E1C9A7F' },
  { id: 'up-credit', pan: '6258070000000017', psn: '00', expiry: '301231', aid: 'A000000333010102', pin: '123456', cvn: 'unionpay-01', ac: '4A6C8E1B3D5F7A9C2E4B6D8F1A3C5E7B', smi: '6B8D1F3A5C7E9B2D4F6A8C1E3B5D7F9A', smc: '8C1E3B5D7F9A2C4E6B8D1F3A5C7E9B2D' },
  { id: 'visa-credit', pan: '4761739001010010', psn: '01', expiry: '301231', aid: 'A0000000031010', pin: '1234', cvn: 'visa-18', ac: '9D2F4A6C8E1B3D5F7A9C2E4B6D8F1A3C', smi: '1A3C5E7B9D2F4A6C8E1B3D5F7A9C2E4B', smc: '3C5E7B9D2F4A6C8E1B3D5F7A9C2E4B6D' },
  { id: 'mc-debit', pan: '5413330000000019', psn: '00', expiry: '301231', aid: 'A0000000041010', pin: '1234', cvn: 'mastercard-16', ac: '5F7A9C2E4B6D8F1A3C5E7B9D2F4A6C8E', smi: '7B9D2F4A6C8E1B3D5F7A9C2E4B6D8F1A', smc: '9A2C4E6B8D1F3A5C7E9B2D4F6A8C1E3B' },
];

const caStore = new CaPublicKeyStore(TEST_CA_PUBLIC_KEYS.map((k) => ({ rid: k.rid, index: k.index, modulus: hex(k.modulus), exponent: hex(k.exponent) })));
const DATE = new Date('2026-03-15T00:00:00Z');

async function send(card: VirtualCard, command: Uint8Array): Promise<{ data: Uint8Array; sw: number }> {
  const r = decodeResponseApdu(await card.transmit(command));
  return { data: r.data, sw: r.sw };
}

/** SELECT, GPO (zeros for the PDOL) and every record: what a terminal reads. */
async function readCard(card: VirtualCard, aid: string): Promise<{ fci: TlvNode[]; aip: Uint8Array; pdolData: Uint8Array; data: Map<string, Uint8Array>; staticData: Uint8Array }> {
  const s = await send(card, selectCommand(hex(aid)));
  expect(s.sw).toBe(0x9000);
  const fci = decodeTlv(s.data);
  const pdol = findTlv(fci, '9F38')?.value;
  const pdolData = new Uint8Array(pdol ? parseDol(pdol).reduce((n, e) => n + e.length, 0) : 0);
  const g = await send(card, getProcessingOptionsCommand(pdolData));
  expect(g.sw).toBe(0x9000);
  const gpo = parseGpoResponse(g.data);
  const data = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = [];
  for (const rec of aflRecords(parseAfl(gpo.afl))) {
    const r = await send(card, readRecordCommand(rec.sfi, rec.record));
    expect(r.sw).toBe(0x9000);
    const t = decodeTlv(r.data)[0]!;
    expect(t.tag).toBe('70');
    for (const n of t.children ?? []) data.set(n.tag, n.value);
    // Book 3 §10.3: SFI 1-10 records enter ODA without their 70 template.
    if (rec.offlineAuthentication) parts.push(rec.sfi <= 10 ? t.value : r.data);
  }
  const sdaTags = data.get('9F4A');
  return { fci, aip: gpo.aip, pdolData, data, staticData: concatBytes(...parts, ...(sdaTags && toHex(sdaTags) === '82' ? [gpo.aip] : [])) };
}

function chain(aid: string, pan: string, r: Awaited<ReturnType<typeof readCard>>) {
  const ca = caStore.get(aid.slice(0, 10), r.data.get('8F')![0]!);
  const issuer = recoverIssuerPublicKey({ caKey: ca, certificate: r.data.get('90')!, remainder: r.data.get('92')!, exponent: r.data.get('9F32')!, pan, transactionDate: DATE });
  return { issuer };
}

function cryptogramData(values: Record<string, Uint8Array>): CryptogramData {
  return {
    amountAuthorised: values['9F02']!,
    amountOther: values['9F03']!,
    terminalCountryCode: values['9F1A']!,
    terminalVerificationResults: values['95']!,
    transactionCurrencyCode: values['5F2A']!,
    transactionDate: values['9A']!,
    transactionType: values['9C']!,
    unpredictableNumber: values['9F37']!,
    applicationInterchangeProfile: values['82']!,
    applicationTransactionCounter: values['9F36']!,
    issuerApplicationData: values['9F10']!,
  };
}

const TERMINAL: Record<string, Uint8Array> = {
  '9F02': hex('000000010000'),
  '9F03': hex('000000000000'),
  '9F1A': hex('0156'),
  '95': hex('0000000000'),
  '5F2A': hex('0156'),
  '9A': hex('260315'),
  '9C': hex('00'),
  '9F37': hex('11223344'),
  '9F35': hex('22'),
  '9F21': hex('103000'),
};

function cdolData(dol: Uint8Array): Uint8Array {
  return concatBytes(...parseDol(dol).map((e) => (TERMINAL[e.tag] && TERMINAL[e.tag]!.length === e.length ? TERMINAL[e.tag]! : new Uint8Array(e.length))));
}

describe('the catalog cards', () => {
  test.each(TABLE)('$id carries the values of the brief', (row) => {
    const app = virtualCards[row.id].applications[0]!;
    expect({ pan: app.pan, psn: app.panSequenceNumber, expiry: app.expiry, aid: app.aid, pin: virtualCards[row.id].pin, cvn: app.cryptogram.cvn, ...app.cryptogram.issuerMasterKeys }).toEqual({
      pan: row.pan,
      psn: row.psn,
      expiry: row.expiry,
      aid: row.aid,
      pin: row.pin,
      cvn: row.cvn,
      ac: row.ac,
      smi: row.smi,
      smc: row.smc,
    });
    expect(cryptogramVersionOfVirtualCard(row.id)).toBe(row.cvn);
  });

  test.each(TABLE)('$id: PSE directory, SELECT, GPO, records; track 2 equivalent = PAN D YYMM 220 …', async (row) => {
    const card = new VirtualCard(virtualCards[row.id]);
    const pse = await send(card, selectCommand(hex('315041592E5359532E4444463031')));
    expect(pse.sw).toBe(0x9000);
    const entry = await send(card, readRecordCommand(1, 1));
    expect(toHex(findTlv(decodeTlv(entry.data), '70/61/4F')!.value)).toBe(row.aid);
    expect((await send(card, readRecordCommand(1, 2))).sw).toBe(0x6a83);
    const r = await readCard(card, row.aid);
    expect(toHex(findTlv(r.fci, '6F/84')!.value)).toBe(row.aid);
    expect(toHex(r.data.get('5A')!)).toBe(row.pan);
    expect(toHex(r.data.get('5F24')!)).toBe(row.expiry);
    expect(toHex(r.data.get('5F34')!)).toBe(row.psn);
    expect(toHex(r.data.get('57')!)).toBe(`${row.pan}D${row.expiry.slice(0, 4)}220${'0'.repeat(10)}`);
  });

  test.each(TABLE)('$id: the issuer and ICC certificates and the SDA signature verify under the test CA', async (row) => {
    const card = new VirtualCard(virtualCards[row.id]);
    const r = await readCard(card, row.aid);
    const { issuer } = chain(row.aid, row.pan, r);
    const icc = recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: r.data.get('9F46')!, remainder: r.data.get('9F48')!, exponent: r.data.get('9F47')!, staticDataToAuthenticate: r.staticData, pan: row.pan, transactionDate: DATE });
    expect(icc.publicKey.modulus.length).toBe(128);
    const ssad = r.data.get('93');
    if (ssad) expect(verifySignedStaticApplicationData(issuer.publicKey, ssad, r.staticData).dataAuthenticationCode.length).toBe(2);
    else expect(row.id).toBe('mc-debit');
  });

  test.each(TABLE.filter((r) => r.id !== 'mc-debit'))('$id: INTERNAL AUTHENTICATE signs the DDOL data (DDA)', async (row) => {
    const card = new VirtualCard(virtualCards[row.id]);
    const r = await readCard(card, row.aid);
    const { issuer } = chain(row.aid, row.pan, r);
    const icc = recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: r.data.get('9F46')!, remainder: r.data.get('9F48')!, exponent: r.data.get('9F47')!, staticDataToAuthenticate: r.staticData, pan: row.pan, transactionDate: DATE });
    const ia = await send(card, internalAuthenticateCommand(hex('7863AFC6')));
    expect(ia.sw).toBe(0x9000);
    const node = decodeTlv(ia.data)[0]!;
    const sdad = node.tag === '80' ? node.value : findTlv(node.children ?? [], '9F4B')!.value;
    expect(verifySignedDynamicApplicationData(icc.publicKey, sdad, hex('7863AFC6')).iccDynamicNumber.length).toBe(8);
  });

  test.each(TABLE)('$id: the ARQC verifies under IMK-AC with $cvn, and the ATC counts GPOs', async (row) => {
    const card = new VirtualCard(virtualCards[row.id]);
    const before = card.atc();
    const r = await readCard(card, row.aid);
    expect(card.atc()).toBe(before + 1);
    const data = cdolData(r.data.get('8C')!);
    const g = await send(card, generateAcCommand({ type: 'ARQC', data }));
    expect(g.sw).toBe(0x9000);
    const ac = parseGenerateAcResponse(g.data);
    expect(toHex(ac.cid)).toBe('80');
    const issuer = new EmvIssuer({ issuerMasterKey: hex(row.ac), cvn: cryptogramVersionOfVirtualCard(row.id) });
    const values = { ...TERMINAL, '82': r.aip, '9F36': ac.atc, '9F10': ac.iad! };
    expect(issuer.verifyArqc({ pan: row.pan, panSequenceNumber: row.psn, data: cryptogramData(values), arqc: ac.ac! })).toBe(true);
    expect(issuer.verifyArqc({ pan: row.pan, panSequenceNumber: row.psn, data: cryptogramData({ ...values, '9F02': hex('000000010001') }), arqc: ac.ac! })).toBe(false);
  });
});

describe('counters', () => {
  test('the PIN try counter: 63C2, 63C1, 63C0, then 6983; the right PIN resets it', async () => {
    const card = new VirtualCard(virtualCards['visa-credit']);
    await readCard(card, 'A0000000031010');
    const wrong = verifyCommand({ plaintextPinBlock: hex('241111FFFFFFFFFF') });
    const right = verifyCommand({ plaintextPinBlock: hex('241234FFFFFFFFFF') });
    expect((await send(card, wrong)).sw).toBe(0x63c2);
    expect((await send(card, right)).sw).toBe(0x9000);
    expect(card.pinTryCounter).toBe(3);
    const seen = [];
    for (let k = 0; k < 4; k++) seen.push((await send(card, wrong)).sw.toString(16));
    expect(seen).toEqual(['63c2', '63c1', '63c0', '6983']);
    expect(toHex((await send(card, getDataCommand('9F17'))).data)).toBe('9F170100');
  });

  test('counters survive a new session; the session state does not', async () => {
    const card = new VirtualCard(virtualCards['up-debit']);
    await readCard(card, 'A000000333010101');
    card.insert();
    expect((await send(card, getProcessingOptionsCommand())).sw).toBe(0x6985);
    await readCard(card, 'A000000333010101');
    expect(card.atc()).toBe(0x12);
    expect(card.lastOnlineAtc()).toBe(0x0e);
  });
});

describe('faults', () => {
  const row = TABLE[1]!; // up-credit: SDA and CDA
  const cases: ReadonlyArray<readonly [string, VirtualCardFaults, (card: VirtualCard) => Promise<unknown>]> = [
    ['wrong SDA signature', { wrongSdaSignature: true }, async (card) => {
      const r = await readCard(card, row.aid);
      const { issuer } = chain(row.aid, row.pan, r);
      expect(() => verifySignedStaticApplicationData(issuer.publicKey, r.data.get('93')!, r.staticData)).toThrowError(expect.objectContaining({ code: expect.stringMatching(/^EMV_CERTIFICATE_(HASH_MISMATCH|RECOVERY_FAILED)$/) }));
    }],
    ['expired issuer certificate', { expiredCertificate: 'issuer' }, async (card) => {
      const r = await readCard(card, row.aid);
      expect(() => chain(row.aid, row.pan, r)).toThrowError(expect.objectContaining({ code: 'EMV_CERTIFICATE_EXPIRED', path: '90' }));
    }],
    ['expired ICC certificate', { expiredCertificate: 'icc' }, async (card) => {
      const r = await readCard(card, row.aid);
      const { issuer } = chain(row.aid, row.pan, r);
      expect(() => recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: r.data.get('9F46')!, remainder: r.data.get('9F48')!, exponent: r.data.get('9F47')!, staticDataToAuthenticate: r.staticData, pan: row.pan, transactionDate: DATE })).toThrowError(
        expect.objectContaining({ code: 'EMV_CERTIFICATE_EXPIRED', path: '9F46' }),
      );
    }],
    ['CDA mismatch', { cdaMismatch: true }, async (card) => {
      const r = await readCard(card, row.aid);
      const { issuer } = chain(row.aid, row.pan, r);
      const icc = recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: r.data.get('9F46')!, remainder: r.data.get('9F48')!, exponent: r.data.get('9F47')!, staticDataToAuthenticate: r.staticData, pan: row.pan, transactionDate: DATE });
      const cdol = cdolData(r.data.get('8C')!);
      const g = await send(card, generateAcCommand({ type: 'ARQC', cda: true, data: cdol }));
      const ac = parseGenerateAcResponse(g.data);
      const others = encodeTlv(ac.nodes.filter((n) => n.tag !== '9F4B').map((n) => ({ tag: n.tag, value: n.value })));
      expect(() => verifyCombinedDataAuthentication({ iccKey: icc.publicKey, signedDynamicApplicationData: ac.sdad!, unpredictableNumber: TERMINAL['9F37']!, pdolData: r.pdolData, cdolData: cdol, responseData: others })).toThrowError(
        expect.objectContaining({ code: 'EMV_CERTIFICATE_HASH_MISMATCH' }),
      );
    }],
    ['PIN blocked', { pinBlocked: true }, async (card) => {
      await readCard(card, row.aid);
      expect(toHex((await send(card, getDataCommand('9F17'))).data)).toBe('9F170100');
      expect((await send(card, verifyCommand({ plaintextPinBlock: hex('26123456FFFFFFFF') }))).sw).toBe(0x6983);
    }],
    ['application blocked', { applicationBlocked: true }, async (card) => {
      expect((await send(card, selectCommand(hex(row.aid)))).sw).toBe(0x6283);
      expect((await send(card, getProcessingOptionsCommand(hex('015622')))).sw).toBe(0x6985);
    }],
    ['card blocked', { cardBlocked: true }, async (card) => {
      expect((await send(card, selectCommand(hex('315041592E5359532E4444463031')))).sw).toBe(0x6a81);
    }],
    ['6985 on GPO', { gpoConditionsNotSatisfied: row.aid }, async (card) => {
      expect((await send(card, selectCommand(hex(row.aid)))).sw).toBe(0x9000);
      expect((await send(card, getProcessingOptionsCommand(hex('015600')))).sw).toBe(0x6985);
    }],
    ['removed at command 3', { removeAtCommand: 3 }, async (card) => {
      await send(card, selectCommand(hex(row.aid)));
      await send(card, selectCommand(hex(row.aid)));
      await expect(card.transmit(readRecordCommand(1, 1))).rejects.toMatchObject({ code: 'CARD_REMOVED', path: 'card' });
      await expect(card.transmit(readRecordCommand(1, 1))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    }],
    ['malformed record (no template)', { malformedRecord: { sfi: 1, record: 1 } }, async (card) => {
      await send(card, selectCommand(hex(row.aid)));
      await send(card, getProcessingOptionsCommand(hex('015600')));
      expect(decodeTlv((await send(card, readRecordCommand(1, 1))).data)[0]!.tag).toBe('57');
    }],
    ['malformed record (truncated)', { malformedRecord: { sfi: 2, record: 1, kind: 'truncated' } }, async (card) => {
      await send(card, selectCommand(hex(row.aid)));
      await send(card, getProcessingOptionsCommand(hex('015600')));
      const r = await send(card, readRecordCommand(2, 1));
      let code = '';
      try {
        decodeTlv(r.data);
      } catch (e) {
        code = isCardwireError(e) ? e.code : 'other';
      }
      expect(code).toBe('TLV_TRUNCATED');
    }],
    ['T=0: 61xx then GET RESPONSE, 6Cxx then the exact Le', { t0: { getResponse: true, wrongLength: true } }, async (card) => {
      const s = await card.transmit(selectCommand(hex(row.aid)));
      expect(toHex(s.subarray(0, 1))).toBe('61');
      const full = await card.transmit(hex(`00C00000${toHex(s.subarray(1, 2))}`));
      expect(toHex(full.subarray(0, 1))).toBe('6F');
      expect(toHex(full.subarray(-2))).toBe('9000');
      await card.transmit(getProcessingOptionsCommand(hex('015600')));
      const rr = await card.transmit(readRecordCommand(1, 1));
      expect(toHex(rr.subarray(0, 1))).toBe('6C');
    }],
  ];
  test.each(cases)('%s', async (_name, faults, check) => {
    await check(new VirtualCard(virtualCards[row.id], { faults }));
  });
});

describe('personalisation errors', () => {
  const base = virtualCards['visa-credit'];
  const app = base.applications[0]!;
  const withApp = (patch: Partial<typeof app>): VirtualCardPersonalisation => ({ ...base, applications: [{ ...app, ...patch }] });
  test.each([
    ['a record naming a tag with no value', withApp({ contact: { ...app.contact!, records: [{ sfi: 1, tags: ['9F99'] }] } }), 'applications[0].contact.records[0]'],
    ['DDA without an ICC key', withApp({ keys: { ...app.keys!, icc: undefined as never } }), 'applications[0].keys.icc'],
    ['a PAN that is not digits', withApp({ pan: '47617390010100X0' }), 'applications[0].pan'],
    ['an AID of 4 bytes', withApp({ aid: 'A0000000' }), 'applications[0].aid'],
    ['a signature inside an ODA record', withApp({ contact: { ...app.contact!, records: [{ sfi: 2, oda: true, tags: ['5A', '93'] }] } }), 'applications[0].contact.records[0]'],
    ['a PIN of 3 digits', { ...base, pin: '123' }, 'pin'],
  ])('%s', (_name, perso, path) => {
    expect(() => new VirtualCard(perso)).toThrowError(expect.objectContaining({ code: 'VIRTUAL_CARD_PERSONALISATION_INVALID', path }));
  });
});

describe('random APDUs', () => {
  fcTest.prop([fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 12 })], { numRuns: Math.min(fuzzRuns, 100) })(
    'every command gets a response with a status word',
    async (commands) => {
      const card = new VirtualCard(virtualCards['up-credit']);
      await card.transmit(selectCommand(hex('A000000333010102')));
      for (const c of commands) {
        const r = await card.transmit(c);
        expect(r.length).toBeGreaterThanOrEqual(2);
      }
    },
  );
});

describe('no card secrets in dumps', () => {
  test('toString, JSON and inspect show the id and interface only', async () => {
    const { inspect } = await import('node:util');
    const card = new VirtualCard(virtualCards['up-debit']);
    for (const text of [String(card), JSON.stringify(card), inspect(card)]) {
      expect(text).toMatch(/up-debit/);
      expect(text).not.toMatch(/6225880000000027|123456|2CB3F2A7/);
    }
  });
});
