/**
 * Processing restrictions (EMV 4.4 Book 3 §10.4): application version numbers (§10.4.1), the
 * application usage control against the terminal kind and the transaction (§10.4.2, Table 36),
 * and the effective and expiration dates (§10.4.3). They only set TVR bits.
 */
import { toHex } from '../../core/index';
import { Auc } from '../bits/card';
import type { KernelContext } from './context';

/** YYMMDD → a sortable YYYYMMDD with the Book 4 §6.7.3 window (YY < 50 is 20YY). */
export function fullDate(yymmdd: string): string {
  const yy = Number(yymmdd.slice(0, 2));
  return `${yy < 50 ? 20 : 19}${yymmdd}`;
}

/** True when the terminal is an ATM (Book 4 Annex A1: unattended, with the cash capability). */
function isAtm(ctx: KernelContext): boolean {
  const lo = ctx.config.terminalType % 10;
  const cash = (ctx.config.terminalData.get('9F40')![0]! & 0x80) !== 0;
  return lo >= 4 && cash;
}

/** Book 3 §10.4. */
export function processingRestrictions(ctx: KernelContext): void {
  ctx.step = 'processing-restrictions';
  const version = ctx.icc.get('9F08');
  if (version && ctx.app && toHex(version) !== toHex(ctx.app.applicationVersion)) ctx.setTvr('differentApplicationVersions');

  const auc = ctx.icc.get('9F07');
  if (auc && auc.length === 2) {
    const u = Auc.decode(auc);
    if (isAtm(ctx) ? !u.atms : !u.terminalsOtherThanAtms) ctx.setTvr('serviceNotAllowed');
    const issuerCountry = ctx.icc.get('5F28');
    if (issuerCountry) {
      const domestic = toHex(issuerCountry) === toHex(ctx.config.terminalData.get('9F1A')!);
      const type = ctx.txn.type;
      const cash = type === '01' || type === '17';
      const cashback = type === '09';
      // Table 36: cash needs the cash bit; goods and services either bit; cashback its own bit too.
      if (cash && !(domestic ? u.domesticCash : u.internationalCash)) ctx.setTvr('serviceNotAllowed');
      if (!cash && (type === '00' || cashback) && !(domestic ? u.domesticGoods || u.domesticServices : u.internationalGoods || u.internationalServices)) ctx.setTvr('serviceNotAllowed');
      if (cashback && !(domestic ? u.domesticCashbackAllowed : u.internationalCashbackAllowed)) ctx.setTvr('serviceNotAllowed');
    }
  }

  const today = fullDate(ctx.txn.yymmdd);
  const effective = ctx.icc.get('5F25');
  if (effective && effective.length === 3 && fullDate(toHex(effective)) > today) ctx.setTvr('applicationNotYetEffective');
  const expiry = ctx.icc.get('5F24');
  if (expiry && expiry.length === 3 && fullDate(toHex(expiry)) < today) ctx.setTvr('expiredApplication');
}
