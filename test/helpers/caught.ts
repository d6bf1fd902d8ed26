import { isCardwireError } from '../../src/core/index';

/** Run `f`, which must throw a CardwireError, and return its code, path and offset. */
export function caught(f: () => unknown): { code: string; path: string; offset: number | undefined } {
  try {
    f();
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset };
    throw e;
  }
  throw new Error('expected an error');
}
