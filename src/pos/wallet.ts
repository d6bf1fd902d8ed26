/**
 * The cards a POS application can present: the magnetic-stripe test cards of the host
 * simulator's default configuration and the virtual EMV cards of `cardwire/emv/card` (which the
 * same configuration knows), each swiped, inserted or tapped through the `CardReader` port. A
 * chip card swiped presents its track 2 equivalent data, as a real card's stripe carries it.
 * TEST ONLY: every PIN and key behind these cards is public.
 */
import { fail, maskPan } from '../core/index';
import { VirtualCard, virtualCards, type VirtualCardId } from '../emv/card/index';
import { swipeOf, type CardReader, type EntryMethod, type MagneticCardData, type PresentedCard, type WaitOptions } from '../terminal/index';

/** Ids of the cards a POS can present. */
export type PosCardId = 'mag-debit' | 'mag-credit' | 'mag-lost' | VirtualCardId;

/** How a card is presented (a payment code is scanned, the rest go through the card reader). */
export type PosEntry = 'swipe' | 'insert' | 'tap' | 'qr';

/** A card of the wallet. */
export interface PosCard {
  readonly id: PosCardId;
  readonly label: { readonly zh: string; readonly en: string };
  readonly pan: string;
  /** How it can be presented. */
  readonly entries: readonly PosEntry[];
  /** What its stripe holds. */
  readonly magnetic: MagneticCardData;
  /** Its chip, a catalog card of `cardwire/emv/card`. */
  readonly chip?: VirtualCardId;
  /** The cardholder's PIN (the host's test configuration verifies it). */
  readonly pin: string;
  /** The payment code (付款码) of its account, scanned for a QR purchase. */
  readonly paymentCode?: string;
}

function chipCard(id: VirtualCardId, label: PosCard['label'], serviceCode: string): PosCard {
  const perso = virtualCards[id];
  const app = perso.applications[0];
  if (!app) return fail('INVALID_ARGUMENT', `virtual card ${id} has no application`, { path: `wallet.${id}` });
  // EMV Book 3 Annex A (5F24 is YYMMDD); the stripe carries YYMM.
  const magnetic: MagneticCardData = { pan: app.pan, expiry: app.expiry.slice(0, 4), serviceCode, discretionary: app.track2Discretionary ?? '0000000000' };
  const contactless = app.contactless !== undefined;
  return { id, label, pan: app.pan, entries: contactless ? ['swipe', 'insert', 'tap'] : ['swipe', 'insert'], magnetic, chip: id, pin: perso.pin ?? '' };
}

/**
 * The wallet's cards, in the order a screen lists them.
 *
 * @example
 * ```ts
 * POS_CARDS.find((c) => c.id === 'mag-debit')?.pan; // '6225880000000001'
 * ```
 */
export const POS_CARDS: readonly PosCard[] = [
  {
    id: 'mag-debit',
    label: { zh: '银联借记 磁条', en: 'UnionPay debit stripe' },
    pan: '6225880000000001',
    entries: ['swipe', 'qr'],
    magnetic: { pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' },
    pin: '123456',
    paymentCode: '6288000000000000011',
  },
  {
    id: 'mag-credit',
    label: { zh: '银联贷记 磁条', en: 'UnionPay credit stripe' },
    pan: '6258070000000009',
    entries: ['swipe'],
    magnetic: { pan: '6258070000000009', expiry: '2812', serviceCode: '120', discretionary: '09200000' },
    pin: '123456',
  },
  {
    id: 'mag-lost',
    label: { zh: '挂失卡 磁条', en: 'Lost card stripe' },
    pan: '6222020000000007',
    entries: ['swipe'],
    magnetic: { pan: '6222020000000007', expiry: '2812', serviceCode: '120', discretionary: '08400000' },
    pin: '123456',
  },
  chipCard('up-debit', { zh: '银联借记 IC卡', en: 'UnionPay debit chip' }, '220'),
  chipCard('up-credit', { zh: '银联贷记 IC卡', en: 'UnionPay credit chip' }, '220'),
  chipCard('visa-credit', { zh: 'VISA 贷记 IC卡', en: 'Visa credit chip' }, '201'),
  chipCard('mc-debit', { zh: '万事达 借记 IC卡', en: 'Mastercard debit chip' }, '201'),
];

/**
 * A wallet card by id (an unknown id is `INVALID_ARGUMENT`).
 *
 * @example
 * ```ts
 * posCard('up-debit').entries; // ['swipe', 'insert', 'tap']
 * ```
 */
export function posCard(id: string): PosCard {
  const card = POS_CARDS.find((c) => c.id === id);
  if (!card) return fail('INVALID_ARGUMENT', `unknown card '${id.slice(0, 20)}' (known: ${POS_CARDS.map((c) => c.id).join(', ')})`, { path: 'card' });
  return card;
}

/**
 * The wallet card with `pan`, if any (a void reads the card of its original).
 *
 * @example
 * ```ts
 * cardOfPan('6258070000000009')?.id; // 'mag-credit'
 * ```
 */
export function cardOfPan(pan: string): PosCard | undefined {
  return POS_CARDS.find((c) => c.pan === pan);
}

/**
 * The chips of a POS session: one `VirtualCard` per catalog card, kept for the session so its
 * counters (ATC) go up from one transaction to the next as a real card's do.
 *
 * @example
 * ```ts
 * const wallet = new CardWallet();
 * wallet.present(posCard('mag-debit'), 'swipe'); // { method: 'swipe', track2: ';6225880000000001=2812120309…?' }
 * ```
 */
export class CardWallet {
  readonly #chips = new Map<VirtualCardId, VirtualCard>();

  /** The card presented by `entry` through the card reader ('qr' is the scanner's: not here). */
  present(card: PosCard, entry: Exclude<PosEntry, 'qr'>): PresentedCard {
    if (!card.entries.includes(entry)) fail('INVALID_ARGUMENT', `the card ${card.id} cannot be presented by ${entry}`, { path: 'entry' });
    if (entry === 'swipe') return swipeOf(card.magnetic);
    const id = card.chip;
    if (id === undefined) return fail('INVALID_ARGUMENT', `the card ${card.id} has no chip`, { path: 'entry' });
    let chip = this.#chips.get(id);
    if (!chip) {
      chip = new VirtualCard(virtualCards[id], { interface: entry === 'tap' ? 'contactless' : 'contact' });
      this.#chips.set(id, chip);
    }
    if (entry === 'tap') chip.tap();
    else chip.insert();
    return { method: entry, transmit: chip.transmit };
  }
}

/** The entries of `card` the reader was asked for, in the wallet's order. */
export function offeredEntries(card: PosCard, methods: readonly EntryMethod[]): Exclude<PosEntry, 'qr'>[] {
  return card.entries.filter((e): e is Exclude<PosEntry, 'qr'> => e !== 'qr' && methods.includes(e));
}

/**
 * A card reader for scripts: the card of the current transaction, presented the way the cashier
 * would — by the entry asked for, by the chip when the terminal asks to insert a chip card that
 * was swiped, and by the stripe when the chip failed (fallback). Without a card it answers
 * `cancelled` at once.
 *
 * @example
 * ```ts
 * const reader = new WalletCardReader(new CardWallet());
 * reader.hold(posCard('mag-debit'), 'swipe');
 * await terminal.purchase({ amount: 1234n });
 * ```
 */
export class WalletCardReader implements CardReader {
  readonly #wallet: CardWallet;
  #card: PosCard | undefined;
  #entry: Exclude<PosEntry, 'qr'> = 'swipe';
  /** Masked PANs of what was presented (tests). */
  readonly presented: string[] = [];

  constructor(wallet: CardWallet) {
    this.#wallet = wallet;
  }

  /** The card of the next transaction, and how it is presented first; `undefined` for none. */
  hold(card: PosCard | undefined, entry: Exclude<PosEntry, 'qr'> = 'swipe'): void {
    this.#card = card;
    this.#entry = entry;
  }

  async read(request: WaitOptions & { readonly methods: readonly EntryMethod[] }): Promise<PresentedCard> {
    const card = this.#card;
    if (!card) return { method: 'cancelled' };
    const offered = offeredEntries(card, request.methods);
    const order: Exclude<PosEntry, 'qr'>[] = [this.#entry, 'insert', 'swipe'];
    const entry = order.find((e) => offered.includes(e));
    if (entry === undefined) return { method: 'cancelled' };
    this.presented.push(`${maskPan(card.pan)} ${entry}`);
    return this.#wallet.present(card, entry);
  }
}
