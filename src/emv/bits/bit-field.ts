/**
 * Fixed-length EMV bit fields (TVR, TSI, AIP, AUC, terminal capabilities, TTQ, CTQ, ...) described
 * as data: each named flag is a byte (1-based, as the specifications number them) and a bit
 * (8 = most significant, 1 = least). One definition gives the decoder, the encoder, in-place
 * set/clear for a kernel's working registers, and an explanation of every set bit.
 */
import { fail } from '../../core/index';

/** One named flag: `[byte, bit, label]`, byte 1-based and bit 8..1 as the specifications write them. */
export type BitFlagSpec = readonly [byte: number, bit: number, label: string];

/** A flag of a {@link BitField}. */
export interface BitFlag<K extends string> {
  readonly key: K;
  readonly byte: number;
  readonly bit: number;
  readonly label: string;
}

/** One line of {@link BitField.explain}: a set bit, named or RFU. */
export interface BitExplanation {
  readonly byte: number;
  readonly bit: number;
  /** The flag's key, absent for a bit the specification leaves RFU. */
  readonly key?: string;
  readonly label: string;
}

/** A fixed-length bit field with named flags. */
export interface BitField<K extends string> {
  /** The tag it is carried in, e.g. `'95'`. */
  readonly tag: string;
  readonly name: string;
  /** Length in bytes. */
  readonly length: number;
  readonly flags: readonly BitFlag<K>[];
  /** Every flag as a boolean. Throws `EMV_VALUE_LENGTH` when the value is not `length` bytes. */
  decode(value: Uint8Array, options?: { readonly path?: string }): Record<K, boolean>;
  /** A new value with the given flags set (a list of keys, or an object of booleans). */
  encode(flags: Iterable<K> | Partial<Record<K, boolean>>): Uint8Array;
  /** Set flags in place (for a kernel's working register) and return the same array. */
  set(value: Uint8Array, ...keys: K[]): Uint8Array;
  /** Clear flags in place and return the same array. */
  clear(value: Uint8Array, ...keys: K[]): Uint8Array;
  /** True when the flag is set. */
  isSet(value: Uint8Array, key: K): boolean;
  /** The keys of every set flag, in byte/bit order. */
  setFlags(value: Uint8Array): K[];
  /** Every set bit with its label, RFU bits included, in byte/bit order. */
  explain(value: Uint8Array, options?: { readonly path?: string }): BitExplanation[];
}

function checkLength(name: string, value: Uint8Array, length: number, path: string): void {
  if (value.length !== length) fail('EMV_VALUE_LENGTH', `${name} is ${length} bytes, got ${value.length}`, { path, offset: 0 });
}

/**
 * Define a bit field from a table of named flags.
 *
 * @example
 * ```ts
 * const Tsi = defineBitField('9B', 'Transaction Status Information', 2, {
 *   offlineDataAuthenticationPerformed: [1, 8, 'Offline data authentication was performed'],
 * });
 * toHex(Tsi.encode(['offlineDataAuthenticationPerformed'])); // '8000'
 * ```
 */
export function defineBitField<const S extends Record<string, BitFlagSpec>>(
  tag: string,
  name: string,
  length: number,
  spec: S,
): BitField<keyof S & string> {
  type K = keyof S & string;
  const flags: BitFlag<K>[] = Object.entries(spec).map(([key, [byte, bit, label]]) => ({ key: key as K, byte, bit, label }));
  flags.sort((a, b) => a.byte - b.byte || b.bit - a.bit);
  const where = new Map<string, BitFlag<K>>(flags.map((f) => [f.key, f]));
  const labelAt = new Map<number, BitFlag<K>>(flags.map((f) => [f.byte * 8 + f.bit, f]));
  const locate = (key: string): BitFlag<K> => where.get(key) ?? fail('INVALID_ARGUMENT', `${name} has no flag '${key}'`, { path: tag });
  const bitOf = (f: BitFlag<K>): number => 1 << (f.bit - 1);
  const field: BitField<K> = {
    tag,
    name,
    length,
    flags,
    decode(value, options = {}) {
      checkLength(name, value, length, options.path ?? tag);
      const out = {} as Record<K, boolean>;
      for (const f of flags) out[f.key] = (value[f.byte - 1]! & bitOf(f)) !== 0;
      return out;
    },
    encode(set) {
      const out = new Uint8Array(length);
      if (Symbol.iterator in set) {
        for (const key of set as Iterable<K>) field.set(out, key);
      } else {
        for (const [key, on] of Object.entries(set as Partial<Record<K, boolean>>)) if (on) field.set(out, key as K);
      }
      return out;
    },
    set(value, ...keys) {
      checkLength(name, value, length, tag);
      for (const key of keys) {
        const f = locate(key);
        value[f.byte - 1]! |= bitOf(f);
      }
      return value;
    },
    clear(value, ...keys) {
      checkLength(name, value, length, tag);
      for (const key of keys) {
        const f = locate(key);
        value[f.byte - 1]! &= ~bitOf(f);
      }
      return value;
    },
    isSet(value, key) {
      checkLength(name, value, length, tag);
      const f = locate(key);
      return (value[f.byte - 1]! & bitOf(f)) !== 0;
    },
    setFlags(value) {
      checkLength(name, value, length, tag);
      return flags.filter((f) => (value[f.byte - 1]! & bitOf(f)) !== 0).map((f) => f.key);
    },
    explain(value, options = {}) {
      checkLength(name, value, length, options.path ?? tag);
      const out: BitExplanation[] = [];
      for (let byte = 1; byte <= length; byte++) {
        for (let bit = 8; bit >= 1; bit--) {
          if ((value[byte - 1]! & (1 << (bit - 1))) === 0) continue;
          const f = labelAt.get(byte * 8 + bit);
          out.push(f ? { byte, bit, key: f.key, label: f.label } : { byte, bit, label: 'RFU' });
        }
      }
      return out;
    },
  };
  return field;
}
