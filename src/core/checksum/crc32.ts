/**
 * CRC-32 as ISO/IEC 3309, ITU-T V.42 and IEEE 802.3 define it (reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF): the check of every terminal journal record.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 of `data` (or of `data[start..end)`), as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * crc32(encodeAscii('123456789')).toString(16); // 'cbf43926' (the catalogued check value)
 * ```
 */
export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
