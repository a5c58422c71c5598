/** The languages the product speaks. Vietnamese is the source language; English is optional. */
export const LANGS = ['vi', 'en'] as const;
/** A UI language code. */
export type Lang = (typeof LANGS)[number];

/** A string in Vietnamese (required) and English (optional, falls back to Vietnamese); schema in fields.ts. */
export interface LocalText {
  /** Vietnamese wording; always present. */
  vi: string;
  /** English wording; when absent the Vietnamese text is shown. */
  en?: string | undefined;
}

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
