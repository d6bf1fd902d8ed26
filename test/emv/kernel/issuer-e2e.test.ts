// End to end against a scripted issuer host (test/emv/kernel/helpers.ts): the host reads DE 55 as
// an ISO 8583 authorisation carries it, verifies the ARQC with the crypto layer's EmvIssuer under
// the virtual card's issuer master key, answers with the ARPC of the card's cryptogram version and,
// when told, with issuer scripts MACed under the card's MK_SMI. Covered: online approval with the
// ARPC checked by the card, offline approval under the floor limit with the TC uploaded at
// settlement, host decline, online approval then card decline (reversal), issuer scripts applied
// before and after the second GENERATE AC with their results reported.
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../../src/core/index';
import { parseDe55 } from '../../../src/emv/index';
import { VirtualCard, cryptogramVersionOfVirtualCard, virtualCards, type VirtualCardId } from '../../../src/emv/card/index';
import { defaultKernelConfig, runContactTransaction, runContactlessTransaction, type KernelTransaction } from '../../../src/emv/kernel/index';
import { upCredit, upDebit, visa, withData } from './cards';
import { de55Values, issuerHost, scriptedTerminal } from './helpers';

const TXN: KernelTransaction = { amount: 60000n, date: '2026-03-15', time: '10:30:00' };

describe('online approval: the host verifies the ARQC, the card checks the ARPC', () => {
  test.each(Object.keys(virtualCards) as VirtualCardId[])('%s', async (id) => {
    const perso = virtualCards[id];
    const card = new VirtualCard(perso);
    const host = issuerHost(perso);
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online, offlinePins: [perso.pin!] }));
    expect([o.kind, host.log.arqcValid]).toEqual(['approved-online', true]);
    // The card only gives a TC after a successful issuer authentication: its last online ATC moved.
    expect(card.lastOnlineAtc()).toBe(card.atc());
    const iad = toHex(de55Values(o.de55.authorisation!).get('9F10')!);
    const cvnByte = { 'unionpay-01': '01', 'visa-18': '12', 'mastercard-16': '10' }[cryptogramVersionOfVirtualCard(id) as 'visa-18'];
    expect(id === 'mc-debit' ? iad.slice(2, 4) : iad.slice(4, 6)).toBe(cvnByte);
    // The TC of the second GENERATE AC verifies too (the batch upload the host will get).
    expect(host.verifyCryptogram(o.de55.advice!, o.pan!, o.panSequenceNumber)).toBe(true);
  });

  test('contactless (qPBOC): the ARQC from the GPO answer verifies; the host cannot send anything back to the card', async () => {
    const card = new VirtualCard(upDebit, { interface: 'contactless' });
    const host = issuerHost(upDebit);
    const o = await runContactlessTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect([o.kind, host.log.arqcValid, o.onlinePinEntered]).toEqual(['approved-online', true, true]);
  });
});

describe('offline approval under the floor limit, TC uploaded at settlement', () => {
  test('three offline sales on one card, then the host checks every TC of the batch', async () => {
    const card = new VirtualCard(upCredit);
    const host = issuerHost(upCredit);
    const batch: { de55: Uint8Array; pan: string; psn: string | undefined }[] = [];
    for (const amount of [1000n, 2500n, 9900n]) {
      const o = await runContactTransaction(card.transmit, defaultKernelConfig, { ...TXN, amount }, scriptedTerminal({ online: host.online }));
      expect([o.kind, o.authorisationResponseCode, toHex(o.cvmResults)]).toEqual(['approved-offline', 'Y1', '1F0602']);
      batch.push({ de55: o.de55.advice!, pan: o.pan!, psn: o.panSequenceNumber });
      card.insert();
    }
    expect(host.log.requests).toBe(0);
    const atcs = batch.map((b) => toHex(de55Values(b.de55).get('9F36')!));
    expect(atcs).toEqual(['0011', '0012', '0013']);
    for (const b of batch) {
      const v = de55Values(b.de55);
      expect([toHex(v.get('9F27')!), toHex(v.get('8A')!)]).toEqual(['40', '5931']);
      expect(host.verifyCryptogram(b.de55, b.pan, b.psn)).toBe(true);
    }
    // A changed amount no longer matches the TC.
    const tampered = parseDe55(batch[0]!.de55).map((n) => (n.tag === '9F02' ? { tag: n.tag, value: hex('000000099999') } : { tag: n.tag, value: n.value }));
    const { encodeTlv } = await import('../../../src/emv/index');
    expect(host.verifyCryptogram(encodeTlv(tampered), batch[0]!.pan, batch[0]!.psn)).toBe(false);
  });
});

describe('declines', () => {
  test('the host declines: AAC, no reversal', async () => {
    const card = new VirtualCard(upDebit);
    const host = issuerHost(upDebit, { kind: 'declined', responseCode: '51' });
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect([o.kind, o.authorisationResponseCode, o.reversalRequired, toHex(o.kind === 'declined-online' ? o.cid : new Uint8Array())]).toEqual(['declined-online', '51', false, '00']);
    expect(o.de55.advice).toBeUndefined();
  });

  test('the host approves, the card declines (wrong ARPC): reversal with the UnionPay reversal DE 55', async () => {
    const card = new VirtualCard(upDebit);
    const host = issuerHost(upDebit, { wrongArpc: true });
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect([o.kind, o.reversalRequired, toHex(o.tvr)]).toEqual(['card-declined-after-online-approval', true, '0000048040']);
    const reversal = parseDe55(o.de55.reversal!, { scheme: 'unionpay', message: 'reversal' });
    expect(reversal.map((n) => n.tag)).toEqual(['95', '9F1E', '9F10', '9F36']);
    expect(toHex(reversal[0]!.value)).toBe('0000048040');
  });

  test('the host approves, the card declines anyway (its own risk management)', async () => {
    const card = new VirtualCard(visa, { faults: { declineAfterOnline: true } });
    const host = issuerHost(visa);
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online, offlinePins: ['1234'] }));
    expect([o.kind, o.reversalRequired, host.log.arqcValid]).toEqual(['card-declined-after-online-approval', true, true]);
    expect(parseDe55(o.de55.reversal!, { scheme: 'visa', message: 'reversal' }).map((n) => n.tag)).toEqual(['95', '9F10', '9F36', '9F1E']);
  });
});

describe('issuer scripts', () => {
  test('Visa, PIN blocked: offline PIN fails, online; PIN UNBLOCK in 71 before the second GENERATE AC; 9F5B reports it', async () => {
    const card = new VirtualCard(withData(visa, { '8E': '00000000000000000103' }), { faults: { pinBlocked: true } });
    const perso = card.personalisation;
    const host = issuerHost(perso, { scripts: [{ tag: '71', id: '11223344', commands: [{ header: '84240000' }] }] });
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, { ...TXN, amount: 1000n }, scriptedTerminal({ online: host.online }));
    expect([o.kind, toHex(o.tvr), toHex(o.tsi)]).toEqual(['approved-online', '0000A00000', 'FC00']);
    expect(toHex(o.data.get('9F5B')!)).toBe('2011223344');
    expect(card.pinTryCounter).toBe(3);
  });

  test('UnionPay: APPLICATION BLOCK in 72 after the second GENERATE AC; DF31 in the script result notification; the next insertion is refused', async () => {
    const card = new VirtualCard(upDebit);
    const host = issuerHost(upDebit, { scripts: [{ tag: '72', id: '00000099', commands: [{ header: '841E0000' }] }] });
    const o = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect(o.kind).toBe('approved-online');
    const notification = parseDe55(o.de55.scriptResults!);
    expect(toHex(notification.find((n) => n.tag === 'DF31')!.value)).toBe('2000000099');
    expect(card.scriptResults.map((s) => [toHex(s.command).slice(0, 8), s.sw.toString(16), s.applied])).toEqual([['841E0000', '9000', 'application-block']]);
    card.insert();
    const next = await runContactTransaction(card.transmit, defaultKernelConfig, TXN, scriptedTerminal({ online: host.online }));
    expect([next.kind, next.step]).toEqual(['fallback', 'application-selection']);
  });
});
