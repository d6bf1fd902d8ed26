/**
 * ISO 8583:1993 data elements that differ from 1987 (ISO 8583:1993 §4.4): date and time local in
 * one field, POS data code, function code, message reason code, action code, and longer variable
 * fields. The rest of the table is the 1987 one.
 */
import type { Row } from './build';
import { ISO87_ROWS } from './iso87';

const CHANGES: readonly Row[] = [
  [12, 'Date and time, local transaction (YYMMDDhhmmss)', 'n12'],
  [22, 'Point of service data code', 'ans12'],
  [24, 'Function code', 'n3'],
  [25, 'Message reason code', 'n4'],
  [26, 'Card acceptor business code', 'n4'],
  [28, 'Date, reconciliation (YYMMDD)', 'n6'],
  [29, 'Reconciliation indicator', 'n3'],
  [30, 'Amounts, original', 'n24'],
  [31, 'Acquirer reference data', 'ans..99'],
  [39, 'Action code', 'n3'],
  [40, 'Service code', 'n3'],
  [43, 'Card acceptor name/location', 'ans..99'],
  [44, 'Additional response data', 'ans..99'],
  [46, 'Amounts, fees', 'ans...216'],
  [53, 'Security related control information', 'b..48'],
  [56, 'Original data elements', 'n..35'],
  [57, 'Authorization life cycle code', 'n3'],
  [58, 'Authorizing agent institution identification code', 'n..11'],
  [59, 'Transport data', 'ans...999'],
  [71, 'Message number', 'n8'],
  [72, 'Data record', 'ans...999'],
  [94, 'Transaction destination institution identification code', 'n..11'],
  [95, 'Card issuer reference data', 'ans..99'],
  [96, 'Key management data', 'b...999', { sensitive: 'secret' }],
];

/** The 1993 data element rows. */
export const ISO93_ROWS: readonly Row[] = ISO87_ROWS.map((r) => CHANGES.find((c) => c[0] === r[0]) ?? r);
