/** Which backend an operation runs on: the one named in its options, else the layer default. */
import { fail } from '../core/index';
import type { CryptoBackend } from './backend';

/** Options accepted by every EMV, TR-31 and card-security operation. */
export interface CryptoOptions {
  /** The backend to run on (default: the layer's default backend). */
  readonly backend?: CryptoBackend;
}

/** The backend named in `options`, else the default. */
export function backendOf(options: CryptoOptions | undefined): CryptoBackend {
  const b = options?.backend;
  if (!b) fail('INVALID_ARGUMENT', 'no crypto backend given');
  return b;
}
