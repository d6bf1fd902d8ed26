// What the multi-process benchmark scripts share (transport-rt.mjs, terminal-engine.mjs,
// host-rt.mjs): the bare echo that is their limit, cardwire's host on a ledger, the terminal
// engine of the load-test range signed on to it, and percentiles. Plain Node ESM over ../dist,
// loaded only when a function needs it (terminal-engine.mjs wraps node:fs before dist loads).
import { createServer } from 'node:net';

const DIST = new URL('../dist/', import.meta.url);

/** A module of the built package, e.g. `loadDist('terminal/index.js')`. */
export const loadDist = (path) => import(new URL(path, DIST).href);

/** The default configuration's load-test terminals and cards (LD000001…, 622588100000…). */
export const TMK = '0123456789ABCDEFFEDCBA9876543210';
export const MID = '898310048990002';
export const PIN = '123456';
/** UnionPay framing: a 2-byte binary length, the TPDU and header in the payload. */
export const FRAME = { length: { kind: 'binary', size: 2 } };

/** The p-th percentile of sorted numbers (0 for none). */
export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/**
 * A socket 'data' handler for frames with a 2-byte length: `onFrame(frame)` for each whole frame
 * of a chunk (length included, a view of the chunk), then `afterChunk()`; a partial frame waits
 * for the next chunk.
 */
export function lengthFrames(onFrame, afterChunk = () => undefined) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (pending.length - at >= 2) {
      const len = pending.readUInt16BE(at);
      if (pending.length - at - 2 < len) break;
      onFrame(pending.subarray(at, at + 2 + len));
      at += 2 + len;
    }
    pending = pending.subarray(at);
    afterChunk();
  };
}

/**
 * The limit of the round-trip benches: a node:net server that parses the 2-byte length and writes
 * each whole frame straight back, one write per frame. Resolves with its port.
 */
export async function listenEcho() {
  const server = createServer((s) => {
    s.setNoDelay(true);
    s.on('data', lengthFrames((frame) => s.write(frame)));
    s.on('error', () => undefined);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server.address().port;
}

/**
 * cardwire's host (default configuration) on a ledger (`memory`, `sqlite:FILE`, `postgres://…`),
 * listening on a free loopback port. `nodeBackend`: node:crypto under the crypto layer, as
 * `cardwire host` runs. Resolves with the port and a `close()`.
 */
export async function listenHost(ledgerSpec, { nodeBackend = false, postgres = {}, maxConnections } = {}) {
  const hostLib = await loadDist('host/index.js');
  const hostNode = await loadDist('host/node/index.js');
  if (nodeBackend) (await loadDist('crypto/index.js')).setDefaultBackend((await loadDist('crypto/node.js')).nodeBackend);
  const ledger = await hostNode.openLedger(ledgerSpec, { postgres });
  const host = new hostLib.Host({ config: hostLib.validateHostConfig(hostLib.defaultHostConfig), ledger });
  await host.start();
  let errors = 0;
  const server = new hostNode.HostServer({ host, ...(maxConnections ? { maxConnections } : {}), onError: (e) => errors++ < 5 && console.error('host:', e.code, e.message) });
  const { port } = await server.listen(0, '127.0.0.1');
  return {
    port,
    async close() {
      await server.close({ drainTimeoutMs: 1000 });
      await ledger.close();
    },
  };
}

/**
 * Terminal `n` of the load-test range (TID LD00000n, its own card), as `cardwire load` opens one:
 * logged on, supervisor password changed, signed on to the host at `port`. `wrap` may wrap its
 * host channel (to record what it sends). `purchase(amount)` swipes the card with its PIN and
 * empties the simulators' records, so they do not grow over a run.
 */
export async function openBenchTerminal(port, n, { journal, wrap = (c) => c } = {}) {
  const core = await loadDist('index.js');
  const crypto = await loadDist('crypto/index.js');
  const term = await loadDist('terminal/index.js');
  const tnode = await loadDist('transport/node/index.js');
  const tid = `LD${String(n).padStart(6, '0')}`;
  const body = `622588100000${String(n).padStart(3, '0')}`;
  const card = { pan: body + core.luhnCheckDigit(body), expiry: '2812', serviceCode: '120', discretionary: '00000000' };
  const sm = new crypto.SoftwareSecurityModule();
  sm.loadKey('tmk', core.hex(TMK), { algorithm: 'tdes', usage: 'K0' });
  const client = new tnode.TcpClient({ port, frame: FRAME, key: term.cupFrameKey, reconnect: false, timeoutMs: 10_000 });
  await client.connect();
  const reader = new term.ScriptedCardReader();
  const pinPad = new term.VirtualPinPad(sm);
  const printer = new term.MemoryPrinter();
  const used = journal ?? new term.MemoryJournal();
  const terminal = await term.Terminal.open({
    journal: used,
    securityModule: sm,
    channel: wrap(term.frameChannel(client, FRAME)),
    cardReader: reader,
    pinPad,
    keypad: new term.ScriptedKeypad(),
    printer,
    setup: { tid, mid: MID, merchantName: 'bench', passwordIterations: 1, params: { hostTimeoutMs: 10_000 } },
  });
  const ok = (r, what) => {
    if (r.outcome !== 'approved') throw new Error(`${tid} ${what}: ${r.outcome} ${r.code ?? ''} ${r.message}`);
  };
  ok(await terminal.logon('01', '0000'), 'logon');
  ok(await terminal.changeSupervisorPassword('123456', '654321'), 'supervisor password');
  ok(await terminal.signOn(), 'sign-on');
  const swipe = term.swipeOf(card);
  const purchase = async (amount = 100n) => {
    reader.present(swipe);
    pinPad.enter(PIN);
    const r = await terminal.purchase({ amount });
    printer.outputs.length = 0;
    reader.asked.length = 0;
    pinPad.requests.length = 0;
    return r;
  };
  return { tid, sm, client, terminal, journal: used, purchase, ok };
}
