/** Error codes raised by the `track` layer. Code → one-line meaning for docs/errors.md. */
export const trackErrorCodes = {
} as const satisfies Record<string, string>;
