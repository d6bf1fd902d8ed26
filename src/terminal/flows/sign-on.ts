/**
 * 签到 and friends: operator log-on (number + password), host sign-on with key download (0800,
 * 60.3 001/003/004: the working keys of DE 62 imported under the TMK and kept only when their
 * check values match; the batch adopted from 60.2), sign-off (0820/002), echo (0820/301), and the
 * supervisor password change. A reversal still owed is sent right after a sign-on.
 */
import { isCardwireError, toHex } from '../../core/index';
import type { Engine } from '../engine';
import { checkPassword, hashPassword } from '../password';
import { networkRequest, signOnRequest } from '../profiles/unionpay';
import { codeText, refused, type TransactionResult } from './common';

/** Operator log-on: `00` is the administrator. */
export async function logon(engine: Engine, operator: string, password: string): Promise<TransactionResult> {
  const stored = engine.state.operators[operator];
  if (!stored || !checkPassword(password, stored, engine.backend)) return { outcome: 'refused', kind: 'logon', message: engine.say('操作员号或密码错', 'Wrong operator or password') };
  await engine.append({ t: 'logon', operator });
  return { outcome: 'approved', kind: 'logon', message: engine.say(`操作员 ${operator} 已签到`, `Operator ${operator} logged on`) };
}

/** Change the supervisor password (required before the first supervised transaction). */
export async function changeSupervisorPassword(engine: Engine, old: string, next: string): Promise<TransactionResult> {
  if (!checkPassword(old, engine.state.supervisor, engine.backend)) return refused(engine, 'logon', 'supervisor-password-wrong');
  if (!/^\d{6}$/.test(next) || next === old) return { outcome: 'refused', kind: 'logon', message: engine.say('新密码须为6位数字且不同于原密码', 'The new password must be 6 digits and differ from the old one') };
  await engine.append({ t: 'supervisor', password: hashPassword(next, engine.random, engine.backend, engine.state.supervisor.iterations) });
  return { outcome: 'approved', kind: 'logon', message: engine.say('主管密码已修改', 'Supervisor password changed') };
}

/** Host sign-on with key download. */
export async function signOn(engine: Engine): Promise<TransactionResult> {
  if (engine.state.operator === undefined) return refused(engine, 'sign-on', 'not-logged-on');
  const stan = engine.nextStan();
  const scheme = engine.state.params.keyScheme;
  engine.show({ title: engine.say('签到', 'SIGN ON'), lines: [engine.say('联机中...', 'Connecting...')] });
  const x = await engine.exchange(signOnRequest(engine.identity(stan), scheme), stan);
  if (x.kind !== 'approved' && x.kind !== 'declined') {
    await engine.append({ t: 'stan', stan: Number(stan) });
    return { outcome: 'failed', kind: 'sign-on', message: engine.say('签到失败 连接错误', 'Sign-on failed: no answer') };
  }
  if (x.kind === 'declined') {
    await engine.append({ t: 'stan', stan: Number(stan) });
    return { outcome: 'declined', kind: 'sign-on', code: x.answer.code, message: codeText(engine, x.answer.code) };
  }
  const keys = x.answer.workingKeys;
  const batch = x.answer.batch;
  if (!keys || !batch || !/^\d{6}$/.test(batch)) {
    await engine.append({ t: 'stan', stan: Number(stan) });
    return { outcome: 'failed', kind: 'sign-on', message: engine.say('签到失败 密钥错误', 'Sign-on failed: no working keys') };
  }
  // The keys are imported (and their check values checked) before the journal records them.
  try {
    await engine.importKeys(scheme, keys);
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    await engine.append({ t: 'stan', stan: Number(stan) });
    await engine.loadKeys().catch(() => false);
    return { outcome: 'failed', kind: 'sign-on', message: engine.say('签到失败 密钥校验错', 'Sign-on failed: key check value mismatch') };
  }
  await engine.append({ t: 'signed-on', scheme, de62: toHex(keys), batch, stan: Number(stan) });
  await engine.flushReversal();
  engine.show({ title: engine.say('签到成功', 'SIGNED ON'), lines: [engine.say(`批次号 ${batch}`, `Batch ${batch}`)] });
  return { outcome: 'approved', kind: 'sign-on', code: '00', message: engine.say('签到成功', 'Signed on') };
}

/** Sign-off (0820/002) or echo test (0820/301). */
export async function network(engine: Engine, what: 'sign-off' | 'echo'): Promise<TransactionResult> {
  const stan = engine.nextStan();
  const x = await engine.exchange(networkRequest(engine.identity(stan), what === 'sign-off' ? '002' : '301'), stan);
  await engine.append({ t: 'stan', stan: Number(stan) }, ...(what === 'sign-off' && x.kind === 'approved' ? [{ t: 'signed-off' } as const] : []));
  if (x.kind === 'approved') return { outcome: 'approved', kind: what, code: '00', message: engine.say('成功', 'OK') };
  if (x.kind === 'declined') return { outcome: 'declined', kind: what, code: x.answer.code, message: codeText(engine, x.answer.code) };
  return { outcome: 'failed', kind: what, message: engine.say('连接失败', 'No answer') };
}
