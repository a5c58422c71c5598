// Filling strings, without any dictionary: t.ts (pages, build time) and the islands (which get
// only their own strings from the page) share it, so `{name}` places work the same everywhere.

/** Values put into `{name}` places of a string. */
export type Params = Record<string, string | number>;

/** A t() bound to a language: the string for a key, `{name}` places filled. */
export type Tr = (key: string, params?: Params) => string;

/** Fills `{name}` places of a string; a place with no value stays as it is, so it is noticed. */
export function fill(text: string, params?: Params): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

/** A t() over a flat dictionary; a missing key shows itself, so it is seen and fixed. */
export function makeTr(strings: Readonly<Record<string, string>>): Tr {
  return (key, params) => fill(strings[key] ?? key, params);
}
