// Padding of the sealed plaintext. A ciphertext is as long as what it hides: without padding the
// size of a sealed file would tell a secretary (who knows who sent it) roughly how long that
// member's comments are, which the committee later reads. The plaintext is the JSON of a response
// file followed by spaces up to a multiple of PAD_BLOCK bytes (JSON ignores trailing white space,
// so the padded text is still the file).

/** Plaintexts are padded to a multiple of this many bytes. */
export const PAD_BLOCK = 1024;

/** The file's text as UTF-8, padded with spaces to a multiple of {@link PAD_BLOCK}. */
export function padPlaintext(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const size = Math.max(PAD_BLOCK, Math.ceil(bytes.length / PAD_BLOCK) * PAD_BLOCK);
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}
