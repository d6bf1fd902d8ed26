// The node-forge modules the pure backend loads one by one (so a browser bundle carries only
// AES, SHA-1 and SHA-256, not the whole of forge). Only the members used are declared.
declare module 'node-forge/lib/aes.js' {
  /** The AES core of forge: key expansion and one block, on 32-bit big-endian words. */
  const aes: {
    _expandKey(key: number[], decrypt: boolean): number[];
    _updateBlock(w: number[], input: number[], output: number[], decrypt: boolean): void;
  };
  export default aes;
}

declare module 'node-forge/lib/sha1.js' {
  const sha1: { create(): ForgeMessageDigest };
  export default sha1;
}

declare module 'node-forge/lib/sha256.js' {
  const sha256: { create(): ForgeMessageDigest };
  export default sha256;
}

/** forge's message digest over binary strings. */
interface ForgeMessageDigest {
  update(bytes: string, encoding?: 'raw'): ForgeMessageDigest;
  digest(): { getBytes(): string };
}
