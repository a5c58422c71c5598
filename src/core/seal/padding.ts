// Padding of the sealed plaintext. A ciphertext is as long as what it hides: without padding the
// size of a sealed file would tell a secretary (who knows who sent it) roughly how long that
// member's comments are, which the committee later reads. Padding to 1 KiB steps still did: a
// comment of some 300 bytes or more moved a file up a step (a helper's audit, 2026-12-04). So every
// plaintext is padded to one size, SEALED_BYTES, room for the longest survey file (every comment
// at its longest, 3 bytes a character: tests/sealing/sealing.test.ts); only a file longer than that
// (characters JSON writes as \u escapes) goes on in PAD_BLOCK steps. The plaintext is the JSON of
// a response file followed by spaces (JSON ignores trailing white space, so the padded text is
// still the file); files sealed with the earlier padding open as before.

/** Every sealed plaintext is padded to at least this many bytes (8 KiB). */
export const SEALED_BYTES = 8 * 1024;

/** A plaintext longer than {@link SEALED_BYTES} is padded to a multiple of this many bytes. */
export const PAD_BLOCK = 1024;

/** The file's text as UTF-8, padded with spaces to {@link SEALED_BYTES} (or a multiple of {@link PAD_BLOCK} past it). */
export function padPlaintext(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const size = Math.max(SEALED_BYTES, Math.ceil(bytes.length / PAD_BLOCK) * PAD_BLOCK);
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}
