import { coreErrorCodes } from './core';

/**
 * Every error code cardwire raises, with its one-line meaning. One table per layer, merged here so
 * that `CardwireErrorCode` is a single closed union (DESIGN.md §3). docs/errors.md is generated
 * from this table by `npm run docs:errors`, and a test fails when the page is out of date.
 */
export const errorCodes = {
  ...coreErrorCodes,
} as const;

/** The closed union of every error code cardwire raises. */
export type CardwireErrorCode = keyof typeof errorCodes;

/** The layers whose codes are listed, in the order docs/errors.md shows them. */
export const errorCodesByLayer: ReadonlyArray<readonly [layer: string, codes: Readonly<Record<string, string>>]> = [
  ['core', coreErrorCodes],
];
