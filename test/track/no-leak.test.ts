// DESIGN.md §2: a PAN never appears in an error message. Damage valid tracks one character at a
// time and check every error the parsers raise.
import { fc, test as fcTest } from '../helpers/prop.js';
import { expect } from 'vitest';
import { isCardwireError } from '../../src/core/index';
import { parseTrack1, parseTrack2, parseTrack3, readCard } from '../../src/track/index';
import track1 from '../../fixtures/track/track1.json';
import track2 from '../../fixtures/track/track2.json';
import track3 from '../../fixtures/track/track3.json';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 200);
const samples = [
  ...track1.map((v) => ({ parse: parseTrack1, text: v.text, pan: v.pan })),
  ...track2.map((v) => ({ parse: parseTrack2, text: v.text, pan: v.pan })),
  ...track3.filter((v) => typeof v.fields.pan === 'string' && v.fields.pan.length > 0).map((v) => ({ parse: parseTrack3, text: v.text, pan: v.fields.pan as string })),
];

fcTest.prop([fc.constantFrom(...samples), fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), fc.boolean()], { numRuns })(
  'errors from a damaged track never contain its PAN',
  (sample, at, code, remove) => {
    const i = at % sample.text.length;
    const damaged = sample.text.slice(0, i) + (remove ? '' : String.fromCharCode(code)) + sample.text.slice(i + 1);
    for (const attempt of [() => sample.parse(damaged), () => readCard({ track2: damaged })]) {
      try {
        attempt();
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
        expect(String(e)).not.toContain(sample.pan);
        expect(JSON.stringify(e)).not.toContain(sample.pan);
      }
    }
  },
);
