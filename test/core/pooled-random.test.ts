// pooledRandom: many small requests served from one fill; every byte handed out once.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '../helpers/prop.js';
import { isCardwireError, pooledRandom } from '../../src/core/index';

/** A fill that counts its calls and gives 0, 1, 2, ... (mod 256) across calls. */
function counting(): { fill: (n: number) => Uint8Array; calls: number[] } {
  let next = 0;
  const calls: number[] = [];
  return {
    calls,
    fill(n) {
      calls.push(n);
      return Uint8Array.from({ length: n }, () => next++ & 0xff);
    },
  };
}

describe('pooledRandom', () => {
  test('serves small requests from one fill, in order, never twice', () => {
    const c = counting();
    const r = pooledRandom(c.fill, 16);
    expect([...r.bytes(3)]).toEqual([0, 1, 2]);
    expect([...r.bytes(13)]).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(c.calls).toEqual([16]);
    // The pool is empty: the next request refills it.
    expect([...r.bytes(2)]).toEqual([16, 17]);
    expect(c.calls).toEqual([16, 16]);
  });

  test('a request larger than the pool goes to the source directly', () => {
    const c = counting();
    const r = pooledRandom(c.fill, 8);
    expect(r.bytes(20).length).toBe(20);
    expect(c.calls).toEqual([20]);
    expect(r.bytes(0).length).toBe(0);
  });

  test('bad sizes are INVALID_ARGUMENT', () => {
    expect(() => pooledRandom(counting().fill, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'poolSize' }));
    const r = pooledRandom(counting().fill, 8);
    for (const n of [-1, 1.5, Number.NaN]) {
      try {
        r.bytes(n);
        expect.unreachable();
      } catch (e) {
        expect(isCardwireError(e) && e.code === 'INVALID_ARGUMENT' && e.path === 'n').toBe(true);
      }
    }
  });

  fcTest.prop([fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 50 }), fc.integer({ min: 1, max: 32 })])(
    'the bytes handed out are the source stream in order, with no byte repeated (a refill drops the tail it cannot serve)',
    (sizes, poolSize) => {
      const c = counting();
      const r = pooledRandom(c.fill, poolSize);
      const seen = new Set<number>();
      let last = -1;
      let counter = 0;
      // Recover each byte's position in the source stream: the counting fill numbers them.
      for (const n of sizes) {
        const out = r.bytes(n);
        expect(out.length).toBe(n);
        for (const b of out) {
          // Positions grow strictly (mod 256 wraps are tracked by counting calls).
          while ((counter & 0xff) !== b) counter++;
          expect(counter).toBeGreaterThan(last);
          expect(seen.has(counter)).toBe(false);
          seen.add(counter);
          last = counter;
          counter++;
        }
      }
    },
  );
});
