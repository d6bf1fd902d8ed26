// Child of the file-journal crash test: appends numbered records (in batches of 1-3) and prints
// each index after its append resolved (durable); the parent kills it with SIGKILL at random.
import { FileJournal } from '../../../src/terminal/journal/file';

const journal = new FileJournal(process.env['JOURNAL']!);
const before = (await journal.open()).length;
let n = before;
for (;;) {
  const batch = 1 + (n % 3);
  const records = Array.from({ length: batch }, (_, i) => new TextEncoder().encode(`record ${n + i} ${'x'.repeat((n + i) % 200)}`));
  await journal.append(records);
  n += batch;
  process.stdout.write(`${n}\n`);
}
