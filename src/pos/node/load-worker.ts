/// <reference types="node" />
/**
 * The worker-thread entry of `cardwire load`: receives its terminals (LoadWorkerSpec), runs them,
 * reports progress every 200 ms and the terminals' reports at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLoadTerminals, type LoadWorkerSpec } from './load-terminals';

if (parentPort) {
  const port = parentPort;
  let done = 0;
  const codes: Record<string, number> = {};
  const timer = setInterval(() => port.postMessage({ type: 'progress', done, codes }), 200);
  runLoadTerminals(workerData as LoadWorkerSpec, (code) => {
    done++;
    codes[code] = (codes[code] ?? 0) + 1;
  }).then(
    (reports) => {
      clearInterval(timer);
      port.postMessage({ type: 'done', reports });
    },
    (e: unknown) => {
      clearInterval(timer);
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    },
  );
}
