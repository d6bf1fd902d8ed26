/**
 * The words printed on cardwire's receipts, each a pair [Chinese, English]: UnionPay's 签购单,
 * 结算总计单 and 交易明细 print both on a Chinese terminal and English alone on an English one.
 * Every Chinese character the printer is asked for by the templates is in this file, and
 * `scripts/gbk-table.mjs` builds the GBK table (`gbk-table.ts`) from exactly these characters, so a
 * word added here needs the script run again (a test fails until it is).
 */
import type { TerminalTransactionKind } from '../state';

/** A word in both languages: [Chinese, English]. */
export type ReceiptWord = readonly [zh: string, en: string];

/** Titles, copy names and the fixed sentences. */
export const RECEIPT_TEXT = {
  salesSlip: ['银联POS签购单', 'POS SALES SLIP'],
  settlement: ['结算总计单', 'SETTLEMENT'],
  transactionList: ['交易明细', 'TRANSACTION LIST'],
  merchantCopy: ['商户存根', 'MERCHANT COPY'],
  cardholderCopy: ['持卡人存根', 'CARDHOLDER COPY'],
  bankCopy: ['银行存根', 'BANK COPY'],
  reprint: ['重打印', 'REPRINT'],
  signature: ['持卡人签名', 'CARDHOLDER SIGNATURE'],
  pinVerified: ['密码验证 免签名', 'PIN VERIFIED, NO SIGNATURE'],
  statement: ['本人确认以上交易，同意将其记入本卡账户', 'I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES'],
  settlementRequired: ['隔日强制结算', 'SETTLEMENT REQUIRED'],
  domestic: ['内卡', 'DOMESTIC'],
  foreign: ['外卡', 'FOREIGN'],
  successful: ['成功交易', 'SUCCESSFUL'],
  failed: ['失败交易', 'FAILED'],
  totals: ['合计', 'TOTALS'],
} as const satisfies Record<string, ReceiptWord>;

/** Field labels. */
export const RECEIPT_LABELS = {
  merchantName: ['商户名称', 'MERCHANT NAME'],
  mid: ['商户编号', 'MERCHANT NO.'],
  tid: ['终端编号', 'TERMINAL NO.'],
  operator: ['操作员号', 'OPERATOR NO.'],
  cardOrganisation: ['卡组织', 'CARD ORG.'],
  cardNo: ['卡号', 'CARD NO.'],
  expiry: ['有效期', 'EXP DATE'],
  transactionType: ['交易类型', 'TRANS TYPE'],
  batch: ['批次号', 'BATCH NO.'],
  voucher: ['凭证号', 'VOUCHER NO.'],
  authCode: ['授权码', 'AUTH NO.'],
  rrn: ['参考号', 'REF NO.'],
  dateTime: ['日期/时间', 'DATE/TIME'],
  amount: ['金额', 'AMOUNT'],
  originalVoucher: ['原凭证号', 'ORIG. VOUCHER'],
  originalRrn: ['原参考号', 'ORIG. REF NO.'],
  originalAuthCode: ['原授权码', 'ORIG. AUTH NO.'],
  debitCount: ['借记笔数', 'DEBIT COUNT'],
  debitAmount: ['借记金额', 'DEBIT AMOUNT'],
  creditCount: ['贷记笔数', 'CREDIT COUNT'],
  creditAmount: ['贷记金额', 'CREDIT AMOUNT'],
  result: ['对账结果', 'RESULT'],
  count: ['笔数', 'COUNT'],
} as const satisfies Record<string, ReceiptWord>;

/** The EMV lines are printed in English in both languages, as UnionPay slips do. */
export const CHIP_LABELS = {
  aid: 'AID',
  appLabel: 'APP LABEL',
  arqc: 'ARQC',
  tc: 'TC',
  tvr: 'TVR',
  tsi: 'TSI',
  atc: 'ATC',
} as const;

/** The host's reconciliation result digit of a settlement (0510 DE 48, per card class). */
export const SETTLEMENT_RESULTS = {
  '1': ['对账平', 'BALANCED'],
  '2': ['对账不平', 'UNBALANCED'],
  '3': ['错误', 'ERROR'],
} as const satisfies Record<string, ReceiptWord>;

/** A result digit that is none of 1, 2, 3 (printed with the digit, not guessed). */
export const UNKNOWN_RESULT: ReceiptWord = ['未知', 'UNKNOWN'];

/** The transaction type as the slip's 交易类型 line prints it. */
export const KIND_NAMES: Readonly<Record<TerminalTransactionKind, ReceiptWord>> = {
  purchase: ['消费', 'SALE'],
  void: ['消费撤销', 'VOID'],
  refund: ['退货', 'REFUND'],
  preauth: ['预授权', 'PRE-AUTH'],
  'preauth-void': ['预授权撤销', 'PRE-AUTH VOID'],
  completion: ['预授权完成(请求)', 'AUTH COMPLETE'],
  'completion-advice': ['预授权完成(通知)', 'AUTH COMPLETE ADVICE'],
  'completion-void': ['预授权完成撤销', 'COMPLETE VOID'],
  balance: ['余额查询', 'BALANCE'],
  transfer: ['转账', 'TRANSFER'],
  'offline-purchase': ['离线消费', 'OFFLINE SALE'],
};

/** The transaction type in the list's narrow column (at most 8 columns in either language). */
export const KIND_SHORT_NAMES: Readonly<Record<TerminalTransactionKind, ReceiptWord>> = {
  purchase: ['消费', 'SALE'],
  void: ['撤销', 'VOID'],
  refund: ['退货', 'REFUND'],
  preauth: ['预授权', 'AUTH'],
  'preauth-void': ['预授撤销', 'AUTHVOID'],
  completion: ['授权完成', 'COMPLETE'],
  'completion-advice': ['完成通知', 'ADVICE'],
  'completion-void': ['完成撤销', 'CMPVOID'],
  balance: ['余额', 'BALANCE'],
  transfer: ['转账', 'TRANSFER'],
  'offline-purchase': ['离线消费', 'OFFLINE'],
};

/** The column heads of the transaction list (Chinese alone in 'zh': the columns are narrow). */
export const LIST_HEADS = {
  voucher: ['凭证号', 'NO.'],
  transactionType: ['类型', 'TYPE'],
  cardNo: ['卡号', 'CARD NO.'],
  authCode: ['授权码', 'AUTH'],
  amount: ['金额', 'AMOUNT'],
} as const satisfies Record<string, ReceiptWord>;

/**
 * Card organisations as 63.1 of the answer names them (UnionPay's three-letter codes). A code not
 * in this table is printed as it came (documented pass-through).
 */
export const CARD_ORGANISATIONS: Readonly<Record<string, ReceiptWord>> = {
  CUP: ['银联 CUP', 'CUP'],
  VIS: ['VISA', 'VISA'],
  MCC: ['MASTERCARD', 'MASTERCARD'],
  MAE: ['MAESTRO', 'MAESTRO'],
  JCB: ['JCB', 'JCB'],
  AMX: ['AMEX', 'AMEX'],
  DCC: ['DINERS CLUB', 'DINERS CLUB'],
};
