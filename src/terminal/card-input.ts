/**
 * Reading the card: swipe (tracks as text, or the raw bits a head delivered, decoded with their
 * parity and LRC), insert and tap (handed to the chip flow), manual key entry, and the payment
 * code from the scanner. A chip card swiped is asked to be inserted (its service code says so),
 * unless the chip already failed: then the swipe is a fallback (DE 22 02x, 60.5 = 2).
 */
import { isCardwireError } from '../core/index';
import type { ApduTransmit } from '../emv/index';
import { cupEncipherTrack } from '../iso8583/index';
import { decodeStripeBits, readCard, type StripeBits } from '../track/index';
import type { Engine } from './engine';
import type { EntryMethod, PresentedCard } from './ports';
import type { RequestCard } from './profiles/unionpay';
import type { CardEntry } from './state';

/** A card read for a transaction. */
export type CardRead =
  | { readonly kind: 'card'; readonly card: RequestCard & { readonly serviceCode?: string } }
  | { readonly kind: 'chip'; readonly method: 'insert' | 'tap'; readonly transmit: ApduTransmit }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly reason: string };

function bitsText(bits: StripeBits | undefined, track: 1 | 2 | 3): string | undefined {
  return bits === undefined ? undefined : decodeStripeBits(bits, { track }).text;
}

/** Track 2 as UnionPay carries it in DE 35: digits with D as the separator, no sentinels. */
function cupTrack(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.replace(/^[;%]/, '').replace(/\?.?$/, '').replace('=', 'D').replace(/=/g, 'D');
}

/** Read a card in one of `methods`; `fallback` says the chip already failed (a swipe is then a fallback). */
export async function readCardFor(engine: Engine, options: { readonly methods: readonly EntryMethod[]; readonly prompt: string; readonly fallback?: boolean; readonly encipherTracks: boolean }): Promise<CardRead> {
  const { methods } = options;
  engine.emit({ type: 'waiting-for-card', methods, prompt: options.prompt });
  engine.show({ title: options.prompt, lines: [methods.map((m) => METHOD_TEXT[m]).join(' / ')] });
  let presented: PresentedCard;
  if (methods.length === 1 && methods[0] === 'qr') {
    const scanner = engine.ports.scanner;
    if (!scanner) return { kind: 'error', reason: 'no scanner' };
    const s = await scanner.scan({ prompt: options.prompt, timeoutMs: engine.state.params.promptTimeoutMs });
    if (s.kind !== 'scanned') return { kind: s.kind };
    return { kind: 'card', card: { entry: 'qr', pan: '', tracksEnciphered: false, paymentCode: s.code } };
  }
  presented = await engine.ports.cardReader.read({ methods, prompt: options.prompt, timeoutMs: engine.state.params.promptTimeoutMs });
  switch (presented.method) {
    case 'cancelled':
    case 'timeout':
      return { kind: presented.method };
    case 'insert':
    case 'tap':
      return { kind: 'chip', method: presented.method, transmit: presented.transmit };
    case 'manual':
      return { kind: 'card', card: { entry: 'manual', pan: presented.pan, expiry: presented.expiry, tracksEnciphered: false } };
    case 'swipe':
    case 'swipe-bits': {
      let t1: string | undefined;
      let t2: string | undefined;
      let t3: string | undefined;
      try {
        if (presented.method === 'swipe') {
          t1 = presented.track1;
          t2 = presented.track2;
          t3 = presented.track3;
        } else {
          t1 = bitsText(presented.track1, 1);
          t2 = bitsText(presented.track2, 2);
          t3 = bitsText(presented.track3, 3);
        }
        const card = readCard({ ...(t1 ? { track1: t1 } : {}), ...(t2 ? { track2: t2 } : {}), ...(t3 ? { track3: t3 } : {}) });
        const entry: CardEntry = options.fallback ? 'fallback' : 'swipe';
        let track2 = cupTrack(t2);
        let track3 = cupTrack(t3);
        if (options.encipherTracks) {
          const sm = engine.ports.securityModule;
          if (track2 !== undefined) track2 = await cupEncipherTrack(sm, engine.refs.tdk, track2);
          if (track3 !== undefined) track3 = await cupEncipherTrack(sm, engine.refs.tdk, track3);
        }
        return {
          kind: 'card',
          card: {
            entry,
            pan: card.pan,
            ...(card.expiry !== undefined ? { expiry: card.expiry } : {}),
            ...(card.serviceCode !== undefined ? { serviceCode: card.serviceCode } : {}),
            ...(track2 !== undefined ? { track2 } : {}),
            ...(track3 !== undefined ? { track3 } : {}),
            tracksEnciphered: options.encipherTracks,
          },
        };
      } catch (e) {
        if (!isCardwireError(e)) throw e;
        return { kind: 'error', reason: e.code };
      }
    }
    default: {
      const never: never = presented;
      return { kind: 'error', reason: `unknown card presentation ${String(never)}` };
    }
  }
}

const METHOD_TEXT: Readonly<Record<EntryMethod, string>> = {
  swipe: '刷卡 SWIPE',
  insert: '插卡 INSERT',
  tap: '挥卡 TAP',
  manual: '手输 KEY IN',
  qr: '扫码 SCAN',
};

/** A service code that says the card has a chip to be used (ISO/IEC 7813: first digit 2 or 6). */
export function chipCapable(serviceCode: string | undefined): boolean {
  return serviceCode !== undefined && (serviceCode.startsWith('2') || serviceCode.startsWith('6'));
}
