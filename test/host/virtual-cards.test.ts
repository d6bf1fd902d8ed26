// The host's default configuration and the EMV kernel's virtual card catalog describe the same
// cards: same PAN, PAN sequence number, expiry, cryptogram version, issuer master keys and PIN.
// When one side changes alone, chip transactions against `cardwire host` decline; this says why.
import { describe, expect, test } from 'vitest';
import { toHex } from '../../src/core/index';
import { verifyIbm3624Offset, verifyVisaPvv } from '../../src/crypto/index';
import { cryptogramVersionOfVirtualCard, virtualCards, type VirtualCardId } from '../../src/emv/card/index';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';

const config = validateHostConfig(defaultHostConfig);

describe('default host configuration ↔ virtual card catalog', () => {
  for (const id of Object.keys(virtualCards) as VirtualCardId[]) {
    test(id, () => {
      const card = virtualCards[id];
      for (const app of card.applications) {
        const host = config.cards.get(app.pan);
        expect(host, `${id}: the host knows ${app.pan.slice(0, 6)}…`).toBeDefined();
        expect(host!.expiry).toBe(app.expiry.slice(0, 4));
        expect(host!.emv?.cvn).toBe(cryptogramVersionOfVirtualCard(id));
        expect(host!.emv?.cvn).toBe(app.cryptogram.cvn);
        expect(host!.emv?.panSequenceNumber).toBe(app.panSequenceNumber);
        const imk = app.cryptogram.issuerMasterKeys;
        expect(toHex(host!.emv!.imkAc.bytes)).toBe(imk.ac.toUpperCase());
        expect(toHex(host!.emv!.imkSmi!.bytes)).toBe(imk.smi.toUpperCase());
        expect(toHex(host!.emv!.imkSmc!.bytes)).toBe(imk.smc.toUpperCase());
        const pin = host!.pin!;
        const good =
          pin.method === 'ibm3624'
            ? verifyIbm3624Offset({ pvk: pin.pvk.bytes, decimalisationTable: pin.decimalisationTable, pan: app.pan, ...(pin.validationDataOffset === undefined ? {} : { validationDataOffset: pin.validationDataOffset }), ...(pin.validationDataLength === undefined ? {} : { validationDataLength: pin.validationDataLength }) }, card.pin!, pin.offset)
            : verifyVisaPvv({ pvk: pin.pvk.bytes, pvki: pin.pvki, pin: card.pin!, pan: app.pan }, pin.pvv);
        expect(good, `${id}: the host verifies the card's PIN`).toBe(true);
      }
    });
  }
});
