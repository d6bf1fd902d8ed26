/**
 * Application selection (EMV 4.4 Book 1 §12): the candidate list from the PSE directory (§12.3.2,
 * records read from the directory SFI until 6A83) or, when that gives nothing, from the terminal's
 * list of AIDs (§12.3.3, with partial-name matching and SELECT "next"); blocked applications
 * (6283) left out; then final selection (§12.4): by priority, with the cardholder's choice or
 * confirmation through the terminal, and removal of an application whose final SELECT fails.
 */
import { decodeAscii, encodeAscii, toHex } from '../../core/index';
import { readRecordCommand, selectCommand } from '../apdu';
import { decodeTlv, findTlv, type TlvNode } from '../tlv';
import type { PreparedApplication } from './config';
import { KernelStop, type KernelContext } from './context';
import type { ApplicationCandidate } from './interface';

/** A candidate with what the kernel needs to select it. */
export interface Candidate extends ApplicationCandidate {
  readonly name: Uint8Array;
  readonly app: PreparedApplication;
  /** Kernel identifier (9F2A) from a PPSE entry. */
  readonly kernelId?: number;
  /** Order found in, for stable sorting. */
  readonly order: number;
}

const PSE = encodeAscii('1PAY.SYS.DDF01');

/** The FCI template's nodes (6F) or undefined when the data is not an FCI. */
export function parseFci(data: Uint8Array): TlvNode | undefined {
  try {
    const nodes = decodeTlv(data);
    const fci = nodes[0];
    return fci && fci.tag === '6F' ? fci : undefined;
  } catch {
    return undefined;
  }
}

/** The terminal application an ADF name matches (Book 1 §12.3.1: exact, or partial when allowed). */
export function matchApplication(apps: readonly PreparedApplication[], name: Uint8Array): PreparedApplication | undefined {
  const exact = apps.find((a) => equal(a.aid, name));
  if (exact) return exact;
  return apps.find((a) => a.config.partialSelection && a.aid.length < name.length && equal(name.subarray(0, a.aid.length), a.aid));
}

/** A candidate from a directory entry (61) of the PSE or PPSE. */
export function candidateFromEntry(entry: TlvNode, apps: readonly PreparedApplication[], order: number): Candidate | undefined {
  const children = entry.children ?? [];
  const name = findTlv(children, '4F')?.value;
  if (!name || name.length < 5 || name.length > 16) return undefined;
  const app = matchApplication(apps, name);
  if (!app) return undefined;
  const kernel = findTlv(children, '9F2A')?.value;
  return {
    ...describe(children, name),
    name: name.slice(),
    app,
    order,
    ...(kernel && kernel.length >= 1 ? { kernelId: kernel[0]! } : {}),
  };
}

function describe(nodes: readonly TlvNode[], name: Uint8Array): ApplicationCandidate {
  const text = (tag: string): string | undefined => {
    const v = findTlv(nodes, tag)?.value;
    if (!v || v.length === 0) return undefined;
    try {
      return decodeAscii(v);
    } catch {
      return undefined;
    }
  };
  const p = findTlv(nodes, '87')?.value;
  const priority = p && p.length === 1 && (p[0]! & 0x0f) !== 0 ? p[0]! & 0x0f : undefined;
  const label = text('50');
  const preferredName = text('9F12');
  return {
    aid: toHex(name),
    ...(label !== undefined ? { label } : {}),
    ...(preferredName !== undefined ? { preferredName } : {}),
    ...(priority !== undefined ? { priority } : {}),
    confirmationRequired: p !== undefined && p.length === 1 && (p[0]! & 0x80) !== 0,
  };
}

/** Book 1 §12.3.2: read the PSE directory. Returns undefined when the PSE cannot be used. */
async function fromPse(ctx: KernelContext): Promise<Candidate[] | undefined> {
  const r = await ctx.exchange(selectCommand(PSE));
  // 6A81: the card is blocked or does not support SELECT: terminate (Book 1 §12.3.2 step 1).
  if (r.sw === 0x6a81) throw new KernelStop('terminated', 'the card is blocked (SELECT answered 6A81)');
  if (r.sw !== 0x9000) return undefined;
  const fci = parseFci(r.data);
  const sfi = fci ? findTlv(fci.children ?? [], 'A5/88')?.value ?? findTlv(fci.children ?? [], '88')?.value : undefined;
  if (!sfi || sfi.length !== 1 || sfi[0]! < 1 || sfi[0]! > 10) return undefined;
  const out: Candidate[] = [];
  for (let record = 1; record <= 254; record++) {
    const rr = await ctx.exchange(readRecordCommand(sfi[0]!, record));
    if (rr.sw === 0x6a83) break;
    if (rr.sw !== 0x9000) return undefined;
    let nodes: TlvNode[];
    try {
      nodes = decodeTlv(rr.data);
    } catch {
      return undefined;
    }
    const template = nodes[0];
    if (!template || template.tag !== '70') return undefined;
    for (const entry of template.children ?? []) {
      // Directory entries of DDFs (9D) would be followed into their own directory; not used by
      // payment cards and not implemented.
      if (entry.tag !== '61') continue;
      const c = candidateFromEntry(entry, ctx.config.applications, out.length);
      if (c) out.push(c);
    }
  }
  return out;
}

/** Book 1 §12.3.3: SELECT each terminal AID, following partial matches with "next". */
async function fromListOfAids(ctx: KernelContext): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const app of ctx.config.applications) {
    let next = false;
    for (let guard = 0; guard < 32; guard++) {
      const r = await ctx.exchange(selectCommand(app.aid, { next }));
      // 6A81: card blocked or SELECT not supported: terminate the card session (§12.3.3 step 2).
      if (r.sw === 0x6a81) throw new KernelStop('terminated', 'the card is blocked (SELECT answered 6A81)');
      if (r.sw !== 0x9000 && r.sw !== 0x6283) break;
      const fci = parseFci(r.data);
      const name = fci ? findTlv(fci.children ?? [], '84')?.value : undefined;
      if (!fci || !name) break;
      const exact = equal(name, app.aid);
      const partial = !exact && app.config.partialSelection && name.length > app.aid.length && equal(name.subarray(0, app.aid.length), app.aid);
      // 6283: the application is blocked; it is not a candidate (Book 1 §12.3.3 step 3).
      if ((exact || partial) && r.sw === 0x9000) out.push({ ...describe(fci.children ?? [], name), name: name.slice(), app, order: out.length });
      if (!partial) break;
      next = true;
    }
  }
  return out;
}

/** Build the candidate list (Book 1 §12.3). */
export async function buildCandidateList(ctx: KernelContext): Promise<Candidate[]> {
  const pse = await fromPse(ctx);
  if (pse && pse.length > 0) return pse;
  return fromListOfAids(ctx);
}

/** Book 1 §12.4 step 4: by priority, 1 first; no priority last; ties in the order found. */
export function sortCandidates(list: readonly Candidate[]): Candidate[] {
  return [...list].sort((a, b) => (a.priority ?? 16) - (b.priority ?? 16) || a.order - b.order);
}

/** The result of final selection. */
export interface SelectedApplication {
  readonly candidate: Candidate;
  /** The FCI proprietary template's data objects (A5) and the DF name (84). */
  readonly fci: TlvNode;
}

/**
 * Final selection (Book 1 §12.4): choose a candidate (cardholder choice, confirmation, or the only
 * one), SELECT it by its DF name; a SELECT that fails removes it and the terminal tries again.
 * Mutates `candidates` (removes what fails).
 */
export async function finalSelection(ctx: KernelContext, candidates: Candidate[]): Promise<SelectedApplication> {
  for (;;) {
    if (candidates.length === 0) {
      await ctx.iface.display('not-accepted');
      throw new KernelStop('fallback', 'no mutually supported application');
    }
    const sorted = sortCandidates(candidates);
    let chosen: Candidate;
    if (sorted.length === 1) {
      chosen = sorted[0]!;
      if (chosen.confirmationRequired) {
        if (ctx.config.config.terminal.cardholderConfirmation === false) {
          candidates.splice(candidates.indexOf(chosen), 1);
          continue;
        }
        const yes = ctx.iface.confirmApplication ? await ctx.iface.confirmApplication(publicCandidate(chosen)) : true;
        if (!yes) throw new KernelStop('cancelled', 'the cardholder did not confirm the application');
      }
    } else {
      const answer = await ctx.iface.selectApplication(sorted.map(publicCandidate));
      if (answer === 'cancel') throw new KernelStop('cancelled', 'the cardholder cancelled application selection');
      const picked = Number.isInteger(answer) ? sorted[answer] : undefined;
      if (!picked) throw new KernelStop('terminated', `selectApplication answered ${String(answer)}, outside the ${sorted.length} candidates`, { code: 'KERNEL_INTERFACE_INVALID', path: 'selectApplication', message: 'index outside the candidate list' });
      chosen = picked;
    }
    const r = await ctx.exchange(selectCommand(chosen.name));
    const fci = r.sw === 0x9000 ? parseFci(r.data) : undefined;
    const df = fci ? findTlv(fci.children ?? [], '84')?.value : undefined;
    if (fci && df && equal(df, chosen.name)) return { candidate: chosen, fci };
    candidates.splice(candidates.indexOf(chosen), 1);
    await ctx.iface.display('try-again');
  }
}

/** The candidate as the terminal sees it (no internal fields). */
export function publicCandidate(c: Candidate): ApplicationCandidate {
  return {
    aid: c.aid,
    confirmationRequired: c.confirmationRequired,
    ...(c.label !== undefined ? { label: c.label } : {}),
    ...(c.preferredName !== undefined ? { preferredName: c.preferredName } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
  };
}

/** Put the FCI data objects into the ICC data (84, and A5's children, BF0C's too). */
export function storeFci(ctx: KernelContext, fci: TlvNode): void {
  const visit = (nodes: readonly TlvNode[]): void => {
    for (const n of nodes) {
      if (n.children && (n.tag === 'A5' || n.tag === 'BF0C')) {
        ctx.icc.set(n.tag, n.value.slice());
        visit(n.children);
      } else {
        ctx.icc.set(n.tag, n.value.slice());
      }
    }
  };
  visit(fci.children ?? []);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
