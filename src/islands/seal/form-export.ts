// The form's side of sealing, loaded with the export code only (nothing of it, strings included,
// is in the form's first load): reads the round link's key and, when there is one, seals the
// export. A link that names a key it cannot give, or a page that cannot seal (plain http), sends
// nothing: never an unsealed file in place of a sealed one.
import type { Lang } from '../../core/text.ts';
import { fill } from '../../i18n/translator.ts';
import sealVi from '../../i18n/seal.vi.json';
import sealEn from '../../i18n/seal.en.json';
import type { ExportResult, FormExport } from '../form/export.ts';
import { roundKeyOf } from './round-key.ts';

function text(lang: Lang, key: string, params?: Record<string, string>): string {
  const own: Record<string, string> = lang === 'en' ? { ...sealVi, ...sealEn } : sealVi;
  return fill(own[key] ?? key, params);
}

/** Seals the export when the page's round link carries the committee's key (anonymous forms only). */
export async function sealIfAsked(
  plain: ExportResult,
  anonymous: boolean,
  fragment: string,
  lang: Lang,
): Promise<FormExport> {
  const key = roundKeyOf(fragment);
  if (key.kind === 'none' || (key.kind === 'key' && !anonymous)) return { ok: true, value: plain };
  if (key.kind === 'bad') return { ok: false, message: text(lang, 'seal.form.badKey.error') };
  const { sealExport } = await import('./seal-export.ts');
  const sealed = await sealExport(plain, key.publicKey);
  if (!sealed.ok)
    return {
      ok: false,
      message: text(lang, sealed.reason === 'bad-key' ? 'seal.form.badKey.error' : 'seal.form.insecure.error'),
    };
  return {
    ok: true,
    value: { ...sealed.result, sealedNote: text(lang, 'seal.form.message', { fingerprint: sealed.result.sealedTo }) },
  };
}
