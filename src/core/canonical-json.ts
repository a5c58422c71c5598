/**
 * Canonical JSON: object keys sorted by code unit, no white space, `undefined` fields dropped.
 * The same value always gives the same text, so it can be hashed. Non-finite numbers are refused
 * (JSON has none), as are values JSON cannot carry.
 */
export function toCanonicalJson(value: unknown): string {
  // Our writers emit keys already in canonical order, so the files they make parse into objects
  // whose own order is canonical: then the native JSON.stringify gives the same text, faster.
  return isInCanonicalOrder(value) ? JSON.stringify(value) : canonicalSlow(value);
}

/**
 * Whether JSON.stringify of a value already is its canonical JSON: every object's keys come in
 * code-unit order, no `undefined` in arrays or objects, and every number is finite.
 */
function isInCanonicalOrder(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) if (v === undefined || !isInCanonicalOrder(v)) return false;
    return true;
  }
  let previous: string | undefined;
  // for…in walks keys in the order JSON.stringify writes them (integer-like keys first, which
  // then fail the order test and take the slow path).
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (previous !== undefined && key <= previous) return false;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || !isInCanonicalOrder(v)) return false;
    previous = key;
  }
  return true;
}

function canonicalSlow(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      // Loops rather than map/filter/join: this runs for every file read (hot at province scale).
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const v: unknown = value[i];
          out += v === undefined ? 'null' : canonicalSlow(v);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(k)}:${canonicalSlow(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
  }
}

/**
 * JSON data in canonical form, with its canonical JSON: every object's keys in code-unit order,
 * `undefined` fields dropped. Parts already in that order are shared with the input rather than
 * copied (treat both as read-only), so sealing a large report whose writer built it in order costs
 * one walk and one native stringify. Refuses what {@link toCanonicalJson} refuses.
 */
export function canonicalize<T>(value: T): { value: T; text: string } {
  const state = { native: true };
  const sorted = ordered(value, state) as T;
  return { value: sorted, text: state.native ? JSON.stringify(sorted) : canonicalSlow(sorted) };
}

/** An integer-like key, which objects list first in numeric order (so JSON.stringify would too). */
function isIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key);
}

function ordered(value: unknown, state: { native: boolean }): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      return value;
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // undefined in an array is written as null, by JSON.stringify and canonicalSlow alike.
      const o = v === undefined ? v : ordered(v, state);
      if (o !== v && !copy) copy = value.slice(0, i);
      if (copy) copy.push(o);
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const children: unknown[] = new Array<unknown>(keys.length);
  let changed = false;
  let previous: string | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = record[k];
    if (isIndexLike(k)) state.native = false;
    if (previous !== undefined && k <= previous) changed = true;
    previous = k;
    if (v === undefined) {
      changed = true;
      continue;
    }
    const o = ordered(v, state);
    if (o !== v) changed = true;
    children[i] = o;
  }
  if (!changed) return value;
  // fromEntries defines own properties: a "__proto__" key stays a key and never sets a prototype.
  const entries: [string, unknown][] = [];
  for (let i = 0; i < keys.length; i++)
    if (record[keys[i] as string] !== undefined) entries.push([keys[i] as string, children[i]]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A deep copy of JSON data with every object's keys in canonical (code-unit) order. */
export function sortKeysDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortKeysDeep(value[i] as unknown);
    return out as T;
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    // Defined, not assigned: a "__proto__" key stays a key and never sets a prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: sortKeysDeep(v), enumerable: true, writable: true, configurable: true });
    else out[key] = sortKeysDeep(v);
  }
  return out as T;
}
