/**
 * Open the smart POS: the terminal engine on a memory journal, the software security module on
 * the pure crypto backend (no platform crypto but the CSPRNG) with the terminal master key loaded
 * under 'tmk', the device's ports, and the application. By default the terminal is the host
 * simulator's TID 20000001 / MID 898310048990001, whose sign-on uses key scheme 004 (a track key:
 * the engine then enciphers tracks 2 and 3).
 */
import { hex, type Clock, type Random } from '../../core/index';
import { SoftwareSecurityModule, pureBackend } from '../../crypto/index';
import { Terminal, type HostChannel, type Journal, type TerminalSetup } from '../../terminal/index';
import type { Scheduler } from '../../transport/index';
import { SmartPosApp } from './app';
import { SmartPosDevice } from './device';
import { MemoryJournal } from './memory-journal';

/** The test terminal master key of the host simulator's default configuration (public, test only). */
export const DEFAULT_TMK = '0123456789ABCDEFFEDCBA9876543210';

/** The default set-up: the host simulator's terminal 20000001 (fixtures/host/default-config.json). */
export const DEFAULT_SMART_POS_SETUP: TerminalSetup = {
  tid: '20000001',
  mid: '898310048990001',
  merchantName: 'cardwire 便利店 CARDWIRE MART',
  params: { keyScheme: '004' },
};

/** Options of {@link openSmartPos}. */
export interface SmartPosOptions {
  readonly channel: HostChannel;
  readonly setup?: TerminalSetup;
  /** The terminal master key, clear hex (default {@link DEFAULT_TMK}). */
  readonly tmk?: string;
  /** Default: a new {@link MemoryJournal}. */
  readonly journal?: Journal;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Timers of the device's waits (default the platform's). */
  readonly scheduler?: Scheduler;
}

/** An open smart POS. */
export interface SmartPos {
  readonly terminal: Terminal;
  readonly device: SmartPosDevice;
  readonly app: SmartPosApp;
}

/**
 * Open the smart POS.
 *
 * @example
 * ```ts
 * const pos = await openSmartPos({ channel });
 * pos.device.press('9'); pos.device.press('1'); // 管理 → 签到
 * ```
 */
export async function openSmartPos(options: SmartPosOptions): Promise<SmartPos> {
  const securityModule = new SoftwareSecurityModule({ backend: pureBackend, ...(options.random ? { random: options.random } : {}) });
  securityModule.loadKey('tmk', hex(options.tmk ?? DEFAULT_TMK), { algorithm: 'tdes', usage: 'K0' });
  const device = new SmartPosDevice({ securityModule, ...(options.scheduler ? { scheduler: options.scheduler } : {}) });
  const terminal = await Terminal.open({
    journal: options.journal ?? new MemoryJournal(),
    securityModule,
    channel: options.channel,
    cardReader: device.cardReader,
    pinPad: device.pinPad,
    keypad: device.keypad,
    display: device.display,
    printer: device.printer,
    scanner: device.scanner,
    backend: pureBackend,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
    setup: options.setup ?? DEFAULT_SMART_POS_SETUP,
  });
  return { terminal, device, app: new SmartPosApp(terminal, device) };
}
