// The memory journal keeps exactly the bytes it was given, whatever their sizes and however many
// appends (its copies share buffers), and what a crash leaves is every durable record.
import { fc, test as prop } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { MemoryJournal } from '../../../src/terminal/index';

const recordArb = fc.uint8Array({ minLength: 0, maxLength: 12_000 });

describe('MemoryJournal', () => {
  prop.prop([fc.array(fc.array(recordArb, { maxLength: 6 }), { maxLength: 40 })])('keeps every appended record as it was, in order', async (appends) => {
    const j = new MemoryJournal();
    await j.open();
    const given: Uint8Array[] = [];
    for (const records of appends) {
      const mine = records.map((r) => r.slice());
      await j.append(mine);
      // The caller's buffers are its own again: changing them changes nothing in the journal.
      for (const r of mine) r.fill(0xee);
      given.push(...records);
    }
    expect(j.records.map((r) => [...r])).toEqual(given.map((r) => [...r]));
    expect((await j.crashed().open()).map((r) => [...r])).toEqual(given.map((r) => [...r]));
    expect(j.stats.syncs).toBe(appends.length);
  });

  test('a record changed by whoever read it does not change its neighbours', async () => {
    const j = new MemoryJournal();
    await j.open();
    await j.append([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6)]);
    j.records[0]!.fill(9);
    expect([...j.records[1]!]).toEqual([4, 5, 6]);
  });
});
