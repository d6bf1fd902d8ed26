// The contact kernel as a whole: card removal at every command, T=0 procedure bytes, transport
// failures, the outcome's data for the terminal (card fields, DE 55 by scheme), the errors the
// kernel raises for bad configuration, transactions and callback answers (exact codes and paths),
// and properties over random amounts.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { CardwireError, hex, toHex } from '../../../src/core/index';
import { parseDe55, type ApduTransmit } from '../../../src/emv/index';
import { VirtualCard } from '../../../src/emv/card/index';
import {
  defaultKernelConfig,
  prepareKernelConfig,
  runContactTransaction,
  type KernelConfig,
  type KernelStep,
  type KernelTransaction,
} from '../../../src/emv/kernel/index';
import { caught } from '../../helpers/caught';
import { upCredit, upDebit, visa, withTerminal } from './cards';
import { issuerHost, scriptedTerminal } from './helpers';

const TXN: KernelTransaction = { amount: 10000n, date: '2026-03-15', time: '10:30:00', unpredictableNumber: hex('11223344') };

async function reference(faults = {}) {
  const card = new VirtualCard(upDebit, { faults });
  const host = issuerHost(upDebit);
  const term = scriptedTerminal({ online: host.online });
  const outcome = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, term);
  return { card, outcome, term, host };
}

describe('card removal at any step', () => {
  // The reference transaction (up-debit, online, approved) sends 17 commands: 1-4 selection
  // (PSE, 2 directory records, final SELECT), 5 GPO, 6-11 six records, 12 INTERNAL AUTHENTICATE,
  // 13-14 GET DATA (velocity), 15 first GENERATE AC, 16 EXTERNAL AUTHENTICATE, 17 second GENERATE AC.
  const steps: readonly KernelStep[] = [
    'application-selection', 'application-selection', 'application-selection', 'application-selection',
    'initiate-application-processing',
    'read-application-data', 'read-application-data', 'read-application-data', 'read-application-data', 'read-application-data', 'read-application-data',
    'offline-data-authentication', 'terminal-risk-management', 'terminal-risk-management', 'card-action-analysis', 'online-processing', 'completion',
  ];

  test('the reference transaction sends those 17 commands', async () => {
    const { card, outcome } = await reference();
    expect(outcome.kind).toBe('approved-online');
    expect(card.exchanges.map((x) => toHex(x.command).slice(0, 4))).toEqual(['00A4', '00B2', '00B2', '00A4', '80A8', '00B2', '00B2', '00B2', '00B2', '00B2', '00B2', '0088', '80CA', '80CA', '80AE', '0082', '80AE']);
  });

  test.each(steps.map((step, k) => [k + 1, step] as const))('removed at command %i: card-removed during %s', async (n, step) => {
    const { outcome } = await reference({ removeAtCommand: n });
    expect(outcome.kind).toBe('card-removed');
    expect(outcome.step).toBe(step);
    // After the host approved (the EXTERNAL AUTHENTICATE and the second GENERATE AC), the terminal must reverse.
    expect(outcome.reversalRequired).toBe(n >= 16);
    if (outcome.kind === 'card-removed') expect(outcome.error?.code).toBe('CARD_REMOVED');
  });
});

describe('transport', () => {
  test('T=0: 61xx answered with GET RESPONSE and 6Cxx with the exact Le give the same transaction', async () => {
    const plain = await reference();
    const t0 = await reference({ t0: { getResponse: true, wrongLength: true } });
    expect([t0.outcome.kind, toHex(t0.outcome.tvr), toHex(t0.outcome.tsi)]).toEqual([plain.outcome.kind, toHex(plain.outcome.tvr), toHex(plain.outcome.tsi)]);
    const commands = t0.card.exchanges.map((x) => toHex(x.command));
    expect(commands.filter((c) => c.startsWith('00C00000')).length).toBeGreaterThan(5);
    // Each READ RECORD comes twice: Le 00, answered 6Cxx, then Le = xx.
    const reads = commands.filter((c) => c.startsWith('00B2'));
    expect(reads.filter((c) => !c.endsWith('00')).length).toBe(reads.filter((c) => c.endsWith('00')).length - 1);
  });

  test.each([
    ['a reader error during selection', 1, 'fallback'],
    ['a reader error after selection', 6, 'terminated'],
  ] as const)('%s', async (_what, at, kind) => {
    const card = new VirtualCard(upCredit);
    let n = 0;
    const transmit: ApduTransmit = async (c) => {
      if (++n === at) throw new CardwireError('FRAME_TOO_LARGE', 'the reader gave up', { path: 'reader' });
      return card.transmit(c);
    };
    const o = await runContactTransaction(transmit, defaultKernelConfig, TXN, scriptedTerminal());
    expect(o.kind).toBe(kind);
    if (o.kind === kind && 'error' in o) expect(o.error?.code).toBe('FRAME_TOO_LARGE');
  });

  test('a response without a status word during selection: fallback', async () => {
    const o = await runContactTransaction(async () => hex('90'), defaultKernelConfig, TXN, scriptedTerminal());
    expect([o.kind, 'error' in o ? o.error?.code : '']).toEqual(['fallback', 'APDU_TOO_SHORT']);
  });
});

describe('what the outcome carries', () => {
  test('card fields and DE 55 for the authorisation and the TC upload (UnionPay lists)', async () => {
    const { outcome, term } = await reference();
    expect(outcome).toMatchObject({
      kind: 'approved-online',
      interface: 'contact',
      aid: 'A000000333010101',
      applicationLabel: 'UnionPay Debit',
      preferredName: 'UnionPay Debit',
      pan: '6225880000000027',
      panSequenceNumber: '01',
      expiry: '301231',
      cardholderName: 'ZHANG/SAN',
      authorisationResponseCode: '00',
      onlinePinEntered: false,
      signatureRequired: false,
      reversalRequired: false,
    });
    expect(toHex(outcome.track2!)).toBe('6225880000000027D30122200000000000');
    const request = term.log.online[0]!;
    expect([request.pan, request.panSequenceNumber, request.expiry, request.scheme]).toEqual(['6225880000000027', '01', '301231', 'unionpay']);
    const auth = parseDe55(outcome.de55.authorisation!, { scheme: 'unionpay', message: 'authorisation' });
    expect(auth.map((n) => n.tag)).toEqual(['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', '9F03', '9F33', '9F34', '9F35', '9F1E', '84', '9F09', '9F41']
      .filter((t) => t !== '9F41'));
    expect(toHex(auth.find((n) => n.tag === '9F27')!.value)).toBe('80');
    expect(toHex(auth.find((n) => n.tag === '9F26')!.value)).toBe(toHex(request.cryptogram));
    const advice = parseDe55(outcome.de55.advice!, { scheme: 'unionpay', message: 'advice' });
    expect(toHex(advice.find((n) => n.tag === '9F27')!.value)).toBe('40');
    expect(toHex(advice.find((n) => n.tag === '8A')!.value)).toBe('3030');
    expect(toHex(advice.find((n) => n.tag === '9F26')!.value)).toBe(toHex(outcome.kind === 'approved-online' ? outcome.cryptogram : new Uint8Array()));
  });

  test('Visa DE 55 carries the PAN sequence number (5F34)', async () => {
    const card = new VirtualCard(visa);
    const host = issuerHost(visa);
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, { ...TXN, amount: 60000n }, scriptedTerminal({ online: host.online, offlinePins: ['1234'] }));
    expect(o.kind).toBe('approved-online');
    expect(toHex(parseDe55(o.de55.authorisation!).find((n) => n.tag === '5F34')!.value)).toBe('01');
  });

  test('the same inputs give the same commands (reproducible traces)', async () => {
    const a = await reference();
    const b = await reference();
    expect(b.card.exchanges.map((x) => toHex(x.command))).toEqual(a.card.exchanges.map((x) => toHex(x.command)));
  });
});

describe('properties over random amounts (up-credit, floor limit 500.00, CVM limit X 300.00)', () => {
  fcTest.prop([fc.bigInt({ min: 0n, max: 999_999n })], { numRuns: 12 })('TVR byte 4 bit 8 iff the amount ≥ 500.00; online PIN iff over 300.00', async (amount) => {
    const card = new VirtualCard(upCredit);
    const host = issuerHost(upCredit);
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, { ...TXN, amount }, scriptedTerminal({ online: host.online }));
    expect(['approved-offline', 'approved-online']).toContain(o.kind);
    expect((o.tvr[3]! & 0x80) !== 0).toBe(amount >= 50000n);
    expect(toHex(o.cvmResults)).toBe(amount < 30000n ? '1F0602' : '420300');
  });
});

describe('errors', () => {
  const cfg = (patch: (c: KernelConfig) => KernelConfig) => () => prepareKernelConfig(patch(defaultKernelConfig));
  test.each([
    ['terminal capabilities of 2 bytes', cfg((c) => withTerminal({ capabilities: 'E0F8' }, c)), 'terminal.capabilities'],
    ['terminal type 31', cfg((c) => withTerminal({ terminalType: '31' }, c)), 'terminal.terminalType'],
    ['a country code of 3 digits', cfg((c) => withTerminal({ countryCode: '156' }, c)), 'terminal.countryCode'],
    ['an AID given twice', cfg((c) => ({ ...c, applications: [...c.applications, c.applications[0]!] })), 'applications[6].aid'],
    ['a floor limit that is not digits', cfg((c) => ({ ...c, applications: [{ ...c.applications[0]!, floorLimit: '5.00' }] })), 'applications[0].floorLimit'],
    ['a random selection of 120 %', cfg((c) => ({ ...c, applications: [{ ...c.applications[0]!, randomSelection: { threshold: '0', targetPercent: 120, maxTargetPercent: 0 } }] })), 'applications[0].randomSelection.targetPercent'],
    ['a TAC of 4 bytes', cfg((c) => ({ ...c, applications: [{ ...c.applications[0]!, tac: { ...c.applications[0]!.tac, online: 'DC4004F8' } }] })), 'applications[0].tac.online'],
    ['a CA key of 32 bytes', cfg((c) => ({ ...c, caPublicKeys: [{ rid: 'A000000003', index: 1, modulus: '00'.repeat(32), exponent: '03' }] })), 'caPublicKeys[0].modulus'],
    ['a CA key expiry that is not a date', cfg((c) => ({ ...c, caPublicKeys: [{ ...c.caPublicKeys[0]!, expiry: '2049-02-30' }] })), 'caPublicKeys[0].expiry'],
  ])('configuration: %s', (_what, f, path) => {
    expect(caught(f)).toMatchObject({ code: 'KERNEL_CONFIG_INVALID', path });
  });

  const card = () => new VirtualCard(upCredit);
  test.each([
    ['a negative amount', { amount: -1n }, 'amount'],
    ['an amount of 13 digits', { amount: 10n ** 12n }, 'amount'],
    ['30 February', { date: '2026-02-30' }, 'date'],
    ['25:00:00', { time: '25:00:00' }, 'time'],
    ['a transaction type AB', { type: 'AB' }, 'type'],
    ['an unpredictable number of 3 bytes', { unpredictableNumber: hex('112233') }, 'unpredictableNumber'],
  ])('transaction: %s', async (_what, patch, path) => {
    const c = card();
    await expect(runContactTransaction(c.transmit, defaultKernelConfig, { ...TXN, ...patch }, scriptedTerminal())).rejects.toMatchObject({ code: 'KERNEL_TRANSACTION_INVALID', path });
    expect(c.commandCount).toBe(0);
  });

  test('callbacks: an application index outside the list, a response code of 3 characters', async () => {
    const { multiApp } = await import('./cards');
    const two = multiApp([upDebit, upCredit]);
    const a = await runContactTransaction(new VirtualCard(two).transmit, defaultKernelConfig, TXN, scriptedTerminal({ choose: 5 }));
    expect([a.kind, 'error' in a ? a.error?.code : '']).toEqual(['terminated', 'KERNEL_INTERFACE_INVALID']);
    const b = await runContactTransaction(new VirtualCard(upDebit).transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: () => ({ kind: 'approved', authorisationResponseCode: '000' }) }));
    expect([b.kind, b.step, 'error' in b ? b.error?.path : '']).toEqual(['terminated', 'online-processing', 'online']);
  });

  test('an error thrown by a callback propagates', async () => {
    const term = { ...scriptedTerminal(), online: async () => Promise.reject(new Error('link down')) };
    await expect(runContactTransaction(new VirtualCard(upDebit).transmit, defaultKernelConfig, TXN, term)).rejects.toThrow('link down');
  });
});

describe('whatever the card answers, the kernel ends with an outcome', () => {
  const kinds = ['approved-offline', 'declined-offline', 'approved-online', 'declined-online', 'card-declined-after-online-approval', 'try-another-interface', 'fallback', 'card-removed', 'cancelled', 'terminated'];

  fcTest.prop([fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { minLength: 1, maxLength: 30 })], { numRuns: 60 })('random answers', async (answers) => {
    let n = 0;
    const transmit: ApduTransmit = async () => answers[n++ % answers.length]!;
    const o = await runContactTransaction(transmit, defaultKernelConfig, TXN, scriptedTerminal());
    expect(kinds).toContain(o.kind);
  });

  // Every answer of a real session, one byte changed: never an exception, always an outcome.
  fcTest.prop([fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 60 })('a recorded session with one byte flipped', async (which, at, mask) => {
    const card = new VirtualCard(upCredit);
    const host = issuerHost(upCredit);
    let n = 0;
    const transmit: ApduTransmit = async (c) => {
      const r = await card.transmit(c);
      if (n++ === which % 17 && r.length > 0) r[at % r.length]! ^= mask;
      return r;
    };
    const o = await runContactTransaction(transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect(kinds).toContain(o.kind);
  });
});
