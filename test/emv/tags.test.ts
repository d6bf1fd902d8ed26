import { describe, expect, test } from 'vitest';
import { hex } from '../../src/core/index';
import { emvTag, emvTags, isConstructedTag, isSensitiveTag, schemeOfAid, tagBytes } from '../../src/emv/index';

describe('tag dictionary', () => {
  test('covers well over 150 tags, EMV Books 1-4 and the schemes', () => {
    expect(emvTags.length).toBeGreaterThan(200);
    expect(emvTags.filter((t) => t.scheme === 'EMV').length).toBeGreaterThan(120);
    for (const scheme of ['Visa', 'Mastercard', 'UnionPay', 'Amex'] as const) expect(emvTags.some((t) => t.scheme === scheme)).toBe(true);
  });

  test('each (scheme, tag) is defined once, with a valid tag, sane lengths and known templates', () => {
    const keys = emvTags.map((t) => `${t.scheme}:${t.tag}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of emvTags) {
      expect(() => tagBytes(t.tag), t.tag).not.toThrow();
      expect(t.minLength <= t.maxLength && t.maxLength <= 261, t.tag).toBe(true);
      expect(['a', 'an', 'ans', 'b', 'cn', 'n']).toContain(t.format);
      for (const tpl of t.templates) expect(isConstructedTag(tpl) || tpl === '80', `${t.tag} in ${tpl}`).toBe(true);
      // Templates are constructed; everything else (including format 1's 80) is primitive.
      expect(isConstructedTag(t.tag), t.tag).toBe(t.render === 'template');
    }
  });

  test.each([
    // EMV 4.4 Book 3 Annex A, Table 33 (name, format, length, source)
    ['9F02', 'Amount, Authorised (Numeric)', 'n', 6, 6, 'terminal'],
    ['9F26', 'Application Cryptogram', 'b', 8, 8, 'icc'],
    ['5A', 'Application Primary Account Number (PAN)', 'cn', 0, 10, 'icc'],
    ['5F20', 'Cardholder Name', 'ans', 2, 26, 'icc'],
    ['8A', 'Authorisation Response Code', 'an', 2, 2, 'issuer'],
    ['9F1E', 'Interface Device (IFD) Serial Number', 'an', 8, 8, 'terminal'],
    ['95', 'Terminal Verification Results', 'b', 5, 5, 'terminal'],
    ['9F41', 'Transaction Sequence Counter', 'n', 2, 4, 'terminal'],
    ['BF0C', 'File Control Information (FCI) Issuer Discretionary Data', 'b', 0, 222, 'icc'],
  ] as const)('%s %s', (tag, name, format, min, max, source) => {
    const t = emvTag(tag);
    expect([t?.name, t?.format, t?.minLength, t?.maxLength, t?.source, t?.scheme]).toEqual([name, format, min, max, source, 'EMV']);
  });

  test('schemes that define a tag differently get their own entry', () => {
    expect(emvTag('9F63', { scheme: 'UnionPay' })?.name).toBe('Card Product Identification Information');
    expect(emvTag('9F63', { scheme: 'Mastercard' })?.name).toBe('PUNATC (Track1)');
    expect(emvTag('9F63')?.scheme).toBe('Mastercard');
    expect(emvTag('9F66')?.name).toBe('Terminal Transaction Qualifiers (TTQ)');
    expect(emvTag('9F66', { scheme: 'Mastercard' })?.name).toBe('PUNATC (Track2)');
    expect(emvTag('9F79', { scheme: 'UnionPay' })?.name).toBe('Electronic Cash Balance');
    expect(emvTag('9F74', { scheme: 'UnionPay' })?.name).toBe('Electronic Cash Issuer Authorisation Code');
    expect(emvTag('df31')?.name).toBe('Issuer Script Results');
    expect(emvTag('9F26', { scheme: 'UnionPay' })?.scheme).toBe('EMV');
    expect(emvTag('9F28')).toBeUndefined();
  });

  test('schemeOfAid reads the RID', () => {
    expect(schemeOfAid(hex('A0000000031010'))).toBe('Visa');
    expect(schemeOfAid(hex('A0000000041010'))).toBe('Mastercard');
    expect(schemeOfAid(hex('A000000333010102'))).toBe('UnionPay');
    expect(schemeOfAid(hex('A000000025010403'))).toBe('Amex');
    expect(schemeOfAid(hex('A0000000651010'))).toBeUndefined();
    expect(schemeOfAid(hex('A000'))).toBeUndefined();
  });

  test('cardholder data is marked sensitive', () => {
    for (const tag of ['57', '5A', '5F20', '9F1F', '9F6B', '56', '9F20', '9F0B', '99']) expect(isSensitiveTag(tag), tag).toBe(true);
    for (const tag of ['9F26', '9F10', '95', '5F24']) expect(isSensitiveTag(tag), tag).toBe(false);
    // UnionPay's 9F6B is the card CVM limit, Mastercard's is track 2 data.
    expect(emvTag('9F6B', { scheme: 'UnionPay' })?.sensitive).toBe(false);
    expect(emvTag('9F6B', { scheme: 'Mastercard' })?.sensitive).toBe(true);
  });
});
