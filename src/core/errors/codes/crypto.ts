/** Error codes raised by the `crypto` layer. Code → one-line meaning for docs/errors.md. */
export const cryptoErrorCodes = {
} as const satisfies Record<string, string>;
