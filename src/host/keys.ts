/**
 * The host's keys, all held by reference in a `SecurityModule`: each terminal's TMK (loaded from
 * the configuration), the working keys it hands out at sign-on (fresh random PIK, MAK and, for
 * scheme 004, TDK, enciphered under the TMK in DE 62 with their check values), and each card's
 * PVK, CVK and issuer master keys. Working keys live in the ledger as the DE 62 bytes that
 * carried them, so any host process sharing the ledger reloads them (by key generation).
 *
 * DE 62 of the 0810 (CUP POS terminal specification, sign-on):
 * - 001: PIK (8) ‖ KCV (4) ‖ MAK (8) ‖ KCV (4) = 24 bytes, single-length keys;
 * - 003: PIK (16) ‖ KCV (4) ‖ MAK (8 + 8 zero bytes, or 16 when configured) ‖ KCV (4) = 40 bytes;
 * - 004: 003 followed by TDK (16) ‖ KCV (4) = 60 bytes.
 * The check value is the first 4 bytes of the clear key enciphering 8 zero bytes.
 */
import { concatBytes, toHex, hex } from '../core/index';
import { CUP_KEY_CHECK_VALUE_LENGTH, cupWorkingKeyLayout } from '../iso8583/index';
import type { KeyAlgorithm, SoftwareSecurityModule } from '../crypto/index';
import type { HostCard, HostTerminal, KeyScheme } from './config/types';

/** Key references a terminal's keys are stored under. */
export interface TerminalKeyRefs {
  readonly tmk: string;
  readonly pik: string;
  readonly mak: string;
  readonly tdk: string;
}

/** Refs of a terminal's keys. */
export function terminalKeyRefs(tid: string): TerminalKeyRefs {
  return { tmk: `tmk:${tid}`, pik: `pik:${tid}`, mak: `mak:${tid}`, tdk: `tdk:${tid}` };
}

/** Refs of a card's keys. */
export function cardKeyRefs(pan: string): { readonly pvk: string; readonly cvk: string; readonly imkAc: string; readonly imkSmi: string; readonly imkSmc: string } {
  return { pvk: `pvk:${pan}`, cvk: `cvk:${pan}`, imkAc: `imk-ac:${pan}`, imkSmi: `imk-smi:${pan}`, imkSmc: `imk-smc:${pan}` };
}

const KCV = CUP_KEY_CHECK_VALUE_LENGTH;
const USAGE = { pik: 'P0', mak: 'M3', tdk: 'D0' } as const;

function algorithmOf(length: number): KeyAlgorithm {
  return length === 8 ? 'des' : 'tdes';
}

/**
 * The host's key store over a software security module.
 *
 * @example
 * ```ts
 * const keys = new HostKeys(new SoftwareSecurityModule());
 * keys.loadConfig(config);
 * const de62 = await keys.signOn(config.terminals.get('10000159')!, '003', 1); // 40 bytes
 * ```
 */
export class HostKeys {
  /** Key generation loaded per terminal (reload when the ledger's differs). */
  readonly #generation = new Map<string, number>();

  constructor(readonly module: SoftwareSecurityModule) {}

  /** Terminals whose TMK is in the module (loaded on first use: a load-test range holds thousands). */
  readonly #tmks = new Set<string>();
  #terminals: ReadonlyMap<string, HostTerminal> = new Map();

  /** Cards whose keys are in the module (loaded on first use too: a card range holds thousands). */
  readonly #cardKeys = new Set<string>();
  #cards: ReadonlyMap<string, HostCard> = new Map();

  /** Take the configuration's keys; each terminal's TMK and each card's keys load on first use. */
  loadConfig(config: { readonly terminals: ReadonlyMap<string, HostTerminal>; readonly cards: ReadonlyMap<string, HostCard> }): void {
    this.#terminals = config.terminals;
    this.#cards = config.cards;
  }

  /** Make sure a card's PVK, CVK and issuer master keys are in the module. */
  ensureCard(pan: string): void {
    if (this.#cardKeys.has(pan)) return;
    const c = this.#cards.get(pan);
    if (!c) return;
    this.#cardKeys.add(pan);
    {
      const refs = cardKeyRefs(c.pan);
      if (c.pin) this.module.loadKey(refs.pvk, c.pin.pvk.bytes, { algorithm: algorithmOf(c.pin.pvk.bytes.length), usage: c.pin.method === 'ibm3624' ? 'V1' : 'V2' });
      if (c.cvv) this.module.loadKey(refs.cvk, c.cvv.cvk.bytes, { algorithm: 'tdes', usage: 'C0' });
      if (c.emv) {
        this.module.loadKey(refs.imkAc, c.emv.imkAc.bytes, { algorithm: 'tdes', usage: 'E0' });
        if (c.emv.imkSmi) this.module.loadKey(refs.imkSmi, c.emv.imkSmi.bytes, { algorithm: 'tdes', usage: 'E2' });
        if (c.emv.imkSmc) this.module.loadKey(refs.imkSmc, c.emv.imkSmc.bytes, { algorithm: 'tdes', usage: 'E1' });
      }
    }
  }

  /**
   * Fresh working keys for a sign-on: generated in the module, stored under the terminal's refs,
   * and returned as the DE 62 bytes of the 0810.
   */
  #tmk(tid: string): void {
    if (this.#tmks.has(tid)) return;
    const t = this.#terminals.get(tid);
    if (!t) return;
    this.module.loadKey(terminalKeyRefs(tid).tmk, t.tmk.bytes, { algorithm: algorithmOf(t.tmk.bytes.length), usage: 'K0' });
    this.#tmks.add(tid);
  }

  async signOn(terminal: HostTerminal, scheme: KeyScheme, generation: number): Promise<Uint8Array> {
    const refs = terminalKeyRefs(terminal.tid);
    this.#tmk(terminal.tid);
    const parts: Uint8Array[] = [];
    for (const slot of cupWorkingKeyLayout(scheme, { doubleLengthMak: terminal.doubleLengthMak })) {
      await this.module.generateKey(refs[slot.key], { algorithm: algorithmOf(slot.length), usage: USAGE[slot.key], length: slot.length, exportability: 'E' });
      const { encrypted, kcv } = await this.module.exportEncryptedKey(refs[slot.key], refs.tmk);
      parts.push(encrypted, new Uint8Array(slot.width - slot.length), kcv.subarray(0, KCV));
    }
    if (scheme !== '004') this.module.deleteKey(refs.tdk);
    this.#generation.set(terminal.tid, generation);
    return concatBytes(...parts);
  }

  /** Make sure the working keys of `generation` (DE 62 bytes as hex, from the ledger) are loaded. */
  async ensure(tid: string, scheme: string, workingKeys: string, generation: number, doubleLengthMak: boolean): Promise<boolean> {
    if (this.#generation.get(tid) === generation) return true;
    if (workingKeys === '' || (scheme !== '001' && scheme !== '003' && scheme !== '004')) return false;
    const refs = terminalKeyRefs(tid);
    this.#tmk(tid);
    const bytes = hex(workingKeys);
    let at = 0;
    for (const slot of cupWorkingKeyLayout(scheme, { doubleLengthMak })) {
      const encrypted = bytes.subarray(at, at + slot.length);
      const kcv = bytes.subarray(at + slot.width, at + slot.width + KCV);
      at += slot.width + KCV;
      await this.module.importEncryptedKey(refs[slot.key], refs.tmk, { encrypted, kcv, algorithm: algorithmOf(slot.length), usage: USAGE[slot.key] });
    }
    this.#generation.set(tid, generation);
    return true;
  }

  /** Forget a terminal's working keys (sign-off). */
  forget(tid: string): void {
    const refs = terminalKeyRefs(tid);
    this.module.deleteKey(refs.pik);
    this.module.deleteKey(refs.mak);
    this.module.deleteKey(refs.tdk);
    this.#generation.delete(tid);
  }

  toString(): string {
    return `HostKeys(${this.#generation.size} terminals signed on)`;
  }
}

/** @internal Hex of DE 62 for the ledger. */
export function workingKeysHex(de62: Uint8Array): string {
  return toHex(de62);
}
