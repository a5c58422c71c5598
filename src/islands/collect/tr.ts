// The island's t(): the page passes only the strings it needs (collect.*, report.*, dashboard.*,
// common.*), so the dictionaries of other areas are not shipped with it.

/** Values put into `{name}` places. */
export type Params = Record<string, string | number>;
/** A translator. */
export type Tr = (key: string, params?: Params) => string;

/** A t() over a flat dictionary; a missing key shows itself, so it is seen and fixed. */
export function makeTr(strings: Readonly<Record<string, string>>): Tr {
  return (key, params) => {
    const text = strings[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}
