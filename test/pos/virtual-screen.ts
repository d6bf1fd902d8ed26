// A character-cell screen that interprets the escapes the text-mode POS writes (CUP, EL, ED,
// DECTCEM), so tests read what a terminal would show. One column per character: the tests that
// use it run the POS in English.
export class VirtualScreen {
  readonly rows: string[][];
  #row = 0;
  #col = 0;
  cursorVisible = true;

  constructor(readonly height = 24, readonly width = 80) {
    this.rows = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  }

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\x1b') {
        const m = /^\x1b\[(\??)([\d;]*)([A-Za-z])/.exec(text.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        const [, priv, args, final] = m;
        const nums = args!.split(';').filter((a) => a !== '').map(Number);
        if (priv === '?' && args === '25') this.cursorVisible = final === 'h';
        else if (final === 'H') [this.#row, this.#col] = [(nums[0] ?? 1) - 1, (nums[1] ?? 1) - 1];
        else if (final === 'K') for (let c = this.#col; c < this.width; c++) this.rows[this.#row]![c] = ' ';
        else if (final === 'J' && nums[0] === 2) for (const r of this.rows) r.fill(' ');
        continue;
      }
      if (ch === '\n') {
        this.#row = Math.min(this.height - 1, this.#row + 1);
        this.#col = 0;
        continue;
      }
      if (this.#row < this.height && this.#col < this.width) this.rows[this.#row]![this.#col] = ch;
      this.#col++;
    }
  }

  /** The visible lines, trailing spaces cut. */
  lines(): string[] {
    return this.rows.map((r) => r.join('').trimEnd());
  }

  text(): string {
    return this.lines().join('\n');
  }
}
