// Test doubles for the kernel's callbacks: a terminal that answers from a script and records what
// it was asked, a PIN pad that forms ISO 9564 format 2 blocks, and a scripted issuer host that
// verifies ARQCs and answers with ARPCs and scripts under the virtual cards' issuer master keys.
import { hex, isCardwireError, toHex } from '../../../src/core/index';
import {
  EmvIssuer,
  deriveIccMasterKey,
  generateIssuerScriptMac,
  type CryptogramData,
  type CryptogramVersion,
} from '../../../src/crypto/index';
import { encodeTlv, parseDe55, type TlvInput } from '../../../src/emv/index';
import type { VirtualCardPersonalisation } from '../../../src/emv/card/index';
import type {
  ApplicationCandidate,
  KernelInterface,
  KernelMessage,
  OfflinePinAnswer,
  OfflinePinRequest,
  OnlinePinAnswer,
  OnlineRequest,
  OnlineResponse,
} from '../../../src/emv/kernel/index';

/** An ISO 9564 format 2 PIN block (what VERIFY carries for offline PIN). */
export function format2PinBlock(pin: string): Uint8Array {
  return hex(`2${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, 'F'));
}

/** What a scripted terminal saw. */
export interface TerminalLog {
  readonly messages: KernelMessage[];
  readonly candidates: (readonly ApplicationCandidate[])[];
  readonly onlinePin: number;
  readonly offlinePin: OfflinePinRequest[];
  readonly online: OnlineRequest[];
}

export interface ScriptedTerminalOptions {
  readonly choose?: number | 'cancel';
  readonly confirm?: boolean;
  readonly onlinePin?: OnlinePinAnswer;
  /** PINs typed, one per offline PIN entry (the last one repeats); or a fixed answer. */
  readonly offlinePins?: readonly string[] | Exclude<OfflinePinAnswer, { readonly plaintextPinBlock: Uint8Array } | { readonly encipheredPinData: Uint8Array }>;
  readonly online?: (request: OnlineRequest) => OnlineResponse | Promise<OnlineResponse>;
}

/** A KernelInterface that answers from options and logs every call. */
export function scriptedTerminal(options: ScriptedTerminalOptions = {}): KernelInterface & { readonly log: TerminalLog } {
  const log = { messages: [] as KernelMessage[], candidates: [] as (readonly ApplicationCandidate[])[], onlinePin: 0, offlinePin: [] as OfflinePinRequest[], online: [] as OnlineRequest[] };
  return {
    log,
    async selectApplication(candidates) {
      log.candidates.push(candidates);
      return options.choose ?? 0;
    },
    async confirmApplication() {
      return options.confirm ?? true;
    },
    async onlinePin() {
      log.onlinePin++;
      return options.onlinePin ?? 'entered';
    },
    async offlinePin(request) {
      log.offlinePin.push(request);
      const pins = options.offlinePins ?? ['1234'];
      if (typeof pins === 'string') return pins;
      const pin = pins[Math.min(log.offlinePin.length - 1, pins.length - 1)]!;
      return { plaintextPinBlock: format2PinBlock(pin) };
    },
    display(message) {
      log.messages.push(message);
    },
    async online(request) {
      log.online.push(request);
      if (!options.online) return { kind: 'unable-to-go-online' };
      return options.online(request);
    },
  };
}

/** An issuer script command: CLA INS P1 P2 Lc data ‖ MAC, for a template 71 or 72. */
export interface ScriptCommandSpec {
  readonly header: string;
  readonly data?: string;
}

export interface IssuerHostOptions {
  /** Response code (default '00'), or a function of the request. */
  readonly responseCode?: string;
  readonly kind?: 'approved' | 'declined' | 'referral';
  /** Send no ARPC. */
  readonly withoutArpc?: boolean;
  /** Send a corrupted ARPC. */
  readonly wrongArpc?: boolean;
  /** Issuer scripts to send (MACed under the card's MK_SMI). */
  readonly scripts?: readonly { readonly tag: '71' | '72'; readonly id?: string; readonly commands: readonly ScriptCommandSpec[]; readonly badMac?: boolean }[];
}

/** What the scripted host saw. */
export interface IssuerHostLog {
  arqcValid?: boolean;
  requests: number;
}

function cryptogramData(d: ReadonlyMap<string, Uint8Array>): CryptogramData {
  const v = (tag: string): Uint8Array => d.get(tag) ?? new Uint8Array(0);
  return {
    amountAuthorised: v('9F02'),
    amountOther: v('9F03'),
    terminalCountryCode: v('9F1A'),
    terminalVerificationResults: v('95'),
    transactionCurrencyCode: v('5F2A'),
    transactionDate: v('9A'),
    transactionType: v('9C'),
    unpredictableNumber: v('9F37'),
    applicationInterchangeProfile: v('82'),
    applicationTransactionCounter: v('9F36'),
    issuerApplicationData: v('9F10'),
  };
}

/** The data objects of a DE 55, by tag (what a host sees). */
export function de55Values(de55: Uint8Array): Map<string, Uint8Array> {
  return new Map(parseDe55(de55).map((n) => [n.tag, n.value]));
}

/**
 * A test-only issuer host for one virtual card: verifies the ARQC with EmvIssuer under the card's
 * IMK-AC from the request's DE 55 (a wrong ARQC is declined with code '05'), answers with the ARPC
 * the card's cryptogram version uses, and sends issuer scripts MACed under the card's MK_SMI.
 * `verifyCryptogram` checks a TC from a TC upload the same way.
 */
export function issuerHost(
  card: VirtualCardPersonalisation,
  options: IssuerHostOptions = {},
): { online: (r: OnlineRequest) => OnlineResponse; log: IssuerHostLog; verifyCryptogram: (de55: Uint8Array, pan: string, psn: string | undefined) => boolean } {
  const app = card.applications[0]!;
  const cvn: CryptogramVersion = app.cryptogram.cvn;
  const issuer = new EmvIssuer({ issuerMasterKey: hex(app.cryptogram.issuerMasterKeys.ac), cvn });
  const log: IssuerHostLog = { requests: 0 };
  return {
    log,
    verifyCryptogram(de55, pan, psn) {
      const d = de55Values(de55);
      return issuer.verifyArqc({ pan, panSequenceNumber: psn ?? '00', data: cryptogramData(d), arqc: d.get('9F26')! });
    },
    online(request) {
      log.requests++;
      // The host reads the card's data from DE 55, as an ISO 8583 authorisation carries it.
      const data = request.de55 ? de55Values(request.de55) : request.data;
      const arqc = data.get('9F26')!;
      const atc = data.get('9F36')!;
      let ok: boolean;
      try {
        ok = issuer.verifyArqc({ pan: request.pan, panSequenceNumber: request.panSequenceNumber ?? '00', data: cryptogramData(data), arqc });
      } catch (e) {
        // A PAN or PSN no card key can be derived from (a corrupted record): a host declines, 14 invalid card.
        if (!isCardwireError(e)) throw e;
        log.arqcValid = false;
        return { kind: 'declined', authorisationResponseCode: '14' };
      }
      log.arqcValid = ok;
      const code = ok ? (options.responseCode ?? '00') : '05';
      const kind = ok ? (options.kind ?? 'approved') : 'declined';
      const arc = Uint8Array.from(code, (c) => c.charCodeAt(0));
      let iad: Uint8Array | undefined;
      if (!options.withoutArpc) {
        const method2 = cvn.startsWith('visa-1') || cvn === 'visa-22';
        const csu = hex(kind === 'approved' ? '00820000' : '00000000');
        const arpc = issuer.arpc({
          pan: request.pan,
          panSequenceNumber: request.panSequenceNumber ?? '00',
          arqc,
          applicationTransactionCounter: atc,
          unpredictableNumber: data.get('9F37')!,
          ...(method2 ? { cardStatusUpdate: csu } : { authorisationResponseCode: arc }),
        });
        if (options.wrongArpc) arpc[0]! ^= 0xff;
        iad = method2 ? new Uint8Array([...arpc, ...csu]) : new Uint8Array([...arpc, ...arc]);
      }
      let scripts: Uint8Array | undefined;
      if (options.scripts) {
        const mkSmi = deriveIccMasterKey({ issuerMasterKey: hex(app.cryptogram.issuerMasterKeys.smi), pan: request.pan, panSequenceNumber: request.panSequenceNumber ?? '00', option: cvn === 'visa-18' ? 'B' : 'A' });
        const macLength = app.cryptogram.scriptMacLength ?? (cvn === 'unionpay-01' ? 4 : 8);
        const templates: TlvInput[] = options.scripts.map((s) => ({
          tag: s.tag,
          children: [
            ...(s.id ? [{ tag: '9F18', value: hex(s.id) }] : []),
            ...s.commands.map((c) => {
              const body = hex(c.data ?? '');
              const head = hex(c.header);
              const lc = body.length + macLength;
              const mac = generateIssuerScriptMac({ cvn, iccIntegrityMasterKey: mkSmi, commandHeader: Uint8Array.of(...head, lc), applicationTransactionCounter: atc, arqc, commandData: body }).subarray(0, macLength);
              if (s.badMac) mac[0]! ^= 0xff;
              return { tag: '86', value: Uint8Array.of(...head, lc, ...body, ...mac) };
            }),
          ],
        }));
        scripts = encodeTlv(templates);
      }
      return {
        kind,
        authorisationResponseCode: code,
        ...(iad ? { issuerAuthenticationData: iad } : {}),
        ...(scripts ? { scripts } : {}),
      };
    },
  };
}

/** TVR / TSI as hex, for readable expectations. */
export const hexOf = (b: Uint8Array | undefined): string => (b ? toHex(b) : '');
