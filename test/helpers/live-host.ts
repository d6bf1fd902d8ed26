// cardwire's host (default configuration, memory ledger) on a free loopback port for the tests of
// one file or describe block: started before them, closed after them.
import { afterAll, beforeAll } from 'vitest';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { HostServer } from '../../src/host/node/server';

export interface LiveHost {
  readonly ledger: MemoryLedger;
  readonly host: Host;
  /** The port it listens on (set once the tests run). */
  readonly port: number;
}

/** Register the host's start and stop with the enclosing file or `describe`. */
export function liveHost(): LiveHost {
  const ledger = new MemoryLedger();
  const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger });
  const server = new HostServer({ host });
  let port = 0;
  beforeAll(async () => {
    await host.start();
    ({ port } = await server.listen(0, '127.0.0.1'));
  });
  afterAll(() => server.close());
  return {
    ledger,
    host,
    get port() {
      return port;
    },
  };
}
