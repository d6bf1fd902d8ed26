/** Error codes raised by the `iso8583` layer. Code → one-line meaning for docs/errors.md. */
export const iso8583ErrorCodes = {
} as const satisfies Record<string, string>;
