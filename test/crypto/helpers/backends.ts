// Every CryptoBackend the EMV / TR-31 / card-security vector suites run against (DESIGN.md §5).
import type { CryptoBackend } from '../../../src/crypto/backend';
import { testBackend } from './test-backend';

export const backends: ReadonlyArray<readonly [string, CryptoBackend]> = [['test-node', testBackend]];
