/**
 * The POS keypad on a computer keyboard: digits, 确认 (Enter), 取消 (Esc), 清除 (Backspace), the
 * arrows to move and scroll, Ctrl-C to leave. Raw terminal input (a TTY in raw mode, tmux
 * included) arrives as text chunks; {@link decodeKeys} turns one chunk into keys. No mouse.
 */

/** A key of the POS. */
export type PosKey =
  | { readonly kind: 'digit'; readonly digit: string }
  | { readonly kind: 'enter' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'backspace' }
  | { readonly kind: 'up' }
  | { readonly kind: 'down' }
  | { readonly kind: 'quit' };

// ECMA-48 §5.4: CSI is ESC [; the cursor keys are CSI A..D, SS3 A..D in application mode (tmux
// sends either), Page Up / Down CSI 5~ / 6~.
const SEQUENCES: readonly (readonly [string, PosKey])[] = [
  ['\x1b[A', { kind: 'up' }],
  ['\x1bOA', { kind: 'up' }],
  ['\x1b[5~', { kind: 'up' }],
  ['\x1b[B', { kind: 'down' }],
  ['\x1bOB', { kind: 'down' }],
  ['\x1b[6~', { kind: 'down' }],
  ['\x1bOM', { kind: 'enter' }],
];

/**
 * The keys in one chunk of raw terminal input; anything else (letters, other escape sequences) is
 * ignored. A lone ESC is 取消.
 *
 * @example
 * ```ts
 * decodeKeys('12\r');  // [{ kind: 'digit', digit: '1' }, { kind: 'digit', digit: '2' }, { kind: 'enter' }]
 * decodeKeys('\x1b[B'); // [{ kind: 'down' }]
 * decodeKeys('\x1b');   // [{ kind: 'cancel' }]
 * ```
 */
export function decodeKeys(chunk: string): PosKey[] {
  const keys: PosKey[] = [];
  let i = 0;
  while (i < chunk.length) {
    const ch = chunk[i]!;
    if (ch === '\x1b') {
      const seq = SEQUENCES.find(([s]) => chunk.startsWith(s, i));
      if (seq) {
        keys.push(seq[1]);
        i += seq[0].length;
        continue;
      }
      // Another CSI / SS3 sequence: skip it whole (up to its final byte, ECMA-48 §5.4).
      if (chunk[i + 1] === '[' || chunk[i + 1] === 'O') {
        let j = i + 2;
        while (j < chunk.length && !/[\x40-\x7e]/.test(chunk[j]!)) j++;
        if (j < chunk.length && !(chunk[i + 1] === 'O' && j > i + 2)) {
          i = j + 1;
          continue;
        }
      }
      keys.push({ kind: 'cancel' });
      i++;
      continue;
    }
    if (ch >= '0' && ch <= '9') keys.push({ kind: 'digit', digit: ch });
    else if (ch === '\r' || ch === '\n') {
      keys.push({ kind: 'enter' });
      // CR LF from a pasted line is one Enter.
      if (ch === '\r' && chunk[i + 1] === '\n') i++;
    } else if (ch === '\x7f' || ch === '\b') keys.push({ kind: 'backspace' });
    else if (ch === '\x03' || ch === '\x04') keys.push({ kind: 'quit' });
    i++;
  }
  return keys;
}
