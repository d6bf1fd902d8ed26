import { expect, test } from 'vitest';
import { backoffDelay } from '../../src/transport/index';

test('exponential backoff: doubles from the initial delay up to the maximum', () => {
  const o = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0 };
  expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, o, 0.7))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
});

test('jitter spreads the delay by ±jitter around the base', () => {
  const o = { initialDelayMs: 1000, jitter: 0.2 };
  expect(backoffDelay(0, o, 0)).toBe(800);
  expect(backoffDelay(0, o, 0.5)).toBe(1000);
  expect(backoffDelay(0, o, 0.999999)).toBe(1200);
});

test('defaults: 250 ms doubling to 30 s', () => {
  expect(backoffDelay(0, {}, 0.5)).toBe(250);
  expect(backoffDelay(3, {}, 0.5)).toBe(2000);
  expect(backoffDelay(20, {}, 0.5)).toBe(30_000);
});
