// The Ledger contract against the memory ledger, the reference the database adapters follow.
import { MemoryLedger } from '../../src/host/index';
import { ledgerContract } from './ledger-contract';

ledgerContract('MemoryLedger', async () => new MemoryLedger());
