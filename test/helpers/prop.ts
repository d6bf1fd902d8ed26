// Property tests on vitest: `test.prop([arbitraries], params?)(name, body, timeout?)` runs
// `fc.assert(fc.asyncProperty(...arbitraries, body), params)` as one vitest test, with the seed in
// fast-check's failure report. This replaces @fast-check/vitest 0.5.0, whose module set-up walks
// every chained modifier of vitest 4's `test` (skip.only.concurrent...) and cost about 2 s per
// test file at import, more than all our property runs together on a 2-CPU CI machine.
import fc from 'fast-check';
import { test as vitestTest } from 'vitest';

export { fc };

type Arbitraries<Ts extends unknown[]> = { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };

/** A property test: every generated tuple must make `body` return (or resolve) without throwing or `false`. */
function prop<Ts extends [unknown, ...unknown[]]>(arbitraries: Arbitraries<Ts>, params?: fc.Parameters<Ts>) {
  return (name: string, body: (...args: Ts) => unknown, timeout?: number): void => {
    vitestTest(
      name,
      async () => {
        const run = (...args: Ts): Promise<boolean | void> => Promise.resolve(body(...args) as boolean | void);
        const property = (fc.asyncProperty as unknown as (...a: unknown[]) => fc.IAsyncProperty<Ts>)(...arbitraries, run);
        await fc.assert(property, params);
      },
      timeout,
    );
  };
}

/** vitest's `test` with `.prop` for property tests. */
export const test: typeof vitestTest & { prop: typeof prop } = Object.assign(vitestTest.extend({}), { prop });
