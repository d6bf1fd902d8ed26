/**
 * The terminal's language is one of its parameters, kept in its journal (the engine's prompts,
 * messages and receipts follow it). A POS started with another language changes the parameter
 * durably, with one `params` record, before the engine replays the journal.
 */
import { encodeRecord, replay, type Journal, type TerminalRecord } from '../terminal/index';

/**
 * A journal whose replay ends in `language`: when the journal already holds a terminal in another
 * language, `open` appends the `params` record that changes it. An empty journal is left alone
 * (the set-up's parameters give the language).
 *
 * @example
 * ```ts
 * const journal = journalInLanguage(new FileJournal(path), 'en');
 * await Terminal.open({ journal, ... }); // state.params.language === 'en'
 * ```
 */
export function journalInLanguage(journal: Journal, language: 'zh' | 'en'): Journal {
  return {
    get stats() {
      return journal.stats;
    },
    async open() {
      const records = await journal.open();
      const state = replay(records);
      if (!state || state.params.language === language) return records;
      const change: TerminalRecord = { t: 'params', params: { ...state.params, language } };
      const bytes = encodeRecord(change);
      await journal.append([bytes]);
      return [...records, bytes];
    },
    append: (records) => journal.append(records),
    compact: (snapshot) => journal.compact(snapshot),
    close: () => journal.close(),
  };
}
