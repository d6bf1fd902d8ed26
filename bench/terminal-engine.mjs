// Terminal engine cost per purchase (CPU of this process, the wait for the host excluded) with the
// memory journal and with the file journal, fsyncs per purchase, against the bare request/response
// round trip of the same messages in the same run (issue 15). Plain Node ESM over ../dist.
//
// The host is cardwire's real host (Host + MemoryLedger + HostServer, the default configuration)
// in a forked child process, so none of its CPU lands in this process. Every case runs purchases
// one at a time (1 in flight) and measures process.cpuUsage() (user + system, all threads of this
// process: GC and libuv included) and wall time over BENCH_PURCHASES purchases; the cases are
// interleaved over BENCH_ROUNDS rounds and the median round is reported.
//
// Cases (each its own terminal id and card, all signed on to the same host):
//   bare-raw   node:net socket; per request: the pre-built payload (0200 with fresh STAN and MAC,
//              built before timing from the bytes the engine sent) framed with its 2-byte length
//              into a new Buffer, one write; the answer deframed from the socket's chunks.
//              Nothing decoded. The floor: syscalls, event loop, promise per request.
//   bare       bare-raw + the 0210 unpacked once with the cup codec and DE 39 / DE 11 checked: the
//              least any client does with the answer. This is the baseline of "engine adds".
//   channel    (information) the same pre-built payloads through the engine's channel:
//              cardwire TcpClient + frameChannel with cupFrameKey (unpacks the request for its key
//              and the answer for matching), then the answer unpacked and checked as in `bare`.
//   memory     Terminal.purchase end to end, MemoryJournal: swipe read, PIN block in the virtual
//              PIN pad, 0200 built, packed, MAC'd, reversal journaled, sent, 0210 unpacked, MAC
//              verified, committed, two receipt copies rendered to a MemoryPrinter.
//   file       the same on a FileJournal in a temp dir with its durable default (fdatasync on
//              every append); fsyncs counted from journal.stats.syncs and, as a cross-check, from
//              calls of fs.fsyncSync / fs.fdatasyncSync (wrapped before dist is loaded).
//
// A terminal's batch grows by one transaction per purchase and some per-purchase work in the engine
// scans the batch, so each engine case settles (untimed) before its timed run: every run covers
// batch sizes 0 .. BENCH_PURCHASES-1, and the CPU per quarter of the run is printed as well.
//
// Env: BENCH_PURCHASES (default 900, at most 999), BENCH_ROUNDS (5), BENCH_WARMUP (900 per case, first round
// only), BENCH_CASES (comma-separated subset, e.g. for `node --cpu-prof`: BENCH_CASES=memory).
// `node bench/terminal-engine.mjs top <file.cpuprofile> [n]` prints the top self-time functions.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAME, lengthFrames, listenHost, loadDist as load, openBenchTerminal } from './lib.mjs';

// ---- fsync counting (before dist is loaded: its `import { fdatasyncSync } from 'fs'` is live) --
const fsCalls = { fsync: 0, fdatasync: 0 };
{
  const fsyncSync = fs.fsyncSync;
  const fdatasyncSync = fs.fdatasyncSync;
  fs.fsyncSync = (fd) => (fsCalls.fsync++, fsyncSync(fd));
  fs.fdatasyncSync = (fd) => (fsCalls.fdatasync++, fdatasyncSync(fd));
  module.syncBuiltinESMExports();
}

const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 900);
// A batch holds at most 999 transactions (the settlement counts are n3): each engine run is one batch.
if (!(PURCHASES >= 1 && PURCHASES <= 999)) throw new Error('BENCH_PURCHASES is 1 to 999: each engine run is one batch, and a batch holds at most 999 transactions');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 900);
const QUARTERS = 4;


// ---- host (child process) ----------------------------------------------------------------------
async function runHost() {
  const host = await listenHost('memory');
  process.send({ port: host.port });
  process.once('disconnect', async () => {
    await host.close();
    process.exit(0);
  });
}

// ---- profile summary ---------------------------------------------------------------------------
function top(file, n = 30) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const ticks = new Map();
  for (let i = 0; i < profile.samples.length; i++) ticks.set(profile.samples[i], (ticks.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  let total = 0;
  for (const [id, us] of ticks) {
    const f = byId.get(id).callFrame;
    const url = f.url.replace(/^.*\/dist\//, 'dist/').replace(/^file:\/\//, '');
    const key = `${f.functionName || '(anonymous)'}  ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const idle = [...self].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  console.log(`total ${(total / 1000).toFixed(0)} ms sampled, ${(idle / 1000).toFixed(0)} ms idle; self time, % of non-idle:`);
  for (const [k, us] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${((100 * us) / (total - idle)).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`);
  }
}

// ---- the bench (parent) ------------------------------------------------------------------------
async function main() {
  const iso = await load('iso8583/index.js');
  const term = await load('terminal/index.js');
  const termNode = await load('terminal/node/index.js');
  const { codec } = iso.dialect('cup');

  const only = process.env.BENCH_CASES?.split(',');
  const wanted = (c) => !only || only.includes(c);

  const child = fork(fileURLToPath(import.meta.url), ['host'], { stdio: 'inherit', execArgv: [] });
  const { port } = await new Promise((r) => child.once('message', r));
  const dir = mkdtempSync(join(tmpdir(), 'cardwire-bench-'));

  /** A terminal as load-terminals opens one, logged on, supervisor password changed, signed on. */
  const openTerminal = (n, journal, wrap) => openBenchTerminal(port, n, { journal, wrap });

  // Engine terminals.
  const engines = {};
  if (wanted('memory')) engines.memory = await openTerminal(1, new term.MemoryJournal());
  if (wanted('file')) engines.file = await openTerminal(2, new termNode.FileJournal(join(dir, 'journal.cwj')));

  // The bare cases' messages: what terminal LD000004's engine sends for a purchase, recorded
  // through its channel, then rebuilt before each timed run with fresh STANs and MACs under its MAK.
  let captured;
  const source = await openTerminal(4, new term.MemoryJournal(), (channel) => ({
    async request(payload, options) {
      captured = payload.slice();
      return channel.request(payload, options);
    },
  }));
  source.ok(await source.purchase(100n), 'capture purchase');
  const template = codec.unpack(captured);
  let nextStan = 500_000;
  async function buildMessages(n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const stan = String(nextStan++).padStart(6, '0');
      const bytes = template.set(11, stan).pack();
      term.sealMac(bytes, await source.sm.generateMac('mak', term.macData(bytes), { algorithm: 'unionpay' }));
      out.push({ stan, bytes });
    }
    return out;
  }

  // The bare client: a node:net socket, 2-byte length framing, one request at a time.
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  let waiting;
  socket.on(
    'data',
    lengthFrames((frame) => {
      const w = waiting;
      waiting = undefined;
      w(frame.subarray(2));
    }),
  );
  const bareRequest = (payload) =>
    new Promise((resolve) => {
      waiting = resolve;
      const f = Buffer.allocUnsafe(2 + payload.length);
      f.writeUInt16BE(payload.length, 0);
      f.set(payload, 2);
      socket.write(f);
    });
  const checkAnswer = (payload, stan) => {
    const m = codec.unpack(payload);
    if (m.get(39) !== '00' || m.get(11) !== stan) throw new Error(`bare: answer ${m.get(39)} for ${m.get(11)} (sent ${stan})`);
  };
  const channel = term.frameChannel(source.client, FRAME);

  /** One timed run: `step(i)` n times; CPU and wall in total and per quarter. */
  async function timed(n, step, before) {
    const quarters = [];
    const q = Math.ceil(n / QUARTERS);
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    let cq = c0;
    for (let i = 0; i < n; i++) {
      await step(i);
      if ((i + 1) % q === 0 || i === n - 1) {
        const c = process.cpuUsage();
        quarters.push((c.user + c.system - cq.user - cq.system) / ((i % q) + 1));
        cq = c;
      }
    }
    const c = process.cpuUsage(c0);
    const wall = performance.now() - w0;
    return { cpuUs: (c.user + c.system) / n, userUs: c.user / n, sysUs: c.system / n, perSec: (n * 1000) / wall, quarters, ...(before ? before() : {}) };
  }

  const cases = [
    {
      name: 'bare-raw',
      label: 'bare round trip, node:net, framing only (floor)',
      async run(n) {
        const msgs = await buildMessages(n);
        return timed(n, async (i) => {
          await bareRequest(msgs[i].bytes);
        });
      },
    },
    {
      name: 'bare',
      label: 'bare round trip + answer unpacked (baseline)',
      async run(n) {
        const msgs = await buildMessages(n);
        return timed(n, async (i) => {
          checkAnswer(await bareRequest(msgs[i].bytes), msgs[i].stan);
        });
      },
    },
    {
      name: 'channel',
      label: 'same bytes via TcpClient + frameChannel (information)',
      async run(n) {
        const msgs = await buildMessages(n);
        return timed(n, async (i) => {
          checkAnswer(await channel.request(msgs[i].bytes, { timeoutMs: 10_000 }), msgs[i].stan);
        });
      },
    },
    ...['memory', 'file'].map((name) => ({
      name,
      label: name === 'memory' ? 'Terminal.purchase, MemoryJournal' : 'Terminal.purchase, FileJournal (fdatasync)',
      async run(n) {
        const e = engines[name];
        if (e.terminal.transactions().length) e.ok(await e.terminal.settle(), 'settlement');
        const s0 = e.journal.stats.syncs;
        const f0 = fsCalls.fsync + fsCalls.fdatasync;
        let declined = 0;
        const r = await timed(n, async () => {
          const p = await e.purchase(100n);
          if (p.outcome !== 'approved') {
            if (declined++ < 3) console.error(`${e.tid}: ${p.outcome} ${p.code ?? ''} ${p.message}`);
          }
        });
        if (declined) throw new Error(`${e.tid}: ${declined} purchases not approved`);
        return { ...r, syncs: (e.journal.stats.syncs - s0) / n, fsCalls: (fsCalls.fsync + fsCalls.fdatasync - f0) / n };
      },
    })),
  ].filter((c) => wanted(c.name) && (c.name.startsWith('bare') || c.name === 'channel' || engines[c.name]));

  const la = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`terminal engine bench: ${PURCHASES} purchases per case per round, ${ROUNDS} rounds, warm-up ${WARMUP}, host in a child process; load average ${la()}`);

  const started = performance.now();
  // Warm-up (JIT), every case.
  for (const c of cases) await c.run(WARMUP);
  const results = new Map(cases.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so that drifts of the machine hit every case alike.
    const order = cases.map((_, i) => cases[(i + round) % cases.length]);
    for (const c of order) results.get(c.name).push(await c.run(PURCHASES));
    console.log(`round ${round + 1}: ${order.map((c) => `${c.name} ${results.get(c.name).at(-1).cpuUs.toFixed(1)} µs`).join(', ')}`);
  }
  const median = (runs) => [...runs].sort((a, b) => a.cpuUs - b.cpuUs)[Math.floor(runs.length / 2)];
  const base = results.get('bare') ? median(results.get('bare')).cpuUs : undefined;
  console.log(`\nload average after: ${la()}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  console.log('| case | CPU µs/purchase (user+sys) | engine adds µs (vs bare) | fsyncs/purchase | purchases/s (wall) | CPU µs by quarter of the batch | rounds (CPU µs) |');
  console.log('|---|---:|---:|---:|---:|---|---|');
  for (const c of cases) {
    const runs = results.get(c.name);
    const r = median(runs);
    const adds = base === undefined || c.name === 'bare' ? '' : (r.cpuUs - base).toFixed(1);
    const syncs = r.syncs === undefined ? '' : `${r.syncs.toFixed(2)} (${r.fsCalls.toFixed(2)} calls)`;
    console.log(
      `| ${c.label} | ${r.cpuUs.toFixed(1)} (${r.userUs.toFixed(1)}+${r.sysUs.toFixed(1)}) | ${adds} | ${syncs} | ${Math.round(r.perSec).toLocaleString('en-US')} | ${r.quarters.map((x) => x.toFixed(0)).join(' / ')} | ${runs.map((x) => x.cpuUs.toFixed(1)).join(', ')} |`,
    );
  }

  // Close everything; the host exits when the IPC channel closes.
  socket.destroy();
  for (const e of [...Object.values(engines), source]) {
    await e.client.close({ drainTimeoutMs: 500 });
    await e.journal.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const exited = new Promise((r) => child.once('exit', r));
  child.disconnect();
  await exited;
}

if (process.argv[2] === 'host') await runHost();
else if (process.argv[2] === 'top') top(process.argv[3], Number(process.argv[4] ?? 30));
else await main();
