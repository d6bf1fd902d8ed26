// Types of scripts/build-web.mjs, for the tests that import it.
import type { Metafile } from 'esbuild';

/** Names of the bundle's inputs that are Node's (empty for a clean bundle). */
export function nodeInputs(metafile: Metafile): string[];

/** Build the browser POS into `outDir` (default dist/pos-web); resolves with the files written and their sizes. */
export function buildWeb(options?: { readonly outDir?: string }): Promise<{ readonly outDir: string; readonly files: Readonly<Record<string, number>> }>;
