/**
 * The JSON spec format: a {@link MessageSpec} is plain data, so its JSON is `JSON.stringify` of
 * it. Import parses and validates by compiling, so a bad spec fails at import with
 * ISO8583_SPEC_INVALID and the path of the offending part.
 */
import { CardwireError, fail, isCardwireError } from '../core/index';
import { compileMessageSpec } from './message';
import type { MessageSpec } from './spec';

/**
 * A message spec as JSON text.
 *
 * @example
 * ```ts
 * const json = exportSpec(dialect('cup').spec);
 * importSpec(json).name; // 'cup'
 * ```
 */
export function exportSpec(spec: MessageSpec): string {
  compileMessageSpec(spec);
  return JSON.stringify(spec, null, 2);
}

/**
 * Parse and validate a JSON message spec (text or an already parsed object).
 *
 * @example
 * ```ts
 * importSpec('{"name":"x","mti":{"encoding":"ascii"},"bitmap":{"encoding":"hex"},"fields":{"2":{"type":"q","length":2,"encoding":"ascii"}}}');
 * // throws CardwireError ISO8583_SPEC_INVALID at DE2
 * ```
 */
export function importSpec(json: string | object): MessageSpec {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (e) {
      fail('ISO8583_SPEC_INVALID', 'the spec is not valid JSON', { path: '', cause: e });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('ISO8583_SPEC_INVALID', 'a spec is a JSON object', { path: '' });
  const spec = value as MessageSpec;
  try {
    compileMessageSpec(spec);
  } catch (e) {
    if (isCardwireError(e)) throw e;
    // A structurally odd object (a number where an object belongs) ends up here.
    throw new CardwireError('ISO8583_SPEC_INVALID', 'the spec has the wrong shape', { path: '', cause: e });
  }
  return spec;
}
