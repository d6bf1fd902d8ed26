// The file journal: round trips, a torn or corrupt tail cut at every byte and every bit of the
// last record, the lock, compaction, and a real crash: a child killed with SIGKILL while it
// appends, after which every record it reported durable is there, in order, intact.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test as prop } from '@fast-check/vitest';
import { afterAll, describe, expect, test } from 'vitest';
import { FileJournal } from '../../../src/terminal/journal/file';
import { bundle, runChild } from '../../helpers/child';
import { caughtAsync } from '../../helpers/caught-async';

const root = mkdtempSync(join(tmpdir(), 'cardwire-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `j${n++}.cwj`);
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

async function reopen(path: string): Promise<{ journal: FileJournal; records: string[] }> {
  const journal = new FileJournal(path);
  const records = (await journal.open()).map(dec);
  return { journal, records };
}

describe('FileJournal', () => {
  test('records come back in order across reopen; the file is header + length + CRC + payload', async () => {
    const path = fresh();
    const j = new FileJournal(path);
    expect(await j.open()).toEqual([]);
    await j.append([enc('one'), enc('two')]);
    await j.append([enc('three')]);
    expect(j.stats).toEqual({ appends: 3, syncs: 2, bytes: 3 * 8 + 11 });
    await j.close();
    const bytes = readFileSync(path);
    // 'CWJ1', version 1, 3 reserved; then 00000003 + CRC-32('one') = 7A6D8A6D? computed below + 'one'.
    expect(bytes.subarray(0, 8).toString('hex')).toBe('43574a3101000000');
    expect(bytes.subarray(8, 12).toString('hex')).toBe('00000003');
    expect(bytes.subarray(16, 19).toString('latin1')).toBe('one');
    const { journal, records } = await reopen(path);
    expect(records).toEqual(['one', 'two', 'three']);
    await journal.close();
  });

  test('truncated at every byte offset of its last record, it opens with the records before it, and appends continue', async () => {
    const path = fresh();
    const j = new FileJournal(path);
    await j.open();
    await j.append([enc('alpha'), enc('beta')]);
    await j.append([enc('the last record, torn')]);
    await j.close();
    const whole = readFileSync(path);
    const lastStart = whole.length - (8 + 'the last record, torn'.length);
    for (let cut = lastStart; cut < whole.length; cut++) {
      const p = fresh();
      writeFileSync(p, whole.subarray(0, cut));
      const { journal, records } = await reopen(p);
      expect(records).toEqual(['alpha', 'beta']);
      expect(journal.truncatedBytes).toBe(cut - lastStart);
      expect(statSync(p).size).toBe(lastStart);
      await journal.append([enc('after')]);
      await journal.close();
      expect((await reopen(p)).records).toEqual(['alpha', 'beta', 'after']);
    }
  });

  test('a flipped bit anywhere in the last record drops it alone', async () => {
    const path = fresh();
    const j = new FileJournal(path);
    await j.open();
    await j.append([enc('keep me'), enc('flip me')]);
    await j.close();
    const whole = readFileSync(path);
    const lastStart = whole.length - (8 + 'flip me'.length);
    for (let at = lastStart + 4; at < whole.length; at++) {
      for (const bit of [0x01, 0x80]) {
        const p = fresh();
        const b = Buffer.from(whole);
        b[at]! ^= bit;
        writeFileSync(p, b);
        const { journal, records } = await reopen(p);
        expect(records).toEqual(['keep me']);
        await journal.close();
      }
    }
  });

  test('an absurd length field is a torn tail, not an allocation', async () => {
    const path = fresh();
    const j = new FileJournal(path);
    await j.open();
    await j.append([enc('ok')]);
    await j.close();
    const b = Buffer.concat([readFileSync(path), Buffer.from('ffffffff00000000', 'hex'), Buffer.from('junk')]);
    writeFileSync(path, b);
    const { journal, records } = await reopen(path);
    expect(records).toEqual(['ok']);
    await journal.close();
  });

  test('a second open of the same journal is refused while the first holds it; a stale lock is taken over', async () => {
    const path = fresh();
    const a = new FileJournal(path);
    await a.open();
    expect(await caughtAsync(() => new FileJournal(path).open())).toEqual({ code: 'TERMINAL_JOURNAL_INVALID', path: `${path}.lock`, offset: undefined });
    await a.close();
    writeFileSync(`${path}.lock`, '999999999');
    const b = new FileJournal(path);
    expect(await b.open()).toEqual([]);
    await b.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test('compaction replaces the contents atomically; a leftover .tmp is removed on open', async () => {
    const path = fresh();
    const j = new FileJournal(path);
    await j.open();
    await j.append([enc('a'), enc('b'), enc('c')]);
    await j.compact([enc('snapshot')]);
    await j.append([enc('d')]);
    await j.close();
    writeFileSync(`${path}.tmp`, 'half-written compaction');
    const { journal, records } = await reopen(path);
    expect(records).toEqual(['snapshot', 'd']);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    await journal.close();
  });

  prop.prop([fc.array(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }), { maxLength: 12 })], { numRuns: 30 })('random batches round-trip', async (batches) => {
    const path = fresh();
    const j = new FileJournal(path);
    await j.open();
    for (const b of batches) await j.append(b);
    await j.close();
    const k = new FileJournal(path);
    const got = await k.open();
    await k.close();
    expect(got.map((r) => Buffer.from(r).toString('hex'))).toEqual(batches.flat().map((r) => Buffer.from(r).toString('hex')));
  });

  test('killed with SIGKILL while appending (8 times): every record reported durable is there, in order, intact', async () => {
    const script = bundle(new URL('./append-child.ts', import.meta.url).pathname);
    const path = fresh();
    let durable = 0;
    for (let round = 0; round < 8; round++) {
      let kill = () => {};
      const run = runChild(script, { JOURNAL: path }, { onStart: (k) => (kill = k) });
      await new Promise((r) => setTimeout(r, 150 + round * 40));
      // SIGKILL: the child removes nothing, its lock stays behind naming a dead pid (stale).
      kill();
      const { lines } = await run;
      const reported = lines.length ? Number(lines[lines.length - 1]) : durable;
      const { journal, records } = await reopen(path);
      expect(records.length).toBeGreaterThanOrEqual(reported);
      records.forEach((r, i) => expect(r).toBe(`record ${i} ${'x'.repeat(i % 200)}`));
      durable = records.length;
      await journal.close();
    }
    expect(durable).toBeGreaterThan(0);
  });
});

