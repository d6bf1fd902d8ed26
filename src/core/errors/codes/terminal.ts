/** Error codes raised by the `terminal` layer. Code → one-line meaning for docs/errors.md. */
export const terminalErrorCodes = {
  TERMINAL_JOURNAL_INVALID: 'A journal record does not decode, or the journal does not start with the terminal set-up record.',
  TERMINAL_NOT_SET_UP: 'The terminal was opened on an empty journal without a set-up (TID, MID, merchant name).',
  TERMINAL_SETUP_INVALID: 'A terminal set-up value is malformed (TID not 8 characters, MID not 15, a parameter out of range).',
  TERMINAL_BUSY: 'A transaction was started while another one is running on the same terminal.',
  TERMINAL_RECEIPT_INVALID: 'A receipt cannot be built or rendered: a transaction amount that is not minor units in decimal digits, a time that is not an ISO 8601 instant, or a width other than 32 or 48 columns.',
} as const satisfies Record<string, string>;
