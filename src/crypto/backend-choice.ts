/** Which backend an operation runs on: the one named in its options, else the layer default. */
import type { CryptoBackend } from './backend';
import { defaultBackend } from './default-backend';

/** Options accepted by every EMV, TR-31 and card-security operation. */
export interface CryptoOptions {
  /** The backend to run on (default: {@link defaultBackend}). */
  readonly backend?: CryptoBackend;
}

/** The backend named in `options`, else the default. @internal */
export function backendOf(options: CryptoOptions | undefined): CryptoBackend {
  return options?.backend ?? defaultBackend();
}
