// The business day (隔日强制结算): the day number the forced-settlement check compares is the
// same day as businessDay's date, for any instant and cut-off hour.
import { describe, expect } from 'vitest';
import { fc, test } from '../helpers/prop.js';
import { businessDay } from '../../src/terminal/index';
import { businessDayNumber } from '../../src/terminal/flows/common';

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });

describe('businessDayNumber', () => {
  test.prop([instant, fc.integer({ min: 0, max: 23 }), fc.constantFrom(480, 0, -300, 345)])('names the day businessDay names', (ms, cutoff, offset) => {
    const day = businessDayNumber(ms, cutoff, offset);
    expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(businessDay(new Date(ms), cutoff, offset));
  });

  test('the cut-off hour turns the day (China time, cut-off 23:00)', () => {
    const at = (iso: string) => businessDayNumber(Date.parse(iso), 23, 480);
    expect(at('2026-12-07T14:59:59.999Z')).toBe(at('2026-12-07T01:00:00Z')); // 22:59:59 local: still the 7th
    expect(at('2026-12-07T15:00:00Z')).toBe(at('2026-12-07T01:00:00Z') + 1); // 23:00 local: the 8th
  });
});
