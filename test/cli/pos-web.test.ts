// `cardwire pos --web` as a user runs it: a child process (the CLI bundled from source) serving
// the page bundle and bridging to a real host; SIGTERM stops it with exit 0. Bad options are
// errors before anything listens.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { Host, MemoryLedger } from '../../src/host/index';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { HostServer } from '../../src/host/node/index';
import { buildWeb } from '../../scripts/build-web.mjs';
import { bundle } from '../helpers/child';
import { captureIo } from './io';

const dir = mkdtempSync(join(tmpdir(), 'cardwire-cli-pos-web-'));
const webRoot = join(dir, 'pos-web');
let server: HostServer;
let hostPort = 0;

beforeAll(async () => {
  const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger: new MemoryLedger() });
  await host.start();
  server = new HostServer({ host });
  const [bound] = await Promise.all([server.listen(0, '127.0.0.1'), buildWeb({ outDir: webRoot })]);
  hostPort = bound.port;
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cardwire pos --web', () => {
  test('serves the page on the printed URL, bridges to --connect, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bundle('src/cli/main.ts'), 'pos', '--web', '--port', '0', '--connect', `127.0.0.1:${hostPort}`, '--web-root', webRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL line: ${err}`)), 15_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const m = /^cardwire pos web on (http:\/\/127\.0\.0\.1:\d+\/) \(host 127\.0\.0\.1:(\d+)\)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          expect(Number(m[2])).toBe(hostPort);
          resolve(m[1]!);
        }
      });
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('app.js');
    expect((await fetch(new URL('/../../etc/passwd', url))).status).toBe(404);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toContain('cardwire pos web stopped (SIGTERM)');
  });

  test('a bad --connect, port or bundle folder is an error before anything listens', async () => {
    const badHost = captureIo();
    expect(await main(['pos', '--web', '--connect', 'nowhere'], badHost)).toBe(1);
    expect(badHost.stderr.join('\n')).toContain('POS_CONNECT_INVALID');
    const badPort = captureIo();
    expect(await main(['pos', '--web', '--port', '70000', '--connect', `127.0.0.1:${hostPort}`], badPort)).toBe(1);
    expect(badPort.stderr.join('\n')).toContain('POS_WEB_OPTION_INVALID');
    const noBundle = captureIo();
    expect(await main(['pos', '--web', '--port', '0', '--connect', `127.0.0.1:${hostPort}`, '--web-root', join(dir, 'missing')], noBundle)).toBe(1);
    expect(noBundle.stderr.join('\n')).toContain('POS_WEB_BUNDLE_MISSING');
  });

  test('--port, --bind and --web-root belong to --web', async () => {
    const io = captureIo();
    expect(await main(['pos', '--port', '8080', '--script', '-'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--port goes with --web');
  });
});
