// PBKDF2-HMAC (RFC 8018) against published vectors: RFC 6070 (SHA-1) and RFC 7914 §11 (SHA-256),
// on every backend.
import { describe, expect, test } from 'vitest';
import { encodeAscii, toHex } from '../../src/core/index';
import { pbkdf2 } from '../../src/crypto/index';
import { backends } from './helpers/backends';

const vectors = [
  { source: 'RFC 6070 §2, test 1', hash: 'sha1', p: 'password', s: 'salt', c: 1, dk: '0C60C80F961F0E71F3A9B524AF6012062FE037A6' },
  { source: 'RFC 6070 §2, test 2', hash: 'sha1', p: 'password', s: 'salt', c: 2, dk: 'EA6C014DC72D6F8CCD1ED92ACE1D41F0D8DE8957' },
  { source: 'RFC 6070 §2, test 3', hash: 'sha1', p: 'password', s: 'salt', c: 4096, dk: '4B007901B765489ABEAD49D926F721D065A429C1' },
  { source: 'RFC 6070 §2, test 5', hash: 'sha1', p: 'passwordPASSWORDpassword', s: 'saltSALTsaltSALTsaltSALTsaltSALTsalt', c: 4096, dk: '3D2EEC4FE41C849B80C8D83662C0E44A8B291A964CF2F07038' },
  { source: 'RFC 7914 §11, first vector', hash: 'sha256', p: 'passwd', s: 'salt', c: 1, dk: '55AC046E56E3089FEC1691C22544B605F94185216DDE0465E68B9D57C20DACBC49CA9CCCF179B645991664B39D77EF317C71B845B1E30BD509112041D3A19783' },
] as const;

describe.each(backends)('PBKDF2 on the %s backend', (_name, backend) => {
  test.each(vectors)('$source', (v) => {
    expect(toHex(pbkdf2(encodeAscii(v.p), encodeAscii(v.s), { hash: v.hash, iterations: v.c, length: v.dk.length / 2, backend }))).toBe(v.dk);
  });
});
