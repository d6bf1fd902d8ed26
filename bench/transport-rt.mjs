// Round trips per second over loopback TCP, client and server in separate processes (the server
// is a forked child). Compares the cardwire TcpClient + TcpServer with a bare node:net echo that
// uses the same framing (2-byte length, TPDU, 6-byte UnionPay header) as the limit, at 1 and 64
// requests in flight, and reports p50/p99 latency. Run by `npm run bench` after the build.
//
// The messages are UnionPay-framed 0200/0210 with the field layout of the CUP POS specification
// (BCD numerics, 1-byte BCD LL, 2-byte BCD LLL); see buildMessages. When a cardwire/iso8583
// UnionPay dialect is available the bench packs and unpacks with it instead (see the report).
import { fork } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const DIST = new URL('../dist/', import.meta.url);
const transport = await import(new URL('transport/index.js', DIST).href);
const node = await import(new URL('transport/node/index.js', DIST).href);
const { frameSpecs, replyTpdu, encodeFrame } = transport;

const DURATION_MS = Number(process.env.BENCH_MS ?? 2000);
const WARMUP_MS = 300;

// ---- message bytes (bench scaffolding, not the SDK's ISO 8583 engine) --------------------------
const enc = new TextEncoder();
const bcd = (digits) => {
  const d = digits.length % 2 ? `0${digits}` : digits;
  return Uint8Array.from(d.match(/../g), (p) => parseInt(p, 16));
};
const ascii = (s) => enc.encode(s);
const llvarBcd = (digits) => Uint8Array.of(...bcd(String(digits.length).padStart(2, '0')), ...bcd(digits.replace('=', 'D').length % 2 ? `${digits.replace('=', 'D')}F` : digits.replace('=', 'D')));
const lllvar = (bytes) => Uint8Array.of(...bcd(String(bytes.length).padStart(4, '0')), ...bytes);

function pack(mti, fields) {
  const bitmap = new Uint8Array(8);
  const parts = [];
  const offsets = {};
  let at = 2 + 8;
  for (const [n, v] of [...fields].sort((a, b) => a[0] - b[0])) {
    bitmap[(n - 1) >> 3] |= 0x80 >> ((n - 1) & 7);
    offsets[n] = at;
    parts.push(v);
    at += v.length;
  }
  const out = new Uint8Array(at);
  out.set(bcd(mti), 0);
  out.set(bitmap, 2);
  let p = 10;
  for (const v of parts) {
    out.set(v, p);
    p += v.length;
  }
  return { bytes: out, offsets };
}

export function buildMessages() {
  const request = pack('0200', [
    [2, llvarBcd('6225880123456789')],
    [3, bcd('000000')],
    [4, bcd('000000012345')],
    [11, bcd('000001')],
    [14, bcd('2912')],
    [22, bcd('051')],
    [25, bcd('00')],
    [26, bcd('12')],
    [35, llvarBcd('6225880123456789=29122011234500000')],
    [41, ascii('TERM0001')],
    [42, ascii('123456789012345')],
    [49, ascii('156')],
    [52, new Uint8Array(8).fill(0x5a)],
    [53, bcd('2600000000000000')],
    [55, lllvar(new Uint8Array(120).fill(0x9f))],
    [60, lllvar(bcd('22000001000500'))],
    [64, new Uint8Array(8).fill(0x11)],
  ]);
  const response = pack('0210', [
    [2, llvarBcd('6225880123456789')],
    [3, bcd('000000')],
    [4, bcd('000000012345')],
    [11, bcd('000001')],
    [12, bcd('123456')],
    [13, bcd('1125')],
    [14, bcd('2912')],
    [15, bcd('1125')],
    [25, bcd('00')],
    [32, llvarBcd('01020000')],
    [37, ascii('123456789012')],
    [38, ascii('654321')],
    [39, ascii('00')],
    [41, ascii('TERM0001')],
    [42, ascii('123456789012345')],
    [44, Uint8Array.of(0x00, 0x22, ...ascii('0102000001020000000000').subarray(0, 22))],
    [49, ascii('156')],
    [53, bcd('2600000000000000')],
    [55, lllvar(new Uint8Array(40).fill(0x91))],
    [60, lllvar(bcd('22000001000500'))],
    [64, new Uint8Array(8).fill(0x22)],
  ]);
  return { request, response };
}

const tpdu = { id: 0x60, destination: 3, source: 0 };
const header = Uint8Array.of(0x60, 0x31, 0x00, 0x31, 0x00, 0x01);

// ---- servers (child process) ------------------------------------------------------------------
async function runServer(kind) {
  const { request, response } = buildMessages();
  const reqStan = request.offsets[11];
  const respStan = response.offsets[11];
  let port;
  if (kind === 'cardwire') {
    const server = new node.TcpServer({
      frame: frameSpecs.unionPay,
      maxConnections: 4096,
      handler: (f) => {
        const message = response.bytes.slice();
        message.set(f.message.subarray(reqStan, reqStan + 3), respStan);
        return { tpdu: replyTpdu(f.tpdu), header: f.header, message };
      },
    });
    ({ port } = await server.listen(0));
  } else {
    // The limit: parse the 2-byte length and write each whole frame straight back.
    const server = createServer((s) => {
      s.setNoDelay(true);
      let pending = Buffer.alloc(0);
      s.on('data', (chunk) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        let at = 0;
        while (pending.length - at >= 2) {
          const len = pending.readUInt16BE(at);
          if (pending.length - at - 2 < len) break;
          s.write(pending.subarray(at, at + 2 + len));
          at += 2 + len;
        }
        pending = pending.subarray(at);
      });
      s.on('error', () => undefined);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    port = server.address().port;
  }
  process.send({ port });
}

// ---- clients (parent process) -----------------------------------------------------------------
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function benchCardwire(port, inFlight) {
  const { request, response } = buildMessages();
  const stanAt = request.offsets[11];
  const key = (f) => {
    const m = f.message;
    // Field offsets of this fixed layout: the response (MTI 0210, byte 1 = 0x10) has its own.
    const tidAt = m[1] === 0x10 ? response.offsets[41] : request.offsets[41];
    // STAN (3 BCD bytes) + terminal id (8 ASCII bytes), as a number-ish string.
    let k = '';
    for (let i = stanAt; i < stanAt + 3; i++) k += String.fromCharCode(48 + (m[i] >> 4), 48 + (m[i] & 15));
    for (let i = tidAt; i < tidAt + 8; i++) k += String.fromCharCode(m[i]);
    return k;
  };
  const client = new node.TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false, timeoutMs: 10_000 });
  await client.connect();
  let stan = 0;
  const latencies = [];
  let done = 0;
  let measuring = false;
  let stop = false;
  async function worker() {
    while (!stop) {
      stan = (stan + 1) % 1_000_000;
      const message = request.bytes.slice();
      const s = String(stan).padStart(6, '0');
      message[stanAt] = ((s.charCodeAt(0) - 48) << 4) | (s.charCodeAt(1) - 48);
      message[stanAt + 1] = ((s.charCodeAt(2) - 48) << 4) | (s.charCodeAt(3) - 48);
      message[stanAt + 2] = ((s.charCodeAt(4) - 48) << 4) | (s.charCodeAt(5) - 48);
      const t0 = performance.now();
      await client.request({ tpdu, header, message });
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
  await client.close({ drainTimeoutMs: 1000 });
  return summarise(done, elapsed, latencies);
}

async function benchBare(port, inFlight) {
  const { request } = buildMessages();
  const frame = encodeFrame(frameSpecs.unionPay, { tpdu, header, message: request.bytes });
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const sentAt = [];
  const latencies = [];
  let done = 0;
  let measuring = false;
  let stop = false;
  let pending = Buffer.alloc(0);
  let finished;
  const drained = new Promise((r) => (finished = r));
  let outstanding = 0;
  const send = () => {
    sentAt.push(performance.now());
    outstanding++;
    socket.write(frame.slice());
  };
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (pending.length - at >= 2) {
      const len = pending.readUInt16BE(at);
      if (pending.length - at - 2 < len) break;
      at += 2 + len;
      const t0 = sentAt.shift();
      outstanding--;
      if (measuring) {
        latencies.push(performance.now() - t0);
        done++;
      }
      if (!stop) send();
      else if (outstanding === 0) finished();
    }
    pending = pending.subarray(at);
  });
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
    child.kill();
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const { request, response } = buildMessages();
  const frameBytes = encodeFrame(frameSpecs.unionPay, { tpdu, header, message: request.bytes }).length;
  console.log(`transport round trips: UnionPay-framed 0200 (${frameBytes} bytes framed) / 0210 (${response.bytes.length + 13} bytes), ${DURATION_MS} ms per run, server in a child process`);
  const rows = [];
  for (const inFlight of [1, 64]) {
    const bare = await withServer('bare', (port) => benchBare(port, inFlight));
    const cw = await withServer('cardwire', (port) => benchCardwire(port, inFlight));
    rows.push({ inFlight, impl: 'bare node:net echo (limit)', ...bare });
    rows.push({ inFlight, impl: 'cardwire TcpClient + TcpServer', ...cw, ratio: cw.rtPerSec / bare.rtPerSec });
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
