// fast-check for every test file: 'large' generated sizes (the default 'small' caps arrays and
// strings at about ten items, which hid real bugs), and FC_NUM_RUNS to raise the run count for
// long local runs (DESIGN.md §5: bounded in CI, raised by an environment variable).
import fc from 'fast-check';

fc.configureGlobal({ baseSize: 'large', numRuns: Number(process.env['FC_NUM_RUNS'] ?? 100) });
