/** Error codes raised by the `host` layer. Code → one-line meaning for docs/errors.md. */
export const hostErrorCodes = {
  HOST_CONFIG_INVALID: 'The host configuration does not match its schema; the path names the JSON member and the message what was expected.',
  HOST_KEY_INVALID: 'A key in the host configuration is neither clear hex of a valid length nor a key enciphered under the local master key with a matching check value.',
  HOST_LMK_MISSING: 'The configuration holds keys enciphered under a local master key, and none was given (CARDWIRE_HOST_LMK).',
  HOST_REQUEST_INVALID: 'A request is well-formed ISO 8583 but not a transaction the host knows, or lacks a field the transaction needs (answered with response code 30).',
  HOST_LEDGER_FAILED: 'The ledger could not record a decision (database error, conflict that retries did not resolve); nothing was answered.',
  HOST_LEDGER_UNAVAILABLE: 'The ledger adapter could not be opened: its driver package is not installed, or the database cannot be reached or migrated.',
} as const;
