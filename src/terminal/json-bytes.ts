/**
 * `JSON.stringify`'s exact output (ECMA-262 §25.5.2, SerializeJSONProperty), written straight
 * into UTF-8 bytes, for the plain data of journal records: objects of the Object prototype,
 * arrays, strings, finite numbers, booleans and null. A string that JSON would escape or that is
 * not ASCII, a non-plain object (a `toJSON`, a Date, typed arrays), a bigint, a function or a deep
 * nesting is not written here: the caller then encodes the value with `JSON.stringify` itself, so
 * the bytes are always those of `encodeUtf8(JSON.stringify(value))`.
 */

/** Deeper than any record: past it, `JSON.stringify` decides (and reports a cycle). */
const MAX_DEPTH = 16;

/** A growing byte buffer written from the start; `reset` reuses it. */
export class JsonByteWriter {
  #buf = new Uint8Array(2048);
  #n = 0;

  get length(): number {
    return this.#n;
  }

  /** Cut back to `length` bytes (drop what a failed write left). */
  truncate(length: number): void {
    this.#n = length;
  }

  /** Start again, empty (a buffer grown past 64 KB by a snapshot is let go). */
  reset(): void {
    this.#n = 0;
    if (this.#buf.length > 65_536) this.#buf = new Uint8Array(2048);
  }

  /** The bytes written so far, copied (the writer's own buffer is reused). */
  copy(): Uint8Array {
    return this.#buf.slice(0, this.#n);
  }

  #room(k: number): Uint8Array {
    if (this.#n + k > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#n + k));
      next.set(this.#buf.subarray(0, this.#n));
      this.#buf = next;
    }
    return this.#buf;
  }

  #ascii(s: string): void {
    const buf = this.#room(s.length);
    let n = this.#n;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    this.#n = n;
  }

  #byte(b: number): void {
    this.#room(1)[this.#n++] = b;
  }

  /** A JSON string, when it needs no escape and is ASCII; false (nothing written) otherwise. */
  #string(s: string): boolean {
    const buf = this.#room(s.length + 2);
    let n = this.#n;
    buf[n++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // JSON escapes '"', '\' and C0 controls; above 0x7F the bytes are UTF-8 sequences.
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7f) return false;
      buf[n++] = c;
    }
    buf[n++] = 0x22;
    this.#n = n;
    return true;
  }

  /**
   * Write `value` as `JSON.stringify(value)` would; false when it is not plain data this writer
   * takes (the bytes written so far are then partial: truncate to where the value started).
   */
  value(value: unknown, depth = 0): boolean {
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        // SerializeJSONProperty: a finite number is its ToString, anything else null.
        this.#ascii(Number.isFinite(value) ? String(value) : 'null');
        return true;
      case 'boolean':
        this.#ascii(value ? 'true' : 'false');
        return true;
      case 'object':
        if (value === null) {
          this.#ascii('null');
          return true;
        }
        if (depth >= MAX_DEPTH) return false;
        return Array.isArray(value) ? this.#array(value, depth) : this.#object(value, depth);
      default:
        // undefined, functions and symbols are left out of objects and null in arrays (handled by
        // the callers); a bigint throws in JSON.stringify: let it.
        return false;
    }
  }

  #array(a: readonly unknown[], depth: number): boolean {
    if (Object.getPrototypeOf(a) !== Array.prototype) return false;
    this.#byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.#byte(0x2c);
      const v = a[i];
      if (v === undefined) this.#ascii('null');
      else if (!this.value(v, depth + 1)) return false;
    }
    this.#byte(0x5d);
    return true;
  }

  #object(o: object, depth: number): boolean {
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return false;
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function') return false;
    this.#byte(0x7b);
    let first = true;
    // JSON.stringify's property order is Object.keys' (EnumerableOwnProperties).
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (typeof v === 'function' || typeof v === 'symbol') return false;
      if (!first) this.#byte(0x2c);
      first = false;
      if (!this.#string(k)) return false;
      this.#byte(0x3a);
      if (!this.value(v, depth + 1)) return false;
    }
    this.#byte(0x7d);
    return true;
  }
}
