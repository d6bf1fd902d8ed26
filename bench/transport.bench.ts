// Pure framing and matching speed (no sockets): the multi-process round-trip benchmark is
// bench/transport-rt.mjs, run by `npm run bench` after this file.
import { bench, describe } from 'vitest';
import type { Frame } from '../src/transport/index';
import { built, type Transport } from './built';

const { FrameDecoder, ManualScheduler, Mux, encodeFrame, frameSpecs } = built<Transport>('/transport');

const tpdu = { id: 0x60, destination: 3, source: 0 };
const header = new Uint8Array([0x60, 0x31, 0x00, 0x31, 0x00, 0x01]);
const message = new Uint8Array(230).fill(0x42);
const one = encodeFrame(frameSpecs.unionPay, { tpdu, header, message });
const many = new Uint8Array(one.length * 1000);
for (let i = 0; i < 1000; i++) many.set(one, i * one.length);
const chunks: Uint8Array[] = [];
for (let at = 0; at < many.length; at += 1460) chunks.push(many.subarray(at, at + 1460));
const sink = (_f: Frame): void => undefined;

describe('frame 1000 UnionPay messages', () => {
  bench('encodeFrame x1000', () => {
    for (let i = 0; i < 1000; i++) encodeFrame(frameSpecs.unionPay, { tpdu, header, message });
  });
  bench('FrameDecoder: one chunk', () => {
    new FrameDecoder(frameSpecs.unionPay).push(many, sink);
  });
  bench('FrameDecoder: 1460-byte TCP segments', () => {
    const d = new FrameDecoder(frameSpecs.unionPay);
    for (const c of chunks) d.push(c, sink);
  });
});

describe('Mux', () => {
  bench('1000 requests matched out of order', async () => {
    const mux = new Mux<number>({ key: (n) => String(n), transmit: () => undefined, scheduler: new ManualScheduler(), timeoutMs: 30_000 });
    const ps: Array<Promise<number>> = [];
    for (let i = 0; i < 1000; i++) ps.push(mux.request(i));
    for (let i = 999; i >= 0; i--) mux.receive(i);
    await Promise.all(ps);
  });
});
