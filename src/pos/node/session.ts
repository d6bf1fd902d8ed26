/// <reference types="node" />
/**
 * A POS terminal on this machine: the engine on a file journal (so a restart continues the
 * batch), the security module holding the TMK, the host over TCP in UnionPay's 2-byte length
 * frame (connected on first use, and again after a drop), and receipts saved as text files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { hex, isCardwireError } from '../../core/index';
import { SoftwareSecurityModule } from '../../crypto/index';
import { cupFrameKey, frameChannel, Terminal, type CardReader, type Display, type HostChannel, type Keypad, type PinPad, type Printer, type Scanner } from '../../terminal/index';
import { FileJournal } from '../../terminal/node/index';
import { TcpClient } from '../../transport/node/index';
import { journalInLanguage } from '../language';
import type { SavedReceipt } from '../receipts';

/** The public test TMK of the UnionPay samples and the host's default configuration. TEST ONLY. */
export const TEST_TMK = '0123456789ABCDEFFEDCBA9876543210';

const FRAME = { length: { kind: 'binary', size: 2 } } as const;

/**
 * A security module with the terminal master key loaded under `tmk` (as key injection does).
 *
 * @example
 * ```ts
 * const sm = posSecurityModule(TEST_TMK);
 * ```
 */
export function posSecurityModule(tmk: string): SoftwareSecurityModule {
  const sm = new SoftwareSecurityModule();
  sm.loadKey('tmk', hex(tmk, { path: 'tmk' }), { algorithm: 'tdes', usage: 'K0' });
  return sm;
}

/**
 * Where a terminal's journal lives by default: `~/.cardwire/pos/<tid>.cwj`.
 *
 * @example
 * ```ts
 * defaultJournalPath('10000159'); // '/home/me/.cardwire/pos/10000159.cwj'
 * ```
 */
export function defaultJournalPath(tid: string): string {
  return join(homedir(), '.cardwire', 'pos', `${tid.replace(/[^0-9A-Za-z]/g, '_')}.cwj`);
}

/** A host channel over a TCP client that connects when a request finds it disconnected. */
function connectingChannel(client: TcpClient): HostChannel {
  const channel = frameChannel(client, FRAME);
  return {
    async request(payload, options) {
      // A host that cannot be reached is TRANSPORT_CONNECT_FAILED: nothing left, nothing to reverse.
      if (client.state !== 'connected') await client.connect();
      return channel.request(payload, options);
    },
  };
}

/** Options of {@link openPosSession}. */
export interface PosSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly journalPath: string;
  readonly language: 'zh' | 'en';
  readonly tid: string;
  readonly mid: string;
  readonly merchantName: string;
  readonly securityModule: SoftwareSecurityModule;
  readonly ports: { readonly cardReader: CardReader; readonly pinPad: PinPad; readonly keypad: Keypad; readonly printer: Printer; readonly display?: Display; readonly scanner?: Scanner };
  /** Host answer timeout of the TCP client (default 30 000 ms). */
  readonly timeoutMs?: number;
}

/** An open POS terminal. */
export interface PosSession {
  readonly terminal: Terminal;
  close(): Promise<void>;
}

/**
 * Open the terminal on its journal (set up on first use with the TID, MID and merchant name),
 * connected to the host at `host:port`.
 *
 * @example
 * ```ts
 * const sm = posSecurityModule(TEST_TMK);
 * const devices = new ScriptDevices(sm);
 * const { terminal, close } = await openPosSession({ host: '127.0.0.1', port: 5000, journalPath, language: 'zh',
 *   tid: '10000159', mid: '880210010210160', merchantName: '测试商户', securityModule: sm, ports: devices.ports });
 * ```
 */
export async function openPosSession(options: PosSessionOptions): Promise<PosSession> {
  mkdirSync(dirname(options.journalPath), { recursive: true });
  const client = new TcpClient({ host: options.host, port: options.port, frame: FRAME, key: cupFrameKey, timeoutMs: options.timeoutMs ?? 30_000, connectTimeoutMs: 5000 });
  const file = new FileJournal(options.journalPath);
  const journal = journalInLanguage(file, options.language);
  let terminal: Terminal;
  try {
    terminal = await Terminal.open({
      ...options.ports,
      journal,
      securityModule: options.securityModule,
      channel: connectingChannel(client),
      setup: { tid: options.tid, mid: options.mid, merchantName: options.merchantName, params: { language: options.language } },
    });
  } catch (e) {
    await file.close().catch(() => undefined);
    throw e;
  }
  // Connect now so the first transaction does not wait; a host not up yet is tried again on use.
  await client.connect().catch((e: unknown) => {
    if (!isCardwireError(e)) throw e;
  });
  return {
    terminal,
    async close() {
      await client.close({ drainTimeoutMs: 500 }).catch(() => undefined);
      await file.close();
    },
  };
}

/**
 * A receipt saver for `dir`: each receipt one text file (an existing name gets `-2`, `-3`, …).
 *
 * @example
 * ```ts
 * const save = receiptSaver('./receipts');
 * save([{ name: '000001-purchase-000002-1.txt', lines: ['…'] }]);
 * ```
 */
export function receiptSaver(dir: string): (receipts: readonly SavedReceipt[]) => void {
  return (receipts) => {
    mkdirSync(dir, { recursive: true });
    for (const r of receipts) {
      for (let n = 1; ; n++) {
        const name = n === 1 ? r.name : r.name.replace(/\.txt$/, `-${n}.txt`);
        try {
          writeFileSync(join(dir, name), `${r.lines.join('\n')}\n`, { flag: 'wx' });
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
    }
  };
}
