// Per dialect: random valid messages round-trip exactly; random and mutated bytes only ever throw
// CardwireError. FC_NUM_RUNS raises the run count for long local runs.
import { fc, test } from '../helpers/prop.js';
import { describe, expect } from 'vitest';
import { isCardwireError, toHex } from '../../src/core/index';
import { dialect, dialectNames, messageFromJson } from '../../src/iso8583/index';
import { messageOf } from './arbitrary';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 60);

describe.each(dialectNames.map((n) => [n]))('%s', (name) => {
  const { codec } = dialect(name);
  const mtis = name === 'iso93ascii' ? ['1100', '1200', '1804'] : ['0200', '0210', '0800', '0810'];

  test.prop([messageOf(codec, mtis)], { numRuns })('random valid messages round-trip exactly', ({ mti, fields }) => {
    const msg = codec.create(mti);
    for (const [n, v] of fields) msg.set(n, v);
    const bytes = msg.pack();
    const back = codec.unpack(bytes);
    expect(back.mti).toBe(mti);
    expect(back.fieldNumbers()).toEqual(msg.fieldNumbers());
    expect(toHex(back.pack())).toBe(toHex(bytes));
    expect(JSON.stringify(back.toJSON({ reveal: true }))).toBe(JSON.stringify(msg.toJSON({ reveal: true })));
    // The JSON form is lossless with reveal (DE 55 repeats become arrays and come back in order).
    expect(toHex(messageFromJson(codec, JSON.parse(JSON.stringify(back.toJSON({ reveal: true })))).pack())).toBe(toHex(bytes));
  });

  test.prop([fc.uint8Array({ maxLength: 400 })], { numRuns })('random bytes only throw CardwireError', (bytes) => {
    try {
      codec.unpack(bytes);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });

  test.prop([messageOf(codec, mtis), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat()], { numRuns })(
    'mutated and truncated messages only throw CardwireError',
    ({ mti, fields }, edits, cut) => {
      const msg = codec.create(mti);
      for (const [n, v] of fields) msg.set(n, v);
      const bytes = msg.pack();
      for (const [at, b] of edits) bytes[at % bytes.length] = b;
      for (const input of [bytes, bytes.subarray(0, cut % (bytes.length + 1))]) {
        try {
          codec.unpack(input);
        } catch (e) {
          expect(isCardwireError(e)).toBe(true);
        }
      }
    },
  );
});
