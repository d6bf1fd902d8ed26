/**
 * The card behind a swipe: PAN Luhn check (ISO/IEC 7812-1 Annex B), expiry against an injected
 * clock, and one result combined from whatever tracks the read head delivered (1+2, 2+3,
 * 1+2+3, or one alone), with the PAN, expiry and service code checked for consistency.
 */
import { fail, isLuhnValid, maskPan, redact, type Clock } from '../core/index';
import { checkExpiry } from './fields';
import { MaskedRecord } from './masked';
import { decodeServiceCode, type ServiceCode } from './service-code';
import { parseTrack1, Track1 } from './track1';
import { parseTrack2, Track2 } from './track2';
import { parseTrack3, Track3 } from './track3';

/**
 * The last instant the card is valid: the end of the last day of its expiry month, UTC
 * (ISO/IEC 7813: a card is valid through its expiry month). `YY` is taken as 20YY.
 *
 * @example
 * ```ts
 * expiryEnd('2512').toISOString(); // '2025-12-31T23:59:59.999Z'
 * ```
 */
export function expiryEnd(expiry: string, options: { readonly path?: string } = {}): Date {
  checkExpiry(expiry, { path: options.path ?? 'expiry' });
  const year = 2000 + Number(expiry.slice(0, 2));
  const month = Number(expiry.slice(2));
  // Day 1 of the next month, minus one millisecond (Date.UTC rolls month 12 into January).
  return new Date(Date.UTC(year, month, 1) - 1);
}

/**
 * True when the clock is past the card's expiry month.
 *
 * @example
 * ```ts
 * isExpired('2512', fixedClock('2025-12-31T23:59:59Z')); // false
 * isExpired('2512', fixedClock('2026-01-01T00:00:00Z')); // true
 * ```
 */
export function isExpired(expiry: string, clock: Clock, options: { readonly path?: string } = {}): boolean {
  return clock.now().getTime() > expiryEnd(expiry, options).getTime();
}

/**
 * Throw `CARD_EXPIRED` when the card is past its expiry month.
 *
 * @example
 * ```ts
 * assertNotExpired('2512', fixedClock('2026-01-01T00:00:00Z')); // throws CARD_EXPIRED at 'expiry'
 * ```
 */
export function assertNotExpired(expiry: string, clock: Clock, options: { readonly path?: string } = {}): void {
  if (isExpired(expiry, clock, options)) fail('CARD_EXPIRED', 'the card is past its expiry month', { path: options.path ?? 'expiry' });
}

/**
 * Throw `PAN_LUHN_FAILED` when the PAN's check digit is wrong.
 *
 * @example
 * ```ts
 * assertPanLuhn('4761739001010010'); // ok
 * assertPanLuhn('4761739001010011'); // throws PAN_LUHN_FAILED at 'pan'
 * ```
 */
export function assertPanLuhn(pan: string, options: { readonly path?: string } = {}): void {
  const path = options.path ?? 'pan';
  if (!isLuhnValid(pan, { path })) fail('PAN_LUHN_FAILED', 'the PAN check digit is wrong', { path });
}

/** The tracks a read head delivered: text, or already parsed tracks. */
export interface TrackReads {
  readonly track1?: string | Track1;
  readonly track2?: string | Track2;
  readonly track3?: string | Track3;
}

/** Options for {@link readCard}. */
export interface ReadCardOptions {
  /** When given, an expired card is `CARD_EXPIRED`. */
  readonly clock?: Clock;
  /** Check the PAN's Luhn digit (default `true`): `PAN_LUHN_FAILED` at `card.pan`. */
  readonly luhn?: boolean;
}

/** The clear values of a {@link Card}. */
export interface CardFields {
  readonly pan: string;
  readonly expiry: string | undefined;
  readonly serviceCode: string | undefined;
  /** The track-1 name, when track 1 was read. */
  readonly name: string | undefined;
  /** Which tracks were read. */
  readonly tracks: readonly (1 | 2 | 3)[];
}

/**
 * One card from one swipe. Prints masked; the parsed tracks stay available.
 *
 * @example
 * ```ts
 * const card = readCard({ track2: ';4761739001010010=25122011143804400000?' });
 * card.track2?.discretionaryData; // '1143804400000'
 * card.service?.requiresChip;     // true
 * ```
 */
export class Card extends MaskedRecord<CardFields> implements CardFields {
  protected readonly kind = 'Card';
  readonly pan: string;
  readonly expiry: string | undefined;
  readonly serviceCode: string | undefined;
  readonly name: string | undefined;
  readonly tracks: readonly (1 | 2 | 3)[];
  readonly track1: Track1 | undefined;
  readonly track2: Track2 | undefined;
  readonly track3: Track3 | undefined;

  constructor(fields: CardFields, tracks: { track1: Track1 | undefined; track2: Track2 | undefined; track3: Track3 | undefined }) {
    super();
    this.pan = fields.pan;
    this.expiry = fields.expiry;
    this.serviceCode = fields.serviceCode;
    this.name = fields.name;
    this.tracks = fields.tracks;
    this.track1 = tracks.track1;
    this.track2 = tracks.track2;
    this.track3 = tracks.track3;
  }

  /** The decoded service code, when a track carries one. */
  get service(): ServiceCode | undefined {
    return this.serviceCode === undefined ? undefined : decodeServiceCode(this.serviceCode, { path: 'card.serviceCode' });
  }

  reveal(): CardFields {
    return { pan: this.pan, expiry: this.expiry, serviceCode: this.serviceCode, name: this.name, tracks: this.tracks };
  }

  protected masked(): Record<string, unknown> {
    return {
      pan: maskPan(this.pan),
      expiry: this.expiry === undefined ? null : '****',
      serviceCode: this.serviceCode ?? null,
      name: this.name === undefined ? null : redact(this.name),
      tracks: this.tracks,
    };
  }
}

type Field = 'pan' | 'expiry' | 'serviceCode';

/** Agree on one value of `field` across the tracks that carry it, or fail naming the pair. */
function agree(field: Field, values: readonly (readonly [1 | 2 | 3, string | undefined])[]): string | undefined {
  let first: readonly [1 | 2 | 3, string] | undefined;
  for (const [track, value] of values) {
    if (value === undefined) continue;
    if (first === undefined) first = [track, value];
    else if (first[1] !== value) {
      fail('TRACK_MISMATCH', `track ${first[0]} and track ${track} carry different ${field} values`, { path: `track${first[0]}/track${track}.${field}` });
    }
  }
  return first?.[1];
}

/**
 * Combine whatever tracks were read into one card. Each track is parsed (errors keep their
 * `track1.*`, `track2.*`, `track3.*` paths); the PAN, expiry and service code must agree across
 * the tracks that carry them, or `TRACK_MISMATCH` names the pair, e.g. `'track1/track2.pan'`.
 *
 * @example
 * ```ts
 * const card = readCard({
 *   track1: '%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?',
 *   track2: ';4761739001010010=25122011143804400000?',
 * });
 * card.tracks; // [1, 2]
 * String(card); // 'Card {"pan":"476173******0010","expiry":"****","serviceCode":"201",...}'
 * ```
 */
export function readCard(reads: TrackReads, options: ReadCardOptions = {}): Card {
  const t1 = typeof reads.track1 === 'string' ? parseTrack1(reads.track1) : reads.track1;
  const t2 = typeof reads.track2 === 'string' ? parseTrack2(reads.track2) : reads.track2;
  const t3 = typeof reads.track3 === 'string' ? parseTrack3(reads.track3) : reads.track3;
  const tracks: (1 | 2 | 3)[] = [];
  if (t1) tracks.push(1);
  if (t2) tracks.push(2);
  if (t3) tracks.push(3);
  if (tracks.length === 0) fail('TRACK_NONE_READ', 'no track was given', { path: 'card' });
  const pan = agree('pan', [
    [1, t1?.pan],
    [2, t2?.pan],
    [3, t3?.pan],
  ]);
  if (pan === undefined) fail('TRACK_INVALID_PAN', 'no track read carries a PAN', { path: 'card.pan' });
  const expiry = agree('expiry', [
    [1, t1?.expiry],
    [2, t2?.expiry],
    [3, t3?.expiry],
  ]);
  const serviceCode = agree('serviceCode', [
    [1, t1?.serviceCode],
    [2, t2?.serviceCode],
  ]);
  if (options.luhn !== false) assertPanLuhn(pan, { path: 'card.pan' });
  if (options.clock && expiry !== undefined) assertNotExpired(expiry, options.clock, { path: 'card.expiry' });
  return new Card({ pan, expiry, serviceCode, name: t1?.name, tracks }, { track1: t1, track2: t2, track3: t3 });
}
