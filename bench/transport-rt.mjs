// Round trips per second over loopback TCP, client and server in separate processes (the server
// is a forked child). Compares the cardwire TcpClient + TcpServer with a bare node:net echo that
// uses the same framing (2-byte length, TPDU, 6-byte UnionPay header) as the limit, at 1 and 64
// requests in flight, and reports p50/p99 latency. Run by `npm run bench` after the build.
// The bare echo writes each frame as it completes (one write per frame, the plain way); cardwire's
// socket channel coalesces the frames written in one tick into one writev.
//
// The messages are UnionPay 0200/0210 packed and unpacked by cardwire/iso8583's `cup` dialect on
// every round trip (the client packs the 0200 and unpacks the 0210, the server unpacks the 0200
// and packs the 0210); the bare echo sends the same packed bytes and packs nothing.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { lengthFrames, listenEcho, percentile } from './lib.mjs';

const DIST = new URL('../dist/', import.meta.url);
const transport = await import(new URL('transport/index.js', DIST).href);
const node = await import(new URL('transport/node/index.js', DIST).href);
const iso = await import(new URL('iso8583/index.js', DIST).href);
const { frameSpecs, replyTpdu, encodeFrame, encodeTpdu, decodeTpdu, frameFromPayload, stanTerminalKey } = transport;
const { codec } = iso.dialect('cup');

const DURATION_MS = Number(process.env.BENCH_MS ?? 1500);
const WARMUP_MS = 300;

// ---- messages -------------------------------------------------------------------------------
const hexBytes = (h) => Uint8Array.from(h.match(/../g), (p) => parseInt(p, 16));

/** A UnionPay purchase request (0200) as an IsoMessage; DE 11 is set per request. */
function purchaseRequest() {
  return codec
    .create('0200')
    .setHeader('tpdu', hexBytes('6000030000'))
    .setHeader('header', hexBytes('603100310001'))
    .set(2, '6212345678901234567')
    .set(3, '000000')
    .set(4, '000000012345')
    .set(11, '000001')
    .set(14, '2912')
    .set(22, '051')
    .set(25, '00')
    .set(26, '12')
    .set(35, '6212345678901234567D29122011234500000')
    .set(41, 'TERM0001')
    .set(42, '123456789012345')
    .set(49, '156')
    .set(52, new Uint8Array(8).fill(0x5a))
    .set(53, '2600000000000000')
    .set('55.9F26', hexBytes('1122334455667788'))
    .set('55.9F27', hexBytes('80'))
    .set('55.9F10', hexBytes('07010103A0A802010A010000000000ABCDEF12'))
    .set('55.9F37', hexBytes('12345678'))
    .set('55.9F36', hexBytes('0001'))
    .set('55.95', hexBytes('0000000000'))
    .set('55.9A', hexBytes('251125'))
    .set('55.9C', hexBytes('00'))
    .set('55.9F02', hexBytes('000000012345'))
    .set('55.5F2A', hexBytes('0156'))
    .set('55.82', hexBytes('7C00'))
    .set('55.9F1A', hexBytes('0156'))
    .set('55.9F03', hexBytes('000000000000'))
    .set('55.9F33', hexBytes('E0E1C8'))
    .set('60.1', '22')
    .set('60.2', '000001')
    .set('60.3', '000')
    .set(64, new Uint8Array(8).fill(0x11));
}

const ECHOED = [2, 3, 4, 11, 14, 22, 25, 41, 42, 49, 60];

/** The host's answer: response MTI, echoed fields, DE 12/13/37/38/39, TPDU swapped. */
function approve(request) {
  const response = codec.create('0210');
  for (const n of ECHOED) {
    const v = request.get(n);
    if (v !== undefined) response.set(n, v);
  }
  response
    .set(12, '123456')
    .set(13, '1125')
    .set(37, '123456789012')
    .set(38, '654321')
    .set(39, '00')
    .set(64, new Uint8Array(8).fill(0x22))
    .setHeader('tpdu', encodeTpdu(replyTpdu(decodeTpdu(request.getHeader('tpdu')))))
    .setHeader('header', request.getHeader('header'));
  return response;
}

/** Byte offsets of DE 11 and DE 41 in packed bytes (for the transport-only variant). */
function offsets(packed) {
  const ranges = codec.unpack(packed).byteRanges();
  const at = (path) => ranges.find((r) => r.path === path).start;
  return { stan: at('11'), tid: at('41') };
}

// ---- servers (child process) ------------------------------------------------------------------
async function runServer(kind) {
  let port;
  if (kind === 'cardwire') {
    const server = new node.TcpServer({
      frame: frameSpecs.unionPay,
      maxConnections: 4096,
      handler: (f) => frameFromPayload(frameSpecs.unionPay, approve(codec.unpack(f.payload)).pack()),
    });
    ({ port } = await server.listen(0));
  } else if (kind === 'cardwire-prepacked') {
    // Transport only: the 0210 is packed once; each answer copies it and patches in the STAN.
    const requestBytes = purchaseRequest().pack();
    const responseBytes = approve(purchaseRequest()).pack();
    const req = offsets(requestBytes);
    const res = offsets(responseBytes);
    const server = new node.TcpServer({
      frame: frameSpecs.unionPay,
      maxConnections: 4096,
      handler: (f) => {
        const payload = responseBytes.slice();
        payload.set(f.payload.subarray(req.stan, req.stan + 3), res.stan);
        return frameFromPayload(frameSpecs.unionPay, payload);
      },
    });
    ({ port } = await server.listen(0));
  } else {
    // The limit: parse the 2-byte length and write each whole frame straight back.
    port = await listenEcho();
  }
  process.send({ port });
  // The parent disconnects when done: exit normally (so --cpu-prof can write its profile).
  process.once('disconnect', () => process.exit(0));
}

// ---- clients (parent process) -----------------------------------------------------------------

async function benchCardwire(port, inFlight) {
  const request = purchaseRequest();
  // The response's key comes from unpacking it; the unpacked message is kept, by key, for the caller.
  const unpacked = new Map();
  const key = (f) => {
    const msg = codec.unpack(f.payload);
    const k = stanTerminalKey(msg);
    unpacked.set(k, msg);
    return k;
  };
  const client = new node.TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false, timeoutMs: 10_000 });
  await client.connect();
  let stan = 0;
  const run = async () => {
    stan = (stan + 1) % 1_000_000;
    const s = String(stan).padStart(6, '0');
    request.set(11, s);
    const k = `${s}|TERM0001`;
    await client.request(frameFromPayload(frameSpecs.unionPay, request.pack()), { key: k });
    const response = unpacked.get(k);
    unpacked.delete(k);
    if (response.get(39) !== '00') throw new Error('declined');
  };
  const result = await measure(inFlight, run);
  await client.close({ drainTimeoutMs: 1000 });
  return result;
}

async function benchPrepacked(port, inFlight) {
  const requestBytes = purchaseRequest().pack();
  const responseBytes = approve(purchaseRequest()).pack();
  const req = offsets(requestBytes);
  const res = offsets(responseBytes);
  const bcdText = (b, at, n) => {
    let k = '';
    for (let i = at; i < at + n; i++) k += String.fromCharCode(48 + (b[i] >> 4), 48 + (b[i] & 15));
    return k;
  };
  const key = (f) => bcdText(f.payload, res.stan, 3);
  const client = new node.TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false, timeoutMs: 10_000 });
  await client.connect();
  let stan = 0;
  const run = async () => {
    stan = (stan + 1) % 1_000_000;
    const s = String(stan).padStart(6, '0');
    const payload = requestBytes.slice();
    for (let i = 0; i < 3; i++) payload[req.stan + i] = ((s.charCodeAt(2 * i) - 48) << 4) | (s.charCodeAt(2 * i + 1) - 48);
    await client.request(frameFromPayload(frameSpecs.unionPay, payload), { key: s });
  };
  const result = await measure(inFlight, run);
  await client.close({ drainTimeoutMs: 1000 });
  return result;
}

/** Run `inFlight` loops of `run` for the warm-up and the measured period. */
async function measure(inFlight, run) {
  const latencies = [];
  let done = 0;
  let measuring = false;
  let stop = false;
  async function worker() {
    while (!stop) {
      const t0 = performance.now();
      await run();
      if (measuring) {
        latencies.push(performance.now() - t0);
        done++;
      }
    }
  }
  const workers = Array.from({ length: inFlight }, worker);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_MS));
  measuring = false;
  const elapsed = performance.now() - start;
  stop = true;
  await Promise.all(workers);
  return summarise(done, elapsed, latencies);
}

async function benchBare(port, inFlight) {
  const frame = encodeFrame(frameSpecs.unionPay, frameFromPayload(frameSpecs.unionPay, purchaseRequest().pack()));
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const sentAt = [];
  const latencies = [];
  let done = 0;
  let measuring = false;
  let stop = false;
  let finished;
  const drained = new Promise((r) => (finished = r));
  let outstanding = 0;
  const send = () => {
    sentAt.push(performance.now());
    outstanding++;
    socket.write(frame.slice());
  };
  socket.on(
    'data',
    lengthFrames(() => {
      const t0 = sentAt.shift();
      outstanding--;
      if (measuring) {
        latencies.push(performance.now() - t0);
        done++;
      }
      if (!stop) send();
      else if (outstanding === 0) finished();
    }),
  );
  for (let i = 0; i < inFlight; i++) send();
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_MS));
  measuring = false;
  const elapsed = performance.now() - start;
  stop = true;
  await drained;
  socket.destroy();
  return summarise(done, elapsed, latencies);
}

function summarise(done, elapsedMs, latencies) {
  latencies.sort((a, b) => a - b);
  return { rtPerSec: Math.round((done * 1000) / elapsedMs), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function withServer(kind, fn) {
  const child = fork(fileURLToPath(import.meta.url), ['server', kind], { stdio: 'inherit' });
  const { port } = await new Promise((r) => child.once('message', r));
  try {
    return await fn(port);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.disconnect();
    await exited;
  }
}

async function main() {
  const request = purchaseRequest();
  const requestBytes = request.pack().length + 2;
  const responseBytes = approve(request).pack().length + 2;
  console.log(
    `transport round trips: UnionPay 0200 (${requestBytes} bytes framed) / 0210 (${responseBytes} bytes framed), ${DURATION_MS} ms per run, median of ${process.env.BENCH_ROUNDS ?? 3} rounds, server in a child process`,
  );
  const rows = [];
  // BENCH_CASES=cardwire:64 (comma-separated kind:inFlight) runs a subset, e.g. for profiling.
  const only = process.env.BENCH_CASES?.split(',');
  const wanted = (kind, n) => !only || only.includes(`${kind}:${n}`);
  const impls = [
    ['bare', 'bare node:net echo, same bytes and framing (limit)', benchBare],
    ['cardwire-prepacked', 'cardwire TcpClient + TcpServer, pre-packed bytes (transport only)', benchPrepacked],
    ['cardwire', 'cardwire TcpClient + TcpServer, packed/unpacked with iso8583 cup', benchCardwire],
  ];
  // The machine is shared: every case runs BENCH_ROUNDS times (default 3), the rounds interleaved
  // so that load changes hit every case alike, and the median run is reported.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const results = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const inFlight of [1, 64]) {
      for (const [kind, , run] of impls) {
        if (!wanted(kind, inFlight)) continue;
        const r = await withServer(kind, (port) => run(port, inFlight));
        const k = `${kind}:${inFlight}`;
        results.set(k, [...(results.get(k) ?? []), r]);
      }
    }
  }
  const median = (runs) => [...runs].sort((a, b) => a.rtPerSec - b.rtPerSec)[Math.floor(runs.length / 2)];
  for (const inFlight of [1, 64]) {
    const limit = results.get(`bare:${inFlight}`);
    for (const [kind, label] of impls) {
      const runs = results.get(`${kind}:${inFlight}`);
      if (!runs) continue;
      const r = median(runs);
      rows.push({ inFlight, impl: label, ...r, ratio: kind === 'bare' || !limit ? undefined : r.rtPerSec / median(limit).rtPerSec });
    }
  }
  console.log('| in flight | implementation | round trips/s | p50 ms | p99 ms | vs bare |');
  console.log('|---:|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.inFlight} | ${r.impl} | ${r.rtPerSec.toLocaleString('en-US')} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)} %`} |`,
    );
  }
}

if (process.argv[2] === 'server') await runServer(process.argv[3]);
else await main();
