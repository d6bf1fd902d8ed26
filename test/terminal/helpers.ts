// A terminal wired to the host simulator in-process (functionChannel over Host.handle): the
// engine's end-to-end partner in the terminal tests.
import { hex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/index';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import type { Ledger } from '../../src/host/ledger/ledger';
import { validateHostConfig } from '../../src/host/config/validate';
import { defaultHostConfig } from '../../src/host/config/default';
import type { HostConfigJson } from '../../src/host/config/types';
import { fixedClock, type Clock } from '../../src/core/index';
import {
  functionChannel,
  MemoryDisplay,
  MemoryPrinter,
  ScriptedCardReader,
  ScriptedKeypad,
  ScriptedScanner,
  Terminal,
  VirtualPinPad,
  type HostChannel,
  type Journal,
  type TerminalSetup,
} from '../../src/terminal/index';

export const TMK = '0123456789ABCDEFFEDCBA9876543210';

/** A journal in memory with a crash view: only what `append` resolved is there. */
export class TestJournal implements Journal {
  records: Uint8Array[] = [];
  stats = { appends: 0, syncs: 0, bytes: 0 };
  async open() {
    return this.records.slice();
  }
  async append(records: readonly Uint8Array[]) {
    this.records.push(...records.map((r) => r.slice()));
    this.stats = { appends: this.stats.appends + records.length, syncs: this.stats.syncs + 1, bytes: this.stats.bytes + records.reduce((n, r) => n + r.length, 0) };
  }
  async compact(snapshot: readonly Uint8Array[]) {
    this.records = snapshot.map((r) => r.slice());
  }
  async close() {}
}

export const DEBIT = { pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' };
export const CREDIT = { pan: '6258070000000009', expiry: '2812', serviceCode: '120', discretionary: '09200000' };
export const LOST = { pan: '6222020000000007', expiry: '2812', serviceCode: '120', discretionary: '08400000' };
export const FOREIGN = { pan: '4000000000000002', expiry: '2812', serviceCode: '101', discretionary: '66400000' };

export interface Rig {
  host: Host;
  ledger: Ledger;
  terminal: Terminal;
  journal: TestJournal;
  reader: ScriptedCardReader;
  keypad: ScriptedKeypad;
  pinPad: VirtualPinPad;
  printer: MemoryPrinter;
  display: MemoryDisplay;
  scanner: ScriptedScanner;
  sm: SoftwareSecurityModule;
  channel: HostChannel;
  sent: Uint8Array[];
  reopen(): Promise<Terminal>;
}

export async function rig(options: { config?: HostConfigJson; clock?: Clock; setup?: Partial<TerminalSetup>; channel?: (host: Host) => HostChannel; journal?: TestJournal; ledger?: Ledger } = {}): Promise<Rig> {
  const clock = options.clock ?? fixedClock('2026-12-07T02:30:00Z');
  const ledger = options.ledger ?? new MemoryLedger();
  const host = new Host({ config: validateHostConfig(options.config ?? defaultHostConfig), ledger, clock });
  await host.start();
  const sent: Uint8Array[] = [];
  const channel = options.channel?.(host) ?? functionChannel(async (p) => {
    sent.push(p);
    return (await host.handle(p)).response;
  });
  const journal = options.journal ?? new TestJournal();
  const sm = new SoftwareSecurityModule();
  sm.loadKey('tmk', hex(TMK), { algorithm: 'tdes', usage: 'K0' });
  const reader = new ScriptedCardReader();
  const keypad = new ScriptedKeypad();
  const pinPad = new VirtualPinPad(sm);
  const printer = new MemoryPrinter();
  const display = new MemoryDisplay();
  const scanner = new ScriptedScanner();
  const open = () =>
    Terminal.open({
      journal, securityModule: sm, channel, cardReader: reader, pinPad, keypad, printer, display, scanner, clock,
      setup: { tid: '10000159', mid: '880210010210160', merchantName: '测试商户一', ...(options.setup ?? {}) },
    });
  const terminal = await open();
  return { host, ledger, terminal, journal, reader, keypad, pinPad, printer, display, scanner, sm, channel, sent, reopen: open };
}

/** Log operator 01 on, change the supervisor password to 654321, sign on. */
export async function ready(r: Rig): Promise<void> {
  await r.terminal.logon('01', '0000');
  await r.terminal.changeSupervisorPassword('123456', '654321');
  const s = await r.terminal.signOn();
  if (s.outcome !== 'approved') throw new Error(`sign-on: ${s.message}`);
}

export async function available(ledger: Ledger, pan: string): Promise<bigint> {
  return (await ledger.accounts()).find((a) => a.pan === pan)!.available;
}
