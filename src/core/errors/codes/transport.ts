/** Error codes raised by the `transport` layer. Code → one-line meaning for docs/errors.md. */
export const transportErrorCodes = {
} as const satisfies Record<string, string>;
