// The contact kernel step by step, in the style of the EMVCo level 2 test cases: a table of card
// configurations (catalog cards, personalisation patches, scripted faults), terminal
// configurations and transactions, each with the outcome and the exact TVR, TSI and CVM results
// the books give. Expected values were worked out by hand from the cited sections and the cards'
// data (TACs / IACs, CVM lists, counters), never computed by the kernel.
//
// Shared facts. Terminal capabilities E0F8E8 (plaintext, online and enciphered PIN, signature, no
// CVM; SDA, DDA, CDA). UnionPay and Visa TAC default/denial/online DC4000A800 / 0010000000 /
// DC4004F800; cards' IAC DC40A0A800 / 0010000000 / DC40A4F800. Floor limits: UnionPay debit 0,
// others 500.00. Transaction: 100.00 CNY on 2026-03-15 unless said. Counters ATC 0x10, last online
// 0x0E (3 offline since, under the cards' limits). up-credit: CDA, CVM "no CVM under 300.00, online
// PIN, signature, no CVM"; up-debit: DDA, "no CVM under 300.00, online PIN"; visa-credit: DDA,
// "enciphered PIN, plaintext PIN, online PIN, signature, no CVM"; mc-debit: CDA, "online PIN,
// signature, no CVM", issuer authentication data inside the second GENERATE AC.
import { describe, expect, test } from 'vitest';
import { hex, toHex, type Random } from '../../../src/core/index';
import { VirtualCard, type VirtualCardFaults } from '../../../src/emv/card/index';
import {
  defaultKernelConfig,
  runContactTransaction,
  type KernelConfig,
  type KernelOutcome,
  type KernelOutcomeKind,
  type KernelStep,
  type KernelTransaction,
} from '../../../src/emv/kernel/index';
import {
  mc,
  multiApp,
  upCredit,
  upDebit,
  visa,
  withApplication,
  withContact,
  withCounters,
  withData,
  withoutRecordTag,
  withRecords,
  withTerminal,
  type Perso,
} from './cards';
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
  readonly random?: Random;
  readonly expected: {
    readonly kind: KernelOutcomeKind;
    readonly tvr?: string;
    readonly tsi?: string;
    readonly cvm?: string;
    readonly step?: KernelStep;
    readonly arc?: string;
    readonly aid?: string;
  };
  readonly check?: (r: Run) => void;
}

interface Run {
  readonly outcome: KernelOutcome;
  readonly card: VirtualCard;
  readonly term: ReturnType<typeof scriptedTerminal>;
  /** Commands the card received, hex. */
  readonly commands: string[];
}

async function run(c: Case): Promise<Run> {
  const card = new VirtualCard(c.card, c.faults ? { faults: c.faults } : {});
  const host = c.host === 'unable' ? undefined : issuerHost(c.card, c.host ?? {});
  const term = scriptedTerminal({ offlinePins: [c.card.pin ?? '1234'], ...(host ? { online: host.online } : {}), ...c.terminal });
  const outcome = await runContactTransaction(
    card.transmit,
    c.config ?? defaultKernelConfig,
    { amount: 10000n, date: '2026-03-15', time: '10:30:00', unpredictableNumber: hex('11223344'), ...c.txn },
    term,
    c.random ? { random: c.random } : {},
  );
  return { outcome, card, term, commands: card.exchanges.map((x) => toHex(x.command)) };
}

const zeros: Random = { bytes: (n) => new Uint8Array(n) };
const twoUnionPay = (extra: Partial<Perso> = {}, priorities?: number[]) => multiApp([upDebit, upCredit], extra, priorities);
const SELECT_PSE = '00A404000E315041592E5359532E444446303100';
const ins = (commands: readonly string[], byte: string) => commands.filter((c) => c.slice(2, 4) === byte);

const visaNoCvm = withData(visa, { '8E': '00000000000000001F03' });
const visaPdolCard = withContact(visa, { pdol: '9F02045F2A029F1A039F4E059F66039F7A01' });
const MOVED = ['9F42', '9F44', '5F30'];
const upCreditSfi11 = withRecords(upCredit, (rs) => [...rs.map((r) => (r.oda ? { ...r, tags: r.tags.filter((t) => !MOVED.includes(t)) } : r)), { sfi: 11, oda: true, tags: MOVED }]);
const upCreditOnlineOnlyCvm = withData(upCredit, { '8E': '00007530000000001F06' });
const visaSdaOnly = withContact(visa, { aip: '5C00' });
const partialConfig: KernelConfig = { ...defaultKernelConfig, applications: [{ ...defaultKernelConfig.applications[1]!, aid: 'A000000333' }] };
const visaWithoutCa = { ...defaultKernelConfig, caPublicKeys: defaultKernelConfig.caPublicKeys.filter((k) => k.rid !== 'A000000003') };

const cases: readonly Case[] = [
  // ---- Application selection (Book 1 §12) ----
  {
    id: 'SEL.01', source: 'Book 1 §12.3.2, §12.4', what: 'PSE with one application: selected without asking; CDA, no CVM under X, TC offline',
    card: upCredit, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800', cvm: '1F0602', arc: 'Y1', aid: 'A000000333010102' },
    check: (r) => {
      expect(r.commands.slice(0, 4)).toEqual([SELECT_PSE, '00B2010C00', '00B2020C00', '00A4040008A00000033301010200']);
      expect(r.term.log.candidates).toEqual([]);
      expect(ins(r.commands, 'AE')).toHaveLength(1);
      expect(ins(r.commands, 'AE')[0]!.slice(0, 8)).toBe('80AE5000');
    },
  },
  {
    id: 'SEL.02', source: 'Book 1 §12.3.3', what: 'no PSE: the list of AIDs, each SELECTed in configuration order',
    card: { ...upCredit, pse: false }, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800', aid: 'A000000333010102' },
    check: (r) => {
      expect(ins(r.commands, 'A4').map((c) => c.slice(10, -2))).toEqual([
        '315041592E5359532E4444463031', 'A000000333010101', 'A000000333010102', 'A000000333010103', 'A000000333010106', 'A0000000031010', 'A0000000041010', 'A000000333010102',
      ]);
    },
  },
  {
    id: 'SEL.03', source: 'Book 1 §12.3.3 (partial AID, SELECT next)', what: 'partial AID A000000333 finds two applications with "next"; the cardholder picks the second',
    card: twoUnionPay({ pse: false }), config: partialConfig, terminal: { choose: 1 },
    expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800', aid: 'A000000333010102' },
    check: (r) => {
      expect(ins(r.commands, 'A4').slice(1)).toEqual(['00A4040005A00000033300', '00A4040205A00000033300', '00A4040205A00000033300', '00A4040008A00000033301010200']);
      expect(r.term.log.candidates[0]!.map((c) => c.aid)).toEqual(['A000000333010101', 'A000000333010102']);
    },
  },
  {
    id: 'SEL.04', source: 'Book 1 §12.4 step 4', what: 'candidates offered in priority order (87 = 2 before 1 on the card)',
    card: twoUnionPay({}, [2, 1]), terminal: { choose: 0 },
    expected: { kind: 'approved-offline', aid: 'A000000333010102' },
    check: (r) => expect(r.term.log.candidates[0]!.map((c) => [c.aid, c.priority])).toEqual([['A000000333010102', 1], ['A000000333010101', 2]]),
  },
  {
    id: 'SEL.05', source: 'Book 1 §12.3.3 step 3', what: 'list of AIDs: the blocked application (6283) is not a candidate',
    card: twoUnionPay({ pse: false }), faults: { applicationBlocked: 'A000000333010101' },
    expected: { kind: 'approved-offline', aid: 'A000000333010102' }, check: (r) => expect(r.term.log.candidates).toEqual([]),
  },
  {
    id: 'SEL.06', source: 'Book 1 §12.4 (final SELECT fails)', what: 'PSE lists a blocked application: its final SELECT answers 6283, TRY AGAIN, the other is selected',
    card: twoUnionPay(), faults: { applicationBlocked: 'A000000333010101' }, terminal: { choose: 0 },
    expected: { kind: 'approved-offline', aid: 'A000000333010102' }, check: (r) => expect(r.term.log.messages[0]).toBe('try-again'),
  },
  {
    id: 'SEL.07', source: 'Book 3 §10.1 (GPO 6985)', what: 'GET PROCESSING OPTIONS 6985: back to selection without that application',
    card: twoUnionPay(), faults: { gpoConditionsNotSatisfied: 'A000000333010101' }, terminal: { choose: 0 },
    expected: { kind: 'approved-offline', tvr: '0000000000', aid: 'A000000333010102' },
    check: (r) => {
      expect(r.term.log.messages[0]).toBe('try-again');
      expect(ins(r.commands, 'A8')).toHaveLength(2);
    },
  },
  {
    id: 'SEL.08', source: 'Book 1 §12.4 step 1', what: 'no mutually supported application: NOT ACCEPTED, fallback',
    card: visa, config: { ...defaultKernelConfig, applications: defaultKernelConfig.applications.filter((a) => !a.aid.startsWith('A000000003')) },
    expected: { kind: 'fallback', step: 'application-selection' }, check: (r) => expect(r.term.log.messages).toEqual(['not-accepted']),
  },
  { id: 'SEL.09', source: 'Book 1 §12.3.2 step 1', what: 'card blocked: SELECT answers 6A81, terminate', card: upCredit, faults: { cardBlocked: true }, expected: { kind: 'terminated', step: 'application-selection' } },
  { id: 'SEL.10', source: 'Book 1 §12.4', what: 'the cardholder cancels the application choice', card: twoUnionPay(), terminal: { choose: 'cancel' }, expected: { kind: 'cancelled', step: 'application-selection' } },
  {
    id: 'SEL.11', source: 'Book 1 §12.4 (confirmation)', what: 'one application requiring confirmation, refused by the cardholder',
    card: { ...upCredit, applications: [{ ...upCredit.applications[0]!, priority: 0x81 }] }, terminal: { confirm: false },
    expected: { kind: 'cancelled', step: 'application-selection' },
  },

  // ---- Initiate application processing, read application data (Book 3 §10.1, §10.2) ----
  {
    id: 'GPO.01', source: 'Book 3 §10.1, §5.4', what: 'PDOL 9F1A02 9F3501 filled from terminal data: 83 03 0156 22',
    card: upCredit, expected: { kind: 'approved-offline' }, check: (r) => expect(ins(r.commands, 'A8')).toEqual(['80A8000005830301562200']),
  },
  {
    id: 'GPO.02', source: 'Book 3 §5.4', what: 'PDOL rules: n truncated/padded on the left, ans on the right, b on the right, unknown tag zeros',
    card: visaPdolCard, terminal: { offlinePins: ['1234'] }, expected: { kind: 'approved-offline' },
    check: (r) => expect(ins(r.commands, 'A8')).toEqual(['80A80000148312' + '00010000' + '0156' + '000156' + '4341524457' + '000000' + '00' + '00']),
  },
  { id: 'REC.01', source: 'Book 3 §10.2', what: 'a record of SFI 1 that is not a template 70: terminate', card: upCredit, faults: { malformedRecord: { sfi: 1, record: 1 } }, expected: { kind: 'terminated', step: 'read-application-data' } },
  { id: 'REC.02', source: 'Book 3 §10.2', what: 'a record with a truncated data object: terminate', card: upCredit, faults: { malformedRecord: { sfi: 2, record: 1, kind: 'truncated' } }, expected: { kind: 'terminated', step: 'read-application-data' } },
  { id: 'REC.03', source: 'Book 3 §10.2 (mandatory data)', what: 'CDOL2 (8D) missing from the records: terminate', card: withoutRecordTag(upCredit, '8D'), expected: { kind: 'terminated', step: 'read-application-data' }, check: (r) => expect('reason' in r.outcome && r.outcome.reason).toMatch(/8D/) },
  {
    id: 'REC.04', source: 'Book 3 §10.2 (redundant data)', what: 'the expiry date (5F24) in two records: terminate',
    card: withRecords(upCredit, (rs) => rs.map((r, k) => (k === 0 ? { ...r, tags: [...r.tags, '5F24'] } : r))), expected: { kind: 'terminated', step: 'read-application-data' },
  },
  { id: 'REC.05', source: 'Book 3 §10.3 (SFI 11-30 hashed whole)', what: 'an ODA record in SFI 11: tag, length and value enter the hash; CDA passes', card: upCreditSfi11, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800' } },
  {
    id: 'REC.06', source: 'Book 3 §10.3', what: 'the ODA record of SFI 11 not coded as 70: not parsed (no 9F42, so "no CVM under X" cannot apply), CDA fails, the transaction goes on',
    card: upCreditSfi11, faults: { malformedRecord: { sfi: 11, record: 1 } }, expected: { kind: 'approved-online', tvr: '0400040000', tsi: 'F800', cvm: '420300' },
  },

  // ---- Offline data authentication (Book 3 §10.3, Book 2) ----
  {
    id: 'ODA.01', source: 'Book 2 §5', what: 'SDA passes: TVR "SDA selected", DAC 9F45 recovered; enciphered PIN has no ICC key, plaintext PIN used',
    card: visaSdaOnly, expected: { kind: 'approved-offline', tvr: '0200000000', tsi: 'E800', cvm: '410302' },
    check: (r) => expect(toHex(r.outcome.data.get('9F45')!)).toBe('DAC2'),
  },
  { id: 'ODA.02', source: 'Book 2 §5.4', what: 'SDA: wrong signature: SDA failed, online', card: visaSdaOnly, faults: { wrongSdaSignature: true }, expected: { kind: 'approved-online', tvr: '4200000000', tsi: 'F800', cvm: '410302', arc: '00' } },
  { id: 'ODA.03', source: 'Book 2 §5.2', what: 'SDA: no CA key for the index: SDA failed', card: visaSdaOnly, config: visaWithoutCa, expected: { kind: 'approved-online', tvr: '4200000000', tsi: 'F800' } },
  { id: 'ODA.04', source: 'Book 2 §5.1.1', what: 'SDA: signed static data (93) missing: ICC data missing and SDA failed', card: withoutRecordTag(visaSdaOnly, '93'), expected: { kind: 'approved-online', tvr: '6200000000', tsi: 'F800' } },
  { id: 'ODA.05', source: 'Book 2 §6.5', what: 'DDA: wrong signature: DDA failed (the ICC key still enciphers the PIN)', card: visa, faults: { wrongDdaSignature: true }, expected: { kind: 'approved-online', tvr: '0800000000', tsi: 'F800', cvm: '440302' } },
  { id: 'ODA.06', source: 'Book 2 §6.3 step 11', what: 'DDA: issuer certificate expired before the transaction date', card: upDebit, faults: { expiredCertificate: 'issuer' }, expected: { kind: 'approved-online', tvr: '0800008000', tsi: 'F800' } },
  { id: 'ODA.07', source: 'Book 2 §6.4 step 11', what: 'DDA: ICC certificate expired', card: upDebit, faults: { expiredCertificate: 'icc' }, expected: { kind: 'approved-online', tvr: '0800008000', tsi: 'F800' } },
  {
    id: 'ODA.08', source: 'Book 2 §6.3 step 8 (issuer identifier)', what: 'DDA: the PAN does not start with the certificate IIN: DDA failed (the host derives keys from that PAN: ARQC and ARPC fail too)',
    card: withData(upDebit, { '5A': '6225890000000026' }), expected: { kind: 'declined-online', tvr: '0800008040', arc: '05' },
  },
  { id: 'ODA.09', source: 'Book 2 §6.1.1', what: 'DDA: ICC certificate (9F46) missing: ICC data missing and DDA failed', card: withoutRecordTag(upDebit, '9F46'), expected: { kind: 'approved-online', tvr: '2800008000', tsi: 'F800' } },
  {
    id: 'ODA.10', source: 'Book 2 §6.6.2, Book 4 §6.3.7', what: 'CDA: the TC signature does not verify: CDA failed, declined offline (Z1)',
    card: upCredit, faults: { cdaMismatch: true }, expected: { kind: 'declined-offline', tvr: '0400000000', tsi: 'E800', arc: 'Z1' },
    check: (r) => expect(ins(r.commands, 'AE').map((c) => c.slice(0, 8))).toEqual(['80AE5000']),
  },
  {
    id: 'ODA.11', source: 'Book 2 §6.6.2, Book 4 §6.3.7', what: 'CDA: the ARQC signature does not verify: not sent online, completed with an AAC',
    card: upCredit, faults: { cdaMismatch: true }, txn: { amount: 40000n },
    expected: { kind: 'declined-offline', tvr: '0400040000', tsi: 'E800', cvm: '420300', arc: 'Z1' },
    check: (r) => {
      expect(ins(r.commands, 'AE').map((c) => c.slice(0, 8))).toEqual(['80AE9000', '80AE0000']);
      expect(r.term.log.online).toEqual([]);
    },
  },
  {
    id: 'ODA.12', source: 'Book 3 §10.3, Book 4 §6.3.2.1', what: 'CDA: key recovery fails (issuer certificate expired): CDA failed at once, GENERATE AC without CDA',
    card: upCredit, faults: { expiredCertificate: 'issuer' }, expected: { kind: 'approved-online', tvr: '0400000000', tsi: 'F800' },
    check: (r) => expect(ins(r.commands, 'AE').map((c) => c.slice(0, 8))).toEqual(['80AE8000', '80AE4000']),
  },
  { id: 'ODA.13', source: 'Book 3 §10.3', what: 'the terminal supports no ODA method: "offline data authentication was not performed"', card: upCredit, config: withTerminal({ capabilities: 'E0F800' }), expected: { kind: 'approved-online', tvr: '8000000000', tsi: '7800' } },

  // ---- Processing restrictions (Book 3 §10.4) ----
  { id: 'RES.01', source: 'Book 3 §10.4.1', what: 'different application versions (terminal 0020, card 0030)', card: upCredit, config: withApplication('A000000333010102', { applicationVersion: '0020' }), expected: { kind: 'approved-offline', tvr: '0080000000', tsi: 'E800' } },
  { id: 'RES.02', source: 'Book 3 §10.4.3', what: 'expired application (5F24 250101)', card: withData(upCredit, { '5F24': '250101' }), expected: { kind: 'approved-online', tvr: '0040000000', tsi: 'F800' } },
  { id: 'RES.03', source: 'Book 3 §10.4.3', what: 'application not yet effective (5F25 270101)', card: withData(upCredit, { '5F25': '270101' }), expected: { kind: 'approved-offline', tvr: '0020000000', tsi: 'E800' } },
  {
    id: 'RES.04', source: 'Book 3 §10.4.2, §10.7', what: 'AUC not valid at terminals other than ATMs: service not allowed, denial codes: AAC (no CDA asked, so no ODA bit in the TSI)',
    card: withData(upCredit, { '9F07': 'FE00' }), expected: { kind: 'declined-offline', tvr: '0010000000', tsi: '6800', arc: 'Z1' },
    check: (r) => expect(ins(r.commands, 'AE').map((c) => c.slice(0, 8))).toEqual(['80AE0000']),
  },
  { id: 'RES.05', source: 'Book 3 §10.4.2 Table 36', what: 'international goods and services not allowed (AUC EB00, issuer country 0840)', card: withData(visa, { '9F07': 'EB00' }), expected: { kind: 'declined-offline', tvr: '0010000000', tsi: 'E800', cvm: '440302' } },

  // ---- Cardholder verification (Book 3 §10.5) ----
  {
    id: 'CVM.01', source: 'Book 3 §10.5.2', what: 'online PIN over X: entered; TVR "online PIN entered", online',
    card: upCredit, txn: { amount: 40000n }, expected: { kind: 'approved-online', tvr: '0000040000', tsi: 'F800', cvm: '420300' },
    check: (r) => expect([r.outcome.onlinePinEntered, r.term.log.onlinePin]).toEqual([true, 1]),
  },
  {
    id: 'CVM.02', source: 'Book 3 §10.5.2', what: 'online PIN bypassed: "PIN not entered", next rule: signature',
    card: upCredit, txn: { amount: 40000n }, terminal: { onlinePin: 'bypassed' }, expected: { kind: 'approved-offline', tvr: '0000080000', tsi: 'E800', cvm: '1E0300' },
    check: (r) => expect(r.outcome.signatureRequired).toBe(true),
  },
  { id: 'CVM.03', source: 'Book 3 §10.5', what: 'PIN pad not present: "PIN pad not present or not working", signature', card: upCredit, txn: { amount: 40000n }, config: withTerminal({ pinPad: false }), expected: { kind: 'approved-offline', tvr: '0000100000', cvm: '1E0300' } },
  { id: 'CVM.04', source: 'Book 3 §10.5.1', what: 'offline plaintext PIN verified', card: withData(visa, { '8E': '00000000000000000103' }), expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800', cvm: '010302' } },
  {
    id: 'CVM.05', source: 'Book 3 §10.5.1', what: 'offline PIN wrong then right: INCORRECT PIN, PIN OK; the counter is restored',
    card: withData(visa, { '8E': '00000000000000000103' }), terminal: { offlinePins: ['9999', '1234'] }, expected: { kind: 'approved-offline', cvm: '010302' },
    check: (r) => {
      expect(r.term.log.messages.slice(0, 2)).toEqual(['incorrect-pin', 'pin-ok']);
      expect(r.term.log.offlinePin.map((p) => [p.attempt, p.tryCounter])).toEqual([[1, 3], [2, 2]]);
      expect(r.card.pinTryCounter).toBe(3);
    },
  },
  {
    id: 'CVM.06', source: 'Book 3 §10.5.1', what: 'offline PIN wrong three times: LAST PIN TRY, then "PIN try limit exceeded", CVM failed, online',
    card: withData(visa, { '8E': '00000000000000000103' }), terminal: { offlinePins: ['9999'] }, expected: { kind: 'approved-online', tvr: '0000A00000', tsi: 'F800', cvm: '010301' },
    check: (r) => {
      expect(r.term.log.messages.slice(0, 3)).toEqual(['incorrect-pin', 'incorrect-pin', 'last-pin-try']);
      expect(r.card.pinTryCounter).toBe(0);
    },
  },
  {
    id: 'CVM.07', source: 'Book 3 §10.5.1 (PIN try counter)', what: 'PIN blocked: GET DATA 9F17 gives 0, no VERIFY is sent',
    card: withData(visa, { '8E': '00000000000000000103' }), faults: { pinBlocked: true }, expected: { kind: 'approved-online', tvr: '0000A00000', cvm: '010301' },
    check: (r) => expect(ins(r.commands, '20')).toEqual([]),
  },
  {
    id: 'CVM.08', source: 'Book 2 §7', what: 'offline enciphered PIN: GET CHALLENGE, VERIFY P2 88 under the ICC public key',
    card: visa, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E800', cvm: '440302' },
    check: (r) => {
      expect(ins(r.commands, '84')).toEqual(['0084000000']);
      expect(ins(r.commands, '20')[0]!.slice(0, 10)).toBe('0020008880');
    },
  },
  { id: 'CVM.09', source: 'Book 3 §10.5', what: 'no CVM list: ICC data missing, CVM not performed (3F0000), no TSI bit', card: withoutRecordTag(upCredit, '8E'), expected: { kind: 'approved-offline', tvr: '2000000000', tsi: 'A800', cvm: '3F0000' } },
  { id: 'CVM.10', source: 'Book 3 §10.5, Book 4 Annex A4', what: 'no rule applies (only "no CVM under X", amount over X): 3F0001, not successful', card: upCreditOnlineOnlyCvm, txn: { amount: 40000n }, expected: { kind: 'approved-online', tvr: '0000800000', tsi: 'F800', cvm: '3F0001' } },
  { id: 'CVM.11', source: 'Book 3 §10.5', what: 'unrecognised CVM (2A, apply next): TVR bit, then "no CVM required"', card: withData(upCredit, { '8E': '00000000000000006A001F00' }), expected: { kind: 'approved-offline', tvr: '0000400000', cvm: '1F0002' } },
  { id: 'CVM.12', source: 'Book 3 §10.5', what: 'signature: result unknown, signature line needed', card: withData(visa, { '8E': '00000000000000001E03' }), expected: { kind: 'approved-offline', tvr: '0000000000', cvm: '1E0300' }, check: (r) => expect(r.outcome.signatureRequired).toBe(true) },
  { id: 'CVM.13', source: 'Book 3 Annex C3 (CVM 00)', what: 'fail CVM processing', card: withData(visa, { '8E': '00000000000000000000' }), expected: { kind: 'approved-online', tvr: '0000800000', cvm: '000001' } },
  { id: 'CVM.14', source: 'Book 3 Annex C3 (condition 06)', what: '"under X" needs the application currency: 0840 ≠ 0156, so the rule is skipped', card: withData(visa, { '8E': '000186A0000000001F060103' }), expected: { kind: 'approved-offline', cvm: '010302' } },

  // ---- Terminal risk management (Book 3 §10.6) ----
  { id: 'TRM.01', source: 'Book 3 §10.6.1', what: 'amount at or over the floor limit', card: visaNoCvm, txn: { amount: 60000n }, expected: { kind: 'approved-online', tvr: '0000008000', tsi: 'F800', cvm: '1F0302' } },
  {
    id: 'TRM.02', source: 'Book 3 §10.6.2', what: 'random selection (target 99 %, the random source draws 1)',
    card: visaNoCvm, config: withApplication('A0000000031010', { randomSelection: { threshold: '0', targetPercent: 99, maxTargetPercent: 99 } }), random: zeros,
    expected: { kind: 'approved-online', tvr: '0000001000', tsi: 'F800' },
  },
  { id: 'TRM.03', source: 'Book 3 §10.6.3', what: 'velocity: 17 offline transactions since the last online (limits 3 and 5)', card: withCounters(visaNoCvm, 0x20, 0x10), expected: { kind: 'approved-online', tvr: '0000006000', tsi: 'F800' } },
  { id: 'TRM.04', source: 'Book 3 §10.6.3', what: 'new card: last online ATC 0', card: withCounters(visaNoCvm, 0x10, 0), expected: { kind: 'approved-online', tvr: '0008006000', tsi: 'F800' } },
  { id: 'TRM.05', source: 'Book 3 §10.6 (exception file)', what: 'PAN on the exception file', card: visaNoCvm, config: withTerminal({ exceptionFile: ['4761739001010010'] }), expected: { kind: 'approved-online', tvr: '1000000000' } },
  { id: 'TRM.06', source: 'Book 4 §6.3.5 (merchant forced online)', what: 'merchant forced online', card: visaNoCvm, txn: { forceOnline: true }, expected: { kind: 'approved-online', tvr: '0000000800' } },
  { id: 'TRM.07', source: 'Book 3 §10.6', what: 'the AIP does not ask for terminal risk management: no floor limit check, no TSI bit', card: withContact(visaNoCvm, { aip: '7400' }), txn: { amount: 60000n }, expected: { kind: 'approved-offline', tvr: '0000000000', tsi: 'E000' } },

  // ---- Terminal action analysis, card action analysis (Book 3 §10.7, §10.8) ----
  { id: 'TAA.01', source: 'Book 3 §10.7 (offline-only terminal)', what: 'terminal type 23, floor limit exceeded: default codes decline', card: visaNoCvm, txn: { amount: 60000n }, config: withTerminal({ terminalType: '23' }), expected: { kind: 'declined-offline', tvr: '0000008000', arc: 'Z1' } },
  { id: 'TAA.02', source: 'Book 3 §10.7 (offline-only terminal)', what: 'terminal type 23, nothing set: TC', card: visaNoCvm, config: withTerminal({ terminalType: '23' }), expected: { kind: 'approved-offline', tvr: '0000000000' } },
  { id: 'TAA.03', source: 'Book 3 §10.7 (online-only terminal)', what: 'terminal type 21: ARQC even with a clean TVR', card: visaNoCvm, config: withTerminal({ terminalType: '21' }), expected: { kind: 'approved-online', tvr: '0000000000' } },
  {
    id: 'TAA.04', source: 'Book 3 §10.7, §10.9 (unable to go online)', what: 'host unreachable, default codes clear: TC with Y3',
    card: visaNoCvm, host: 'unable', config: withApplication('A0000000031010', { randomSelection: { threshold: '0', targetPercent: 99, maxTargetPercent: 99 } }), random: zeros,
    expected: { kind: 'approved-offline', tvr: '0000001000', tsi: 'E800', arc: 'Y3' },
  },
  { id: 'TAA.05', source: 'Book 3 §10.7, §10.9 (unable to go online)', what: 'host unreachable, floor limit exceeded: AAC with Z3', card: visaNoCvm, host: 'unable', txn: { amount: 60000n }, expected: { kind: 'declined-offline', tvr: '0000008000', arc: 'Z3' } },
  {
    id: 'CAA.01', source: 'Book 3 §10.8', what: 'the card answers a TC request with an ARQC (its own velocity limit): online',
    card: withCounters(withoutRecordTag(visaNoCvm, '9F14'), 0x20, 0x10), expected: { kind: 'approved-online', tvr: '0000000000', tsi: 'F800' },
    check: (r) => expect(ins(r.commands, 'AE')[0]!.slice(0, 8)).toBe('80AE4000'),
  },

  // ---- Online processing, issuer authentication, scripts, completion (Book 3 §10.9-10.11) ----
  {
    id: 'ONL.01', source: 'Book 3 §10.9', what: 'approved; ARPC checked by EXTERNAL AUTHENTICATE; the card updates its last online ATC',
    card: upDebit, expected: { kind: 'approved-online', tvr: '0000008000', tsi: 'F800', arc: '00' },
    check: (r) => {
      expect(ins(r.commands, '82')).toHaveLength(1);
      expect(r.card.lastOnlineAtc()).toBe(r.card.atc());
      expect(r.outcome.reversalRequired).toBe(false);
    },
  },
  {
    id: 'ONL.02', source: 'Book 3 §10.9', what: 'wrong ARPC: EXTERNAL AUTHENTICATE 6300, "issuer authentication failed"; the card declines: reversal',
    card: upDebit, host: { wrongArpc: true }, expected: { kind: 'card-declined-after-online-approval', tvr: '0000008040', tsi: 'F800' },
    check: (r) => {
      expect(r.outcome.reversalRequired).toBe(true);
      expect(r.outcome.de55.reversal).toBeDefined();
    },
  },
  { id: 'ONL.03', source: 'Book 3 §10.9', what: 'host declines (05): AAC asked and given', card: upDebit, host: { kind: 'declined', responseCode: '05' }, expected: { kind: 'declined-online', tvr: '0000008000', arc: '05' } },
  {
    id: 'ONL.04', source: 'Book 3 §10.9 (91 in CDOL2)', what: 'Mastercard: the ARPC travels in the second GENERATE AC; no EXTERNAL AUTHENTICATE',
    card: mc, expected: { kind: 'approved-online', tvr: '0000040000', tsi: 'F800', cvm: '420300' }, check: (r) => expect(ins(r.commands, '82')).toEqual([]),
  },
  { id: 'ONL.05', source: 'Book 3 §10.9 (91 in CDOL2)', what: 'Mastercard with a wrong ARPC: the card declines in the second GENERATE AC', card: mc, host: { wrongArpc: true }, expected: { kind: 'card-declined-after-online-approval', tvr: '0000040000', tsi: 'F800' } },
  { id: 'ONL.06', source: 'Book 3 §10.9', what: 'no ARPC from the host: no issuer authentication; the card declines', card: upDebit, host: { withoutArpc: true }, expected: { kind: 'card-declined-after-online-approval', tvr: '0000008000', tsi: 'E800' } },
  {
    id: 'SCR.01', source: 'Book 3 §10.10, Book 4 Annex A5', what: 'PIN UNBLOCK in 71 (before), APPLICATION BLOCK in 72 (after the second GENERATE AC); results in DF31',
    card: upDebit,
    host: { scripts: [{ tag: '71', id: '00000001', commands: [{ header: '84240000' }] }, { tag: '72', id: '00000002', commands: [{ header: '841E0000' }] }] },
    expected: { kind: 'approved-online', tvr: '0000008000', tsi: 'FC00' },
    check: (r) => {
      expect(toHex(r.outcome.issuerScriptResults!)).toBe('2000000001' + '2000000002');
      expect(toHex(r.outcome.data.get('DF31')!)).toBe('20000000012000000002');
      expect(r.card.scriptResults.map((s) => s.applied)).toEqual(['pin-unblock', 'application-block']);
      expect(r.card.applicationBlocked()).toBe(true);
      expect(r.outcome.de55.scriptResults).toBeDefined();
      expect(r.commands.map((c) => c.slice(0, 4)).slice(-3)).toEqual(['8424', '80AE', '841E']);
    },
  },
  {
    id: 'SCR.02', source: 'Book 3 §10.10', what: 'a script before the final GENERATE AC with a bad MAC (6988): "script failed before final GENERATE AC"',
    card: upDebit, host: { scripts: [{ tag: '71', id: '0000000A', commands: [{ header: '84240000' }], badMac: true }] },
    expected: { kind: 'approved-online', tvr: '0000008020', tsi: 'FC00' }, check: (r) => expect(toHex(r.outcome.issuerScriptResults!)).toBe('110000000A'),
  },
  {
    id: 'SCR.03', source: 'Book 3 §10.10', what: 'a script after it fails at its second command: "script failed after final GENERATE AC", sequence number 2',
    card: upDebit, host: { scripts: [{ tag: '72', id: '0000000B', commands: [{ header: '84180000' }, { header: '84CC0000' }] }] },
    expected: { kind: 'approved-online', tvr: '0000008010', tsi: 'FC00' }, check: (r) => expect(toHex(r.outcome.issuerScriptResults!)).toBe('120000000B'),
  },
];

describe('contact kernel, step by step', () => {
  test.each(cases.map((c) => [`${c.id} ${c.what} (${c.source})`, c] as const))('%s', async (_name, c) => {
    const r = await run(c);
    const o = r.outcome;
    const got = {
      kind: o.kind,
      ...(c.expected.tvr !== undefined ? { tvr: toHex(o.tvr) } : {}),
      ...(c.expected.tsi !== undefined ? { tsi: toHex(o.tsi) } : {}),
      ...(c.expected.cvm !== undefined ? { cvm: toHex(o.cvmResults) } : {}),
      ...(c.expected.step !== undefined ? { step: o.step } : {}),
      ...(c.expected.arc !== undefined ? { arc: o.authorisationResponseCode } : {}),
      ...(c.expected.aid !== undefined ? { aid: o.aid } : {}),
    };
    expect(got, 'reason' in o ? `${o.reason} ${JSON.stringify(o.error ?? {})}` : undefined).toEqual(c.expected);
    c.check?.(r);
  });
});
