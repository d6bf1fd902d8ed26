// The contactless entry point (EMV Books A and B) and the EMV-mode kernel (qVSDC, Book C-3; qPBOC,
// JR/T 0025.12) against the virtual cards tapped on the reader. Reader limits in the default
// configuration: transaction 1000.00, floor 500.00, CVM 300.00; TTQ 36000000 (EMV mode, contact
// chip, online PIN, signature). The cards approve offline up to 500.00 (TC and fDDA in the GPO
// answer); the UnionPay cards ask for online PIN when the reader requires a CVM and they go online,
// the Visa card for a signature. Expected values worked out by hand from those facts.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../../src/core/index';
import { VirtualCard, type VirtualCardFaults } from '../../../src/emv/card/index';
import {
  defaultKernelConfig,
  runContactlessTransaction,
  type KernelConfig,
  type KernelOutcome,
  type KernelOutcomeKind,
  type KernelTransaction,
  type OutcomeParameters,
} from '../../../src/emv/kernel/index';
import { mc, multiApp, patchApp, upCredit, upDebit, visa, withData, type Perso } from './cards';
import { issuerHost, scriptedTerminal, type IssuerHostOptions, type ScriptedTerminalOptions } from './helpers';

interface Case {
  readonly id: string;
  readonly source: string;
  readonly what: string;
  readonly card: Perso;
  readonly faults?: VirtualCardFaults;
  readonly config?: KernelConfig;
  readonly txn?: Partial<KernelTransaction>;
  readonly terminal?: ScriptedTerminalOptions;
  readonly host?: IssuerHostOptions | 'unable';
  readonly expected: { readonly kind: KernelOutcomeKind; readonly tvr?: string; readonly tsi?: string; readonly cvm?: string; readonly parameters?: OutcomeParameters; readonly arc?: string };
  readonly check?: (o: KernelOutcome, card: VirtualCard, term: ReturnType<typeof scriptedTerminal>, commands: string[]) => void;
}

const withCtq = (p: Perso, ctq: string): Perso => patchApp(p, (a) => ({ ...a, contactless: { ...a.contactless!, ctq } }));
const approved = (cvm: OutcomeParameters['cvm']): OutcomeParameters => ({ outcome: 'approved', cvm, receipt: cvm === 'signature' });
const declined = (cvm: OutcomeParameters['cvm']): OutcomeParameters => ({ outcome: 'declined', cvm, receipt: cvm === 'signature' });
const other: OutcomeParameters = { outcome: 'try-another-interface', cvm: 'n/a', receipt: false, alternateInterface: 'contact' };

const cases: readonly Case[] = [
  {
    id: 'CL.01', source: 'Book B §3.1.1, §3.3; JR/T 0025.12', what: 'qPBOC under the floor and CVM limits: TC in the GPO answer, fDDA, approved offline',
    card: upCredit, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: '8000', cvm: '1F0302', parameters: approved('no-cvm') },
    check: (_o, _c, term, commands) => {
      expect(commands.slice(0, 3)).toEqual([
        '00A404000E325041592E5359532E444446303100',
        '00A4040008A00000033301010200',
        '80A80000238321' + '36000000' + '000000010000' + '000000000000' + '0156' + '0000000000' + '0156' + '260315' + '00' + '11223344' + '00',
      ]);
      expect(term.log.messages).toEqual(['remove-card', 'approved']);
    },
  },
  { id: 'CL.02', source: 'Book C-3', what: 'qVSDC under the limits: approved offline', card: visa, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: '8000', cvm: '1F0302', parameters: approved('no-cvm') } },
  {
    id: 'CL.03', source: 'Book B §3.1.1 (CVM limit), Book C-3 (CTQ)', what: 'over the CVM limit, under the floor: TTQ CVM required, the card asks for a signature, still offline',
    card: visa, txn: { amount: 40000n }, expected: { kind: 'approved-offline', tsi: 'C000', cvm: '1E0300', parameters: approved('signature') },
    check: (o, _c, _t, commands) => {
      expect(commands[2]!.slice(14, 22)).toBe('36400000');
      expect(o.signatureRequired).toBe(true);
    },
  },
  {
    id: 'CL.04', source: 'Book B §3.1.1 (floor limit)', what: 'over the floor limit: TTQ online cryptogram required, ARQC, online with a signature',
    card: visa, txn: { amount: 60000n }, expected: { kind: 'approved-online', tsi: '4000', cvm: '1E0300', parameters: approved('signature'), arc: '00' },
    check: (_o, _c, term, commands) => {
      expect(commands[2]!.slice(14, 22)).toBe('36C00000');
      expect(term.log.online).toHaveLength(1);
    },
  },
  {
    id: 'CL.05', source: 'JR/T 0025.12 (CTQ online PIN)', what: 'qPBOC over the floor: the card asks for online PIN; the host sees the TVR the ARQC covers',
    card: upDebit, txn: { amount: 60000n }, expected: { kind: 'approved-online', tvr: '0000040000', cvm: '420300', parameters: approved('online-pin') },
    check: (o, _c, term) => {
      expect(toHex(term.log.online[0]!.data.get('95')!)).toBe('0000000000');
      expect(o.onlinePinEntered).toBe(true);
    },
  },
  { id: 'CL.06', source: 'Book C-3 §5.3', what: 'online PIN bypassed and no other CVM: declined', card: upDebit, txn: { amount: 60000n }, terminal: { onlinePin: 'bypassed' }, expected: { kind: 'declined-offline', tvr: '0000880000', cvm: '020001', parameters: declined('n/a') } },
  {
    id: 'CL.07', source: 'Book B §3.1.1 (transaction limit)', what: 'over every contactless transaction limit: try another interface before any command',
    card: visa, txn: { amount: 100000n }, expected: { kind: 'try-another-interface', parameters: other },
    check: (_o, _c, term, commands) => {
      expect(commands).toEqual([]);
      expect(term.log.messages).toEqual(['try-another-interface']);
    },
  },
  { id: 'CL.08', source: 'Book B §3.1.1 (zero amount)', what: 'zero amount: online cryptogram required', card: visa, txn: { amount: 0n }, expected: { kind: 'approved-online', cvm: '1F0302', parameters: approved('no-cvm') } },
  { id: 'CL.09', source: 'Book C-3 Annex C (fDDA)', what: 'fDDA fails, the CTQ says nothing: declined offline', card: visa, faults: { wrongDdaSignature: true }, expected: { kind: 'declined-offline', tvr: '0800000000', tsi: '8000', parameters: declined('no-cvm') } },
  { id: 'CL.10', source: 'Book C-3 (CTQ byte 1 bit 6)', what: 'fDDA fails, CTQ "go online if ODA fails": the TC goes online', card: withCtq(visa, '2000'), faults: { wrongDdaSignature: true }, expected: { kind: 'approved-online', tvr: '0800000000', parameters: approved('no-cvm') } },
  { id: 'CL.11', source: 'Book C-3 (CTQ byte 1 bit 5)', what: 'fDDA fails, CTQ "switch interface if ODA fails": try another interface', card: withCtq(visa, '1000'), faults: { wrongDdaSignature: true }, expected: { kind: 'try-another-interface', parameters: other } },
  {
    id: 'CL.12', source: 'Book B §3.3', what: 'a card without a contactless application (PPSE not found): try another interface',
    card: mc, expected: { kind: 'try-another-interface', parameters: other }, check: (_o, _c, _t, commands) => expect(commands).toEqual(['00A404000E325041592E5359532E444446303100']),
  },
  { id: 'CL.13', source: 'Book A §6.2', what: 'the card leaves the field during READ RECORD', card: visa, faults: { removeAtCommand: 4 }, expected: { kind: 'card-removed' } },
  { id: 'CL.14', source: 'Book C-3 §5.2.2', what: 'GPO answers 6985: try another interface', card: visa, faults: { gpoConditionsNotSatisfied: true }, expected: { kind: 'try-another-interface', parameters: other } },
  { id: 'CL.15', source: 'Book C-3 §5.4 (expiry)', what: 'expired application with a TC: declined', card: withData(visa, { '5F24': '250101' }), expected: { kind: 'declined-offline', tvr: '0040000000', parameters: declined('no-cvm') } },
  {
    id: 'CL.16', source: 'Book B §3.3.2 (priority)', what: 'two applications in the PPSE: the highest priority is selected, nobody is asked',
    card: multiApp([visa, upCredit], {}, [2, 1]), expected: { kind: 'approved-offline' },
    check: (o, _c, term, commands) => {
      expect(commands[1]).toBe('00A4040008A00000033301010200');
      expect(term.log.candidates).toEqual([]);
      expect(o.aid).toBe('A000000333010102');
    },
  },
  { id: 'CL.17', source: 'Book C-3 §5.4', what: 'host declines', card: visa, txn: { amount: 60000n }, host: { kind: 'declined', responseCode: '51' }, expected: { kind: 'declined-online', arc: '51', parameters: declined('signature') } },
  { id: 'CL.18', source: 'Book C-3 §5.4', what: 'host unreachable with an ARQC: declined (Z3)', card: visa, txn: { amount: 60000n }, host: 'unable', expected: { kind: 'declined-offline', arc: 'Z3', parameters: declined('signature') } },
  { id: 'CL.19', source: 'Book B §3.3.2 (kernel identifier)', what: 'the PPSE entry names kernel 2, the reader has Visa on kernel 3: no combination', card: patchApp(visa, (a) => ({ ...a, kernelIdentifier: '02' })), expected: { kind: 'try-another-interface', parameters: other } },
];

describe('contactless entry point and EMV-mode kernel', () => {
  test.each(cases.map((c) => [`${c.id} ${c.what} (${c.source})`, c] as const))('%s', async (_name, c) => {
    const card = new VirtualCard(c.card, { interface: 'contactless', ...(c.faults ? { faults: c.faults } : {}) });
    const host = c.host === 'unable' ? undefined : issuerHost(c.card, c.host ?? {});
    const term = scriptedTerminal({ ...(host ? { online: host.online } : {}), ...c.terminal });
    const o = await runContactlessTransaction(card.transmit, c.config ?? defaultKernelConfig, { amount: 10000n, date: '2026-03-15', time: '10:30:00', unpredictableNumber: hex('11223344'), ...c.txn }, term);
    const got = {
      kind: o.kind,
      ...(c.expected.tvr !== undefined ? { tvr: toHex(o.tvr) } : {}),
      ...(c.expected.tsi !== undefined ? { tsi: toHex(o.tsi) } : {}),
      ...(c.expected.cvm !== undefined ? { cvm: toHex(o.cvmResults) } : {}),
      ...(c.expected.parameters !== undefined ? { parameters: o.contactless } : {}),
      ...(c.expected.arc !== undefined ? { arc: o.authorisationResponseCode } : {}),
    };
    expect(got, 'reason' in o ? o.reason : undefined).toEqual(c.expected);
    expect(o.interface).toBe('contactless');
    if (host && o.kind === 'approved-online') expect(host.log.arqcValid).toBe(true);
    c.check?.(o, card, term, card.exchanges.map((x) => toHex(x.command)));
  });
});

describe('whatever the tapped card answers, the reader ends with an outcome', () => {
  fcTest.prop([fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 60 })(
    'random answers, or a real session with one byte flipped',
    async (answers, which, mask) => {
      let n = 0;
      const random = await runContactlessTransaction(async () => answers[n++ % answers.length]!, defaultKernelConfig, { amount: 10000n, date: '2026-03-15' }, scriptedTerminal());
      expect(random.contactless).toBeDefined();
      const card = new VirtualCard(visa, { interface: 'contactless' });
      let k = 0;
      const flipped = await runContactlessTransaction(
        async (c) => {
          const r = await card.transmit(c);
          if (k++ === which % 6 && r.length > 0) r[(which >> 3) % r.length]! ^= mask;
          return r;
        },
        defaultKernelConfig,
        { amount: 10000n, date: '2026-03-15' },
        scriptedTerminal(),
      );
      expect(typeof flipped.kind).toBe('string');
    },
  );
});
