/**
 * 结算: offline advices first, then the 0500 with the batch's totals per card class in DE 48, the
 * host's result digit per class, and the batch upload (0320): chip online transactions (203
 * balanced / 205 unbalanced), failed chip transactions (204 / 206), after an unbalanced
 * settlement the magnetic-stripe list (201, at most 8 records a message) and the advices one by
 * one, then the end of upload with the item count (207 balanced / 202 unbalanced), and a new
 * batch. Each stage is journaled, so a settlement cut by a power loss resumes where it stopped.
 */
import { hex } from '../../core/index';
import {
  CUP_UPLOAD_RECORDS_PER_MESSAGE,
  decodeCupSettlementTotals,
  encodeCupSettlementTotals,
  encodeCupUploadRecords,
  type CupSettlementTotals,
  type CupUploadRecord,
} from '../../iso8583/index';
import type { Engine } from '../engine';
import { CUP_TRANSACTIONS, financialRequest, settlementRequest, uploadRequest } from '../profiles/unionpay';
import type { SettlementProgress, TerminalTransaction } from '../state';
import { codeText, refused, type TransactionResult } from './common';
import { printSettlement } from './print';

const DEBIT_KINDS: readonly TerminalTransaction['kind'][] = ['purchase', 'completion', 'completion-advice', 'offline-purchase'];

/** Totals of the open batch per card class (debits: purchases and completions net of voids; credits: refunds). */
export function batchTotals(transactions: readonly TerminalTransaction[]): CupSettlementTotals {
  const zero = (): { debitAmount: bigint; debitCount: number; creditAmount: bigint; creditCount: number; result: '0' } => ({ debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' });
  const out = { domestic: zero(), foreign: zero() };
  for (const t of transactions) {
    if (t.status !== 'approved') continue;
    const c = out[t.cardClass];
    if (DEBIT_KINDS.includes(t.kind)) {
      c.debitAmount += BigInt(t.amount);
      c.debitCount += 1;
    } else if (t.kind === 'refund') {
      c.creditAmount += BigInt(t.amount);
      c.creditCount += 1;
    }
  }
  return out;
}

/** Totals of failed transactions (declined), shown with the forced settlement. */
export function failedTotals(transactions: readonly TerminalTransaction[]): { readonly count: number; readonly amount: bigint } {
  let count = 0;
  let amount = 0n;
  for (const t of transactions) {
    if (t.status !== 'declined') continue;
    count++;
    amount += BigInt(t.amount);
  }
  return { count, amount };
}

async function progress(engine: Engine, p: SettlementProgress, stan: string): Promise<void> {
  await engine.append({ t: 'settlement', progress: p }, { t: 'stan', stan: Number(stan) });
}

/** Send the offline transactions not yet advised (before the settlement). */
async function sendAdvices(engine: Engine): Promise<boolean> {
  for (const t of engine.state.transactions.filter((x) => x.offline && !x.adviceSent && x.status === 'approved')) {
    const stan = engine.nextStan();
    const pik = await engine.ports.securityModule.keyInfo(engine.refs.pik);
    const m = financialRequest(engine.identity(stan), {
      kind: 'offline-purchase',
      amount: BigInt(t.amount),
      card: { entry: t.entry, pan: t.pan, ...(t.expiry ? { expiry: t.expiry } : {}), tracksEnciphered: false },
      pinKeyDoubleLength: pik.length > 8,
      original: { batch: t.batch, stan: t.voucher },
    });
    if (t.chip?.uploadDe55) m.set(55, hex(t.chip.uploadDe55));
    const x = await engine.exchange(m, stan);
    if (x.kind !== 'approved' && x.kind !== 'declined') return false;
    await engine.append({ t: 'update', voucher: t.voucher, batch: t.batch, adviceSent: true }, { t: 'stan', stan: Number(stan) });
  }
  return true;
}

/** The upload items (after the 0500), in the order they are sent. */
function uploadPlan(transactions: readonly TerminalTransaction[], balanced: boolean): { readonly code: string; readonly item?: TerminalTransaction; readonly records?: readonly TerminalTransaction[] }[] {
  const approved = transactions.filter((t) => t.status === 'approved' || t.status === 'completed');
  const chip = approved.filter((t) => t.chip && !t.chip.failed && (t.entry === 'insert' || t.entry === 'tap'));
  const failedChip = transactions.filter((t) => t.chip?.failed);
  const plan: { code: string; item?: TerminalTransaction; records?: readonly TerminalTransaction[] }[] = [];
  for (const t of chip) plan.push({ code: balanced ? '203' : '205', item: t });
  for (const t of failedChip) plan.push({ code: balanced ? '204' : '206', item: t });
  if (!balanced) {
    const advice = (t: TerminalTransaction) => t.kind === 'refund' || t.kind === 'completion-advice' || t.offline;
    const stripe = approved.filter((t) => !t.chip && !advice(t) && t.kind !== 'preauth' && t.kind !== 'balance');
    for (let i = 0; i < stripe.length; i += CUP_UPLOAD_RECORDS_PER_MESSAGE) plan.push({ code: '201', records: stripe.slice(i, i + CUP_UPLOAD_RECORDS_PER_MESSAGE) });
    for (const t of approved.filter(advice)) plan.push({ code: '201', item: t });
  }
  return plan;
}

function record(t: TerminalTransaction): CupUploadRecord {
  return { organisation: t.cardClass === 'domestic' ? '00' : '01', stan: t.voucher, pan: t.pan, amount: BigInt(t.amount) };
}

/** Settle the open batch. */
export async function settle(engine: Engine): Promise<TransactionResult> {
  const s = engine.state;
  if (s.operator === undefined) return refused(engine, 'settlement', 'not-logged-on');
  if (!s.signedOn) return refused(engine, 'settlement', 'not-signed-on');
  if (!(await engine.flushReversal())) return refused(engine, 'settlement', 'reversal-pending');
  if (!(await sendAdvices(engine))) return { outcome: 'failed', kind: 'settlement', message: engine.say('离线交易上送失败', 'Offline advices could not be sent') };
  let p = engine.state.settlement;
  const batch = engine.state.batch;
  if (!p || p.batch !== batch) {
    const totals = encodeCupSettlementTotals(batchTotals(engine.state.transactions.filter((t) => t.batch === batch)));
    const stan = engine.nextStan();
    engine.show({ title: engine.say('结算', 'SETTLEMENT'), lines: [engine.say('联机中...', 'Connecting...')] });
    const x = await engine.exchange(settlementRequest(engine.identity(stan), totals), stan);
    if (x.kind !== 'approved') {
      await engine.append({ t: 'stan', stan: Number(stan) });
      return x.kind === 'declined' ? { outcome: 'declined', kind: 'settlement', code: x.answer.code, message: codeText(engine, x.answer.code) } : { outcome: 'failed', kind: 'settlement', message: engine.say('结算失败 无应答', 'Settlement failed: no answer') };
    }
    let answered: CupSettlementTotals;
    try {
      answered = decodeCupSettlementTotals(x.answer.additionalData ?? '');
    } catch {
      await engine.append({ t: 'stan', stan: Number(stan) });
      return { outcome: 'failed', kind: 'settlement', message: engine.say('结算应答错误', 'Bad settlement answer') };
    }
    p = { batch, requested: totals, domesticResult: answered.domestic.result, foreignResult: answered.foreign.result, stage: 'uploading', uploaded: [] };
    await progress(engine, p, stan);
  }
  const balanced = p.domesticResult === '1' && p.foreignResult === '1';
  // The batch upload, resumable: items already uploaded are skipped.
  const plan = uploadPlan(engine.state.transactions.filter((t) => t.batch === batch), balanced);
  let count = 0;
  for (const step of plan) {
    const key = step.item ? `${step.code}:${step.item.voucher}` : `${step.code}:${step.records!.map((r) => r.voucher).join(',')}`;
    count += step.records ? step.records.length : 1;
    if (p.uploaded.includes(key)) continue;
    const stan = step.item ? step.item.voucher : engine.nextStan();
    const id = { ...engine.identity(stan), batch };
    const m = step.records
      ? uploadRequest(id, step.code, { de48: encodeCupUploadRecords(step.records.map(record)) })
      : uploadRequest(id, step.code, { item: itemMessage(engine, step.item!), typeCode: step.code === '201' ? CUP_TRANSACTIONS[step.item!.kind].type : '00' });
    const x = await engine.exchange(m, stan);
    if (x.kind !== 'approved' && x.kind !== 'declined') return { outcome: 'failed', kind: 'settlement', message: engine.say('批上送中断 请重新结算', 'Upload interrupted: settle again') };
    p = { ...p, uploaded: [...p.uploaded, key] };
    await progress(engine, p, step.item ? String(engine.state.stan) : stan);
  }
  const endStan = engine.nextStan();
  const end = uploadRequest({ ...engine.identity(endStan), batch }, balanced ? '207' : '202', { de48: String(count).padStart(4, '0') });
  const x = await engine.exchange(end, endStan);
  if (x.kind !== 'approved' && x.kind !== 'declined') return { outcome: 'failed', kind: 'settlement', message: engine.say('批上送中断 请重新结算', 'Upload interrupted: settle again') };
  const next = String((Number(batch) % 999_999) + 1).padStart(6, '0');
  const closing = engine.state.transactions.filter((t) => t.batch === batch);
  p = { ...p, stage: 'done' };
  await engine.append({ t: 'settlement', progress: p }, { t: 'stan', stan: Number(endStan) }, { t: 'batch-closed', batch, next, at: engine.clock.now().toISOString() });
  await engine.compact();
  const message = balanced ? engine.say('结算成功 对账平', 'Settled: balanced') : engine.say('结算完成 对账不平 已批上送', 'Settled: unbalanced, batch uploaded');
  engine.show({ title: engine.say('结算', 'SETTLEMENT'), lines: [message] });
  await printSettlement(engine, { batch, transactions: closing, requested: p.requested, domesticResult: p.domesticResult, foreignResult: p.foreignResult });
  return { outcome: 'approved', kind: 'settlement', code: '00', message };
}

/** The 0320 item of one transaction: its request fields as they would be sent, with the chip's TC data. */
function itemMessage(engine: Engine, t: TerminalTransaction) {
  const m = financialRequest(engine.identity(t.voucher), {
    kind: t.kind,
    amount: BigInt(t.amount),
    card: { entry: t.entry, pan: t.pan, ...(t.expiry ? { expiry: t.expiry } : {}), tracksEnciphered: false },
    pinKeyDoubleLength: true,
    ...(t.original ? { original: { batch: t.original.batch, stan: t.original.voucher, date: t.original.hostDate } } : {}),
  });
  if (t.chip?.uploadDe55) m.set(55, hex(t.chip.uploadDe55));
  if (t.rrn) m.set(37, t.rrn);
  if (t.authCode) m.set(38, t.authCode);
  return m;
}
