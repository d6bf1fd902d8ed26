/**
 * The terminal-side future-key register machine shared by TDES DUKPT (ANSI X9.24-1-2009 §A.2:
 * 21 registers, at most 10 one-bits in the counter) and AES DUKPT (ANSI X9.24-3-2017 §6.5: 32
 * registers, at most 16 one-bits).
 *
 * Register p holds the key for the next counter whose lowest one-bit is p. Using the key of
 * counter c (lowest one-bit p) first fills registers p-1…0 with the keys of c | 1<<q (when c has
 * fewer than the maximum one-bits), then clears register p and moves on: to c + 1, or, when c
 * already has the maximum number of one-bits, to c + 2^p (skipping counters with too many ones).
 */
import { fail } from '../../core/index';

/** Derive the key of `counter` from the key of `counter` without its lowest one-bit. */
export type ChildDerivation = (parent: Uint8Array, counter: number) => Uint8Array;

/** Serialisable register state (keys as hex; sensitive — store as the journal stores secrets). */
export interface RegisterState {
  readonly counter: number;
  readonly registers: ReadonlyArray<Uint8Array | null>;
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

export function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The register machine. */
export class FutureKeyRegisters {
  #registers: Array<Uint8Array | null>;
  #counter: number;
  readonly #bits: number;
  readonly #maxOnes: number;
  readonly #derive: ChildDerivation;

  constructor(bits: number, maxOnes: number, derive: ChildDerivation, state: RegisterState) {
    this.#bits = bits;
    this.#maxOnes = maxOnes;
    this.#derive = derive;
    this.#registers = state.registers.map((r) => (r ? r.slice() : null));
    this.#counter = state.counter;
  }

  /** Load the initial key: registers get the keys of counters 2^p; the first counter is 1. */
  static load(bits: number, maxOnes: number, derive: ChildDerivation, initialKey: Uint8Array): FutureKeyRegisters {
    const registers: Uint8Array[] = [];
    for (let p = 0; p < bits; p++) registers.push(derive(initialKey, 2 ** p));
    return new FutureKeyRegisters(bits, maxOnes, derive, { counter: 1, registers });
  }

  /** The counter the next transaction will use. */
  get counter(): number {
    return this.#counter;
  }

  /** True when no counter is left. */
  get exhausted(): boolean {
    return this.#counter >= 2 ** this.#bits || this.#counter <= 0;
  }

  /**
   * Take the key for the current counter (a copy) and advance. Throws DUKPT_EXHAUSTED when the
   * counter has run out.
   */
  next(): { counter: number; key: Uint8Array } {
    if (this.exhausted) fail('DUKPT_EXHAUSTED', 'the transaction counter is exhausted; the device needs a new initial key');
    const c = this.#counter;
    const p = lowestBit(c);
    const key = this.#registers[p];
    if (!key) return fail('DUKPT_STATE_INVALID', `future key register ${p} is empty for counter ${c}`, { path: 'registers' });
    const out = key.slice();
    if (popcount(c) < this.#maxOnes) {
      for (let q = p - 1; q >= 0; q--) this.#registers[q] = this.#derive(key, c + 2 ** q);
      this.#counter = c + 1;
    } else {
      this.#counter = c + 2 ** p;
    }
    key.fill(0);
    this.#registers[p] = null;
    return { counter: c, key: out };
  }

  /** A copy of the state. */
  state(): RegisterState {
    return { counter: this.#counter, registers: this.#registers.map((r) => (r ? r.slice() : null)) };
  }

  /** Zeroise every register. */
  destroy(): void {
    for (const r of this.#registers) r?.fill(0);
    this.#registers = this.#registers.map(() => null);
    this.#counter = 0;
  }
}

/** Host side: the key of `counter`, folding the one-bits from the most significant down. */
export function deriveForCounter(initialKey: Uint8Array, counter: number, bits: number, derive: ChildDerivation): Uint8Array {
  let key = initialKey;
  let working = 0;
  for (let p = bits - 1; p >= 0; p--) {
    const bit = 2 ** p;
    if (Math.floor(counter / bit) % 2 === 1) {
      working += bit;
      const next = derive(key, working);
      if (key !== initialKey) key.fill(0);
      key = next;
    }
  }
  return key === initialKey ? initialKey.slice() : key;
}
