// The build's unwrapping of Vite's preload helper (scripts/lib/unwrap-preload.mjs): a call with
// nothing to preload becomes the import itself, and a chunk is left alone whenever the calls found
// in its minified code are not exactly the helper's.
import { describe, expect, it } from 'vitest';
import { unwrapPreloads } from '../../scripts/lib/unwrap-preload.mjs';

const isHelper = (source: string) => source.includes('preload-helper');
const HELPER = 'import{t as n}from"./preload-helper.AbC1.js";';

describe('unwrapPreloads', () => {
  it('turns each call with no deps into the import, and drops the helper import', () => {
    const code = `${HELPER}import{a}from"./preact.js";async function s(){await n(()=>import(\`./fields.js\`),[]);return a}export{s};`;
    const result = unwrapPreloads(code, 1, isHelper);
    expect(result).toEqual({
      code: 'import{a}from"./preact.js";async function s(){await import(`./fields.js`);return a}export{s};',
      unwrapped: 1,
      importsHelper: false,
    });
  });

  it('calls an async loader and keeps a choice between two imports', () => {
    const code = `${HELPER}let r=(await n(async()=>{let{default:e}=await import(\`./App.js\`);return{default:e}},[])).default;let o=n(l?()=>import(\`./en.js\`):()=>import(\`./vi.js\`),[]);export{r,o};`;
    const { code: out, importsHelper } = unwrapPreloads(code, 2, isHelper);
    expect(importsHelper).toBe(false);
    expect(out).toBe(
      'let r=(await (async()=>{let{default:e}=await import(`./App.js`);return{default:e}})()).default;let o=(l?import(`./en.js`):import(`./vi.js`));export{r,o};',
    );
  });

  it('keeps offsets right after non-ASCII text', () => {
    const code = `${HELPER}var t=\`Phiếu chi bộ ✓ 😀\`;export const a=()=>n(()=>import(\`./a.js\`),[]);`;
    expect(unwrapPreloads(code, 1, isHelper).code).toBe(
      'var t=`Phiếu chi bộ ✓ 😀`;export const a=()=>import(`./a.js`);',
    );
  });

  it('leaves a chunk alone when a call has dependencies to preload', () => {
    const code = `${HELPER}export const a=()=>n(()=>import(\`./a.js\`),[]),b=()=>n(()=>import(\`./b.js\`),["_astro/b.css"]);`;
    expect(unwrapPreloads(code, 2, isHelper)).toEqual({ code, unwrapped: 0, importsHelper: true });
  });

  it('leaves a chunk alone when an inner function of the same minified name is called the same way', () => {
    // Two calls of `n(..., [])`, of which only one is the helper's: the counts differ.
    const code = `${HELPER}export const a=()=>n(()=>import(\`./a.js\`),[]);export function b(n){return n(c,[])}`;
    expect(unwrapPreloads(code, 1, isHelper)).toEqual({ code, unwrapped: 0, importsHelper: true });
  });

  it('leaves a chunk alone when fewer calls are found than the helper had (merged by the minifier)', () => {
    const code = `${HELPER}export const o=n(l?()=>import(\`./en.js\`):()=>import(\`./vi.js\`),[]);`;
    expect(unwrapPreloads(code, 2, isHelper).importsHelper).toBe(true);
  });

  it('returns a chunk that does not import the helper unchanged', () => {
    const code = 'export const a=()=>n(()=>import(`./a.js`),[]);function n(f){return f()}';
    expect(unwrapPreloads(code, 0, isHelper)).toEqual({ code, unwrapped: 0, importsHelper: false });
  });
});
