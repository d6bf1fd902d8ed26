// The tests' own display width (independent of src/terminal/receipt/width.ts): two columns for the
// characters the receipt tests print double width — CJK ideographs (and Extension A), CJK
// symbols and punctuation, Hiragana/Katakana, Hangul syllables, fullwidth forms — one for the rest.
const DOUBLE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u3247\u3250-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff01-\uff60\uffe0-\uffe6]/u;

export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += DOUBLE.test(ch) || (ch.codePointAt(0)! >= 0x20000 && ch.codePointAt(0)! <= 0x3fffd) || (ch.codePointAt(0)! >= 0x1f300 && ch.codePointAt(0)! <= 0x1f64f) || (ch.codePointAt(0)! >= 0x1f900 && ch.codePointAt(0)! <= 0x1f9ff) ? 2 : 1;
  return n;
}
