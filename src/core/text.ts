import * as z from 'zod/mini';

/** The languages the product speaks. Vietnamese is the source language; English is optional. */
export const LANGS = ['vi', 'en'] as const;
/** A UI language code. */
export type Lang = (typeof LANGS)[number];

/** A string in Vietnamese (required) and English (optional, falls back to Vietnamese). */
export const LocalTextSchema = z.object({
  /** Vietnamese wording; always present. */
  vi: z.string().check(z.minLength(1), z.describe('Vietnamese text')),
  /** English wording; when absent the Vietnamese text is shown. */
  en: z.optional(z.string().check(z.minLength(1), z.describe('English text'))),
});
/** A string in Vietnamese and optionally English. */
export type LocalText = z.infer<typeof LocalTextSchema>;

/** Picks the wording for a language, falling back to Vietnamese. */
export function pickText(text: LocalText, lang: Lang): string {
  return lang === 'en' ? (text.en ?? text.vi) : text.vi;
}

/** A message in both languages, built by core for errors and warnings shown to people. */
export interface Message {
  /** Vietnamese message. */
  vi: string;
  /** English message. */
  en: string;
}
