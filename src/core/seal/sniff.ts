// Telling a sealed file from others without loading its schema: the import path (page and
// worker) only recognises it here; src/core/seal/envelope.ts reads it later, where it is kept.

/** The `format` of sealed files and batches. */
export const SEALED_FORMAT_NAME = 'phieu-chi-bo-sealed';

/** The format field of a sealed file anywhere in a text (a paste code's canonical JSON puts it late). */
const MENTION = /"format"\s*:\s*"phieu-chi-bo-sealed"/;

/** Whether a text mentions the sealed format (then it is parsed and read as one). */
export function mentionsSealedFormat(text: string): boolean {
  return MENTION.test(text);
}

/** Whether parsed JSON claims to be a sealed file or batch. */
export function isSealedValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SEALED_FORMAT_NAME;
}
