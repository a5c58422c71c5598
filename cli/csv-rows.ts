// Rows for the CSV exports of aggregate (one row per response) and merge (one row per cell).
import {
  pickText,
  summarizeUnits,
  type Instrument,
  type Lang,
  type ReportUnit,
  type ResponseBundle,
  type Score,
} from '../src/core/index.ts';
import { formatNumber } from './output.ts';

function levelLabel(instrument: Instrument, id: string | undefined, lang: Lang): string {
  if (id === undefined) return '';
  const l = instrument.levels.find((x) => x.id === id);
  return l ? pickText(l.label, lang) : id;
}

/** Numbers in CSV: a dot as decimal mark, at most 4 decimals, no thousands separator. */
function csvNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/\.?0+$/, '');
}

/** The header of the per-response CSV. */
export function responseCsvHeader(instrument: Instrument, lang: Lang): string[] {
  const t = (vi: string, en: string): string => (lang === 'en' ? en : vi);
  const named = instrument.anonymity === 'named';
  return [
    t('Chi bộ', 'Cell'),
    t('Mã phiếu', 'Response id'),
    ...(named ? [t('Họ và tên', 'Name'), t('Chức vụ', 'Post')] : []),
    t('Lần gửi', 'Revision'),
    t('Tổng điểm', 'Total'),
    t('Mã xếp loại', 'Level id'),
    t('Xếp loại', 'Level'),
    ...(instrument.sections.some((s) => s.items.some((i) => i.type === 'level')) ? [t('Tự đề xuất', 'Proposed')] : []),
    ...instrument.sections.filter((s) => s.max > 0).map((s) => `${pickText(s.title, lang)} (${formatNumber(s.max)})`),
  ];
}

/** One response as a CSV row (same columns as {@link responseCsvHeader}). */
export function responseCsvRow(instrument: Instrument, bundle: ResponseBundle, score: Score, lang: Lang): string[] {
  const r = bundle.payload.response;
  const named = instrument.anonymity === 'named';
  const hasLevelItem = instrument.sections.some((s) => s.items.some((i) => i.type === 'level'));
  return [
    r.cell,
    r.id,
    ...(named ? [r.respondent?.name ?? '', r.respondent?.post ?? ''] : []),
    String(r.revision),
    csvNumber(score.scaled),
    score.level,
    levelLabel(instrument, score.level, lang),
    ...(hasLevelItem ? [levelLabel(instrument, score.proposal?.level, lang)] : []),
    ...instrument.sections
      .filter((s) => s.max > 0)
      .map((s) => csvNumber(score.sections.find((x) => x.id === s.id)?.points)),
  ];
}

/** Header and rows of the per-cell CSV of a report: counts, mean total, levels, section means. */
export function cellCsvRows(instrument: Instrument, units: readonly ReportUnit[], lang: Lang): string[][] {
  const t = (vi: string, en: string): string => (lang === 'en' ? en : vi);
  const sections = instrument.sections.filter((s) => s.max > 0);
  const header = [
    t('Chi bộ', 'Cell'),
    t('Số phiếu', 'Responses'),
    t('Số đảng viên', 'Expected'),
    t('Điểm trung bình', 'Mean total'),
    t('Xếp loại theo điểm trung bình', 'Level of the mean'),
    ...instrument.levels.map((l) => pickText(l.label, lang)),
    ...sections.map((s) => `${pickText(s.title, lang)} (${formatNumber(s.max)})`),
  ];
  const rows = units.map((u) => {
    const s = summarizeUnits(instrument, [u]);
    return [
      u.cell,
      String(u.responses),
      u.expected === undefined ? '' : String(u.expected),
      csvNumber(s.mean),
      levelLabel(instrument, s.meanLevel, lang),
      ...instrument.levels.map((l) => String(u.levels[l.id] ?? 0)),
      ...sections.map((sec) => csvNumber(s.sections.find((x) => x.id === sec.id)?.mean)),
    ];
  });
  return [header, ...rows];
}
