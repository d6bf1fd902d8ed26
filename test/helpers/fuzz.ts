// Shared by the fuzz suites: the run count (FC_NUM_RUNS raises it) and the one assertion every
// decoder must meet — random input either decodes or throws a CardwireError, nothing else.
import { isCardwireError } from '../../src/core/index';

export const fuzzRuns = Number(process.env['FC_NUM_RUNS'] ?? 200);

export function onlyCardwireErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!isCardwireError(e)) throw e;
  }
}
