// The child process of durability.test.ts (bundled by esbuild, since a child cannot import the
// TypeScript sources): commits purchases in a loop, 16 in flight, each debiting the account by 1,
// and prints "TID STAN" for each once its transaction() promise has resolved. It never ends by
// itself: the test kills it with SIGKILL.
import { openSqliteLedger } from '../../../src/host/node/sqlite-ledger';

const [path = '', tid = ''] = process.argv.slice(2);
const ledger = await openSqliteLedger(path);
const pan = '6225880000000001';
await ledger.seed([{ pan, currency: '156', available: 1_000_000_000n, held: 0n, pinFailures: 0 }], []);
let next = 0;

async function loop(): Promise<never> {
  for (;;) {
    const stan = String(++next).padStart(6, '0');
    await ledger.transaction(async (tx) => {
      const a = (await tx.account(pan))!;
      await tx.saveAccount({ ...a, available: a.available - 1n });
      await tx.insertTransaction({
        tid, mid: '898110054110001', batch: '000001', stan, kind: 'purchase', mti: '0200', pan, amount: 1n, currency: '156',
        responseCode: '00', authCode: '000001', rrn: stan.padStart(12, '0'), localDate: '1125', localTime: '120000',
        recordedAt: new Date().toISOString(), status: 'approved', originalId: null, cardClass: 'domestic', entryMode: '051',
        digest: stan, response: new Uint8Array(64).fill(0x30), hold: 0n, refunded: 0n,
      });
    });
    process.stdout.write(`${tid} ${stan}\n`);
  }
}

await Promise.all(Array.from({ length: 16 }, loop));
