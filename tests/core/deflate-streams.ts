// DEFLATE streams written bit by bit, for tests of the bounded decoder (src/core/inflate.ts).

/** Bits written least significant first, as DEFLATE packs them. */
export function bitWriter(bytes: number) {
  const out = new Uint8Array(bytes);
  let pos = 0;
  return {
    /** `n` bits of `value`, low bit first (header fields, extra bits). */
    bits(value: number, n: number) {
      for (let i = 0; i < n; i++, pos++) out[pos >> 3]! |= ((value >> i) & 1) << (pos & 7);
    },
    /** A Huffman code of `n` bits, its high bit first. */
    code(value: number, n: number) {
      for (let i = n - 1; i >= 0; i--, pos++) out[pos >> 3]! |= ((value >> i) & 1) << (pos & 7);
    },
    /** `n` zero bits. */
    skip(n: number) {
      pos += n;
    },
    done: () => out.subarray(0, (pos + 7) >> 3),
  };
}

/**
 * The densest DEFLATE stream (1,032:1): one dynamic block where the length 258 (symbol 285) and
 * distance 1 each have a 1-bit code, so every 2 bits in give 258 zero bytes out. Unpacks to
 * 1 + 258·`pairs` zero bytes from about `pairs` / 4 bytes.
 */
export function densestBomb(pairs: number): Uint8Array {
  const w = bitWriter(Math.ceil(pairs / 4) + 64);
  w.bits(1, 1); // final block
  w.bits(2, 2); // dynamic codes
  w.bits(286 - 257, 5);
  w.bits(1 - 1, 5);
  w.bits(19 - 4, 4);
  // Code-length code: symbols 0, 1, 2 and 18 with 2 bits each (codes 00, 01, 10, 11).
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  for (const s of order) w.bits(s === 0 || s === 1 || s === 2 || s === 18 ? 2 : 0, 3);
  const cl = { 0: 0b00, 1: 0b01, 2: 0b10, 18: 0b11 };
  const zeros = (n: number) => {
    for (; n > 0; n -= Math.min(n, 138)) {
      w.code(cl[18], 2);
      w.bits(Math.min(n, 138) - 11, 7);
    }
  };
  // Literal/length lengths: 0 → 2, 1…255 → 0, 256 → 2, 257…284 → 0, 285 → 1; distance 0 → 1.
  w.code(cl[2], 2);
  zeros(255);
  w.code(cl[2], 2);
  zeros(28);
  w.code(cl[1], 2);
  w.code(cl[1], 2);
  // Canonical codes: 285 → 0; 0 → 10; 256 → 11. Distance 0 → 0.
  w.code(0b10, 2); // one literal zero
  w.skip(2 * pairs); // `pairs` times: length 258 (0), distance 1 (0)
  w.code(0b11, 2); // end of block
  return w.done();
}
