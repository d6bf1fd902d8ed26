import { describe, expect, test } from 'vitest';
import { encodeAscii, hex, isCardwireError, toHex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/security-module';
import { createKey } from '../../src/crypto/keys/key';
import { decipherPinBlock } from '../../src/crypto/pin/pin-block';
import type { CryptogramData } from '../../src/crypto/emv/cryptogram';
import tr31 from '../../fixtures/crypto/tr31.json';
import emv from '../../fixtures/crypto/emv.json';
import cards from '../../fixtures/crypto/card-security.json';
import { backends } from './helpers/backends';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isCardwireError(e) ? `${e.code}@${e.path}` : `not a CardwireError: ${String(e)}`;
  }
}

const block = (name: string) => tr31.keyBlocks.find((k) => k.name.startsWith(name))!;

describe.each(backends)('SoftwareSecurityModule on the %s backend', (_name, backend) => {
  test('imports TR-31 key blocks under a KBPK and enforces their usage: a PIN key cannot MAC, a MAC key cannot encrypt a PIN', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const d = block('TR-31:2018 Annex A.7.4');
    sm.loadKey('kbpk-aes', hex(d.kbpk), { algorithm: 'aes', usage: 'K1', modeOfUse: 'B' });
    const pek = await sm.importTr31('pek', 'kbpk-aes', d.keyBlock);
    expect(pek).toMatchObject({ usage: 'P0', algorithm: 'aes', length: 16, modeOfUse: 'E', exportability: 'E' });
    // X9.143 / TR-31:2018 A.7.4 publishes the key's KCV 08793E (openemv tr31 tests, test6_tr31_kcv_verify).
    expect(pek.kcv.slice(0, 6)).toBe('08793E');
    expect(await codeOf(sm.generateMac('pek', encodeAscii('data'), { algorithm: 'cmac' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');

    const m3 = block('M3 key, version B');
    sm.loadKey('kbpk-tdes', hex(m3.kbpk), { algorithm: 'tdes', usage: 'K1' });
    const mac = await sm.importTr31('mak', 'kbpk-tdes', m3.keyBlock);
    expect(mac).toMatchObject({ usage: 'M3', algorithm: 'des', modeOfUse: 'C' });
    expect(await codeOf(sm.encryptPin('mak', { pin: '1234', format: 0, pan: '4111111111111111' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
    expect(await codeOf(sm.importTr31('x', 'mak', m3.keyBlock))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
    expect(await codeOf(sm.importTr31('x', 'nope', m3.keyBlock))).toBe('SECURITY_MODULE_KEY_UNKNOWN@keyRef');
    // The software module holds symmetric keys: an X9.143 ECC key block (§8.6) is refused by name.
    const ecc = tr31.asymmetricKeyBlocks.find((k) => k.algorithm === 'ecc')!;
    const other = new SoftwareSecurityModule({ backend });
    other.loadKey('kbpk', hex(ecc.kbpk), { algorithm: 'aes', usage: 'K1', modeOfUse: 'B' });
    expect(await codeOf(other.importTr31('sig', 'kbpk', ecc.keyBlock))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.algorithm');
    expect(String(sm)).toBe('SoftwareSecurityModule(4 keys)');
  });

  test('exports only keys marked exportable, and the exported block imports back with its attributes', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    sm.loadKey('kbpk', hex('AB'.repeat(32)), { algorithm: 'aes', usage: 'K1', modeOfUse: 'B' });
    sm.loadKey('zpk', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B', exportability: 'E' });
    sm.loadKey('secret', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B' });
    const block = await sm.exportTr31('zpk', 'kbpk');
    expect(block.slice(0, 1)).toBe('D');
    expect(await sm.importTr31('zpk2', 'kbpk', block)).toMatchObject({ usage: 'P0', modeOfUse: 'B', exportability: 'E', kcv: '08D7B4' });
    expect(await codeOf(sm.exportTr31('secret', 'kbpk'))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.exportability');
  });

  test('an encrypt-only PIN key encrypts but cannot be the source of a translation', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const b = block('TR-31 Annex A, version B, P0');
    sm.loadKey('kbpk', hex(b.kbpk), { algorithm: 'tdes', usage: 'K1' });
    await sm.importTr31('tpk', 'kbpk', b.keyBlock);
    sm.loadKey('zpk', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B' });
    const pinBlock = await sm.encryptPin('tpk', { pin: '1234', format: 0, pan: '4111111111111111' });
    expect(await codeOf(sm.translatePin(pinBlock, { keyRef: 'tpk', format: 0, pan: '4111111111111111' }, { keyRef: 'zpk', format: 0, pan: '4111111111111111' }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.modeOfUse');
  });

  test('translates a PIN block between keys and formats', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const k1 = hex('0123456789ABCDEFFEDCBA9876543210');
    const k2 = hex('89ABCDEF0123456776543210FEDCBA98');
    sm.loadKey('tpk', k1, { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B' });
    sm.loadKey('zpk', k2, { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B' });
    const pan = '4111111111111111';
    const b0 = await sm.encryptPin('tpk', { pin: '98765', format: 0, pan });
    const b3 = await sm.translatePin(b0, { keyRef: 'tpk', format: 0, pan }, { keyRef: 'zpk', format: 3, pan });
    expect(decipherPinBlock(b3, { key: createKey(k2, { algorithm: 'tdes', usage: 'P0', backend }), format: 3, pan })).toBe('98765');
  });

  test('verifies CVVs, and PIN blocks against a Visa PVV and an IBM 3624 offset, by key reference', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const c = cards.cvv[0]!;
    sm.loadKey('cvk', hex(c.cvk), { algorithm: 'tdes', usage: 'C0', modeOfUse: 'C' });
    const cvvInput = { pan: c.pan, expiry: c.expiry, serviceCode: c.serviceCode };
    expect(await sm.verifyCvv('cvk', cvvInput, c.cvv)).toBe(true);
    expect(await sm.verifyCvv('cvk', cvvInput, c.cvv === '000' ? '001' : '000')).toBe(false);

    const p = cards.visaPvv[0]!;
    const i = cards.ibm3624.find((v) => v.pin === '1234')!;
    sm.loadKey('pek', hex('89ABCDEF0123456776543210FEDCBA98'), { algorithm: 'tdes', usage: 'P0', modeOfUse: 'B' });
    sm.loadKey('pvk', hex(p.pvk), { algorithm: 'tdes', usage: 'V2', modeOfUse: 'C' });
    sm.loadKey('pvk-ibm', hex(i.pvk), { algorithm: 'tdes', usage: 'V1', modeOfUse: 'C' });
    const side = { keyRef: 'pek', format: 0 as const, pan: p.pan };
    const block = await sm.encryptPin('pek', { pin: p.pin, format: 0, pan: p.pan });
    expect(await sm.verifyPinPvv(block, side, 'pvk', { pvki: p.pvki, pan: p.pan, pvv: p.pvv })).toBe(true);
    expect(await sm.verifyPinPvv(block, side, 'pvk', { pvki: p.pvki, pan: p.pan, pvv: '0000' })).toBe(false);
    const ibmBlock = await sm.encryptPin('pek', { pin: i.pin, format: 0, pan: i.pan });
    const params = { decimalisationTable: i.decimalisationTable, pan: i.pan, validationDataOffset: i.validationDataOffset, validationDataLength: i.validationDataLength, pad: i.pad };
    expect(await sm.verifyPinIbm3624(ibmBlock, { keyRef: 'pek', format: 0, pan: i.pan }, 'pvk-ibm', { ...params, offset: i.offset })).toBe(true);
    expect(await sm.verifyPinIbm3624(ibmBlock, { keyRef: 'pek', format: 0, pan: i.pan }, 'pvk-ibm', { ...params, offset: '0000' })).toBe(false);
    expect(await codeOf(sm.verifyPinPvv(block, side, 'pvk-ibm', { pvki: p.pvki, pan: p.pan, pvv: p.pvv }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
    expect(await codeOf(sm.verifyCvv('pvk', cvvInput, c.cvv))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });

  test('verifies an ARQC and answers with the ARPC under an E0 issuer master key', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const w = emv.walks.find((x) => x.cvn === 'visa-18')!;
    sm.loadKey('imk-ac', hex(w.issuerMasterKeys.ac), { algorithm: 'tdes', usage: 'E0', modeOfUse: 'X' });
    const data = Object.fromEntries(Object.entries(w.data).map(([k, v]) => [k, hex(v)])) as unknown as CryptogramData;
    const card = { pan: w.pan, panSequenceNumber: w.panSequenceNumber };
    expect(await sm.verifyArqc('imk-ac', 'visa-18', { ...card, data, arqc: hex(w.arqc) })).toBe(true);
    expect(await sm.verifyArqc('imk-ac', 'visa-18', { ...card, data, arqc: hex('0000000000000000') })).toBe(false);
    const arpc = await sm.generateArpc('imk-ac', 'visa-18', { ...card, arqc: hex(w.arqc), applicationTransactionCounter: data.applicationTransactionCounter, cardStatusUpdate: hex('00000000') });
    expect(toHex(arpc)).toBe(w.arpc.arpc);
    sm.loadKey('pvk', hex(w.issuerMasterKeys.ac), { algorithm: 'tdes', usage: 'V2' });
    expect(await codeOf(sm.verifyArqc('pvk', 'visa-18', { ...card, data, arqc: hex(w.arqc) }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });

  test('imports a key enciphered ECB under the terminal master key, checking its KCV (UnionPay sign-on)', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    const tmk = hex('11111111111111112222222222222222');
    sm.loadKey('tmk', tmk, { algorithm: 'tdes', usage: 'K0', modeOfUse: 'D' });
    // The host sends the X9.24-1 Annex A example key, whose published KCV is 08D7B4.
    const clear = hex('0123456789ABCDEFFEDCBA9876543210');
    const encrypted = backend.cipher('tdes', tmk).encrypt(clear);
    const info = await sm.importEncryptedKey('pik', 'tmk', { encrypted, algorithm: 'tdes', usage: 'P0', kcv: hex('08D7B4'), modeOfUse: 'E' });
    expect(info.kcv).toBe('08D7B4');
    expect(await codeOf(sm.importEncryptedKey('mak', 'tmk', { encrypted, algorithm: 'tdes', usage: 'M3', kcv: hex('08D7B5') }))).toBe('SECURITY_MODULE_KCV_MISMATCH@kcv');
    expect(await codeOf(sm.keyInfo('mak'))).toBe('SECURITY_MODULE_KEY_UNKNOWN@keyRef');
    // A PIN key cannot decipher keys.
    expect(await codeOf(sm.importEncryptedKey('x', 'pik', { encrypted, algorithm: 'tdes', usage: 'M3', kcv: hex('08D7B4') }))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });
  test('generates working keys and exports them ECB under the TMK with their check value; the other side imports them (UnionPay sign-on, host and terminal)', async () => {
    // A fixed random source makes the generated key known: 16 bytes of 0x10..0x1F, parity-adjusted.
    const fixed = { bytes: (n: number) => Uint8Array.from({ length: n }, (_, i) => 0x10 + i) };
    const host = new SoftwareSecurityModule({ backend, random: fixed });
    const tmk = hex('0123456789ABCDEFFEDCBA9876543210');
    host.loadKey('tmk', tmk, { algorithm: 'tdes', usage: 'K0' });
    const info = await host.generateKey('pik', { algorithm: 'tdes', usage: 'P0', length: 16, exportability: 'E' });
    const expectedClear = hex('101013131515161619191A1A1C1C1F1F'); // 0x10..0x1F with odd parity
    expect(info.kcv).toBe(toHex(backend.cipher('tdes', expectedClear).encrypt(new Uint8Array(8))).slice(0, 6));
    const out = await host.exportEncryptedKey('pik', 'tmk');
    expect(toHex(out.encrypted)).toBe(toHex(backend.cipher('tdes', tmk).encrypt(expectedClear)));
    expect(toHex(out.kcv).slice(0, 6)).toBe(info.kcv);
    const terminal = new SoftwareSecurityModule({ backend });
    terminal.loadKey('tmk', tmk, { algorithm: 'tdes', usage: 'K0' });
    expect((await terminal.importEncryptedKey('pik', 'tmk', { encrypted: out.encrypted, algorithm: 'tdes', usage: 'P0', kcv: out.kcv.subarray(0, 4) })).kcv).toBe(info.kcv);
    // Not exportable unless marked so; a PIN key is not a KEK.
    await host.generateKey('mak', { algorithm: 'tdes', usage: 'M3', length: 16 });
    expect(await codeOf(host.exportEncryptedKey('mak', 'tmk'))).toMatch(/^TR31_/);
    expect(await codeOf(host.exportEncryptedKey('pik', 'pik'))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });

  test('enciphers and deciphers data ECB under a D0 key only, in whole blocks', async () => {
    const sm = new SoftwareSecurityModule({ backend });
    // FIPS 46 / NBS SP 500-20 style check: DES key 0123456789ABCDEF, ECB of "Now is t" = 3FA40E8A984D4815.
    sm.loadKey('tdk', hex('0123456789ABCDEF'), { algorithm: 'des', usage: 'D0' });
    const enc = await sm.encryptData('tdk', encodeAscii('Now is t'));
    expect(toHex(enc)).toBe('3FA40E8A984D4815');
    expect(toHex(await sm.decryptData('tdk', enc))).toBe(toHex(encodeAscii('Now is t')));
    expect(await codeOf(sm.encryptData('tdk', new Uint8Array(7)))).toBe('INVALID_ARGUMENT@data');
    sm.loadKey('pik', hex('0123456789ABCDEF'), { algorithm: 'des', usage: 'P0' });
    expect(await codeOf(sm.encryptData('pik', new Uint8Array(8)))).toBe('TR31_USAGE_NOT_PERMITTED@tr31.keyUsage');
  });
});
