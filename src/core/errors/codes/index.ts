import { coreErrorCodes } from './core';
import { cryptoErrorCodes } from './crypto';
import { emvErrorCodes } from './emv';
import { hostErrorCodes } from './host';
import { posErrorCodes } from './pos';
import { terminalErrorCodes } from './terminal';
import { emvKernelErrorCodes } from './emv-kernel';
import { iso8583ErrorCodes } from './iso8583';
import { trackErrorCodes } from './track';
import { transportErrorCodes } from './transport';

/**
 * Every error code cardwire raises, with its one-line meaning. One table per layer (each layer
 * edits only its own file), merged here so that `CardwireErrorCode` is a single closed union
 * (DESIGN.md §3). docs/errors.md is generated from these tables by `npm run docs:errors`, and a
 * test fails when the page is out of date.
 */
export const errorCodes = {
  ...coreErrorCodes,
  ...trackErrorCodes,
  ...emvErrorCodes,
  ...emvKernelErrorCodes,
  ...cryptoErrorCodes,
  ...iso8583ErrorCodes,
  ...transportErrorCodes,
  ...terminalErrorCodes,
  ...hostErrorCodes,
  ...posErrorCodes,
} as const;

/** The closed union of every error code cardwire raises. */
export type CardwireErrorCode = keyof typeof errorCodes;

/** The layers whose codes are listed, in the order docs/errors.md shows them. */
export const errorCodesByLayer: ReadonlyArray<readonly [layer: string, codes: Readonly<Record<string, string>>]> = [
  ['core', coreErrorCodes],
  ['track', trackErrorCodes],
  ['emv', emvErrorCodes],
  ['emv/kernel, emv/card', emvKernelErrorCodes],
  ['crypto', cryptoErrorCodes],
  ['iso8583', iso8583ErrorCodes],
  ['transport', transportErrorCodes],
  ['terminal', terminalErrorCodes],
  ['host', hostErrorCodes],
  ['pos', posErrorCodes],
];
