// Every CryptoBackend the EMV / TR-31 / card-security vector suites run against (DESIGN.md §5).
import type { CryptoBackend } from '../../../src/crypto/backend';
import { nodeBackend } from '../../../src/crypto/backends/node';
import { pureBackend } from '../../../src/crypto/backends/pure';

export const backends: ReadonlyArray<readonly [string, CryptoBackend]> = [
  ['node', nodeBackend],
  ['pure', pureBackend],
];
