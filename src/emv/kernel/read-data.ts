/**
 * Initiate application processing (EMV 4.4 Book 3 §10.1: PDOL data built by the §5.4 rules, GET
 * PROCESSING OPTIONS, format 1 or 2 answer, 6985 back to selection) and read application data
 * (§10.2: every record the AFL names; SFI 1-10 records in template 70, else terminate; ODA records
 * kept for offline data authentication, SFI 11-30 ones whole; a primitive data object twice, or a
 * mandatory one (5F24, 5A, 8C, 8D) missing, terminates).
 */
import { getProcessingOptionsCommand, parseGpoResponse, readRecordCommand } from '../apdu';
import { aflRecords, parseAfl, type AflRecord } from '../afl';
import { buildDolData, parseDol } from '../dol';
import { decodeTlv, type TlvNode } from '../tlv';
import { Reselect, type KernelContext } from './context';

/** Book 3 §10.1: GET PROCESSING OPTIONS with the PDOL data. Throws {@link Reselect} on 6985. */
export async function initiateApplicationProcessing(ctx: KernelContext): Promise<Uint8Array> {
  ctx.step = 'initiate-application-processing';
  const pdol = ctx.icc.get('9F38');
  let pdolData: Uint8Array = new Uint8Array(0);
  if (pdol) {
    try {
      pdolData = buildDolData(parseDol(pdol, { path: '9F38' }), ctx.source, { path: '9F38' });
    } catch (e) {
      ctx.terminate('the PDOL is malformed', e);
    }
  }
  ctx.pdolData = pdolData;
  const r = await ctx.exchange(getProcessingOptionsCommand(pdolData));
  if (r.sw === 0x6985) throw new Reselect('GET PROCESSING OPTIONS answered 6985');
  if (r.sw !== 0x9000) ctx.terminate(`GET PROCESSING OPTIONS answered ${sw(r.sw)}`);
  let gpo;
  try {
    gpo = parseGpoResponse(r.data);
  } catch (e) {
    return ctx.terminate('the GET PROCESSING OPTIONS response is malformed', e);
  }
  ctx.aip = gpo.aip.slice();
  ctx.icc.set('82', gpo.aip.slice());
  ctx.icc.set('94', gpo.afl.slice());
  for (const n of gpo.nodes) if (!n.children) ctx.icc.set(n.tag, n.value.slice());
  return gpo.afl;
}

/** Book 3 §10.2: read the records the AFL names. */
export async function readApplicationData(ctx: KernelContext, afl: Uint8Array, options: { readonly mandatory?: readonly string[] } = {}): Promise<void> {
  ctx.step = 'read-application-data';
  let records: AflRecord[];
  try {
    records = aflRecords(parseAfl(afl));
  } catch (e) {
    return ctx.terminate('the AFL is malformed', e);
  }
  if (records.length === 0) ctx.terminate('the AFL names no records');
  const seen = new Set<string>();
  for (const rec of records) {
    const r = await ctx.exchange(readRecordCommand(rec.sfi, rec.record));
    if (r.sw !== 0x9000) ctx.terminate(`READ RECORD ${rec.record} of SFI ${rec.sfi} answered ${sw(r.sw)}`);
    const template = recordTemplate(r.data);
    // SFI 1-10 records must be a template 70; SFI 11-30 ones are the issuer's, parsed only when
    // they are one (Book 3 §5.3.2.2, §6.5.11.4).
    if (!template && rec.sfi <= 10) ctx.terminate(`record ${rec.record} of SFI ${rec.sfi} is not a template 70`);
    if (template) {
      for (const n of template.children ?? []) {
        if (!n.children && seen.has(n.tag)) ctx.terminate(`data object ${n.tag} appears twice in the records`);
        seen.add(n.tag);
        ctx.icc.set(n.tag, n.value.slice());
      }
    }
    if (rec.offlineAuthentication) {
      // §10.3: SFI 1-10 without the 70 tag and length, SFI 11-30 whole; an ODA record that is not
      // a 70 makes offline data authentication fail (the transaction goes on).
      if (!template) ctx.odaRecordInvalid = true;
      else ctx.staticData.push(rec.sfi <= 10 ? template.value.slice() : r.data.slice());
    }
  }
  for (const tag of options.mandatory ?? ['5F24', '5A', '8C', '8D']) {
    if (!ctx.icc.has(tag)) ctx.terminate(`mandatory data object ${tag} is missing`);
  }
}

/** The record's template 70 (its only object, padding aside), or undefined. */
function recordTemplate(data: Uint8Array): TlvNode | undefined {
  try {
    const nodes = decodeTlv(data);
    const t = nodes[0];
    return nodes.length === 1 && t && t.tag === '70' ? t : undefined;
  } catch {
    return undefined;
  }
}

function sw(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
