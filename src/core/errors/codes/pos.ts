/** Error codes raised by `pos` (the applications: text-mode POS, its scripts). Code → one-line meaning for docs/errors.md. */
export const posErrorCodes = {
  POS_SCRIPT_INVALID: 'A `cardwire pos --script` file has a line that is not JSON, an unknown action, or an action field missing or malformed (the path names the line).',
} as const satisfies Record<string, string>;
