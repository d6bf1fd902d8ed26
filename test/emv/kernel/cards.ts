// Card and configuration variants for the kernel tests: personalisation patches of the catalog
// cards (each built once, so the card signs its certificates once) and configuration patches.
import type {
  ApplicationPersonalisation,
  InterfacePersonalisation,
  RecordPersonalisation,
  VirtualCardPersonalisation,
} from '../../../src/emv/card/index';
import { virtualCards } from '../../../src/emv/card/index';
import type { ApplicationConfig, KernelConfig, TerminalConfig } from '../../../src/emv/kernel/index';
import { defaultKernelConfig } from '../../../src/emv/kernel/index';

export type Perso = VirtualCardPersonalisation;

export const upDebit = virtualCards['up-debit'];
export const upCredit = virtualCards['up-credit'];
export const visa = virtualCards['visa-credit'];
export const mc = virtualCards['mc-debit'];

export function patchApp(p: Perso, f: (a: ApplicationPersonalisation) => ApplicationPersonalisation): Perso {
  return { ...p, applications: p.applications.map((a, k) => (k === 0 ? f(a) : a)) };
}

export function withData(p: Perso, data: Record<string, string>): Perso {
  return patchApp(p, (a) => ({ ...a, data: { ...a.data, ...data } }));
}

export function withContact(p: Perso, patch: Partial<InterfacePersonalisation>): Perso {
  return patchApp(p, (a) => ({ ...a, contact: { ...a.contact!, ...patch } }));
}

export function withRecords(p: Perso, f: (records: readonly RecordPersonalisation[]) => RecordPersonalisation[]): Perso {
  return patchApp(p, (a) => ({ ...a, contact: { ...a.contact!, records: f(a.contact!.records) } }));
}

/** Drop a data object from every contact record. */
export function withoutRecordTag(p: Perso, tag: string): Perso {
  return withRecords(p, (rs) => rs.map((r) => ({ ...r, tags: r.tags.filter((t) => t !== tag) })));
}

export function withCounters(p: Perso, atc: number, lastOnlineAtc: number): Perso {
  return patchApp(p, (a) => ({ ...a, counters: { atc, lastOnlineAtc } }));
}

/** One card carrying the first application of each given card (PIN of the first). */
export function multiApp(cards: readonly Perso[], extra: Partial<Perso> = {}, priorities?: readonly number[]): Perso {
  return {
    id: cards.map((c) => c.id).join('+'),
    pin: cards[0]!.pin!,
    applications: cards.map((c, k) => ({ ...c.applications[0]!, ...(priorities ? { priority: priorities[k]! } : {}) })),
    ...extra,
  };
}

export function withTerminal(patch: Partial<TerminalConfig>, base: KernelConfig = defaultKernelConfig): KernelConfig {
  return { ...base, terminal: { ...base.terminal, ...patch } };
}

export function withApplication(aid: string, patch: Partial<ApplicationConfig>, base: KernelConfig = defaultKernelConfig): KernelConfig {
  return { ...base, applications: base.applications.map((a) => (a.aid === aid ? { ...a, ...patch } : a)) };
}
