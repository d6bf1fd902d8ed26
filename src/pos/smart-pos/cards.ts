/**
 * The cards of the smart POS's card tray, as data: one entry per card, with the stripe it carries
 * and, for a chip card, the function that brings up its chip for an insert or a tap. The chips
 * are the virtual EMV cards of `emv/card` (its catalog, whose PANs, keys and PINs the host
 * simulator's default configuration shares), so every card gets a real answer and the terminal
 * engine cannot tell them from real chips.
 */
import { pureBackend } from '../../crypto/index';
import type { ApduTransmit } from '../../emv/index';
import { VirtualCard, virtualCards, type VirtualCardId } from '../../emv/card/index';
import type { MagneticCardData } from '../../terminal/index';

/** How a chip is presented to the reader. */
export type ChipPresentation = 'insert' | 'tap';

/** A card in the tray. */
export interface TrayCard {
  /** Stable id (the page's `data-testid` is `card-<id>`). */
  readonly id: string;
  /** What the tray shows: the kind of card and its masked number. */
  readonly label: string;
  /** A hint for the person testing: the PIN, what the host will answer. */
  readonly note: string;
  /** The magnetic stripe (swipe, and the fallback of a chip card). */
  readonly magnetic?: MagneticCardData;
  /**
   * The chip: a new card session for each presentation, or undefined when the card has no such
   * interface (a contact-only card tapped).
   */
  readonly chip?: (presentation: ChipPresentation) => ApduTransmit | undefined;
}

/**
 * A chip that answers every command with 6F00 (ISO/IEC 7816-4: no precise diagnosis): the
 * engine reads it as a chip failure and asks for the swipe (a fallback, DE 22 02x with 60.5 = 2).
 *
 * @example
 * ```ts
 * await muteChip()(hex('00A404000E315041592E5359532E444446303100')); // Uint8Array [0x6F, 0x00]
 * ```
 */
export function muteChip(): ApduTransmit {
  return async () => new Uint8Array([0x6f, 0x00]);
}

/**
 * The chip of a catalog card of `emv/card`: inserted, a contact session; tapped, a contactless
 * one (undefined for a card personalised without contactless). Each call is a new card, as a
 * card taken out and presented again starts a new session; its counters start where the catalog
 * says, which the host accepts (it keys retransmissions by STAN, not by ATC).
 *
 * @example
 * ```ts
 * const transmit = catalogChip('up-debit')('insert'); // an ApduTransmit, answering SELECT PPSE / AID …
 * catalogChip('mc-debit')('tap'); // undefined: contact only
 * ```
 */
export function catalogChip(id: VirtualCardId): (presentation: ChipPresentation) => ApduTransmit | undefined {
  let seed = 1;
  return (presentation) => {
    const perso = virtualCards[id];
    if (presentation === 'tap' && !perso.applications.some((a) => a.contactless !== undefined)) return undefined;
    return new VirtualCard(perso, { interface: presentation === 'tap' ? 'contactless' : 'contact', seed: seed++, backend: pureBackend }).transmit;
  };
}

/** The stripe of a catalog chip card (service code 2xx: the terminal asks for the chip first). */
function catalogStripe(id: VirtualCardId, serviceCode: string): MagneticCardData {
  const app = virtualCards[id].applications[0];
  // A catalog card has at least one application; its absence is a broken catalog, not user input.
  if (app === undefined) throw new Error(`the catalog card ${id} has no application`);
  return { pan: app.pan, expiry: app.expiry.slice(0, 4), serviceCode, discretionary: app.track2Discretionary ?? '' };
}

/** The cards of the tray, in the order shown. */
export const TRAY_CARDS: readonly TrayCard[] = [
  {
    id: 'debit',
    label: '借记卡 DEBIT 6225 88•• •••• 0001',
    note: 'stripe · PIN 123456',
    magnetic: { pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' },
  },
  {
    id: 'credit',
    label: '贷记卡 CREDIT 6258 07•• •••• 0009',
    note: 'stripe · PIN 123456',
    magnetic: { pan: '6258070000000009', expiry: '2812', serviceCode: '120', discretionary: '09200000' },
  },
  {
    id: 'lost',
    label: '挂失卡 LOST 6222 02•• •••• 0007',
    note: 'stripe · 41 lost card',
    magnetic: { pan: '6222020000000007', expiry: '2812', serviceCode: '120', discretionary: '08400000' },
  },
  {
    id: 'foreign',
    label: '外卡 VISA 4000 00•• •••• 0002',
    note: 'stripe · PIN optional (OK without digits)',
    magnetic: { pan: '4000000000000002', expiry: '2812', serviceCode: '101', discretionary: '66400000' },
  },
  {
    id: 'up-debit',
    label: 'IC借记卡 UNIONPAY DEBIT 6225 88•• •••• 0027',
    note: 'chip + qPBOC · PIN 123456 · no CVM under 300.00',
    magnetic: catalogStripe('up-debit', '220'),
    chip: catalogChip('up-debit'),
  },
  {
    id: 'up-credit',
    label: 'IC贷记卡 UNIONPAY CREDIT 6258 07•• •••• 0017',
    note: 'chip + qPBOC · PIN 123456',
    magnetic: catalogStripe('up-credit', '220'),
    chip: catalogChip('up-credit'),
  },
  {
    id: 'visa-credit',
    label: 'VISA CREDIT 4761 73•• •••• 0010',
    note: 'chip + qVSDC · PIN 1234',
    magnetic: catalogStripe('visa-credit', '201'),
    chip: catalogChip('visa-credit'),
  },
  {
    id: 'mc-debit',
    label: 'MASTERCARD DEBIT 5413 33•• •••• 0019',
    note: 'chip (contact only) · PIN 1234',
    magnetic: catalogStripe('mc-debit', '201'),
    chip: catalogChip('mc-debit'),
  },
  {
    id: 'broken-chip',
    label: '坏芯片 BROKEN CHIP 6225 88•• •••• 0027',
    note: 'the chip answers 6F00: fallback to the swipe · PIN 123456',
    magnetic: catalogStripe('up-debit', '220'),
    chip: (presentation) => (presentation === 'insert' ? muteChip() : undefined),
  },
];

/** The payment code (付款码) the host's default configuration links to the debit card. */
export const SAMPLE_PAYMENT_CODE = '6288000000000000011';
