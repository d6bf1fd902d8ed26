import { isCardwireError, type CardwireError } from '../../src/core/index';

/** Await `f`; the CardwireError it rejects with (code, path, offset), or undefined when it resolves. */
export async function caughtAsync(f: () => Promise<unknown>): Promise<{ code: string; path: string; offset: number | undefined } | undefined> {
  try {
    await f();
    return undefined;
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset };
    throw e;
  }
}

/** The CardwireError `p` rejects with; a resolution, or a rejection with anything else, fails the test. */
export async function rejection(p: Promise<unknown>): Promise<CardwireError> {
  try {
    await p;
  } catch (e) {
    if (isCardwireError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}
