/**
 * Loading the database drivers, which are optional peer dependencies (DESIGN.md §1): imported
 * only when a ledger is opened, so users of the pure layers never load them, and a missing one
 * gives a `HOST_LEDGER_UNAVAILABLE` that names the package to install.
 */
import { CardwireError } from '../../core/index';

/** True when `e`, or an error it wraps (loaders and test runners wrap), says a module is not installed. */
function isModuleMissing(e: unknown): boolean {
  for (let at = e, depth = 0; typeof at === 'object' && at !== null && depth < 5; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  }
  return false;
}

/**
 * Import an optional driver, and turn a failure into a `HOST_LEDGER_UNAVAILABLE` naming the
 * package to install. CommonJS drivers come back as their `module.exports` whichever build
 * (ESM or CJS) of cardwire loaded them.
 *
 * @example
 * ```ts
 * const pg = await loadDriver('pg@8', () => import('pg')); // pg.Pool
 * ```
 */
export async function loadDriver<T>(install: string, load: () => Promise<T | { readonly default: T }>): Promise<T> {
  const name = install.replace(/(.)@.*$/, '$1');
  let mod: T | { readonly default: T };
  try {
    mod = await load();
  } catch (e) {
    const message = isModuleMissing(e)
      ? `the ledger needs the optional package ${name}, which is not installed: npm install ${install}`
      : `the optional package ${name} is installed but did not load (reinstall it: npm install ${install})`;
    throw new CardwireError('HOST_LEDGER_UNAVAILABLE', message, { path: 'ledger', cause: e });
  }
  return typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : mod;
}

/**
 * A driver error with only what is safe to carry: the driver's code (SQLSTATE, SQLITE_*) and its
 * message. PostgreSQL's `detail` can quote a whole row (a PAN among it), so it is dropped.
 */
export function driverError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const code = (e as { code?: unknown }).code;
  return new Error(typeof code === 'string' ? `${code}: ${e.message}` : e.message);
}
