// The EMV kernel against a virtual card, per transaction: a contact transaction with CDA (up-credit,
// 100.00, approved offline with a CDA-signed TC) and a contactless one (qPBOC, TC and fDDA in the
// GPO answer). Each needs three RSA public operations in the kernel (issuer certificate under the
// 1408-bit test CA, ICC certificate under the 1152-bit issuer key, the 1024-bit dynamic signature)
// and one RSA private operation in the card (its CDA or fDDA signature). The peer in each group is
// those four bare operations on the same numbers, so vitest's ratio is the cost of everything else:
// the kernel's steps and the card's emulation. A third row runs the kernel against the card's
// recorded answers (no card work at all). Results: docs/benchmarks.md (## emv kernel).
import { bench, describe } from 'vitest';
import type { CryptoBackend } from '../src/crypto/index';
import type { KernelInterface } from '../src/emv/kernel/index';
import keys from '../src/emv/card/test-card-keys.json';
import { built, type Core, type Crypto, type CryptoNode, type EmvCard, type EmvKernel } from './built';

const { hex } = built<Core>('');
const { pureBackend, rsaPrivateRaw } = built<Crypto>('/crypto');
const { nodeBackend } = built<CryptoNode>('/crypto/node');
const { VirtualCard, virtualCards, TEST_CA_PUBLIC_KEYS } = built<EmvCard>('/emv/card');
const { defaultKernelConfig, prepareKernelConfig, runContactTransaction, runContactlessTransaction } = built<EmvKernel>('/emv/kernel');

const config = prepareKernelConfig(defaultKernelConfig);
const perso = virtualCards['up-credit'];
const iface: KernelInterface = {
  selectApplication: async () => 0,
  onlinePin: async () => 'entered',
  offlinePin: async () => 'bypassed',
  display: () => undefined,
  online: async () => ({ kind: 'unable-to-go-online' }),
};
const txn = { amount: 10000n, date: '2026-03-15', unpredictableNumber: hex('11223344') };

// One run of each to check the setup and to record what the RSA operations work on.
const reference = new VirtualCard(perso);
const contact = await runContactTransaction(reference.transmit, config, txn, iface);
const tapped = new VirtualCard(perso, { interface: 'contactless' });
const contactless = await runContactlessTransaction(tapped.transmit, config, txn, iface);
if (contact.kind !== 'approved-offline' || contactless.kind !== 'approved-offline') throw new Error(`bench setup: ${contact.kind} / ${contactless.kind}`);
const contactAnswers = reference.exchanges.map((x) => x.response);

const k = keys.cards['up-credit'];
const ca = TEST_CA_PUBLIC_KEYS.find((x) => x.rid === 'A000000333')!;
const publicOps = [
  { modulus: hex(ca.modulus), input: contact.data.get('90')! },
  { modulus: hex(k.issuer.modulus), input: contact.data.get('9F46')! },
  { modulus: hex(k.icc.modulus), input: contact.data.get('9F4B')! },
];
const e3 = hex('03');
const iccKey = {
  modulus: hex(k.icc.modulus),
  prime1: hex(k.icc.privateKey.prime1),
  prime2: hex(k.icc.privateKey.prime2),
  exponent1: hex(k.icc.privateKey.exponent1),
  exponent2: hex(k.icc.privateKey.exponent2),
  coefficient: hex(k.icc.privateKey.coefficient),
};
const toSign = new Uint8Array(128);
toSign[0] = 0x6a;
toSign[127] = 0xbc;
function barePublic(backend: CryptoBackend): void {
  for (const op of publicOps) backend.rsaPublic(op.modulus, e3, op.input);
}
function bareRsa(backend: CryptoBackend): void {
  barePublic(backend);
  rsaPrivateRaw(iccKey, toSign);
}

// Long enough for the JIT and the garbage collector to settle on this small VM.
const options = { time: 3000, warmupTime: 1000 };

for (const [name, backend] of [['pure', pureBackend], ['node', nodeBackend]] as const) {
  describe(`contact transaction with CDA (${name} backend)`, () => {
    bench('kernel + virtual card', async () => {
      await runContactTransaction(new VirtualCard(perso, { backend }).transmit, config, txn, iface, { backend });
    }, options);
    bench('kernel against recorded card answers', async () => {
      let n = 0;
      await runContactTransaction(async () => contactAnswers[n++]!, config, txn, iface, { backend });
    }, options);
    bench('bare RSA: 3 public + 1 private operations', () => bareRsa(backend), options);
    bench("bare RSA: the kernel's 3 public operations", () => barePublic(backend), options);
  });

  describe(`contactless transaction, qPBOC with fDDA (${name} backend)`, () => {
    bench('kernel + virtual card', async () => {
      await runContactlessTransaction(new VirtualCard(perso, { interface: 'contactless', backend }).transmit, config, txn, iface, { backend });
    }, options);
    bench('bare RSA: 3 public + 1 private operations', () => bareRsa(backend), options);
  });
}
