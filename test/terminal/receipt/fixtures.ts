// Hand-made terminal data for the receipt tests: a terminal, and transactions as the engine
// records them (the values of the terminal tests' host: TID 10000159, MID 880210010210160).
import type { ReceiptTerminal, TerminalTransaction } from '../../../src/terminal/index';

export const TERMINAL: ReceiptTerminal = {
  tid: '10000159',
  mid: '880210010210160',
  merchantName: '银联商户',
  operator: '01',
  batch: '000001',
  params: { language: 'zh', currency: '156' },
};

export const EN_TERMINAL: ReceiptTerminal = { ...TERMINAL, merchantName: 'CARDWIRE TEST SHOP', params: { language: 'en', currency: '156' } };

/** 消费 by swipe with an online PIN: 123.45 on 2026-12-07 10:30:00 (host time), CUP debit card. */
export const SWIPE_PURCHASE: TerminalTransaction = {
  voucher: '000012',
  kind: 'purchase',
  status: 'approved',
  responseCode: '00',
  amount: '12345',
  currency: '156',
  pan: '6225880000000001',
  expiry: '2812',
  entry: 'swipe',
  entryMode: '021',
  cardOrganisation: 'CUP',
  cardClass: 'domestic',
  authCode: '123456',
  rrn: '341020123456',
  hostDate: '1207',
  hostTime: '103000',
  at: '2026-12-07T02:30:01.000Z',
  batch: '000001',
  operator: '01',
  pinVerified: true,
  offline: false,
  adviceSent: true,
  refunded: '0',
};

/** 消费 by chip, no PIN (signature): the EMV data of a PBOC debit card (fake values). */
export const CHIP_PURCHASE: TerminalTransaction = {
  ...SWIPE_PURCHASE,
  voucher: '000013',
  amount: '880000',
  pan: '6222020000000007',
  expiry: '2812',
  entry: 'insert',
  entryMode: '051',
  authCode: '654321',
  rrn: '341020123457',
  hostTime: '104500',
  at: '2026-12-07T02:45:01.000Z',
  pinVerified: false,
  chip: {
    requestDe55: '9F2608A1B2C3D4E5F60718',
    aid: 'A000000333010101',
    label: 'PBOC DEBIT',
    cryptogram: 'A1B2C3D4E5F60718',
    tvr: '0000048000',
    tsi: 'E800',
    atc: '001C',
    finalCryptogram: '1122334455667788',
    uploadDe55: '',
    failed: false,
  },
};

/** 消费撤销 of SWIPE_PURCHASE (no card read, no PIN). */
export const VOID: TerminalTransaction = {
  ...SWIPE_PURCHASE,
  voucher: '000014',
  kind: 'void',
  entry: 'manual',
  entryMode: '012',
  authCode: '123456',
  rrn: '341020123458',
  hostTime: '110000',
  at: '2026-12-07T03:00:01.000Z',
  pinVerified: false,
  original: { voucher: '000012', batch: '000001', rrn: '341020123456', authCode: '123456', hostDate: '1207' },
};

/** 退货 of 50.00 against an earlier purchase, by its RRN. */
export const REFUND: TerminalTransaction = {
  ...SWIPE_PURCHASE,
  voucher: '000015',
  kind: 'refund',
  amount: '5000',
  authCode: '',
  rrn: '341020123459',
  hostTime: '113000',
  at: '2026-12-07T03:30:01.000Z',
  pinVerified: false,
  original: { voucher: '000000', batch: '000000', rrn: '340920000001', authCode: '', hostDate: '1206' },
};
