/**
 * The text-mode POS's words, Chinese (as UnionPay terminals show them) and English. The engine's
 * own prompts and messages come in the terminal's language already; these are the screens the
 * application draws around them.
 */

/** The screen language. */
export type PosLanguage = 'zh' | 'en';

/** A word in both languages. */
export type PosWord = readonly [zh: string, en: string];

/** Every word of the screens. */
export const POS_TEXT = {
  appTitle: ['银联POS', 'cardwire POS'],
  mainMenu: ['主菜单', 'MAIN MENU'],
  adminMenu: ['管理', 'ADMIN'],
  purchase: ['消费', 'SALE'],
  void: ['撤销', 'VOID'],
  refund: ['退货', 'REFUND'],
  preauth: ['预授权', 'PRE-AUTH'],
  balance: ['余额查询', 'BALANCE'],
  completion: ['预授权完成', 'AUTH COMPLETE'],
  preauthVoid: ['预授权撤销', 'PRE-AUTH VOID'],
  admin: ['管理', 'ADMIN'],
  signOn: ['签到', 'SIGN ON'],
  settlement: ['结算', 'SETTLEMENT'],
  reprint: ['重打印', 'REPRINT'],
  transactionList: ['交易明细', 'TRANSACTIONS'],
  operatorLogon: ['操作员签到', 'OPERATOR LOGON'],
  supervisorPassword: ['修改主管密码', 'SUPERVISOR PASSWORD'],
  back: ['返回', 'BACK'],
  operatorNo: ['请输入操作员号', 'Operator no.'],
  operatorPassword: ['请输入操作员密码', 'Operator password'],
  oldSupervisorPassword: ['请输入原主管密码', 'Old supervisor password'],
  newSupervisorPassword: ['请输入新主管密码', 'New supervisor password'],
  reprintVoucher: ['凭证号(空=最后一笔)', 'Voucher (empty: last)'],
  chooseCard: ['请选择卡片', 'Choose a card'],
  chooseEntry: ['请选择读卡方式', 'Present the card by'],
  swipe: ['刷卡', 'SWIPE'],
  insert: ['插卡', 'INSERT'],
  tap: ['挥卡', 'TAP'],
  enterPin: ['请持卡人输入密码', 'Cardholder: enter PIN'],
  pinHint: ['无密码请直接按确认', 'No PIN: press Enter'],
  processing: ['处理中 请稍候', 'Processing, please wait'],
  approved: ['交易成功', 'APPROVED'],
  declined: ['交易失败', 'DECLINED'],
  cancelled: ['交易取消', 'CANCELLED'],
  timeout: ['操作超时', 'TIMED OUT'],
  failed: ['交易失败', 'FAILED'],
  refused: ['不能交易', 'NOT ALLOWED'],
  voucher: ['凭证号', 'VOUCHER'],
  rrn: ['参考号', 'REF NO.'],
  authCode: ['授权码', 'AUTH CODE'],
  amount: ['金额', 'AMOUNT'],
  card: ['卡号', 'CARD'],
  responseCode: ['应答码', 'RESP CODE'],
  balanceIs: ['可用余额', 'AVAILABLE'],
  receipt: ['签购单', 'RECEIPT'],
  noTransactions: ['无交易', 'No transactions'],
  keysMenu: ['[数字]选择 [Enter]确认 [Esc]返回', '[digit] pick [Enter] ok [Esc] back'],
  keysInput: ['[Enter]确认 [Esc]取消 [Bksp]清除', '[Enter] ok [Esc] cancel [Bksp] clear'],
  keysResult: ['[↑↓]翻页 [Enter]返回', '[Up/Down] scroll [Enter] menu'],
  keysBusy: ['请稍候...', 'Please wait...'],
  notLoggedOn: ['未签到', 'LOGGED OFF'],
  operator: ['操作员', 'OP'],
  batch: ['批次', 'BATCH'],
  quitHint: ['Ctrl-C 退出', 'Ctrl-C quits'],
} as const satisfies Record<string, PosWord>;

/** A word's key. */
export type PosTextKey = keyof typeof POS_TEXT;

/**
 * A word in `language`.
 *
 * @example
 * ```ts
 * posText('zh', 'purchase'); // '消费'
 * posText('en', 'purchase'); // 'SALE'
 * ```
 */
export function posText(language: PosLanguage, key: PosTextKey): string {
  const [zh, en] = POS_TEXT[key];
  return language === 'zh' ? zh : en;
}
