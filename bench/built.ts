// The benchmarks measure the code users run: the built package (dist/; `npm run bench` builds it
// first), loaded through Node's own module loader, as the npm peers are. Importing src/ instead
// would measure vitest's transformed modules, where every cross-module reference is a getter call
// (the ISO 8583 pack path ran about 1.6x slower that way).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A subpath of the built package, e.g. `built<typeof import('../src/iso8583/index')>('/iso8583')`. */
export function built<T>(subpath: '' | `/${string}`): T {
  try {
    return require(`cardwire${subpath}`) as T;
  } catch (e) {
    throw new Error(`cannot load the built package (cardwire${subpath}): run \`npm run build\` first`, { cause: e });
  }
}

export type Core = typeof import('../src/core/index');
export type Emv = typeof import('../src/emv/index');
export type EmvKernel = typeof import('../src/emv/kernel/index');
export type EmvCard = typeof import('../src/emv/card/index');
export type Crypto = typeof import('../src/crypto/index');
export type CryptoNode = typeof import('../src/crypto/backends/node');
export type Iso8583 = typeof import('../src/iso8583/index');
export type Transport = typeof import('../src/transport/index');
export type HostNode = typeof import('../src/host/node/index');
