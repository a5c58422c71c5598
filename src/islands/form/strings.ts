// The island's strings come from the page (only its language, only the keys it needs), so the
// script does not carry every dictionary of the site.
import { fill } from './format.ts';

/** Looks a key up; a missing key shows itself so it gets noticed. */
export type Tr = (key: string, params?: Record<string, string | number>) => string;

/** A translator over a flat dictionary. */
export function makeTr(strings: Record<string, string>): Tr {
  return (key, params) => fill(strings[key] ?? key, params);
}
