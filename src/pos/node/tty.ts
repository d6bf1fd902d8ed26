/// <reference types="node" />
/**
 * The text-mode POS on a terminal: standard input in raw mode (each key as pressed, no echo),
 * the screen drawn at the top-left corner and redrawn row by row as it changes. Works in tmux
 * and over ssh (plain cursor positioning, no alternate screen, no mouse); a piped input works
 * too (keys as they arrive, for tests and `tmux send-keys`). Ctrl-C, Ctrl-D or the end of the
 * input leaves, with the cursor put back below the screen.
 */
import type { PosApp } from '../tui/app';
import { decodeKeys } from '../tui/keys';
import { ansiFrame, framePosScreen, renderPosScreen } from '../tui/render';

/** The streams the POS runs on (`process.stdin` / `process.stdout`, or test doubles). */
export interface TextPosStreams {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown; unref?(): unknown };
  readonly output: NodeJS.WritableStream;
}

/**
 * Run the POS screen until the cashier leaves; resolves then.
 *
 * @example
 * ```ts
 * app.attach(terminal);
 * await runTextPos(app, { input: process.stdin, output: process.stdout });
 * ```
 */
export function runTextPos(app: PosApp, streams: TextPosStreams): Promise<void> {
  const { input, output } = streams;
  let previous: string[] | undefined;
  const draw = () => {
    const next = framePosScreen(renderPosScreen(app));
    const text = ansiFrame(previous, next);
    previous = next;
    if (text) output.write(text);
  };
  return new Promise((resolve) => {
    let done = false;
    const raw = input.isTTY === true && typeof input.setRawMode === 'function';
    const finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      input.off('data', onData);
      input.off('end', finish);
      if (raw) input.setRawMode?.(false);
      input.pause();
      // A pipe left open by whoever typed must not keep the process alive after the cashier left.
      input.unref?.();
      // Below the frame, cursor shown again (DECTCEM), so the shell prompt comes back clean.
      output.write(`\x1b[${(previous?.length ?? 0) + 1};1H\x1b[?25h\n`);
      resolve();
    };
    const onData = (chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
      for (const key of decodeKeys(text)) {
        if (key.kind === 'quit') return finish();
        app.press(key);
      }
    };
    const unsubscribe = app.onChange(draw);
    if (raw) input.setRawMode?.(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.on('end', finish);
    input.resume();
    draw();
    app.start();
  });
}
