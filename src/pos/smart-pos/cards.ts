/**
 * The virtual cards of the smart POS's card tray, as data: one entry per card, with the stripe it
 * carries and, for a chip card, the function that answers its APDUs. The cards match the host
 * simulator's default configuration (fixtures/host/default-config.json), so every one of them
 * gets a real answer. Chip cards are added here: when the virtual EMV cards of `emv/card` arrive,
 * an entry's `chip` returns their `transmit`.
 */
import type { ApduTransmit } from '../../emv/index';
import type { MagneticCardData } from '../../terminal/index';

/** A card in the tray. */
export interface VirtualCard {
  /** Stable id (the page's `data-testid` is `card-<id>`). */
  readonly id: string;
  /** What the tray shows: the kind of card and its masked number. */
  readonly label: string;
  /** A hint for the person testing: the PIN, what the host will answer. */
  readonly note: string;
  /** The magnetic stripe (swipe, and the fallback of a chip card). */
  readonly magnetic?: MagneticCardData;
  /** The chip, for insert and tap: a new APDU function for each presentation. */
  readonly chip?: () => ApduTransmit;
}

/**
 * A chip that answers every command with 6F00 (ISO/IEC 7816-4: no precise diagnosis): the
 * engine reads it as a chip failure and asks for the swipe (a fallback, DE 22 02x with 60.5 = 2).
 */
export function muteChip(): ApduTransmit {
  return async () => new Uint8Array([0x6f, 0x00]);
}

/** The cards of the tray, in the order shown. */
export const VIRTUAL_CARDS: readonly VirtualCard[] = [
  {
    id: 'debit',
    label: '借记卡 DEBIT 6225 88•• •••• 0001',
    note: 'PIN 123456',
    magnetic: { pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' },
  },
  {
    id: 'credit',
    label: '贷记卡 CREDIT 6258 07•• •••• 0009',
    note: 'PIN 123456',
    magnetic: { pan: '6258070000000009', expiry: '2812', serviceCode: '120', discretionary: '09200000' },
  },
  {
    id: 'lost',
    label: '挂失卡 LOST 6222 02•• •••• 0007',
    note: '41 lost card',
    magnetic: { pan: '6222020000000007', expiry: '2812', serviceCode: '120', discretionary: '08400000' },
  },
  {
    id: 'foreign',
    label: '外卡 VISA 4000 00•• •••• 0002',
    note: 'PIN optional (OK without digits)',
    magnetic: { pan: '4000000000000002', expiry: '2812', serviceCode: '101', discretionary: '66400000' },
  },
  {
    id: 'chip-debit',
    label: 'IC卡 CHIP DEBIT 6225 88•• •••• 0027',
    note: 'chip not yet read: falls back to the swipe; PIN 123456',
    magnetic: { pan: '6225880000000027', expiry: '3012', serviceCode: '220', discretionary: '00000000' },
    chip: muteChip,
  },
];

/** The payment code (付款码) the host's default configuration links to the debit card. */
export const SAMPLE_PAYMENT_CODE = '6288000000000000011';
