// ISO 8583 pack/unpack throughput (npm run bench). Scenario 1: a 0200 purchase with 18 fields in
// ISO 8583:1987 ASCII, against the npm `iso_8583` package (2.6.7) on the same message in the same
// run. Scenario 2: a UnionPay 0200 with a 21-tag DE 55. Results: docs/benchmarks.md `## iso8583`.
import { createRequire } from 'node:module';
import { bench, describe } from 'vitest';
import { built, type Core, type Iso8583 } from './built';
import type { TlvValueNode } from '../src/iso8583/index';

const { hex } = built<Core>('');
const { dialect } = built<Iso8583>('/iso8583');

const require = createRequire(import.meta.url);
// Each bench iteration handles BATCH messages, so that the harness's per-iteration timing cost
// (a few hundred ns) does not swamp a ~1 µs operation: messages/s = hz × BATCH.
const BATCH = 100;
interface PeerMessage {
  getBufferMessage(): Uint8Array;
  getIsoJSON(buf: Uint8Array): Record<string, string>;
}
const Peer = require('iso_8583') as new (data?: Record<string, string>) => PeerMessage;

const purchase: Record<number, string> = {
  2: '4761739001010010',
  3: '000000',
  4: '000000001000',
  7: '1125123456',
  11: '000123',
  12: '123456',
  13: '1125',
  14: '2512',
  18: '5999',
  22: '051',
  25: '00',
  35: '4761739001010010=25122011758928889',
  37: '533012123456',
  41: 'TERM0001',
  42: 'MERCHANT0000001',
  49: '840',
};
const PIN_BLOCK = '0123456789ABCDEF';

const ascii = dialect('iso87ascii').codec;
const asciiMsg = ascii.create('0200');
for (const [k, v] of Object.entries(purchase)) asciiMsg.set(Number(k), v);
asciiMsg.set(52, hex(PIN_BLOCK));
const asciiBytes = asciiMsg.pack();

const peerData: Record<string, string> = { '0': '0200', '52': PIN_BLOCK };
for (const [k, v] of Object.entries(purchase)) peerData[k] = v;
const peerFrame = new Peer(peerData).getBufferMessage();

describe('0200 purchase, 18 fields, ISO 8583:1987 ASCII — pack', () => {
  bench(`cardwire pack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) asciiMsg.pack();
  });
  const frameBuffer = new Uint8Array(1024);
  bench(`cardwire packInto (no allocation) ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) ascii.packInto(asciiMsg, frameBuffer, 2);
  });
  bench(`iso_8583 pack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) new Peer(peerData).getBufferMessage();
  });
});

describe('0200 purchase, 18 fields, ISO 8583:1987 ASCII — unpack', () => {
  bench(`cardwire unpack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) ascii.unpack(asciiBytes);
  });
  bench(`iso_8583 unpack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) new Peer().getIsoJSON(peerFrame);
  });
});

// 21 tags of a typical UnionPay (PBOC) ARQC: EMV Book 3 Annex A tags with example values.
const TAGS: readonly (readonly [string, string])[] = [
  ['9F26', '1122334455667788'],
  ['9F27', '80'],
  ['9F10', '07010103A0A802010A010000000000ABCDEF12'],
  ['9F37', '1A2B3C4D'],
  ['9F36', '0042'],
  ['95', '0000000800'],
  ['9A', '251125'],
  ['9C', '00'],
  ['9F02', '000000000100'],
  ['5F2A', '0156'],
  ['82', '7C00'],
  ['9F1A', '0156'],
  ['9F03', '000000000000'],
  ['9F33', 'E0E1C8'],
  ['9F34', '420300'],
  ['9F35', '22'],
  ['9F1E', '3132333435363738'],
  ['84', 'A000000333010101'],
  ['9F09', '0030'],
  ['9F41', '00000200'],
  ['9F63', '30313032303030300000000000000000'],
];
const de55: TlvValueNode[] = TAGS.map(([tag, v]) => ({ tag, value: hex(v) }));
const cup = dialect('cup').codec;
const cupMsg = cup
  .create('0200')
  .setHeader('tpdu', hex('6000030000'))
  .setHeader('header', hex('603100000000'))
  .set(2, '6212345678901234567')
  .set(3, '000000')
  .set(4, '000000000100')
  .set(11, '000200')
  .set(14, '3012')
  .set(22, '051')
  .set(23, '001')
  .set(25, '00')
  .set(26, '06')
  .set(35, '6212345678901234567D30122011234567890')
  .set(41, '12345678')
  .set(42, '123456789012345')
  .set(49, '156')
  .set(52, hex('0123456789ABCDEF'))
  .set(53, '2600000000000000')
  .set(55, de55)
  .set(60, { '1': '22', '2': '000001', '3': '000', '4': '5', '5': '0', '6': '1' })
  .set(64, hex('0000000000000000'));
const cupBytes = cupMsg.pack();

describe('UnionPay 0200 with a 21-tag DE 55', () => {
  bench(`cardwire pack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) cupMsg.pack();
  });
  bench(`cardwire unpack ×${BATCH}`, () => {
    for (let i = 0; i < BATCH; i++) cup.unpack(cupBytes);
  });
});
