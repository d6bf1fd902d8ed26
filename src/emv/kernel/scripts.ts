/**
 * Issuer script processing (EMV 4.4 Book 3 §10.10): the commands (86) of each template, 71 before
 * the final GENERATE AC and 72 after it, sent in order; a status other than 90xx, 62xx or 63xx
 * ends that script. The results (Book 4 Annex A5, tag 9F5B; UnionPay's DF31 has the same layout)
 * are 5 bytes per script: result (1 failed, 2 successful) and the failing command's sequence
 * number in nibbles, then the script identifier (9F18) or zeros.
 */
import { concatBytes } from '../../core/index';
import { decodeCommandApdu } from '../apdu';
import { decodeTlv, findTlv, type TlvNode } from '../tlv';
import type { KernelContext } from './context';

/** The script templates of an online response, or an empty list when they do not decode. */
export function parseScripts(bytes: Uint8Array | undefined): TlvNode[] {
  if (!bytes || bytes.length === 0) return [];
  try {
    return decodeTlv(bytes).filter((n) => n.tag === '71' || n.tag === '72');
  } catch {
    return [];
  }
}

/** Run the templates with tag `which` (Book 3 §10.10). */
export async function runScripts(ctx: KernelContext, templates: readonly TlvNode[], which: '71' | '72'): Promise<void> {
  for (const template of templates) {
    if (template.tag !== which) continue;
    ctx.step = 'issuer-script-processing';
    ctx.setTsi('scriptProcessingPerformed');
    const children = template.children ?? [];
    const id = findTlv(children, '9F18')?.value;
    const commands = children.filter((n) => n.tag === '86');
    let failedAt = 0;
    for (let k = 0; k < commands.length; k++) {
      const command = commands[k]!.value;
      let valid = true;
      try {
        decodeCommandApdu(command);
      } catch {
        valid = false;
      }
      const r = valid ? await ctx.exchange(command) : undefined;
      if (!r || (r.sw1 !== 0x90 && r.sw1 !== 0x62 && r.sw1 !== 0x63)) {
        failedAt = k + 1;
        break;
      }
    }
    if (failedAt > 0) ctx.setTvr(which === '71' ? 'scriptFailedBeforeFinalGenerateAc' : 'scriptFailedAfterFinalGenerateAc');
    const result = failedAt > 0 ? 0x10 | Math.min(failedAt, 15) : 0x20;
    ctx.scriptResults.push(concatBytes(Uint8Array.of(result), id && id.length === 4 ? id : new Uint8Array(4)));
  }
}
