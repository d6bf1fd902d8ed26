// EMV key derivation and cryptograms, walked the way an issuer host does: issuer master key →
// ICC master key → session key → cryptogram / ARPC / script MAC, checking a KCV at each step.
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../../src/core/index';
import type { CryptoBackend } from '../../../src/crypto/backend';
import {
  cryptogramInput,
  deriveApplicationCryptogramSessionKey,
  generateApplicationCryptogram,
  generateArpc,
  generateArpcMethod1,
  generateArpcMethod2,
  generateIssuerScriptMac,
  secureMessagingMac,
  verifyApplicationCryptogram,
  type CryptogramData,
  type CryptogramVersion,
} from '../../../src/crypto/emv/cryptogram';
import { deriveCommonSessionKey, deriveIccMasterKey, deriveUnionPaySessionKey, deriveVisaSecureMessagingSessionKey } from '../../../src/crypto/emv/keys';
import { retailMacPadded } from '../../../src/crypto/retail-mac';
import { padIso9797 } from '../../../src/crypto/mac/padding';
import { createKey } from '../../../src/crypto/keys/key';
import { EmvIssuer } from '../../../src/crypto/emv/issuer';
import vectors from '../../../fixtures/crypto/emv.json';
import { backends } from '../helpers/backends';

/** The 2-byte KCV pyemv prints: the leftmost bytes of the crypto layer's TDES key check value. */
function kcv(backend: CryptoBackend, key: Uint8Array): string {
  return createKey(key, { algorithm: 'tdes', usage: 'E0', backend }).kcv.slice(0, 4);
}

function data(d: Record<string, string>): CryptogramData {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, hex(v)])) as unknown as CryptogramData;
}

describe.each(backends)('EMV keys and cryptograms on the %s backend', (_name, backend) => {
  const o = { backend };

  test.each(vectors.iccMasterKey)('ICC master key option $option', (v) => {
    const mk = deriveIccMasterKey({ issuerMasterKey: hex(v.issuerMasterKey), pan: v.pan, panSequenceNumber: v.panSequenceNumber, option: v.option as 'A' | 'B' }, o);
    expect(toHex(mk)).toBe(v.iccMasterKey);
  });

  test.each(vectors.commonSessionKey)('EMV common session key', (v) => {
    expect(toHex(deriveCommonSessionKey(hex(v.iccMasterKey), hex(v.r), o))).toBe(v.sessionKey);
  });

  test('cryptogram, ARPC methods 1 and 2 and a secure messaging MAC under given keys', () => {
    const r = vectors.readme;
    const sk = hex(r.sessionKey);
    const left = backend.cipher('des', sk.subarray(0, 8));
    const right = backend.cipher('des', sk.subarray(8, 16));
    const arqc = retailMacPadded({ left, right }, padIso9797(hex(r.data), 2, 8));
    expect(toHex(arqc)).toBe(r.arqc);
    expect(toHex(generateArpcMethod1(sk, arqc, hex(r.arpcMethod1.arc), o))).toBe(r.arpcMethod1.arpc);
    expect(toHex(generateArpcMethod2(sk, arqc, hex(r.arpcMethod2.csu), new Uint8Array(0), o))).toBe(r.arpcMethod2.arpc);
    expect(toHex(secureMessagingMac(hex(r.secureMessaging.sessionKey), hex(r.secureMessaging.data), o))).toBe(r.secureMessaging.mac);
  });

  test.each(vectors.walks)('$cvn: IMK → ICC MK → session key → ARQC → ARPC → script MAC', (w) => {
    const cvn = w.cvn as CryptogramVersion;
    const option = cvn === 'visa-18' ? 'B' : 'A';
    const card = { pan: w.pan, panSequenceNumber: w.panSequenceNumber, option } as const;
    const mkAc = deriveIccMasterKey({ ...card, issuerMasterKey: hex(w.issuerMasterKeys.ac) }, o);
    const mkSmi = deriveIccMasterKey({ ...card, issuerMasterKey: hex(w.issuerMasterKeys.smi) }, o);
    const mkSmc = deriveIccMasterKey({ ...card, issuerMasterKey: hex(w.issuerMasterKeys.smc) }, o);
    expect(kcv(backend, mkAc)).toBe(w.iccMasterKeyKcv.ac);
    expect(kcv(backend, mkSmi)).toBe(w.iccMasterKeyKcv.smi);
    expect(kcv(backend, mkSmc)).toBe(w.iccMasterKeyKcv.smc);

    const d = data(w.data);
    const sk = deriveApplicationCryptogramSessionKey({ cvn, iccMasterKey: mkAc, applicationTransactionCounter: d.applicationTransactionCounter, unpredictableNumber: d.unpredictableNumber }, o);
    expect(kcv(backend, sk)).toBe(w.sessionKeyKcv);

    const arqc = generateApplicationCryptogram({ cvn, iccMasterKey: mkAc, data: d }, o);
    expect(toHex(arqc)).toBe(w.arqc);
    expect(verifyApplicationCryptogram({ cvn, iccMasterKey: mkAc, data: d }, arqc, o)).toBe(true);

    const arpcIn = w.arpc as { authorisationResponseCode?: string; cardStatusUpdate?: string; arpc: string };
    const arpc = generateArpc(
      {
        cvn,
        iccMasterKey: mkAc,
        arqc,
        applicationTransactionCounter: d.applicationTransactionCounter,
        unpredictableNumber: d.unpredictableNumber,
        ...(arpcIn.authorisationResponseCode ? { authorisationResponseCode: hex(arpcIn.authorisationResponseCode) } : {}),
        ...(arpcIn.cardStatusUpdate ? { cardStatusUpdate: hex(arpcIn.cardStatusUpdate) } : {}),
      },
      o,
    );
    expect(toHex(arpc)).toBe(arpcIn.arpc);

    const smSk = cvn.startsWith('visa') ? deriveVisaSecureMessagingSessionKey(mkSmi, d.applicationTransactionCounter) : deriveCommonSessionKey(mkSmi, arqc, o);
    expect(kcv(backend, smSk)).toBe(w.scriptMac.sessionKeyKcv);
    const mac = generateIssuerScriptMac({ cvn, iccIntegrityMasterKey: mkSmi, commandHeader: hex(w.scriptMac.commandHeader), applicationTransactionCounter: d.applicationTransactionCounter, arqc }, o);
    expect(toHex(mac)).toBe(w.scriptMac.mac);
  });

  test.each(vectors.unionpay)('$cvn: the PBOC worked example (session key from the ATC, ARQC, ARPC method 1)', (u) => {
    const cvn = u.cvn as CryptogramVersion;
    const d = data(u.data);
    expect(toHex(cryptogramInput(cvn, d))).toBe(u.cryptogramInput);
    const mkAc = deriveIccMasterKey({ issuerMasterKey: hex(u.issuerMasterKey), pan: u.pan, panSequenceNumber: u.panSequenceNumber, option: 'A' }, o);
    const sk = deriveApplicationCryptogramSessionKey({ cvn, iccMasterKey: mkAc, applicationTransactionCounter: d.applicationTransactionCounter }, o);
    expect(toHex(sk)).toBe(toHex(deriveUnionPaySessionKey(mkAc, d.applicationTransactionCounter, o)));
    expect(toHex(generateApplicationCryptogram({ cvn, iccMasterKey: mkAc, data: d }, o))).toBe(u.arqc);
    const arpc = generateArpc({ cvn, iccMasterKey: mkAc, arqc: hex(u.arqc), applicationTransactionCounter: d.applicationTransactionCounter, authorisationResponseCode: hex(u.authorisationResponseCode) }, o);
    expect(toHex(arpc)).toBe(u.arpc);
    const issuer = new EmvIssuer({ issuerMasterKey: hex(u.issuerMasterKey), cvn, backend });
    const card = { pan: u.pan, panSequenceNumber: u.panSequenceNumber };
    expect(issuer.verifyArqc({ ...card, data: d, arqc: hex(u.arqc) })).toBe(true);
    expect(toHex(issuer.arpc({ ...card, arqc: hex(u.arqc), applicationTransactionCounter: d.applicationTransactionCounter, authorisationResponseCode: hex(u.authorisationResponseCode) }))).toBe(u.arpc);
    issuer.destroy();
  });

  test('a cryptogram with any one bit flipped does not verify', () => {
    const w = vectors.walks[1]!;
    const mkAc = deriveIccMasterKey({ pan: w.pan, panSequenceNumber: w.panSequenceNumber, option: 'B', issuerMasterKey: hex(w.issuerMasterKeys.ac) }, o);
    const input = { cvn: 'visa-18' as const, iccMasterKey: mkAc, data: data(w.data) };
    const good = hex(w.arqc);
    for (let bit = 0; bit < 64; bit += 7) {
      const bad = good.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(verifyApplicationCryptogram(input, bad, o)).toBe(false);
    }
  });
});

describe('EMV cryptogram input errors', () => {
  const w = vectors.walks[0]!;
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return 'none';
    } catch (e) {
      return isCardwireError(e) ? `${e.code}@${e.path}` : String(e);
    }
  };
  test.each([
    [() => cryptogramInput('visa-10', { ...data(w.data), amountAuthorised: hex('0000') }), 'EMV_CRYPTOGRAM_INPUT_INVALID@9F02'],
    [() => cryptogramInput('visa-10', { ...data(w.data), issuerApplicationData: hex('0601') }), 'EMV_CRYPTOGRAM_INPUT_INVALID@9F10'],
    [() => cryptogramInput('visa-22', data(w.data)), 'EMV_CRYPTOGRAM_INPUT_INVALID@9F10'],
    [() => cryptogramInput('visa-99' as CryptogramVersion, data(w.data)), 'EMV_CVN_UNSUPPORTED@cvn'],
    [() => generateArpcMethod1(hex('00'.repeat(16)), hex('00'.repeat(7)), hex('0000')), 'EMV_CRYPTOGRAM_INPUT_INVALID@9F26'],
    [() => generateArpcMethod2(hex('00'.repeat(16)), hex('00'.repeat(8)), hex('00000000'), hex('00'.repeat(9))), 'EMV_CRYPTOGRAM_INPUT_INVALID@proprietaryAuthenticationData'],
    [() => deriveIccMasterKey({ issuerMasterKey: hex('00'.repeat(8)), pan: '1234567890123456', option: 'A' }), 'EMV_KEY_DERIVATION_INPUT_INVALID@issuerMasterKey'],
    [() => deriveIccMasterKey({ issuerMasterKey: hex('00'.repeat(16)), pan: '12345678901234X6', option: 'A' }), 'EMV_KEY_DERIVATION_INPUT_INVALID@pan'],
    [() => deriveIccMasterKey({ issuerMasterKey: hex('00'.repeat(16)), pan: '1234567890123456', panSequenceNumber: '1', option: 'A' }), 'EMV_KEY_DERIVATION_INPUT_INVALID@panSequenceNumber'],
    [() => deriveCommonSessionKey(hex('00'.repeat(16)), hex('0000')), 'EMV_KEY_DERIVATION_INPUT_INVALID@r'],
  ])('%#', (f, expected) => {
    expect(codeOf(f)).toBe(expected);
  });
});

describe.each(backends)('EmvIssuer on the %s backend', (_name, backend) => {
  test.each(vectors.walks)('$cvn: verify the ARQC and answer with the ARPC from the issuer master key', (w) => {
    const issuer = new EmvIssuer({ issuerMasterKey: hex(w.issuerMasterKeys.ac), cvn: w.cvn as CryptogramVersion, backend });
    const d = data(w.data);
    const card = { pan: w.pan, panSequenceNumber: w.panSequenceNumber };
    expect(issuer.verifyArqc({ ...card, data: d, arqc: hex(w.arqc) })).toBe(true);
    expect(issuer.verifyArqc({ ...card, panSequenceNumber: '01', data: d, arqc: hex(w.arqc) })).toBe(false);
    const a = w.arpc as { authorisationResponseCode?: string; cardStatusUpdate?: string; arpc: string };
    const arpc = issuer.arpc({
      ...card,
      arqc: hex(w.arqc),
      applicationTransactionCounter: d.applicationTransactionCounter,
      unpredictableNumber: d.unpredictableNumber,
      ...(a.authorisationResponseCode ? { authorisationResponseCode: hex(a.authorisationResponseCode) } : {}),
      ...(a.cardStatusUpdate ? { cardStatusUpdate: hex(a.cardStatusUpdate) } : {}),
    });
    expect(toHex(arpc)).toBe(a.arpc);
    expect(String(issuer)).not.toContain(w.issuerMasterKeys.ac);
    issuer.destroy();
    expect(() => issuer.verifyArqc({ ...card, data: d, arqc: hex(w.arqc) })).toThrow(/CIPHER_DESTROYED/);
  });
});
