// Decoding ICC data (DE 55) into its tag list: the 136-byte, 21-tag field of an ARQC
// authorisation. Peer: npm ber-tlv 0.9.2 (devDependency, benchmark only), in the same describe so
// vitest prints the ratio. Results are recorded in docs/benchmarks.md (## emv).
import BerTlv from 'ber-tlv';
import { bench, describe } from 'vitest';
import { built, type Core, type Emv } from './built';

const { hex } = built<Core>('');
const { decodeTlv, encodeTlv } = built<Emv>('/emv');

const DE55 = encodeTlv(
  (
    [
      ['9F26', '7CB3BA090724C524'],
      ['9F27', '80'],
      ['9F10', '06010A03A00000'],
      ['9F37', 'D3173A1F'],
      ['9F36', '0029'],
      ['95', '8000048000'],
      ['9A', '250314'],
      ['9C', '00'],
      ['9F02', '000000001000'],
      ['5F2A', '0156'],
      ['82', '1C00'],
      ['9F1A', '0156'],
      ['9F03', '000000000000'],
      ['9F33', 'E0F8C8'],
      ['9F34', '420300'],
      ['9F35', '22'],
      ['9F1E', '3132333435363738'],
      ['84', 'A000000333010102'],
      ['9F09', '0030'],
      ['9F41', '000001'],
      ['8A', '3030'],
    ] as const
  ).map(([tag, value]) => ({ tag, value: hex(value) })),
);
if (DE55.length !== 136) throw new Error(`bench DE 55 is ${DE55.length} bytes, expected 136`);
const DE55_BUFFER = Buffer.from(DE55);

let sink = 0;
describe('emv: decode a 136-byte, 21-tag DE 55 into its tag list', () => {
  bench('cardwire decodeTlv', () => {
    const nodes = decodeTlv(DE55);
    sink += nodes.length;
  });
  bench('ber-tlv 0.9.2 TlvFactory.parse', () => {
    const nodes = BerTlv.TlvFactory.parse(DE55_BUFFER);
    sink += nodes.length;
  });
});
