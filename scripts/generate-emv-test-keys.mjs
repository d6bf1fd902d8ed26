// Generates the TEST-ONLY RSA keys of the virtual EMV cards (src/emv/card): a certification
// authority of our own, and per card an issuer key pair with its issuer public key certificate
// (EMV 4.4 Book 2 §5.3, Table 6) signed by that CA, plus an ICC key pair. Run once:
//
//   node scripts/generate-emv-test-keys.mjs
//
// and commit the two JSON files it writes. The virtual cards sign their ICC public key
// certificates, SDA signatures and dynamic signatures at run time with these keys (pure code), so
// nothing here runs in a browser. The CA private key is not kept: new issuer certificates need a
// new run. These keys protect nothing; never load them into a real terminal.
import { createHash, generateKeyPairSync, privateEncrypt, constants } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const CA_INDEX = 0xca;
const CA_RIDS = ['A000000333', 'A000000003', 'A000000004'];
const CA_BITS = 1408; // N_CA = 176 bytes
const ISSUER_BITS = 1152; // N_I = 144 bytes: 4 bytes go to the issuer public key remainder (92)
const ICC_BITS = 1024; // N_IC = 128 bytes: 26 bytes go to the ICC public key remainder (9F48)

const CARDS = [
  { id: 'up-debit', pan: '6225880000000027' },
  { id: 'up-credit', pan: '6258070000000017' },
  { id: 'visa-credit', pan: '4761739001010010' },
  { id: 'mc-debit', pan: '5413330000000019' },
];

const hexOf = (b) => Buffer.from(b).toString('hex').toUpperCase();
const b64 = (s) => Buffer.from(s, 'base64url');

function keyPair(bits) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 });
  const j = privateKey.export({ format: 'jwk' });
  return {
    object: privateKey,
    modulus: b64(j.n),
    exponent: b64(j.e),
    privateKey: {
      prime1: hexOf(b64(j.p)),
      prime2: hexOf(b64(j.q)),
      exponent1: hexOf(b64(j.dp)),
      exponent2: hexOf(b64(j.dq)),
      coefficient: hexOf(b64(j.qi)),
    },
  };
}

/** Book 2 Table 6: the issuer public key certificate, signed with the CA private key. */
function issuerCertificate(ca, issuer, { issuerIdentifier, expiry, serial }) {
  const nCa = ca.modulus.length;
  const room = nCa - 36;
  const leftmost = Buffer.alloc(room, 0xbb);
  issuer.modulus.copy(leftmost, 0, 0, Math.min(room, issuer.modulus.length));
  const remainder = issuer.modulus.length > room ? issuer.modulus.subarray(room) : Buffer.alloc(0);
  const body = Buffer.concat([
    Buffer.from([0x02]),
    Buffer.from(issuerIdentifier.padEnd(8, 'F'), 'hex'),
    Buffer.from(expiry, 'hex'),
    Buffer.from(serial, 'hex'),
    Buffer.from([0x01, 0x01, issuer.modulus.length, issuer.exponent.length]),
    leftmost,
  ]);
  const hash = createHash('sha1').update(Buffer.concat([body, remainder, issuer.exponent])).digest();
  const recovered = Buffer.concat([Buffer.from([0x6a]), body, hash, Buffer.from([0xbc])]);
  if (recovered.length !== nCa) throw new Error('issuer certificate length');
  const certificate = privateEncrypt({ key: ca.object, padding: constants.RSA_NO_PADDING }, recovered);
  return { certificate: hexOf(certificate), remainder: hexOf(remainder) };
}

const ca = keyPair(CA_BITS);
const generated = new Date().toISOString().slice(0, 10);
const caFile = {
  description: `TEST ONLY: the cardwire virtual cards' certification authority public key (generated ${generated} by scripts/generate-emv-test-keys.mjs). Its private key was discarded. Never load it into a live terminal.`,
  index: CA_INDEX,
  rids: CA_RIDS,
  modulus: hexOf(ca.modulus),
  exponent: hexOf(ca.exponent),
  expiry: '2049-12-31',
};

const cards = {};
CARDS.forEach((card, k) => {
  const issuer = keyPair(ISSUER_BITS);
  const icc = keyPair(ICC_BITS);
  const issuerIdentifier = card.pan.slice(0, 6);
  const serial = (0x100 + k).toString(16).padStart(6, '0').toUpperCase();
  const valid = issuerCertificate(ca, issuer, { issuerIdentifier, expiry: '1249', serial });
  const expired = issuerCertificate(ca, issuer, { issuerIdentifier, expiry: '0120', serial });
  cards[card.id] = {
    issuer: {
      identifier: issuerIdentifier,
      modulus: hexOf(issuer.modulus),
      exponent: hexOf(issuer.exponent),
      privateKey: issuer.privateKey,
      certificate: valid.certificate,
      certificateExpiry: '1249',
      expiredCertificate: expired.certificate,
      expiredCertificateExpiry: '0120',
      remainder: valid.remainder,
    },
    icc: { modulus: hexOf(icc.modulus), exponent: hexOf(icc.exponent), privateKey: icc.privateKey },
  };
});

const keysFile = {
  description: `TEST ONLY: issuer and ICC RSA key pairs of the cardwire virtual cards, and the issuer public key certificates our test CA (index ${CA_INDEX.toString(16).toUpperCase()}) signed for them (generated ${generated} by scripts/generate-emv-test-keys.mjs). These private keys are public: they protect nothing.`,
  cards,
};

writeFileSync(new URL('../src/emv/card/test-ca.json', import.meta.url), `${JSON.stringify(caFile, null, 2)}\n`);
writeFileSync(new URL('../src/emv/card/test-card-keys.json', import.meta.url), `${JSON.stringify(keysFile, null, 2)}\n`);
console.log(`wrote src/emv/card/test-ca.json and src/emv/card/test-card-keys.json (${CARDS.length} cards)`);
