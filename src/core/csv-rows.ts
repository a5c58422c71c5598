// The rows of the CSV exports, one definition for the site and the command line: one row per
// response (a cell's collection) and one row per cell (a report), with a total row.
import type { ReadWarning, ResponseBundle } from './bundle.ts';
import { participationOf } from './participation.ts';
import type { Instrument } from './instrument.ts';
import { isBreakdownHidden, summarizeUnits, type ReportUnit } from './report.ts';
import type { Score } from './scoring.ts';
import { pickText, type Lang } from './text.ts';

/** A response as the CSV lists it; `source` (file name) and `warnings` when known. */
export interface CsvResponse {
  bundle: ResponseBundle;
  score: Score;
  warnings?: readonly ReadWarning[];
  source?: string;
}

/** Numbers in CSV: a dot as decimal mark, at most 2 decimals, no thousands separator (Excel reads them). */
export function csvNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return String(Math.round(n * 100) / 100);
}

function levelLabel(instrument: Instrument, id: string | undefined, lang: Lang): string {
  if (id === undefined) return '';
  const l = instrument.levels.find((x) => x.id === id);
  return l ? pickText(l.label, lang) : id;
}

function words(lang: Lang) {
  return (vi: string, en: string): string => (lang === 'en' ? en : vi);
}

/** Scored sections (the ones with points), in order. */
function scoredSections(instrument: Instrument) {
  return instrument.sections.filter((s) => s.max > 0);
}

/** The header of the per-response CSV. */
export function responseCsvHeader(instrument: Instrument, lang: Lang): string[] {
  const t = words(lang);
  return [
    t('STT', 'No.'),
    t('Chi bộ', 'Cell'),
    t('Kỳ', 'Period'),
    t('Mã phiếu', 'Response id'),
    t('Lần gửi', 'Revision'),
    ...(instrument.anonymity === 'named' ? [t('Họ và tên', 'Name'), t('Chức vụ', 'Post')] : []),
    t('Tổng điểm', 'Total'),
    t('Xếp loại', 'Level'),
    ...(hasProposal(instrument) ? [t('Tự đề xuất', 'Proposed'), t('Đề xuất cao hơn', 'Proposed higher')] : []),
    ...scoredSections(instrument).map((s) => `${pickText(s.title, lang)} (/${s.max})`),
    t('Đủ câu trả lời', 'Complete'),
    t('Ghi chú', 'Notes'),
    t('Tệp', 'File'),
  ];
}

function hasProposal(instrument: Instrument): boolean {
  return instrument.sections.some((s) => s.items.some((i) => i.type === 'level'));
}

/** How a response CSV is written. */
export interface ResponseCsvOptions {
  /**
   * The cell's breakdown is hidden (an anonymous cell below the minimum number of answers,
   * {@link isBreakdownHidden}): rows keep their counts and ids, never a total, level, section or
   * the reasons that would tell them.
   */
  hidden?: boolean;
}

/** One response as a CSV row (the columns of {@link responseCsvHeader}); `index` counts from 0. */
export function responseCsvRow(
  instrument: Instrument,
  entry: CsvResponse,
  index: number,
  lang: Lang,
  options: ResponseCsvOptions = {},
): string[] {
  const t = words(lang);
  if (options.hidden) return hideCsvRow(instrument, responseCsvRow(instrument, entry, index, lang), lang);
  const { bundle, score, warnings = [], source = '' } = entry;
  const r = bundle.payload.response;
  const yes = t('có', 'yes');
  const notes = [
    ...warnings.map((w) => w.message[lang]),
    ...score.gates.map((g) => pickText(g.reason, lang)),
    ...score.disqualifiers.map((d) => pickText(d.reason, lang)),
  ];
  return [
    String(index + 1),
    r.cell,
    r.period,
    r.id,
    String(r.revision),
    ...(instrument.anonymity === 'named' ? [r.respondent?.name ?? '', r.respondent?.post ?? ''] : []),
    csvNumber(score.scaled),
    // A member whose status leaves the counts has no level (a sheet's "Không xếp loại").
    score.unrated ? (lang === 'vi' ? 'Không xếp loại' : 'Not rated') : levelLabel(instrument, score.level, lang),
    ...(hasProposal(instrument)
      ? [levelLabel(instrument, score.proposal?.level, lang), score.proposal?.status === 'higher' ? yes : '']
      : []),
    ...scoredSections(instrument).map((s) => csvNumber(score.sections.find((x) => x.id === s.id)?.points)),
    score.complete ? yes : t('không', 'no'),
    notes.join(' | '),
    source,
  ];
}

/**
 * A response row with its scores taken out, for a hidden breakdown: who sent what (ids, revision,
 * file) stays; total, level, proposal, sections, completeness and reasons are blanked, the notes
 * say why.
 */
export function hideCsvRow(instrument: Instrument, row: readonly string[], lang: Lang): string[] {
  const t = words(lang);
  const min = instrument.minRespondents ?? 3;
  const kept = instrument.anonymity === 'named' ? 7 : 5;
  const out = row.map((v, i) => (i < kept || i === row.length - 1 ? v : ''));
  out[row.length - 2] = t(
    `Ẩn điểm: dưới ${min} phiếu (bảo vệ người trả lời ẩn danh)`,
    `Scores hidden: fewer than ${min} answers (anonymity)`,
  );
  return out;
}

/** Header and rows, one per response, in the order given. */
export function responseCsvRows(
  instrument: Instrument,
  responses: readonly CsvResponse[],
  lang: Lang,
  options: ResponseCsvOptions = {},
): string[][] {
  return [
    responseCsvHeader(instrument, lang),
    ...responses.map((r, i) => responseCsvRow(instrument, r, i, lang, options)),
  ];
}

/**
 * Header, one row per cell and a total row of a report. An anonymous cell below the minimum
 * number of answers shows its counts only, never its scores (as on the dashboard).
 */
export function unitCsvRows(instrument: Instrument, units: readonly ReportUnit[], lang: Lang): string[][] {
  const t = words(lang);
  const sections = scoredSections(instrument);
  const header = [
    t('Chi bộ', 'Cell'),
    t('Số phiếu', 'Responses'),
    t('Số đảng viên', 'Expected'),
    t('Tỉ lệ tham gia (%)', 'Coverage (%)'),
    t('Điểm trung bình', 'Mean total'),
    t('Xếp loại theo điểm trung bình', 'Level of the mean'),
    ...instrument.levels.map((l) => pickText(l.label, lang)),
    ...sections.map((s) => `${pickText(s.title, lang)} (/${s.max})`),
    t('Ẩn vì quá ít phiếu', 'Hidden: too few answers'),
  ];
  const row = (label: string, group: readonly ReportUnit[]): string[] => {
    const s = summarizeUnits(instrument, group);
    // Participation only over the units that gave an expected count (never all responses over some rosters).
    const p = participationOf(group);
    const hidden = isBreakdownHidden(instrument, s.responses);
    const shown = (v: string): string => (hidden ? '' : v);
    return [
      label,
      String(s.responses),
      p.expected === undefined ? '' : String(p.expected),
      p.share === undefined ? '' : csvNumber(p.share * 100),
      shown(csvNumber(s.mean)),
      shown(levelLabel(instrument, s.meanLevel, lang)),
      ...instrument.levels.map((l) => shown(String(Object.hasOwn(s.levels, l.id) ? s.levels[l.id] : 0))),
      ...sections.map((sec) => shown(csvNumber(s.sections.find((x) => x.id === sec.id)?.mean))),
      hidden ? t('có', 'yes') : '',
    ];
  };
  return [header, ...units.map((u) => row(u.cell, [u])), row(t('Tổng cộng', 'Total'), units)];
}
