/**
 * Every response code (DE 39) the host simulator gives, with the UnionPay meaning and when the
 * host gives it. docs/host.md prints this table; a test checks that each code is reachable.
 */

/** A response code the host answers. */
export interface HostResponseCode {
  readonly zh: string;
  readonly en: string;
  /** When the host gives it. */
  readonly when: string;
}

/**
 * The host's response codes.
 *
 * @example
 * ```ts
 * hostResponseCodes['55'].en; // 'Incorrect PIN'
 * ```
 */
export const hostResponseCodes = {
  '00': { zh: '承兑或交易成功', en: 'Approved', when: 'the request is approved; also every reversal, known or not, so the terminal stops retrying' },
  '03': { zh: '无效商户', en: 'Invalid merchant', when: 'DE 42 is not the merchant the terminal is registered to' },
  '05': { zh: '不予承兑', en: 'Do not honour', when: 'the track 2 CVV does not verify; an ARQC that does not verify (unless the card configures another code)' },
  '12': { zh: '无效交易', en: 'Invalid transaction', when: 'a void of a transaction already voided, refunded or in a settled batch; a request the card status or kind forbids' },
  '13': { zh: '无效金额', en: 'Invalid amount', when: 'an amount of zero for a financial transaction, or a currency other than the account\'s' },
  '14': { zh: '无效卡号', en: 'Invalid card number', when: 'the PAN fails Luhn, is unknown, or the track data do not match the card record' },
  '25': { zh: '找不到原始交易', en: 'Unable to locate original transaction', when: 'a void, refund, pre-authorisation void or completion whose original the ledger does not hold, or whose RRN/authorisation code differ' },
  '30': { zh: '报文格式错误', en: 'Format error', when: 'the request does not decode, or lacks a field its transaction needs' },
  '40': { zh: '请求的功能尚不支持', en: 'Function not supported', when: 'a transaction the host does not implement for this dialect' },
  '41': { zh: '挂失卡', en: 'Lost card, pick up', when: 'the card is configured as lost' },
  '43': { zh: '被窃卡', en: 'Stolen card, pick up', when: 'the card is configured as stolen' },
  '45': { zh: '不允许降级交易', en: 'Fallback not allowed, use the chip', when: 'a chip card (service code 2xx/6xx) swiped without the fallback indicator (60.5 = 2)' },
  '51': { zh: '无足够的存款', en: 'Insufficient funds', when: 'the amount exceeds the available balance or credit' },
  '54': { zh: '过期的卡', en: 'Expired card', when: 'the card is configured as expired, or its expiry is before the host\'s date' },
  '55': { zh: '密码错', en: 'Incorrect PIN', when: 'the PIN does not verify, or a card that needs a PIN came without one' },
  '61': { zh: '超出金额限制', en: 'Exceeds amount limit', when: 'a completion above the hold plus the tolerance; a refund above what is left to refund' },
  '62': { zh: '受限制的卡', en: 'Restricted card', when: 'the card is configured as blocked' },
  '64': { zh: '原始金额错误', en: 'Original amount incorrect', when: 'a void or pre-authorisation void whose amount differs from the original' },
  '75': { zh: '允许的输入PIN次数超限', en: 'PIN tries exceeded', when: 'the card\'s wrong-PIN count reached the configured limit' },
  '77': { zh: '需要向网络中心签到', en: 'Sign on again', when: 'a financial request from a terminal that is not signed on' },
  '94': { zh: '重复交易', en: 'Duplicate transmission', when: 'a request with the batch and STAN of an earlier one but different content' },
  '96': { zh: '系统异常', en: 'System malfunction', when: 'the ledger failed to record the decision (the request is not approved)' },
  '97': { zh: '终端未登记', en: 'Terminal not registered', when: 'DE 41 names no terminal of the configuration' },
  '99': { zh: 'PIN格式错', en: 'PIN block error', when: 'the PIN block does not decipher to a valid block, or 53.2 names another key length than the terminal\'s PIN key' },
  A0: { zh: 'MAC校验错', en: 'MAC error', when: 'DE 64 does not verify under the terminal\'s current MAK, or a financial request carries none; nothing is changed' },
} as const satisfies Record<string, HostResponseCode>;

/** A response code of {@link hostResponseCodes}. */
export type HostCode = keyof typeof hostResponseCodes;
