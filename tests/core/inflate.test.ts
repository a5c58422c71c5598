// Core's bounded DEFLATE decoder: what zlib writes it reads back byte for byte; it never gives
// more than it was asked for, never throws, and a bomb costs neither memory nor time past the claim.
import { constants, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateExact, inflateWithin } from '../../src/core/inflate.ts';
import { bitWriter, densestBomb } from './deflate-streams.ts';

/**
 * `count` empty dynamic blocks, the last final, each with codes reaching 15 bits (literal 0…14
 * with 1…15 bits, end of block 15 bits; distances 0…15 alike): 65,536 table entries a block.
 */
function deepCodesBlocks(count: number): Uint8Array {
  const w = bitWriter(count * 40 + 8);
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  // Code-length code: 1…15 with 4 bits (0000…1110), then 0 and 18 with 5 bits (11110, 11111).
  const cl = (s: number) => (s === 0 ? w.code(0b11110, 5) : s === 18 ? w.code(0b11111, 5) : w.code(s - 1, 4));
  for (let b = 0; b < count; b++) {
    w.bits(b === count - 1 ? 1 : 0, 1);
    w.bits(2, 2);
    w.bits(257 - 257, 5);
    w.bits(16 - 1, 5);
    w.bits(19 - 4, 4);
    for (const s of order) w.bits(s === 0 || s === 18 ? 5 : s <= 15 && s >= 1 ? 4 : 0, 3);
    for (let s = 1; s <= 15; s++) cl(s); // literals 0…14
    cl(18);
    w.bits(138 - 11, 7);
    cl(18);
    w.bits(103 - 11, 7); // literals 15…255: none
    cl(15); // end of block
    for (let s = 1; s <= 15; s++) cl(s); // distances 0…14
    cl(15); // distance 15
    w.code(0x7fff, 15); // end of block: the last 15-bit code
  }
  return w.done();
}

/** Bytes that do not compress (a fixed xorshift series). */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, x = 0x9e3779b9; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
const text = (s: string) => new TextEncoder().encode(s);
const survey = text(
  JSON.stringify({
    format: 'phieu-chi-bo',
    answers: Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, value: i % 5, note: 'Chi bộ sinh hoạt đều' })),
  }),
);

describe('inflateExact and inflateWithin', () => {
  it('read back what zlib writes, at every level and strategy', () => {
    const inputs = [new Uint8Array(0), text('a'), survey, new Uint8Array(70_000).fill(7), noise(100_000)];
    const strategies = [
      constants.Z_DEFAULT_STRATEGY,
      constants.Z_FIXED,
      constants.Z_HUFFMAN_ONLY,
      constants.Z_RLE,
      constants.Z_FILTERED,
    ];
    for (const input of inputs)
      for (const level of [0, 1, 6, 9])
        for (const strategy of strategies) {
          const packed = new Uint8Array(deflateRawSync(input, { level, strategy }));
          expect(inflateExact(packed, input.length)).toEqual(input);
          expect(inflateWithin(packed, input.length)).toEqual(input);
          expect(inflateWithin(packed, input.length + 10)).toEqual(input);
        }
  });

  it('read back any bytes zlib packs (property)', () => {
    // Mostly from a small alphabet, so matches, long and short, are common.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 5000 }),
      fc
        .array(fc.constantFrom(...text('{"ab": 1, "c": [2, 3]} ')), { maxLength: 20_000 })
        .map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (input, level, memLevel) => {
        const packed = new Uint8Array(deflateRawSync(input, { level, memLevel }));
        expect(inflateExact(packed, input.length)).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse data that unpacks to more or fewer bytes than claimed', () => {
    const packed = new Uint8Array(deflateRawSync(survey));
    expect(inflateExact(packed, survey.length - 1)).toBeUndefined();
    expect(inflateExact(packed, survey.length + 1)).toBeUndefined();
    expect(inflateExact(packed, 0)).toBeUndefined();
    expect(inflateWithin(packed, survey.length - 1)).toBeUndefined();
  });

  it('refuse a stream cut short, and any changed stream unless it decodes as fflate decodes it', () => {
    const packed = new Uint8Array(deflateRawSync(survey));
    for (let cut = 0; cut < packed.length; cut += 7)
      expect(inflateExact(packed.subarray(0, cut), survey.length)).toBeUndefined();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: packed.length * 8 - 1 }), { minLength: 1, maxLength: 4 }), (flips) => {
        const bad = packed.slice();
        for (const bit of flips) bad[bit >> 3]! ^= 1 << (bit & 7);
        const ours = inflateWithin(bad, 1 << 20);
        if (ours === undefined) return;
        expect(ours).toEqual(inflateSync(bad));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throw, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 100_000 }), (bytes, size) => {
        expect(() => inflateExact(bytes, size)).not.toThrow();
        expect(() => inflateWithin(bytes, size)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('refuse a code set that over-fills its code (fflate reads one, at up to 2^14 table writes a symbol)', () => {
    // Literals 0 and 256 (end of block) with 1-bit codes: a full code; 65 with 1 bit too over-fills it.
    const block = (overFilled: boolean, data: number) => {
      const w = bitWriter(64);
      w.bits(1, 1);
      w.bits(2, 2);
      w.bits(257 - 257, 5);
      w.bits(1 - 1, 5);
      w.bits(19 - 4, 4);
      const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
      // Code-length code: 1 → 0, 0 → 10, 18 → 11 (a run of 11–138 zeros).
      for (const s of order) w.bits(s === 1 ? 1 : s === 0 || s === 18 ? 2 : 0, 3);
      const zeros = (n: number) => {
        for (; n > 0; n -= Math.min(n, 138)) {
          w.code(0b11, 2);
          w.bits(Math.min(n, 138) - 11, 7);
        }
      };
      w.code(0b0, 1); // literal 0: 1 bit
      zeros(64);
      if (overFilled)
        w.code(0b0, 1); // literal 65: 1 bit
      else w.code(0b10, 2); // literal 65: none
      zeros(190);
      w.code(0b0, 1); // end of block: 1 bit
      w.code(0b0, 1); // distance 0: 1 bit
      w.bits(data, 1);
      return w.done();
    };
    expect(inflateWithin(block(false, 1), 10)).toEqual(new Uint8Array(0)); // 256 is code 1
    expect(inflateWithin(block(false, 0), 10)).toBeUndefined(); // 0 is code 0: a literal, no end
    // Over-filled, a table built without the check takes 0 for the end of block (fflate does).
    expect(inflateSync(block(true, 0))).toEqual(new Uint8Array(0));
    expect(inflateWithin(block(true, 0), 10)).toBeUndefined();
    expect(inflateWithin(block(true, 1), 10)).toBeUndefined();
  });

  it('read one block whose codes reach 15 bits, and refuse back-to-back ones past the table budget', () => {
    expect(inflateExact(deepCodesBlocks(1), 0)).toEqual(new Uint8Array(0));
    // 2,000 empty blocks (~60 KB): fflate fills 131 million table entries for them; refused at
    // the second, past the budget.
    expect(inflateWithin(deepCodesBlocks(2000), 1000)).toBeUndefined();
  });

  it('stop a 1,032:1 bomb at the claim: no memory or time past it', () => {
    // 4 GiB from 4 MiB; the claim is 100 bytes, the stream's own length, or 32 MiB.
    expect(inflateExact(densestBomb(16), 1 + 258 * 16)).toEqual(new Uint8Array(1 + 258 * 16));
    const bomb = densestBomb(1 << 24);
    const rss = process.resourceUsage().maxRSS; // KiB, the process's peak so far
    const t0 = performance.now();
    expect(inflateExact(bomb, 100)).toBeUndefined();
    expect(inflateWithin(bomb, 100)).toBeUndefined();
    expect(inflateExact(bomb, bomb.length)).toBeUndefined();
    expect(inflateWithin(bomb, 32 * 1024 * 1024)).toBeUndefined();
    const ms = performance.now() - t0;
    // Unpacking it whole takes 4 GiB; these stop within a buffer of the claim. Decoding it on
    // past the claim without keeping the bytes (fflate's inflateSync into a fixed buffer) takes
    // seconds; these decode at most the 32 MiB claim (~0.05 s): a bound on work, not a timing.
    expect(process.resourceUsage().maxRSS - rss).toBeLessThan(100 * 1024);
    expect(ms).toBeLessThan(2000);
  });
});
