/** Error codes raised by the `emv` layer. Code → one-line meaning for docs/errors.md. */
export const emvErrorCodes = {
} as const satisfies Record<string, string>;
