// Host simulator throughput (issue 14): approved UnionPay 0200 purchases per second with 64 in
// flight over loopback, client and host in separate processes, with the memory ledger, with SQLite
// (durable: WAL, synchronous=FULL, group commit) and with PostgreSQL (two host processes on one
// database), against the bare round-trip limit measured in the same run: the same client, the same
// bytes, 64 in flight, to a node:net echo in a child process. p50/p99 for each. Plain Node ESM over
// ../dist; run by `npm run bench` after the build.
//
// The host runs as `cardwire host` does (node:crypto as the crypto backend, the default
// configuration). Every purchase is a real one: a fresh STAN (the host's retransmission check never fires), the
// MAC under the terminal's MAK from its sign-on, a TDES PIN block under its PIK (ISO format 0,
// PIN 123456), track 2, each terminal its own card. The host checks the MAC, decrypts and verifies
// the PIN (IBM 3624 offset), checks the card, debits the account in its ledger (durably for SQLite
// and PostgreSQL) and answers 0210 with its own MAC. The client counts a purchase when the answer
// to its STAN and terminal says 00.
//
// Set-up (untimed): each host group is started in child processes; 64 terminals (LD000001-
// LD000064 of the default configuration's load-test range) are opened with cardwire's terminal
// engine in this process, log on and sign on with key download, and make one purchase each, whose
// request bytes become that terminal's template. Before each timed run the client builds all its
// requests from the templates (STAN set, packed, MAC'd under that terminal's MAK); during the run
// the client only writes bytes and decodes answers.
//
// The client: one TCP connection per host process, 64 terminals with one purchase in flight each
// (a terminal sends its next purchase when its answer arrives; PostgreSQL: 32 terminals on each of
// the two host processes). The answers of one socket read are followed by one write of the next
// requests. The echo limit runs the same client against a server that writes each frame back:
// the "answer" is the request, checked by STAN and terminal.
//
// Reported per case: approved purchases/s, p50/p99, the ratio to the echo, and CPU per purchase of
// the client (this process), of the server processes (user + system from /proc, the system part in
// brackets) and, for PostgreSQL, of the database server (every process named postgres): CPU moves
// less than throughput when the machine is shared.
//
// Env: BENCH_REQUESTS (purchases per timed run, default 20000), BENCH_WARMUP (default 4000, every
// run), BENCH_ROUNDS (3; the cases interleaved, median reported), BENCH_CASES (subset of
// echo,memory,sqlite,postgres), CARDWIRE_TEST_PG (the PostgreSQL server; the case is skipped, saying
// so, without it), BENCH_PROFILE_DIR (the servers write CPU profiles there). Each run uses a fresh schema on that server, dropped at the end.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lengthFrames, listenEcho, listenHost, loadDist as load, openBenchTerminal, percentile } from './lib.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;
const THIS = fileURLToPath(import.meta.url);

// ---- servers (child processes) -----------------------------------------------------------------
async function runServer(kind, arg) {
  let port;
  let close = async () => undefined;
  if (kind === 'echo') port = await listenEcho();
  else {
    const poolSize = Number(process.env.BENCH_PG_POOL ?? 16);
    const schema = process.env.BENCH_PG_SCHEMA;
    ({ port, close } = await listenHost(arg, { nodeBackend: true, maxConnections: 64, postgres: { poolSize, ...(schema ? { schema } : {}) } }));
  }
  process.send({ port });
  process.once('disconnect', async () => {
    await close();
    process.exit(0);
  });
}

async function startServer(kind, arg = '', env = {}) {
  // BENCH_PROFILE_DIR=dir: the servers write CPU profiles there (`node --cpu-prof`).
  const prof = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const child = fork(THIS, ['server', kind, arg], { stdio: 'inherit', execArgv: prof, env: { ...process.env, ...env } });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}) before listening`)));
  });
  return {
    port,
    pid: child.pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    },
  };
}

// ---- the client (parent) ----------------------------------------------------------------------
async function main() {
  const crypto = await load('crypto/index.js');
  const iso = await load('iso8583/index.js');
  const term = await load('terminal/index.js');
  const { codec } = iso.dialect('cup');
  crypto.setDefaultBackend((await load('crypto/node.js')).nodeBackend);

  const only = process.env.BENCH_CASES?.split(',');
  const wanted = (c) => !only || only.includes(c);
  const dir = mkdtempSync(join(tmpdir(), 'cardwire-host-bench-'));
  const la = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  // CPU time (user + system, µs) of processes, from /proc (Linux; 0 elsewhere): the host
  // processes' own, and the PostgreSQL server's (every process named postgres).
  const TICK_US = 10_000; // USER_HZ is 100 on Linux
  const cpuOf = (pid, part = 'both') => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((part === 'system' ? 0 : Number(f[11])) + (part === 'user' ? 0 : Number(f[12]))) * TICK_US;
    } catch {
      return 0;
    }
  };
  const postgresCpu = () => {
    let sum = 0;
    let entries = [];
    try {
      entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return 0;
    }
    for (const pid of entries) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += cpuOf(pid);
      } catch {
        // gone meanwhile
      }
    }
    return sum;
  };

  /** Terminal n of the load-test range, signed on to the host at `port`; its purchase template. */
  async function openTerminal(n, port) {
    let captured;
    const t = await openBenchTerminal(port, n, {
      wrap: (channel) => ({
        request(payload, options) {
          captured = payload.slice();
          return channel.request(payload, options);
        },
      }),
    });
    t.ok(await t.purchase(100n), 'template purchase');
    await t.client.close({ drainTimeoutMs: 500 });
    return { tid: t.tid, sm: t.sm, template: codec.unpack(captured), stan: 100_000 };
  }

  /** `count` requests, round-robin over the terminals, each with its terminal's next STAN and MAC. */
  async function buildRequests(terminals, count) {
    const out = terminals.map(() => []);
    for (let i = 0; i < count; i++) {
      const k = i % terminals.length;
      const t = terminals[k];
      const stan = String(t.stan++).padStart(6, '0');
      const bytes = t.template.set(11, stan).pack();
      term.sealMac(bytes, await t.sm.generateMac('mak', term.macData(bytes), { algorithm: 'unionpay' }));
      const frame = Buffer.allocUnsafe(2 + bytes.length);
      frame.writeUInt16BE(bytes.length, 0);
      frame.set(bytes, 2);
      out[k].push({ key: `${stan}|${t.tid}`, frame });
    }
    return out;
  }

  /**
   * Run the queues: on each connection, its terminals one purchase in flight each; resolves with
   * the counts and latencies. `answer` checks a decoded answer ('00' for the host, the request
   * itself for the echo).
   */
  async function drive(ports, queues, echo) {
    const perPort = queues.length / ports.length;
    const latencies = [];
    const codes = new Map();
    let mismatched = 0;
    const started = performance.now();
    const c0 = process.cpuUsage();
    await Promise.all(
      ports.map(
        (port, p) =>
          new Promise((resolve, reject) => {
            const mine = queues.slice(p * perPort, (p + 1) * perPort);
            const next = mine.map(() => 0);
            const inFlight = new Map(); // key → [terminal index, sent at]
            let open = 0;
            const socket = connect({ host: '127.0.0.1', port });
            socket.setNoDelay(true);
            const sendOf = (k, batch) => {
              const q = mine[k];
              if (next[k] >= q.length) return;
              const r = q[next[k]++];
              inFlight.set(r.key, [k, performance.now()]);
              open++;
              batch.push(r.frame);
            };
            socket.once('connect', () => {
              const batch = [];
              for (let k = 0; k < mine.length; k++) sendOf(k, batch);
              socket.write(Buffer.concat(batch));
            });
            // The answers of one read, then one write of the next requests.
            let batch = [];
            socket.on(
              'data',
              lengthFrames(
                (frame) => {
                  const m = codec.unpack(frame.subarray(2));
                  const key = `${m.get(11)}|${m.get(41)}`;
                  const sent = inFlight.get(key);
                  if (!sent) {
                    mismatched++;
                    return;
                  }
                  inFlight.delete(key);
                  open--;
                  latencies.push(performance.now() - sent[1]);
                  const code = echo ? (m.mti === '0200' ? '00' : `mti ${m.mti}`) : m.get(39);
                  codes.set(code, (codes.get(code) ?? 0) + 1);
                  sendOf(sent[0], batch);
                },
                () => {
                  if (batch.length) socket.write(batch.length === 1 ? batch[0] : Buffer.concat(batch));
                  batch = [];
                  if (open === 0) {
                    socket.end();
                    resolve();
                  }
                },
              ),
            );
            socket.on('error', reject);
          }),
      ),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(c0);
    latencies.sort((a, b) => a - b);
    const approved = codes.get('00') ?? 0;
    return {
      approved,
      codes: Object.fromEntries(codes),
      mismatched,
      perSec: (approved * 1000) / wallMs,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      clientCpuUs: (cpu.user + cpu.system) / latencies.length,
    };
  }

  // ---- the cases ----
  const cases = [];
  const servers = [];
  const pids = new Map();
  let pgSchema;
  const group = async (name, label, specs, env) => {
    const started = [];
    for (const spec of specs) started.push(await startServer(name === 'echo' ? 'echo' : 'host', spec, env)); // one after the other: the second sees the first's seed
    servers.push(...started);
    pids.set(name, started.map((s) => s.pid));
    return started.map((s) => s.port);
  };

  let echoPorts;
  if (wanted('echo')) {
    echoPorts = await group('echo', '', ['']);
  }
  const hostGroups = [];
  if (wanted('memory')) hostGroups.push({ name: 'memory', label: 'host, memory ledger (1 process)', ports: await group('memory', '', ['memory']) });
  if (wanted('sqlite')) hostGroups.push({ name: 'sqlite', label: 'host, SQLite ledger, durable (1 process)', ports: await group('sqlite', '', [`sqlite:${join(dir, 'ledger.db')}`]) });
  if (wanted('postgres')) {
    const url = process.env.CARDWIRE_TEST_PG;
    if (!url) console.log('postgres: skipped (CARDWIRE_TEST_PG names no server)');
    else {
      pgSchema = `cardwire_bench_${process.pid}`;
      hostGroups.push({ name: 'postgres', label: 'host, PostgreSQL ledger (2 processes, pool 16 each)', ports: await group('postgres', '', Array.from({ length: Number(process.env.BENCH_PG_PROCESSES ?? 2) }, () => url), { BENCH_PG_SCHEMA: pgSchema }) });
    }
  }
  for (const g of hostGroups) {
    const terminals = [];
    for (let n = 1; n <= IN_FLIGHT; n++) terminals.push(await openTerminal(n, g.ports[(n - 1) % g.ports.length]));
    // Terminal k is on port k % ports: order the queues so that drive() slices them per port.
    const byPort = g.ports.map((_, p) => terminals.filter((_, k) => k % g.ports.length === p)).flat();
    cases.push({ name: g.name, label: g.label, ports: g.ports, terminals: byPort, echo: false });
  }
  if (echoPorts) {
    // The echo gets the memory group's bytes (or its own terminals' when there is no host group).
    let source = cases[0]?.terminals;
    if (!source) {
      const [port] = await group('memory', '', ['memory']);
      source = [];
      for (let n = 1; n <= IN_FLIGHT; n++) source.push(await openTerminal(n, port));
    }
    cases.unshift({ name: 'echo', label: 'bare node:net echo, same client and bytes (limit)', ports: echoPorts, terminals: source, echo: true });
  }

  console.log(
    `host bench: ${REQUESTS} purchases per run after ${WARMUP} of warm-up, ${IN_FLIGHT} in flight, ${ROUNDS} rounds, hosts in child processes; load average ${la()}`,
  );
  const results = new Map(cases.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = cases.map((_, i) => cases[(i + round) % cases.length]);
    for (const c of order) {
      await drive(c.ports, await buildRequests(c.terminals, WARMUP), c.echo);
      const requests = await buildRequests(c.terminals, REQUESTS);
      const mine = pids.get(c.name) ?? [];
      const h0 = mine.reduce((a, pid) => a + cpuOf(pid), 0);
      const s0 = mine.reduce((a, pid) => a + cpuOf(pid, 'system'), 0);
      const d0 = c.name === 'postgres' ? postgresCpu() : 0;
      const r = await drive(c.ports, requests, c.echo);
      r.serverCpuUs = (mine.reduce((a, pid) => a + cpuOf(pid), 0) - h0) / REQUESTS;
      r.serverSystemUs = (mine.reduce((a, pid) => a + cpuOf(pid, 'system'), 0) - s0) / REQUESTS;
      r.databaseCpuUs = c.name === 'postgres' ? (postgresCpu() - d0) / REQUESTS : undefined;
      if (r.approved !== REQUESTS || r.mismatched) console.error(`${c.name}: ${r.approved} of ${REQUESTS} approved, codes ${JSON.stringify(r.codes)}, ${r.mismatched} unmatched answers`);
      results.get(c.name).push(r);
    }
    console.log(`round ${round + 1}: ${order.map((c) => `${c.name} ${Math.round(results.get(c.name).at(-1).perSec)}/s`).join(', ')}`);
  }
  const median = (runs) => [...runs].sort((a, b) => a.perSec - b.perSec)[Math.floor(runs.length / 2)];
  const limit = results.get('echo') ? median(results.get('echo')).perSec : undefined;
  console.log(`\nload average after: ${la()}\n`);
  console.log('| case | approved purchases/s | p50 ms | p99 ms | vs bare echo | client CPU µs/purchase | server CPU µs/purchase (of which system) | PostgreSQL CPU µs/purchase | rounds (/s) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const c of cases) {
    const runs = results.get(c.name);
    const r = median(runs);
    const ratio = limit === undefined || c.name === 'echo' ? '' : `${((100 * r.perSec) / limit).toFixed(1)} %`;
    console.log(
      `| ${c.label} | ${Math.round(r.perSec).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${ratio} | ${r.clientCpuUs.toFixed(0)} | ${r.serverCpuUs.toFixed(0)} (${r.serverSystemUs.toFixed(0)}) | ${r.databaseCpuUs === undefined ? '' : r.databaseCpuUs.toFixed(0)} | ${runs.map((x) => Math.round(x.perSec)).join(', ')} |`,
    );
  }

  for (const s of servers) await s.stop();
  if (pgSchema) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.CARDWIRE_TEST_PG });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === 'server') await runServer(process.argv[3], process.argv[4]);
else await main();
