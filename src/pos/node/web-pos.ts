/**
 * The browser POS as a service: {@link startWebPos} serves the bundled page and bridges its
 * WebSocket to a host's TCP port ({@link PosWebServer}); {@link runWebPos} is what
 * `cardwire pos --web` calls: options as the command line gives them (strings), lines out, and a
 * run until SIGINT/SIGTERM (or the `stop` promise a caller passes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/index';
import { DEFAULT_MAX_MESSAGE_SIZE, PosWebServer, defaultWebRoot } from './web-server';

/** A host's TCP address. */
export interface HostAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parse `HOST:PORT` (`[::1]:5000` for IPv6, a bare `PORT` for 127.0.0.1); throws
 * POS_CONNECT_INVALID with `path` naming the option.
 *
 * @example
 * ```ts
 * parseHostAddress('127.0.0.1:5000'); // { host: '127.0.0.1', port: 5000 }
 * parseHostAddress('[::1]:5000');     // { host: '::1', port: 5000 }
 * parseHostAddress('5000');           // { host: '127.0.0.1', port: 5000 }
 * ```
 */
export function parseHostAddress(text: string, path = 'connect'): HostAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) {
    fail('POS_CONNECT_INVALID', `not HOST:PORT with a port from 1 to 65535: '${text.slice(0, 60)}'`, { path });
  }
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

/** Options of {@link startWebPos}. */
export interface WebPosOptions {
  /** The host's TCP address (`HOST:PORT` or parsed): each browser socket gets a connection there. */
  readonly hostAddress: string | HostAddress;
  /** The HTTP port to listen on (default 0: a free one, told in `url`). */
  readonly port?: number;
  /** The address to listen on (default 127.0.0.1: the page drives a terminal with its keys). */
  readonly bind?: string;
  /** The bundle's folder (default: dist/pos-web, built by `npm run build`). */
  readonly root?: string;
  /** Largest WebSocket message, in bytes (default and maximum 65 535, one UnionPay frame). */
  readonly maxMessageSize?: number;
  /** One line per bridge event (connection opened or closed, a refusal, a protocol error); never a payload. */
  readonly onLog?: (line: string) => void;
}

/** A running browser POS. */
export interface WebPos {
  /** The page's address (`http://127.0.0.1:PORT/`). */
  readonly url: string;
  readonly port: number;
  /** The server, for its connection count. */
  readonly server: PosWebServer;
  /** Close every bridge (the browser told 1001, the host connection ended) and stop listening. */
  close(): Promise<void>;
}

/**
 * Serve the browser POS and bridge it to a host.
 *
 * @example
 * ```ts
 * const pos = await startWebPos({ hostAddress: '127.0.0.1:5000' });
 * pos.url; // 'http://127.0.0.1:PORT/': open it, 9 → 1 signs on
 * await pos.close();
 * ```
 */
export async function startWebPos(options: WebPosOptions): Promise<WebPos> {
  const host = typeof options.hostAddress === 'string' ? parseHostAddress(options.hostAddress, 'hostAddress') : options.hostAddress;
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('POS_WEB_OPTION_INVALID', 'the listening port is not 0 to 65535', { path: 'port' });
  const bind = options.bind ?? '127.0.0.1';
  if (bind.trim() === '') fail('POS_WEB_OPTION_INVALID', 'the bind address is empty', { path: 'bind' });
  const max = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  // A message is one host frame, whose 2-byte length caps it.
  if (!Number.isInteger(max) || max < 1 || max > DEFAULT_MAX_MESSAGE_SIZE) fail('POS_WEB_OPTION_INVALID', 'the maximum message size is not 1 to 65535 bytes', { path: 'maxMessageSize' });
  const root = options.root ?? defaultWebRoot();
  // A folder given by hand is checked too: a page server with no page would answer only 404s.
  if (!existsSync(join(root, 'index.html'))) fail('POS_WEB_BUNDLE_MISSING', 'the bundle folder has no index.html: run `npm run build` first', { path: 'root' });
  const server = new PosWebServer({ root, host, maxMessageSize: max, ...(options.onLog ? { onLog: options.onLog } : {}) });
  const bound = await server.listen(port, bind);
  return { url: bound.url, port: bound.port, server, close: () => server.close() };
}

/**
 * The options of `cardwire pos --web`, as parseArgs gives them (every value a string).
 *
 * - `connect`: the host, `HOST:PORT` (default `127.0.0.1:5000`, where `cardwire host` listens);
 * - `port`: the HTTP port of the page (default `8080`; `0` picks a free one);
 * - `bind`: the address to listen on (default `127.0.0.1`; anything else exposes a terminal's
 *   keys to that network: test keys only, but say so on purpose);
 * - `root`: the bundle's folder (default dist/pos-web beside the CLI).
 */
export interface WebPosCliOptions {
  readonly connect?: string;
  readonly port?: string;
  readonly bind?: string;
  readonly root?: string;
}

/** Where {@link runWebPos} writes, and what stops it. */
export interface WebPosIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the server should stop (default: the first SIGINT or SIGTERM); its value is logged. */
  readonly stop?: Promise<string>;
}

function signalStop(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * `cardwire pos --web`: serve the page, print `cardwire pos web on URL (host HOST:PORT)` first,
 * then one line per bridge event, until stopped; resolves with the exit code (0). Bad options
 * throw a CardwireError (POS_CONNECT_INVALID, POS_WEB_OPTION_INVALID, POS_WEB_BUNDLE_MISSING),
 * which the command layer reports with exit code 1.
 *
 * @example
 * ```ts
 * await runWebPos({ connect: '127.0.0.1:5000', port: '8080' }, { out: console.log, err: console.error });
 * // cardwire pos web on http://127.0.0.1:8080/ (host 127.0.0.1:5000)
 * ```
 */
export async function runWebPos(options: WebPosCliOptions, io: WebPosIo): Promise<number> {
  const host = parseHostAddress(options.connect ?? '127.0.0.1:5000', 'connect');
  const port = options.port === undefined ? 8080 : /^\d{1,5}$/.test(options.port) ? Number(options.port) : NaN;
  if (!(port >= 0 && port <= 65535)) fail('POS_WEB_OPTION_INVALID', 'the listening port is not 0 to 65535', { path: 'port' });
  const pos = await startWebPos({
    hostAddress: host,
    port,
    ...(options.bind !== undefined ? { bind: options.bind } : {}),
    ...(options.root !== undefined ? { root: options.root } : {}),
    onLog: io.out,
  });
  const shown = host.host.includes(':') ? `[${host.host}]` : host.host;
  io.out(`cardwire pos web on ${pos.url} (host ${shown}:${host.port})`);
  const why = await (io.stop ?? signalStop());
  await pos.close();
  io.err(`cardwire pos web stopped (${why})`);
  return 0;
}
