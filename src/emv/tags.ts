/**
 * The EMV tag dictionary: every data element of EMV 4.4 Books 1-4 (Book 1 Annex B, Book 3
 * Annex A), the contactless ones of EMV Book C-2/C-3, and the scheme-proprietary tags a terminal
 * or host sees every day (Visa VSDC/qVSDC, Mastercard M/Chip and PayPass, UnionPay UICS/PBOC,
 * American Express). Each entry carries the name, format (Book 3 §4.3), length rule in bytes,
 * source, templates and how to render the value. A tag that schemes define differently (9F63,
 * 9F66, 9F6E, ...) has one entry per scheme; {@link emvTag} picks the EMV one unless a scheme is
 * asked for.
 */
import { toHex } from '../core/index';

/** Data element formats of EMV Book 3 §4.3. */
export type EmvFormat = 'a' | 'an' | 'ans' | 'b' | 'cn' | 'n';

/** Who produces the data element (Book 3 Annex A "Source"). */
export type EmvSource = 'icc' | 'terminal' | 'issuer';

/** The specification that defines a tag. */
export type EmvScheme = 'EMV' | 'Visa' | 'Mastercard' | 'UnionPay' | 'Amex';

/**
 * How a value is shown by describe and the CLI: plain formats, or one of the structured decoders
 * (bit fields, DOLs, AFL, CVM list).
 */
export type EmvRender =
  | 'hex'
  | 'numeric'
  | 'cn'
  | 'text'
  | 'date'
  | 'time'
  | 'amount'
  | 'amount-binary'
  | 'currency'
  | 'country'
  | 'pan'
  | 'track2'
  | 'template'
  | 'dol'
  | 'tag-list'
  | 'afl'
  | 'tvr'
  | 'tsi'
  | 'aip'
  | 'auc'
  | 'cvm-list'
  | 'cvm-results'
  | 'terminal-capabilities'
  | 'additional-terminal-capabilities'
  | 'terminal-type'
  | 'ttq'
  | 'ctq'
  | 'cid'
  | 'iad';

/** One dictionary entry. */
export interface EmvTag {
  /** Tag as uppercase hex. */
  readonly tag: string;
  /** Name as the defining specification writes it. */
  readonly name: string;
  /** Format (Book 3 §4.3); templates are `b`. */
  readonly format: EmvFormat;
  /** Format as the specification writes it, e.g. `'n 12'`, `'ans 2-26'`, `'b'`. */
  readonly formatText: string;
  /** Shortest value in bytes. */
  readonly minLength: number;
  /** Longest value in bytes. */
  readonly maxLength: number;
  /** Who produces it. */
  readonly source: EmvSource;
  /** Templates the tag appears in (empty when none is defined). */
  readonly templates: readonly string[];
  /** How to render the value. */
  readonly render: EmvRender;
  /** Cardholder data that describe masks by default (PAN, track data, name, PIN data). */
  readonly sensitive: boolean;
  /** Where the tag is defined. */
  readonly scheme: EmvScheme;
}

type Row = readonly [tag: string, name: string, format: string, length: string, source: EmvSource, templates: string, render?: EmvRender];

const ICC = 'icc';
const TERM = 'terminal';
const ISS = 'issuer';

// EMV 4.4 Book 1 Annex B and Book 3 Annex A (Table 33), with the EMV Book C-2/C-3 additions.
// Length is in bytes: "n" or "min-max".
const EMV_ROWS: readonly Row[] = [
  ['42', 'Issuer Identification Number (IIN)', 'n 6', '3', ICC, 'BF0C', 'numeric'],
  ['4F', 'Application Dedicated File (ADF) Name', 'b', '5-16', ICC, '61'],
  ['50', 'Application Label', 'ans 1-16', '1-16', ICC, '61 A5', 'text'],
  ['57', 'Track 2 Equivalent Data', 'b', '0-19', ICC, '70 77', 'track2'],
  ['5A', 'Application Primary Account Number (PAN)', 'cn var. up to 19', '0-10', ICC, '70 77', 'pan'],
  ['5F20', 'Cardholder Name', 'ans 2-26', '2-26', ICC, '70 77', 'text'],
  ['5F24', 'Application Expiration Date', 'n 6 (YYMMDD)', '3', ICC, '70 77', 'date'],
  ['5F25', 'Application Effective Date', 'n 6 (YYMMDD)', '3', ICC, '70 77', 'date'],
  ['5F28', 'Issuer Country Code', 'n 3', '2', ICC, '70 77', 'country'],
  ['5F2A', 'Transaction Currency Code', 'n 3', '2', TERM, '', 'currency'],
  ['5F2D', 'Language Preference', 'an 2-8', '2-8', ICC, 'A5', 'text'],
  ['5F30', 'Service Code', 'n 3', '2', ICC, '70 77', 'numeric'],
  ['5F34', 'Application Primary Account Number (PAN) Sequence Number', 'n 2', '1', ICC, '70 77', 'numeric'],
  ['5F36', 'Transaction Currency Exponent', 'n 1', '1', TERM, '', 'numeric'],
  ['5F50', 'Issuer URL', 'ans', '0-255', ICC, 'BF0C', 'text'],
  ['5F53', 'International Bank Account Number (IBAN)', 'b', '0-34', ICC, 'BF0C'],
  ['5F54', 'Bank Identifier Code (BIC)', 'an 8 or 11', '8-11', ICC, 'BF0C', 'text'],
  ['5F55', 'Issuer Country Code (alpha2 format)', 'a 2', '2', ICC, 'BF0C', 'text'],
  ['5F56', 'Issuer Country Code (alpha3 format)', 'a 3', '3', ICC, 'BF0C', 'text'],
  ['5F57', 'Account Type', 'n 2', '1', TERM, '', 'numeric'],
  ['61', 'Application Template', 'b', '0-252', ICC, '70', 'template'],
  ['6F', 'File Control Information (FCI) Template', 'b', '0-252', ICC, '', 'template'],
  ['70', 'READ RECORD Response Message Template', 'b', '0-252', ICC, '', 'template'],
  ['71', 'Issuer Script Template 1', 'b', '0-255', ISS, '', 'template'],
  ['72', 'Issuer Script Template 2', 'b', '0-255', ISS, '', 'template'],
  ['73', 'Directory Discretionary Template', 'b', '0-252', ICC, '61', 'template'],
  ['77', 'Response Message Template Format 2', 'b', '0-255', ICC, '', 'template'],
  ['80', 'Response Message Template Format 1', 'b', '0-255', ICC, ''],
  ['81', 'Amount, Authorised (Binary)', 'b', '4', TERM, '', 'amount-binary'],
  ['82', 'Application Interchange Profile', 'b', '2', ICC, '77 80', 'aip'],
  ['83', 'Command Template', 'b', '0-255', TERM, ''],
  ['84', 'Dedicated File (DF) Name', 'b', '5-16', ICC, '6F'],
  ['86', 'Issuer Script Command', 'b', '0-261', ISS, '71 72'],
  ['87', 'Application Priority Indicator', 'b', '1', ICC, '61 A5'],
  ['88', 'Short File Identifier (SFI)', 'b', '1', ICC, 'A5'],
  ['89', 'Authorisation Code', 'ans 6', '6', ISS, '', 'text'],
  ['8A', 'Authorisation Response Code', 'an 2', '2', ISS, '', 'text'],
  ['8C', 'Card Risk Management Data Object List 1 (CDOL1)', 'b', '0-252', ICC, '70 77', 'dol'],
  ['8D', 'Card Risk Management Data Object List 2 (CDOL2)', 'b', '0-252', ICC, '70 77', 'dol'],
  ['8E', 'Cardholder Verification Method (CVM) List', 'b', '10-252', ICC, '70 77', 'cvm-list'],
  ['8F', 'Certification Authority Public Key Index', 'b', '1', ICC, '70 77'],
  ['90', 'Issuer Public Key Certificate', 'b', '0-248', ICC, '70 77'],
  ['91', 'Issuer Authentication Data', 'b', '8-16', ISS, ''],
  ['92', 'Issuer Public Key Remainder', 'b', '0-248', ICC, '70 77'],
  ['93', 'Signed Static Application Data', 'b', '0-248', ICC, '70 77'],
  ['94', 'Application File Locator (AFL)', 'b', '0-252', ICC, '77 80', 'afl'],
  ['95', 'Terminal Verification Results', 'b', '5', TERM, '', 'tvr'],
  ['97', 'Transaction Certificate Data Object List (TDOL)', 'b', '0-252', ICC, '70 77', 'dol'],
  ['98', 'Transaction Certificate (TC) Hash Value', 'b', '20', TERM, ''],
  ['99', 'Transaction Personal Identification Number (PIN) Data', 'b', '0-255', TERM, ''],
  ['9A', 'Transaction Date', 'n 6 (YYMMDD)', '3', TERM, '', 'date'],
  ['9B', 'Transaction Status Information', 'b', '2', TERM, '', 'tsi'],
  ['9C', 'Transaction Type', 'n 2', '1', TERM, '', 'numeric'],
  ['9D', 'Directory Definition File (DDF) Name', 'b', '5-16', ICC, '61'],
  ['9F01', 'Acquirer Identifier', 'n 6-11', '6', TERM, '', 'numeric'],
  ['9F02', 'Amount, Authorised (Numeric)', 'n 12', '6', TERM, '', 'amount'],
  ['9F03', 'Amount, Other (Numeric)', 'n 12', '6', TERM, '', 'amount'],
  ['9F04', 'Amount, Other (Binary)', 'b', '4', TERM, '', 'amount-binary'],
  ['9F05', 'Application Discretionary Data', 'b', '1-32', ICC, '70 77'],
  ['9F06', 'Application Identifier (AID) - terminal', 'b', '5-16', TERM, ''],
  ['9F07', 'Application Usage Control', 'b', '2', ICC, '70 77', 'auc'],
  ['9F08', 'Application Version Number (ICC)', 'b', '2', ICC, '70 77'],
  ['9F09', 'Application Version Number (terminal)', 'b', '2', TERM, ''],
  ['9F0A', 'Application Selection Registered Proprietary Data', 'b', '0-252', ICC, 'BF0C'],
  ['9F0B', 'Cardholder Name Extended', 'ans 27-45', '27-45', ICC, '70 77', 'text'],
  ['9F0C', 'Issuer Identification Number Extended (IINE)', 'n 6 or 8', '3-4', ICC, 'BF0C', 'numeric'],
  ['9F0D', 'Issuer Action Code - Default', 'b', '5', ICC, '70 77', 'tvr'],
  ['9F0E', 'Issuer Action Code - Denial', 'b', '5', ICC, '70 77', 'tvr'],
  ['9F0F', 'Issuer Action Code - Online', 'b', '5', ICC, '70 77', 'tvr'],
  ['9F10', 'Issuer Application Data', 'b', '0-32', ICC, '77 80', 'iad'],
  ['9F11', 'Issuer Code Table Index', 'n 2', '1', ICC, 'A5', 'numeric'],
  ['9F12', 'Application Preferred Name', 'ans 1-16', '1-16', ICC, '61 A5', 'text'],
  ['9F13', 'Last Online Application Transaction Counter (ATC) Register', 'b', '2', ICC, ''],
  ['9F14', 'Lower Consecutive Offline Limit', 'b', '1', ICC, '70 77'],
  ['9F15', 'Merchant Category Code', 'n 4', '2', TERM, '', 'numeric'],
  ['9F16', 'Merchant Identifier', 'ans 15', '15', TERM, '', 'text'],
  ['9F17', 'Personal Identification Number (PIN) Try Counter', 'b', '1', ICC, ''],
  ['9F18', 'Issuer Script Identifier', 'b', '4', ISS, '71 72'],
  ['9F19', 'Token Requestor ID', 'n 11', '6', ICC, '70 77', 'numeric'],
  ['9F1A', 'Terminal Country Code', 'n 3', '2', TERM, '', 'country'],
  ['9F1B', 'Terminal Floor Limit', 'b', '4', TERM, '', 'amount-binary'],
  ['9F1C', 'Terminal Identification', 'an 8', '8', TERM, '', 'text'],
  ['9F1D', 'Terminal Risk Management Data', 'b', '1-8', TERM, ''],
  ['9F1E', 'Interface Device (IFD) Serial Number', 'an 8', '8', TERM, '', 'text'],
  ['9F1F', 'Track 1 Discretionary Data', 'ans', '0-255', ICC, '70 77', 'text'],
  ['9F20', 'Track 2 Discretionary Data', 'cn', '0-255', ICC, '70 77', 'cn'],
  ['9F21', 'Transaction Time', 'n 6 (HHMMSS)', '3', TERM, '', 'time'],
  ['9F22', 'Certification Authority Public Key Index (terminal)', 'b', '1', TERM, ''],
  ['9F23', 'Upper Consecutive Offline Limit', 'b', '1', ICC, '70 77'],
  ['9F24', 'Payment Account Reference (PAR)', 'an 29', '29', ICC, '70 77', 'text'],
  ['9F25', 'Last 4 Digits of PAN', 'n 4', '2', ICC, '70 77', 'numeric'],
  ['9F26', 'Application Cryptogram', 'b', '8', ICC, '77 80'],
  ['9F27', 'Cryptogram Information Data', 'b', '1', ICC, '77 80', 'cid'],
  ['9F29', 'Extended Selection', 'b', '0-11', ICC, '61'],
  ['9F2A', 'Kernel Identifier', 'b', '1-8', ICC, '61'],
  ['9F2D', 'ICC PIN Encipherment Public Key Certificate', 'b', '0-248', ICC, '70 77'],
  ['9F2E', 'ICC PIN Encipherment Public Key Exponent', 'b', '1-3', ICC, '70 77'],
  ['9F2F', 'ICC PIN Encipherment Public Key Remainder', 'b', '0-255', ICC, '70 77'],
  ['9F32', 'Issuer Public Key Exponent', 'b', '1-3', ICC, '70 77'],
  ['9F33', 'Terminal Capabilities', 'b', '3', TERM, '', 'terminal-capabilities'],
  ['9F34', 'Cardholder Verification Method (CVM) Results', 'b', '3', TERM, '', 'cvm-results'],
  ['9F35', 'Terminal Type', 'n 2', '1', TERM, '', 'terminal-type'],
  ['9F36', 'Application Transaction Counter (ATC)', 'b', '2', ICC, '77 80'],
  ['9F37', 'Unpredictable Number', 'b', '4', TERM, ''],
  ['9F38', 'Processing Options Data Object List (PDOL)', 'b', '0-252', ICC, 'A5', 'dol'],
  ['9F39', 'Point-of-Service (POS) Entry Mode', 'n 2', '1', TERM, '', 'numeric'],
  ['9F3A', 'Amount, Reference Currency', 'b', '4', TERM, '', 'amount-binary'],
  ['9F3B', 'Application Reference Currency', 'n 3', '2-8', ICC, '70 77', 'numeric'],
  ['9F3C', 'Transaction Reference Currency Code', 'n 3', '2', TERM, '', 'currency'],
  ['9F3D', 'Transaction Reference Currency Exponent', 'n 1', '1', TERM, '', 'numeric'],
  ['9F40', 'Additional Terminal Capabilities', 'b', '5', TERM, '', 'additional-terminal-capabilities'],
  ['9F41', 'Transaction Sequence Counter', 'n 4-8', '2-4', TERM, '', 'numeric'],
  ['9F42', 'Application Currency Code', 'n 3', '2', ICC, '70 77', 'currency'],
  ['9F43', 'Application Reference Currency Exponent', 'n 1', '1-4', ICC, '70 77', 'numeric'],
  ['9F44', 'Application Currency Exponent', 'n 1', '1', ICC, '70 77', 'numeric'],
  ['9F45', 'Data Authentication Code', 'b', '2', ICC, ''],
  ['9F46', 'ICC Public Key Certificate', 'b', '0-248', ICC, '70 77'],
  ['9F47', 'ICC Public Key Exponent', 'b', '1-3', ICC, '70 77'],
  ['9F48', 'ICC Public Key Remainder', 'b', '0-255', ICC, '70 77'],
  ['9F49', 'Dynamic Data Authentication Data Object List (DDOL)', 'b', '0-252', ICC, '70 77', 'dol'],
  ['9F4A', 'Static Data Authentication Tag List', 'b', '0-252', ICC, '70 77', 'tag-list'],
  ['9F4B', 'Signed Dynamic Application Data', 'b', '0-248', ICC, '77 80'],
  ['9F4C', 'ICC Dynamic Number', 'b', '2-8', ICC, ''],
  ['9F4D', 'Log Entry', 'b', '2', ICC, 'BF0C'],
  ['9F4E', 'Merchant Name and Location', 'ans', '0-255', TERM, '', 'text'],
  ['9F4F', 'Log Format', 'b', '0-255', ICC, '', 'dol'],
  ['9F66', 'Terminal Transaction Qualifiers (TTQ)', 'b', '4', TERM, '', 'ttq'],
  ['9F6C', 'Card Transaction Qualifiers (CTQ)', 'b', '2', ICC, '70 77', 'ctq'],
  ['A5', 'File Control Information (FCI) Proprietary Template', 'b', '0-252', ICC, '6F', 'template'],
  ['BF0C', 'File Control Information (FCI) Issuer Discretionary Data', 'b', '0-222', ICC, 'A5', 'template'],
];

// EMV Common Core Definitions and Visa VSDC / qVSDC (Visa Integrated Circuit Card Specification,
// EMV Book C-3): card data elements and the DE 55 tags Visa defines.
const VISA_ROWS: readonly Row[] = [
  ['9F51', 'Application Currency Code', 'n 3', '2', ICC, '', 'currency'],
  ['9F52', 'Application Default Action (ADA)', 'b', '2-4', ICC, ''],
  ['9F53', 'Consecutive Transaction Limit (International)', 'b', '1', ICC, ''],
  ['9F54', 'Cumulative Total Transaction Amount Limit', 'n 12', '6', ICC, '', 'amount'],
  ['9F55', 'Geographic Indicator', 'b', '1', ICC, ''],
  ['9F56', 'Issuer Authentication Indicator', 'b', '1', ICC, ''],
  ['9F57', 'Issuer Country Code', 'n 3', '2', ICC, '', 'country'],
  ['9F58', 'Consecutive Transaction Limit (Lower)', 'b', '1', ICC, ''],
  ['9F59', 'Consecutive Transaction Limit (Upper)', 'b', '1', ICC, ''],
  ['9F5A', 'Application Program Identifier (Program ID)', 'b', '1-16', ICC, '70 77'],
  ['9F5B', 'Issuer Script Results', 'b', '0-255', TERM, ''],
  ['9F5C', 'Cumulative Total Transaction Amount Upper Limit', 'n 12', '6', ICC, '', 'amount'],
  ['9F5D', 'Available Offline Spending Amount', 'n 12', '6', ICC, '', 'amount'],
  ['9F68', 'Card Additional Processes', 'b', '4', ICC, ''],
  ['9F69', 'Card Authentication Related Data', 'b', '5-16', ICC, '70 77'],
  ['9F6E', 'Form Factor Indicator', 'b', '4', ICC, '77'],
  ['9F72', 'Consecutive Transaction Limit (International - Country)', 'b', '1', ICC, ''],
  ['9F73', 'Currency Conversion Factor', 'b', '4', ICC, ''],
  ['9F74', 'VLP Issuer Authorisation Code', 'a 6', '6', ICC, '', 'text'],
  ['9F75', 'Cumulative Total Transaction Amount Limit - Dual Currency', 'n 12', '6', ICC, '', 'amount'],
  ['9F76', 'Secondary Application Currency Code', 'n 3', '2', ICC, '', 'currency'],
  ['9F79', 'VLP Available Funds', 'n 12', '6', ICC, '', 'amount'],
  ['9F7A', 'VLP Terminal Support Indicator', 'b', '1', TERM, ''],
  ['9F7B', 'VLP Terminal Transaction Limit', 'n 12', '6', TERM, '', 'amount'],
  ['9F7C', 'Customer Exclusive Data (CED)', 'b', '0-32', ICC, '77'],
  ['9F7D', 'Application Specific Transparent Data', 'b', '0-16', ICC, ''],
  ['9F7E', 'Application Life Cycle Data', 'b', '48', ICC, ''],
  ['9F7F', 'Card Production Life Cycle (CPLC) History File Identifiers', 'b', '42', ICC, ''],
];

// Mastercard M/Chip 4 / M/Chip Advance and the PayPass (EMV Book C-2) mag-stripe data elements.
const MASTERCARD_ROWS: readonly Row[] = [
  ['56', 'Track 1 Data', 'ans', '0-76', ICC, '70', 'text'],
  ['9F50', 'Offline Accumulator Balance', 'n 12', '6', ICC, '', 'amount'],
  ['9F53', 'Transaction Category Code', 'an 1', '1', TERM, '', 'text'],
  ['9F5D', 'Application Capabilities Information', 'b', '3', ICC, '70'],
  ['9F5E', 'Data Storage Identifier', 'n 16-22', '8-11', ICC, '70'],
  ['9F60', 'CVC3 (Track1)', 'b', '2', ICC, '77'],
  ['9F61', 'CVC3 (Track2)', 'b', '2', ICC, '77'],
  ['9F62', 'PCVC3 (Track1)', 'b', '6', ICC, '70'],
  ['9F63', 'PUNATC (Track1)', 'b', '6', ICC, '70'],
  ['9F64', 'NATC (Track1)', 'b', '1', ICC, '70'],
  ['9F65', 'PCVC3 (Track2)', 'b', '2', ICC, '70'],
  ['9F66', 'PUNATC (Track2)', 'b', '2', ICC, '70'],
  ['9F67', 'NATC (Track2)', 'b', '1', ICC, '70'],
  ['9F69', 'UDOL', 'b', '0-252', ICC, '70', 'dol'],
  ['9F6A', 'Unpredictable Number (Numeric)', 'n 8', '4', TERM, '', 'numeric'],
  ['9F6B', 'Track 2 Data', 'b', '0-19', ICC, '70', 'track2'],
  ['9F6D', 'Mag-stripe Application Version Number (Reader)', 'b', '2', TERM, ''],
  ['9F6E', 'Third Party Data', 'b', '5-32', ICC, '70 77'],
  ['9F6F', 'DS Slot Management Control', 'b', '1', ICC, '70'],
  ['9F70', 'Protected Data Envelope 1', 'b', '0-192', ICC, ''],
  ['9F71', 'Protected Data Envelope 2', 'b', '0-192', ICC, ''],
  ['9F72', 'Protected Data Envelope 3', 'b', '0-192', ICC, ''],
  ['9F73', 'Protected Data Envelope 4', 'b', '0-192', ICC, ''],
  ['9F74', 'Protected Data Envelope 5', 'b', '0-192', ICC, ''],
  ['9F75', 'Unprotected Data Envelope 1', 'b', '0-192', ICC, ''],
  ['9F76', 'Unprotected Data Envelope 2', 'b', '0-192', ICC, ''],
  ['9F77', 'Unprotected Data Envelope 3', 'b', '0-192', ICC, ''],
  ['9F78', 'Unprotected Data Envelope 4', 'b', '0-192', ICC, ''],
  ['9F79', 'Unprotected Data Envelope 5', 'b', '0-192', ICC, ''],
  ['9F7C', 'Merchant Custom Data', 'b', '20', TERM, ''],
  ['9F7E', 'Mobile Support Indicator', 'b', '1', TERM, ''],
  ['DF8101', 'DS Summary 2', 'b', '8-16', ICC, ''],
  ['DF8102', 'DS Summary 3', 'b', '8-16', ICC, ''],
  ['DF810C', 'Kernel ID', 'b', '1', TERM, ''],
  ['DF8115', 'Error Indication', 'b', '6', TERM, ''],
  ['DF8129', 'Outcome Parameter Set', 'b', '8', TERM, ''],
];

// UnionPay Integrated Circuit Card Specifications (UICS, formerly PBOC 2.0/3.0, JR/T 0025):
// electronic cash (and its second currency), qUICS, SM2 support and the DE 55 tags UnionPay
// defines.
const UNIONPAY_ROWS: readonly Row[] = [
  ['9F51', 'Application Currency Code', 'n 3', '2', ICC, '', 'currency'],
  ['9F5D', 'Available Offline Spending Amount', 'n 12', '6', ICC, '', 'amount'],
  ['9F63', 'Card Product Identification Information', 'b', '16', ICC, '77 80'],
  ['9F6D', 'Electronic Cash Reset Threshold', 'n 12', '6', ICC, '', 'amount'],
  ['9F74', 'Electronic Cash Issuer Authorisation Code', 'a 6', '6', ICC, '77 80', 'text'],
  ['9F77', 'Electronic Cash Balance Limit', 'n 12', '6', ICC, '', 'amount'],
  ['9F78', 'Electronic Cash Single Transaction Limit', 'n 12', '6', ICC, '', 'amount'],
  ['9F79', 'Electronic Cash Balance', 'n 12', '6', ICC, '', 'amount'],
  ['9F7A', 'Electronic Cash Terminal Support Indicator', 'b', '1', TERM, ''],
  ['9F7B', 'Electronic Cash Terminal Transaction Limit', 'n 12', '6', TERM, '', 'amount'],
  ['9F5A', 'Issuer URL2', 'ans', '0-255', ICC, 'BF0C', 'text'],
  ['9F6B', 'Card CVM Limit', 'n 12', '6', ICC, '', 'amount'],
  ['DF31', 'Issuer Script Results', 'b', '0-255', TERM, ''],
  ['DF4D', 'Load Log Entry', 'b', '2', ICC, 'BF0C'],
  ['DF4F', 'Load Log Format', 'b', '0-255', ICC, '', 'dol'],
  ['DF60', 'CAPP Transaction Indicator', 'b', '1', TERM, ''],
  ['DF61', 'Segmented Deduction Application Identifier', 'b', '1', ICC, ''],
  ['DF62', 'Electronic Cash Segmented Deduction Limit', 'n 12', '6', ICC, '', 'amount'],
  ['DF63', 'Electronic Cash Segmented Deduction Amount Deducted', 'n 12', '6', ICC, '', 'amount'],
  ['DF69', 'SM2 Algorithm Support Indicator', 'b', '1', TERM, ''],
  ['DF71', 'Second Currency Electronic Cash Application Currency Code', 'n 3', '2', ICC, '', 'currency'],
  ['DF72', 'Second Currency Card CVM Limit', 'n 12', '6', ICC, '', 'amount'],
  ['DF76', 'Second Currency Electronic Cash Reset Threshold', 'n 12', '6', ICC, '', 'amount'],
  ['DF77', 'Second Currency Electronic Cash Balance Limit', 'n 12', '6', ICC, '', 'amount'],
  ['DF78', 'Second Currency Electronic Cash Single Transaction Limit', 'n 12', '6', ICC, '', 'amount'],
  ['DF79', 'Second Currency Electronic Cash Balance', 'n 12', '6', ICC, '', 'amount'],
];

// American Express ExpressPay (EMV Book C-4).
const AMEX_ROWS: readonly Row[] = [
  ['9F6D', 'Contactless Reader Capabilities', 'b', '1', TERM, ''],
  ['9F6E', 'Enhanced Contactless Reader Capabilities', 'b', '4', TERM, ''],
  ['9F70', 'Card Interface Capabilities', 'b', '2', ICC, ''],
  ['9F71', 'Mobile CVM Results', 'b', '3', ICC, ''],
];

// Tags whose values are cardholder data (PCI DSS): masked by describe and the CLI unless revealed.
const SENSITIVE = new Set(['56', '57', '5A', '5F20', '9F0B', '9F1F', '9F20', '9F6B', '99']);
// Scheme definitions of those tags that are not cardholder data (UnionPay 9F6B is the card CVM limit).
const NOT_SENSITIVE = new Set(['UnionPay:9F6B']);

function compile(rows: readonly Row[], scheme: EmvScheme): EmvTag[] {
  return rows.map(([tag, name, formatText, length, source, templates, render]) => {
    const [lo, hi] = length.split('-');
    const minLength = Number(lo);
    const maxLength = Number(hi ?? lo);
    const format = formatText.split(' ')[0] as EmvFormat;
    return {
      tag,
      name,
      format,
      formatText,
      minLength,
      maxLength,
      source,
      templates: templates === '' ? [] : templates.split(' '),
      render: render ?? (format === 'b' ? 'hex' : format === 'n' ? 'numeric' : format === 'cn' ? 'cn' : 'text'),
      sensitive: SENSITIVE.has(tag) && !NOT_SENSITIVE.has(`${scheme}:${tag}`),
      scheme,
    };
  });
}

/** Every dictionary entry: the EMV ones first, then Visa, Mastercard, UnionPay and American Express. */
export const emvTags: readonly EmvTag[] = [
  ...compile(EMV_ROWS, 'EMV'),
  ...compile(VISA_ROWS, 'Visa'),
  ...compile(MASTERCARD_ROWS, 'Mastercard'),
  ...compile(UNIONPAY_ROWS, 'UnionPay'),
  ...compile(AMEX_ROWS, 'Amex'),
];

const byScheme = new Map<string, EmvTag>();
const byTag = new Map<string, EmvTag>();
for (const t of emvTags) {
  byScheme.set(`${t.scheme}:${t.tag}`, t);
  if (!byTag.has(t.tag)) byTag.set(t.tag, t);
}

/** Options for {@link emvTag}. */
export interface EmvTagLookupOptions {
  /** Prefer this scheme's definition where schemes disagree (9F63, 9F66, 9F6E, 9F74, 9F79, ...). */
  readonly scheme?: EmvScheme;
}

/**
 * Look a tag up in the dictionary: the scheme's own definition when `scheme` is given and it has
 * one, else the EMV definition, else the first scheme that defines it.
 *
 * @example
 * ```ts
 * emvTag('9F26')?.name;                          // 'Application Cryptogram'
 * emvTag('9F63', { scheme: 'UnionPay' })?.name;  // 'Card Product Identification Information'
 * emvTag('9F66')?.name;                          // 'Terminal Transaction Qualifiers (TTQ)'
 * ```
 */
export function emvTag(tag: string, options: EmvTagLookupOptions = {}): EmvTag | undefined {
  const t = tag.toUpperCase();
  if (options.scheme) {
    const own = byScheme.get(`${options.scheme}:${t}`);
    if (own) return own;
  }
  return byScheme.get(`EMV:${t}`) ?? byTag.get(t);
}

/**
 * True when the tag's value is cardholder data that must be masked for display, under any scheme's
 * definition (conservative: UnionPay's 9F6B is a CVM limit, but Mastercard's is track 2 data).
 *
 * @example
 * ```ts
 * isSensitiveTag('5A');   // true
 * isSensitiveTag('9F26'); // false
 * ```
 */
export function isSensitiveTag(tag: string): boolean {
  return SENSITIVE.has(tag.toUpperCase());
}

// Registered Application Provider Identifiers (ISO/IEC 7816-5) of the schemes with their own tags.
const RIDS: ReadonlyArray<readonly [string, EmvScheme]> = [
  ['A000000003', 'Visa'],
  ['A000000004', 'Mastercard'],
  ['A000000333', 'UnionPay'],
  ['A000000025', 'Amex'],
];

/**
 * The scheme whose tag definitions apply to an application, from the RID (first 5 bytes) of its
 * AID (4F, 84 or 9F06).
 *
 * @example
 * ```ts
 * schemeOfAid(hex('A000000333010102')); // 'UnionPay'
 * schemeOfAid(hex('A0000000651010'));   // undefined
 * ```
 */
export function schemeOfAid(aid: Uint8Array): EmvScheme | undefined {
  if (aid.length < 5) return undefined;
  const rid = toHex(aid, 0, 5);
  return RIDS.find(([r]) => r === rid)?.[1];
}
