// Random strings and option values into every core decoder and formatter: a result or a
// CardwireError, never a RangeError/TypeError or a hang. Raise FC_NUM_RUNS for long local runs.
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect } from 'vitest';
import {
  convertAmount,
  formatAmount,
  fromAmountField,
  hex,
  isLuhnValid,
  luhnCheckDigit,
  maskPan,
  maskTrack,
  packBcd,
  parseAmount,
  toAmountField,
  unpackBcd,
  currency,
} from '../../src/core/index';
import { fuzzRuns, onlyCardwireErrors } from '../helpers/fuzz';

const runs = fuzzRuns;

const numberish = fc.oneof(
  fc.string({ maxLength: 40, size: 'max' }),
  fc.stringMatching(/^[-+ ]?[0-9]{0,30}([.,][0-9]{0,10})?([eE][-+]?[0-9]{1,4})?$/),
  fc.constantFrom('', '-', '.', '1e999999', 'NaN', 'Infinity', '0x10', '١٢٣', '1_000', ' 1 '),
);

describe('core under attack', () => {
  fcTest.prop([numberish, fc.constantFrom('CNY', 'JPY', 'KWD', 'CLF', '840', 'XXX', 'ZZZ', '999')], { numRuns: runs })('amount parsing and formatting', (text, code) => {
    onlyCardwireErrors(() => parseAmount(text, code));
    onlyCardwireErrors(() => parseAmount(text, code, { rounding: 'half-even' }));
    onlyCardwireErrors(() => convertAmount(12345n, code, 'JPY', text, 'floor'));
    onlyCardwireErrors(() => fromAmountField(text));
    onlyCardwireErrors(() => fromAmountField(text, { signed: true }));
    onlyCardwireErrors(() => currency(text));
  });

  fcTest.prop([fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom('CNY', 'JPY', 'KWD', 'CLF')], { numRuns: runs })('amount fields and formatting of any bigint', (minor, code) => {
    onlyCardwireErrors(() => toAmountField(minor));
    onlyCardwireErrors(() => formatAmount(minor, code));
    onlyCardwireErrors(() => convertAmount(minor, code, 'USD', '7.123456789', 'half-even'));
  });

  const text = fc.oneof(fc.string({ maxLength: 60, size: 'max' }), fc.stringMatching(/^[0-9]{10,22}$/), fc.stringMatching(/^;?[0-9]{12,19}[=D][0-9]{0,20}\??$/));
  fcTest.prop([text, fc.record({ first: fc.integer({ min: -3, max: 30 }), last: fc.integer({ min: -3, max: 30 }) })], { numRuns: runs })(
    'masking, Luhn, BCD and hex on any string',
    (text, opts) => {
      onlyCardwireErrors(() => maskPan(text));
      onlyCardwireErrors(() => maskPan(text, opts));
      onlyCardwireErrors(() => maskTrack(text));
      onlyCardwireErrors(() => maskTrack(text, opts));
      onlyCardwireErrors(() => luhnCheckDigit(text));
      onlyCardwireErrors(() => isLuhnValid(text));
      onlyCardwireErrors(() => packBcd(text, { align: 'left', pad: 'F' }));
      onlyCardwireErrors(() => unpackBcd(hex(text)));
      expect(true).toBe(true);
    },
  );
});
