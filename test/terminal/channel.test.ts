// The terminal's host channel over a framed session: the matching key (DE 11 + DE 41), given by
// the engine or decoded from the payload, and answers decoded once.
import { describe, expect, test } from 'vitest';
import { hex } from '../../src/core/index';
import { dialect } from '../../src/iso8583/index';
import type { Frame, OutgoingFrame } from '../../src/transport/index';
import { cupFrameKey, frameChannel } from '../../src/terminal/index';
import { unpackCupPayload } from '../../src/terminal/channel';

const FRAME = { length: { kind: 'binary', size: 2 } } as const;
const { codec } = dialect('cup');

// An 0820 network message of the terminal 10000159, with the TPDU and header the UnionPay dialect starts with.
function echo(stan: string): Uint8Array {
  const m = codec.create('0820');
  m.setHeader('tpdu', hex('6000030000'));
  m.setHeader('header', hex('603100311312'));
  m.set(11, stan).set(41, '10000159').set(42, '880210010210160');
  return m.pack();
}

function session(): { keys: (string | undefined)[]; request: (f: OutgoingFrame, o?: { key?: string }) => Promise<Frame> } {
  const keys: (string | undefined)[] = [];
  return {
    keys,
    async request(frame, options) {
      keys.push(options?.key);
      return { payload: echo('000007'), raw: new Uint8Array(0) } as unknown as Frame;
    },
  };
}

describe('frameChannel', () => {
  test('uses the key the engine gives, else decodes DE 11 and DE 41 from the payload', async () => {
    const s = session();
    const channel = frameChannel(s, FRAME);
    await channel.request(echo('000007'), { timeoutMs: 1000 });
    await channel.request(new Uint8Array(20), { timeoutMs: 1000, key: '000008|10000159' });
    expect(s.keys).toEqual(['000007|10000159', '000008|10000159']);
  });

  test('a payload shorter than TPDU + header is INVALID_ARGUMENT', async () => {
    await expect(frameChannel(session(), FRAME).request(new Uint8Array(5), { timeoutMs: 1000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: 'payload' });
  });
});

describe('cupFrameKey', () => {
  test('keys an answer by DE 11 + DE 41 and hands the decoded message to the engine once', () => {
    const payload = echo('000123');
    expect(cupFrameKey({ payload } as unknown as Frame)).toBe('000123|10000159');
    const first = unpackCupPayload(payload);
    expect(first.getText(11)).toBe('000123');
    const second = unpackCupPayload(payload);
    expect(second).not.toBe(first);
    expect(second.getText(41)).toBe('10000159');
  });
});
