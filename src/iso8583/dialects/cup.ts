/**
 * China UnionPay POS terminal messages (CUP POS terminal specification, "中国银联 POS 终端规范",
 * application layer): a 5-byte TPDU and a 6-byte application header in front of a BCD MTI and a
 * binary bitmap. Numeric fields are BCD; variable numeric fields (n, z) take a 1-byte (LL) or
 * 2-byte (LLL) BCD length counting digits and are left-aligned with a trailing pad nibble; text
 * variable fields take the same BCD lengths counting bytes. Field 22 is left-aligned. Field 62
 * carries text in a sign-on request (0800) and the working keys in its response (0810).
 */
import type { FieldSpec, MessageSpec } from '../spec';
import { binary, fixed, variable, type Extra } from './build';

const LL = { encoding: 'bcd', digits: 2 } as const;
const LLL = { encoding: 'bcd', digits: 3 } as const;
const left: Extra = { align: 'left' };

function n(name: string, length: number, extra: Extra = {}): FieldSpec {
  return fixed(name, 'n', length, 'bcd', extra);
}
function ans(name: string, length: number): FieldSpec {
  return fixed(name, 'ans', length, 'ascii');
}

/** Field 60: reserved private, positional digits. */
const F60: FieldSpec = variable('Reserved private (transaction type, batch, network management code, …)', 'n', 17, 'bcd', LLL, {
  align: 'left',
  composite: {
    kind: 'positional',
    fields: {
      '1': fixed('Transaction type code', 'n', 2, 'ascii'),
      '2': fixed('Batch number', 'n', 6, 'ascii'),
      '3': fixed('Network management information code', 'n', 3, 'ascii'),
      '4': fixed('Terminal read capability', 'n', 1, 'ascii'),
      '5': fixed('IC card condition code', 'n', 1, 'ascii'),
      '6': fixed('Partial approval / balance flag', 'n', 1, 'ascii'),
      '7': fixed('Account type', 'n', 3, 'ascii'),
    },
  },
});

/** Field 61: original message data, positional digits. */
const F61: FieldSpec = variable('Original message (batch, trace, date, authorization)', 'n', 29, 'bcd', LLL, {
  align: 'left',
  composite: {
    kind: 'positional',
    fields: {
      '1': fixed('Original batch number', 'n', 6, 'ascii'),
      '2': fixed('Original trace number (STAN)', 'n', 6, 'ascii'),
      '3': fixed('Original transaction date (MMDD)', 'n', 4, 'ascii'),
      '4': fixed('Original authorization method', 'n', 2, 'ascii'),
      '5': fixed('Original authorizing institution', 'n', 11, 'ascii'),
    },
  },
});

/** Field 63: reserved private text, positional. */
const F63: FieldSpec = variable('Reserved private (card organisation / operator, custom data)', 'ans', 163, 'ascii', LLL, {
  composite: {
    kind: 'positional',
    fields: {
      '1': fixed('International card organisation code / operator number', 'ans', 3, 'ascii'),
      '2': fixed('Custom data', 'ans', 160, 'ascii'),
    },
  },
});

/** The UnionPay POS dialect. */
export const CUP_SPEC: MessageSpec = {
  name: 'cup',
  description: 'China UnionPay POS: TPDU + 6-byte header, BCD MTI, binary bitmap, BCD numerics with BCD lengths',
  header: [
    { id: 'tpdu', spec: binary('TPDU (ID 60, destination, source)', 5, 'binary'), default: '6000000000' },
    { id: 'header', spec: binary('Application header (type, version, status, request)', 6, 'binary'), default: '603100000000' },
  ],
  mti: { encoding: 'bcd' },
  bitmap: { encoding: 'binary' },
  fields: {
    '2': variable('Primary account number (PAN)', 'n', 19, 'bcd', LL, { ...left, sensitive: 'pan' }),
    '3': n('Processing code', 6),
    '4': n('Amount, transaction', 12),
    '11': n('System trace audit number (STAN)', 6),
    '12': n('Time, local transaction (hhmmss)', 6),
    '13': n('Date, local transaction (MMDD)', 4),
    '14': n('Date, expiration (YYMM)', 4),
    '15': n('Date, settlement (MMDD)', 4),
    '22': n('Point of service entry mode', 3, left),
    '23': n('Card sequence number', 3),
    '25': n('Point of service condition code', 2),
    '26': n('Point of service PIN capture code', 2),
    '32': variable('Acquiring institution identification code', 'n', 11, 'bcd', LL, left),
    '35': variable('Track 2 data', 'z', 37, 'bcd', LL, { ...left, nibbles: 'hex', sensitive: 'track' }),
    '36': variable('Track 3 data', 'z', 104, 'bcd', LLL, { ...left, nibbles: 'hex', sensitive: 'track' }),
    '37': ans('Retrieval reference number', 12),
    '38': ans('Authorization identification response', 6),
    '39': ans('Response code', 2),
    '41': ans('Card acceptor terminal identification', 8),
    '42': ans('Card acceptor identification code', 15),
    '44': variable('Additional response data (issuer, acquirer)', 'ans', 25, 'ascii', LL),
    '48': variable('Additional data (private)', 'n', 322, 'bcd', LLL, left),
    '49': fixed('Currency code, transaction', 'ans', 3, 'ascii'),
    '52': binary('Personal identification number data', 8, 'binary', undefined, { sensitive: 'pin' }),
    '53': n('Security related control information', 16),
    '54': variable('Additional amounts (balance)', 'ans', 20, 'ascii', LLL),
    '55': binary('ICC system related data', 255, 'binary', LLL, { sensitive: 'emv', composite: { kind: 'ber-tlv' } }),
    '58': variable('PBOC electronic cash data', 'ans', 100, 'ascii', LLL),
    '59': variable('Reserved private', 'ans', 600, 'ascii', LLL),
    '60': F60,
    '61': F61,
    '62': variable('Reserved private (terminal information / key data)', 'ans', 512, 'ascii', LLL, {
      byMti: { '0810': binary('Working keys (PIK, MAK, TDK with check values)', 512, 'binary', LLL, { sensitive: 'secret' }) },
    }),
    '63': F63,
    '64': binary('Message authentication code (MAC)', 8, 'binary'),
  },
};
