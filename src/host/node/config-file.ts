/// <reference types="node" />
/**
 * Load a host configuration file: JSON parsed with the position of a syntax error, validated with
 * the JSON path of any mistake, keys under a local master key deciphered with the LMK from the
 * environment (`CARDWIRE_HOST_LMK`, hex).
 */
import { readFileSync } from 'node:fs';
import { CardwireError, fail, hex } from '../../core/index';
import { defaultHostConfig } from '../config/default';
import type { HostConfig, HostConfigJson } from '../config/types';
import { validateHostConfig } from '../config/validate';

/** The environment variable holding the local master key (hex, double- or triple-length TDES). */
export const HOST_LMK_VARIABLE = 'CARDWIRE_HOST_LMK';

/**
 * Read and validate a configuration file (or the default configuration when `path` is undefined).
 *
 * @example
 * ```ts
 * const config = loadHostConfig('host.json'); // HOST_CONFIG_INVALID at cards[0].pan: … on a mistake
 * ```
 */
export function loadHostConfig(path: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): HostConfig {
  const lmkHex = env[HOST_LMK_VARIABLE];
  const lmk = lmkHex === undefined || lmkHex === '' ? undefined : hex(lmkHex, { path: HOST_LMK_VARIABLE });
  if (path === undefined) return validateHostConfig(defaultHostConfig, lmk ? { lmk } : {});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CardwireError('HOST_CONFIG_INVALID', 'the configuration file cannot be read', { path: 'config', cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(String(e));
    return fail('HOST_CONFIG_INVALID', 'the configuration is not valid JSON', { path: 'config', ...(at ? { offset: Number(at[1]) } : {}) });
  }
  return validateHostConfig(json as HostConfigJson, lmk ? { lmk } : {});
}
