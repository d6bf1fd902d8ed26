// Smoke test of the built package (npm test runs it after the build): every subpath of the
// exports map loads through both `import` and `require`, and an error thrown by each build is
// recognised by `isCardwireError` of both builds (the shape check of DESIGN.md §3).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// One call per subpath that must throw a CardwireError. Add a line when a layer arrives.
const triggers = {
  '.': (m) => m.hex('ABC'),
  './track': (m) => m.parseTrack2(';4761739001010010?'),
  './emv': (m) => m.decodeTlv(new Uint8Array([0x9f, 0x26, 0x08, 0xaa])),
  './emv/card': (m) => new m.VirtualCard({ id: 'empty', applications: [] }),
  './emv/kernel': (m) => m.prepareKernelConfig({ ...m.defaultKernelConfig, terminal: { ...m.defaultKernelConfig.terminal, capabilities: 'E0' } }),
  './crypto': (m) => m.pureBackend.cipher('des', new Uint8Array(7)),
  './crypto/node': (m) => m.nodeBackend.cipher('aes', new Uint8Array(7)),
  './iso8583': (m) => m.dialect('iso87ascii').codec.unpack(new Uint8Array([0x30, 0x32, 0x30])),
  './transport': (m) => m.decodeFrames(m.frameSpecs.binary2, new Uint8Array([0xff, 0xff])),
  './transport/node': (m) => new m.TcpClient({ port: -1, frame: { length: { kind: 'binary', size: 2 } } }),
  './terminal': (m) => m.decodeRecord(new Uint8Array([0x7b]), 0),
  './terminal/node': (m) => new m.FileJournal('cardwire.cwj', { maxRecordSize: 0 }),
  './host': (m) => m.validateHostConfig(null),
  './host/node': (m) => m.parseLedgerSpec('mysql://db'),
};

const esmRoot = await import('cardwire');
const cjsRoot = require('cardwire');
let failures = 0;
for (const subpath of Object.keys(pkg.exports)) {
  if (subpath === './package.json') continue;
  const spec = subpath === '.' ? 'cardwire' : `cardwire/${subpath.slice(2)}`;
  const trigger = triggers[subpath];
  if (!trigger) {
    console.error(`smoke: no error trigger for ${spec}`);
    failures++;
    continue;
  }
  for (const [kind, load] of [
    ['import', () => import(spec)],
    ['require', async () => require(spec)],
  ]) {
    const mod = await load();
    let thrown;
    try {
      trigger(mod);
    } catch (e) {
      thrown = e;
    }
    const ok = esmRoot.isCardwireError(thrown) && cjsRoot.isCardwireError(thrown);
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${kind.padEnd(7)} ${spec}${ok ? ` (${thrown.code})` : ''}`);
  }
}
if (failures > 0) {
  console.error(`smoke: ${failures} failure(s)`);
  process.exit(1);
}
