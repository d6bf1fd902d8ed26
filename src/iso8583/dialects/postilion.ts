/**
 * A Postilion-style dialect: ISO 8583:1987 in ASCII with a binary bitmap, where field 127 carries
 * the switch's private sub-fields behind their own 8-byte bitmap (127.2 … 127.33) and 127.25 holds
 * EMV data as sub-fields behind a further bitmap (127.25.2 …). Layout after the published
 * Postilion Realtime field list; the sub-field set here is the commonly used subset.
 */
import type { FieldSpec, MessageSpec } from '../spec';
import { field, table, type Flavour } from './build';
import { ISO87_ROWS } from './iso87';

const F: Flavour = { text: 'ascii', num: 'ascii', prefix: 'ascii', bin: 'binary' };

const ICC: Record<string, FieldSpec> = {
  '2': field('Amount authorized', 'n12', F),
  '3': field('Amount other', 'n12', F),
  '4': field('Application identifier', 'ans..32', F),
  '5': field('Application interchange profile', 'ans4', F),
  '6': field('Application transaction counter', 'ans4', F),
  '7': field('Application usage control', 'ans4', F),
  '8': field('Authorization response code', 'ans2', F),
  '9': field('Card authentication reliability indicator', 'ans1', F),
  '10': field('Card authentication result code', 'ans1', F),
  '11': field('Chip condition code', 'n1', F),
  '12': field('Cryptogram', 'ans16', F),
  '13': field('Cryptogram information data', 'ans2', F),
  '14': field('CVM list', 'ans...504', F),
  '15': field('CVM results', 'ans6', F),
  '16': field('Interface device serial number', 'ans8', F),
  '17': field('Issuer action code', 'ans10', F),
  '18': field('Issuer application data', 'ans..64', F),
  '19': field('Issuer script results', 'ans..50', F),
  '20': field('Terminal application version number', 'ans4', F),
  '21': field('Terminal capabilities', 'ans6', F),
  '22': field('Terminal country code', 'n3', F),
  '23': field('Terminal type', 'n2', F),
  '24': field('Terminal verification result', 'ans10', F),
  '25': field('Transaction category code', 'ans1', F),
  '26': field('Transaction currency code', 'n3', F),
  '27': field('Transaction date', 'n6', F),
  '28': field('Transaction sequence counter', 'n..8', F),
  '29': field('Transaction type', 'n2', F),
  '30': field('Unpredictable number', 'ans8', F),
  '31': field('Issuer authentication data', 'ans..32', F),
  '32': field('Issuer script template 1', 'ans....3354', F),
  '33': field('Issuer script template 2', 'ans....3354', F),
};

const F127: Record<string, FieldSpec> = {
  '2': field('Switch key', 'ans..32', F),
  '3': field('Routing information', 'ans48', F),
  '4': field('POS data', 'ans22', F),
  '5': field('Service station data', 'ans73', F),
  '6': field('Authorization profile', 'n2', F),
  '7': field('Check data', 'ans..50', F),
  '8': field('Retention data', 'ans...999', F),
  '9': field('Additional node data', 'ans...255', F),
  '10': field('CVV2', 'n3', F, { sensitive: 'secret' }),
  '11': field('Original key', 'ans..32', F),
  '12': field('Terminal owner', 'ans..25', F),
  '13': field('POS geographic data', 'ans17', F),
  '14': field('Sponsor bank', 'ans8', F),
  '15': field('Address verification data', 'ans..29', F),
  '16': field('Address verification result', 'ans1', F),
  '17': field('Cardholder information', 'ans..50', F),
  '18': field('Validation data', 'ans..50', F),
  '19': field('Bank details', 'ans31', F),
  '20': field('Originator / authorizer date settlement', 'n8', F),
  '21': field('Record identification', 'ans..12', F),
  '22': field('Structured data', 'ans.....99999', F),
  '23': field('Payee name and address', 'ans253', F),
  '24': field('Payer account', 'ans..28', F),
  '25': {
    name: 'Integrated circuit card (ICC) data',
    // Masked like DE 55: the sub-field numbers show, the EMV values do not.
    sensitive: 'emv',
    type: 'b',
    length: 8000,
    encoding: 'binary',
    prefix: { encoding: 'ascii', digits: 4 },
    composite: { kind: 'bitmap', bitmap: { encoding: 'binary' }, fields: ICC },
  },
  '26': field('Original node', 'ans..12', F),
  '27': field('Card verification result', 'ans1', F),
  '28': field('American Express card identifier (CID)', 'n4', F),
  '29': field('3-D Secure data', 'b40', F, { sensitive: 'secret' }),
  '30': field('3-D Secure result', 'ans1', F),
  '31': field('Issuer network ID', 'ans..11', F),
  '32': field('UCAF data', 'b..33', F, { sensitive: 'secret' }),
  '33': field('Extended transaction type', 'n4', F),
};

/** The Postilion-style dialect. */
export const POSTILION_SPEC: MessageSpec = {
  name: 'postilion',
  description: 'Postilion-style: 1987 ASCII fields, binary bitmap, field 127 with sub-bitmaps (127.x, 127.25.x)',
  mti: { encoding: 'ascii' },
  bitmap: { encoding: 'binary' },
  fields: {
    ...table(ISO87_ROWS, F),
    '127': {
      name: 'Postilion private data',
      type: 'b',
      length: 999999,
      encoding: 'binary',
      prefix: { encoding: 'ascii', digits: 6 },
      composite: { kind: 'bitmap', bitmap: { encoding: 'binary' }, fields: F127 },
    },
  },
};
