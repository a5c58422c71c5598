// phieu score: the full breakdown of one response file, recomputed from its raw answers.
import { statSync } from 'node:fs';
import {
  formatPeriodLabel,
  isNotApplicable,
  listItems,
  pickText,
  type AnswerValue,
  type Answers,
  type Instrument,
  type Lang,
  type Score,
} from '../../src/core/index.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { readSources } from '../files.ts';
import { err, formatNumber, formatTable, oneLine, out, say } from '../output.ts';
import { readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu score <tệp> [--json] [--lang vi|en]

Chấm lại một tệp phiếu từ các câu trả lời gốc và in chi tiết: từng phần, từng câu (điểm, tối đa,
trạng thái), tổng, điểm quy đổi, mức theo điểm, các điều kiện hạ mức, trường hợp loại trừ, câu còn
thiếu, mức tự đề xuất và xếp loại cuối cùng. Tệp .txt: mã đầu tiên trong tệp.
Re-score one response file from its raw answers and print the breakdown.
--json   print the Score object of core (scoreResponse) as JSON:
         { items: [{ id, sectionId, points, max, status, required }], sections: [{ id, points,
           rawPoints, max }], total, max, scaled, bandLevel, level, gates: [{ id, from, to, reason }],
           disqualifiers: [{ id, level, reason }], missing, invalid, metrics, progress, complete,
           proposal?: { level, status } }
Exit code: 0 scored, 1 the file is not a valid response file, 2 usage error.`;

export const scoreCommand: Command = {
  name: 'score',
  summary: { vi: 'chấm lại và in chi tiết một tệp phiếu', en: 're-score one response file in detail' },
  help: HELP,
  run(argv) {
    const { values, positionals } = parseCommand(argv, { json: { type: 'boolean' } });
    const lang = langOf(values.lang);
    const file = positionals[0];
    if (positionals.length !== 1 || file === undefined)
      throw new UsageError({ vi: 'cần đúng một tệp', en: 'give exactly one file' });
    // A path that is not one file is the command's misuse, not a file to ask the sender again for.
    let st;
    try {
      st = statSync(file);
    } catch {
      throw new UsageError({ vi: `không tìm thấy: ${oneLine(file)}`, en: `not found: ${oneLine(file)}` });
    }
    if (st.isDirectory())
      throw new UsageError({
        vi: `${oneLine(file)} là một thư mục; "phieu score" chấm một tệp. Để xem cả thư mục, dùng "phieu validate" hoặc "phieu aggregate".`,
        en: `${oneLine(file)} is a folder; "phieu score" scores one file. For a whole folder, use "phieu validate" or "phieu aggregate".`,
      });
    const source = readSources(file).next().value;
    if (!source) throw new UsageError({ vi: `không đọc được ${file}`, en: `cannot read ${file}` });
    const r = readSource(source, readOptions());
    if (!r.ok) {
      err(`INVALID  ${source.label}  ${r.error.code}: ${say(lang, r.error.message)}`);
      return 1;
    }
    if (r.kind !== 'response') {
      err(
        say(lang, {
          vi: `${source.label} là tệp báo cáo, không phải phiếu trả lời; dùng "phieu validate" hoặc "phieu merge".`,
          en: `${source.label} is a report file, not a response; use "phieu validate" or "phieu merge".`,
        }),
      );
      return 1;
    }
    for (const w of r.warnings) err(`${say(lang, { vi: 'cảnh báo', en: 'warning' })}: ${say(lang, w.message)}`);
    if (values.json) {
      out(JSON.stringify(r.score, null, 2));
      return 0;
    }
    const response = r.bundle.payload.response;
    const head = [
      `${pickText(r.instrument.title, lang)} (${r.instrument.id} ${r.instrument.version})`,
      `${say(lang, { vi: 'Chi bộ', en: 'Cell' })}: ${response.cell}   ${say(lang, { vi: 'Kỳ', en: 'Period' })}: ${formatPeriodLabel(response.period, lang)}` +
        (response.respondent
          ? `   ${say(lang, { vi: 'Người tự đánh giá', en: 'Respondent' })}: ${response.respondent.name}${response.respondent.post ? ` (${response.respondent.post})` : ''}`
          : ''),
      `${say(lang, { vi: 'Mã phiếu', en: 'Response id' })}: ${response.id}   ${say(lang, { vi: 'Lần gửi', en: 'Revision' })}: ${response.revision}`,
      '',
    ];
    for (const line of [...head, ...renderScore(r.instrument, r.score, response.answers, lang)]) out(line);
    return 0;
  },
};

/** The score as lines of text: a table of sections and items, then the outcome. */
export function renderScore(instrument: Instrument, score: Score, answers: Answers, lang: Lang): string[] {
  const t = (vi: string, en: string): string => say(lang, { vi, en });
  const levelName = (id: string): string => {
    const l = instrument.levels.find((x) => x.id === id);
    return l ? `${pickText(l.label, lang)} (${id})` : id;
  };
  const statusName: Record<string, [string, string]> = {
    answered: ['đã trả lời', 'answered'],
    missing: ['THIẾU', 'MISSING'],
    unanswered: ['bỏ trống', 'unanswered'],
    'not-applicable': ['không áp dụng', 'not applicable'],
    'full-marks': ['đủ điểm theo điều kiện', 'full marks by condition'],
    lowest: ['mức thấp nhất theo điều kiện', 'lowest step by condition'],
    invalid: ['KHÔNG HỢP LỆ', 'INVALID'],
    pending: ['chưa đủ số liệu', 'inputs incomplete'],
  };
  const shorten = (s: string, n = 56): string => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);
  const items = new Map(listItems(instrument).map(({ item }) => [item.id, item]));
  const rows: string[][] = [
    [
      t('Mục', 'Item'),
      t('Nội dung', 'Wording'),
      t('Trả lời', 'Answer'),
      t('Điểm', 'Points'),
      t('Tối đa', 'Max'),
      t('Trạng thái', 'Status'),
    ],
  ];
  for (const section of instrument.sections) {
    const s = score.sections.find((x) => x.id === section.id);
    const raw =
      s && s.rawPoints !== s.points ? ` (${t('trước giới hạn', 'before cap')} ${formatNumber(s.rawPoints)})` : '';
    rows.push([
      section.id,
      shorten(pickText(section.title, lang)),
      '',
      formatNumber(s?.points),
      formatNumber(s?.max),
      raw.trim(),
    ]);
    for (const is of score.items.filter((x) => x.sectionId === section.id)) {
      const item = items.get(is.id);
      const [vi, en] = statusName[is.status] ?? [is.status, is.status];
      rows.push([
        `  ${is.id}`,
        `  ${shorten(item ? pickText(item.label, lang) : '', 54)}`,
        answerText(answers[is.id], lang),
        formatNumber(is.points),
        formatNumber(is.max),
        t(vi, en),
      ]);
    }
  }
  const lines = formatTable(rows, new Set([3, 4]));
  lines.push('');
  lines.push(
    `${t('Tổng điểm', 'Total')}: ${formatNumber(score.total)} / ${formatNumber(score.max)}` +
      (score.max !== instrument.maxScore
        ? `   ${t('quy về thang', 'on the scale of')} ${instrument.maxScore}: ${formatNumber(score.scaled)}`
        : ''),
  );
  for (const [id, v] of Object.entries(score.metrics)) {
    const m = instrument.metrics?.find((x) => x.id === id);
    const shown = v === undefined ? '–' : m?.percent ? `${formatNumber(v * 100)}%` : formatNumber(v);
    lines.push(`  ${m ? pickText(m.label, lang) : id} (${id}): ${shown}`);
  }
  lines.push(`${t('Mức theo điểm', 'Level from the bands')}: ${levelName(score.bandLevel)}`);
  for (const g of score.gates)
    lines.push(
      `${t('Hạ mức', 'Lowered')} ${levelName(g.from)} → ${levelName(g.to)} [${g.id}]: ${pickText(g.reason, lang)}`,
    );
  for (const d of score.disqualifiers)
    lines.push(`${t('Loại trừ', 'Disqualified')} → ${levelName(d.level)} [${d.id}]: ${pickText(d.reason, lang)}`);
  if (score.missing.length > 0) lines.push(`${t('Còn thiếu', 'Missing')}: ${score.missing.join(', ')}`);
  if (score.invalid.length > 0) lines.push(`${t('Không hợp lệ', 'Invalid')}: ${score.invalid.join(', ')}`);
  lines.push(
    `${t('Tiến độ', 'Progress')}: ${score.progress.answered}/${score.progress.required}${score.complete ? '' : ` (${t('chưa đầy đủ', 'incomplete')})`}`,
  );
  if (score.proposal) {
    const st: Record<string, [string, string]> = {
      same: ['trùng mức tính được', 'same as computed'],
      lower: ['thấp hơn mức tính được', 'lower than computed'],
      higher: ['CAO HƠN mức tính được', 'HIGHER than computed'],
    };
    const [vi, en] = st[score.proposal.status] ?? ['', ''];
    lines.push(`${t('Tự đề xuất', 'Proposed')}: ${levelName(score.proposal.level)} (${t(vi, en)})`);
  }
  for (const b of score.broken)
    lines.push(
      `${t('Các số không khớp', 'Numbers do not agree')} (${b.items.join(', ')}): ${pickText(b.message, lang)}`,
    );
  for (const c of score.columns ?? []) {
    const scorer = instrument.scorers?.find((x) => x.id === c.scorer);
    lines.push(
      `${scorer ? pickText(scorer.label, lang) : c.scorer}: ` +
        (c.entered === 0
          ? t('chưa chấm', 'not scored')
          : `${formatNumber(c.scaled)} / ${instrument.maxScore}, ${levelName(c.bandLevel)}`),
    );
  }
  if (score.adoption) {
    const a = score.adoption;
    const adopted: Record<string, [string, string]> = {
      adopted: ['đã thông qua', 'adopted'],
      'not-adopted': ['CHƯA THÔNG QUA', 'NOT ADOPTED'],
      pending: ['chưa biểu quyết', 'vote not entered'],
    };
    const confirmed: Record<string, [string, string]> = {
      confirmed: ['cấp trên đã xác nhận', 'confirmed by the upper level'],
      'not-confirmed': ['cấp trên chưa xác nhận', 'not confirmed by the upper level'],
      absent: ['cấp trên không dự', 'no upper-level member present'],
      pending: ['chưa ghi xác nhận', 'confirmation not recorded'],
      'not-asked': ['', ''],
    };
    const [vi, en] = adopted[a.status] ?? ['', ''];
    const [cvi, cen] = confirmed[a.confirmation] ?? ['', ''];
    const votes = a.votesFor !== undefined && a.voters !== undefined ? ` (${a.votesFor}/${a.voters})` : '';
    lines.push(`${t('Biểu quyết', 'Vote')}: ${t(vi, en)}${votes}${cvi ? `; ${t(cvi, cen)}` : ''}`);
  }
  const resultName = instrument.resultLabel ? pickText(instrument.resultLabel, lang) : t('Xếp loại', 'Level');
  lines.push(
    score.unrated
      ? `${resultName}: ${t('không xếp loại', 'not rated')} (${pickText(score.unrated.reason, lang)})`
      : `${resultName}: ${levelName(score.level)}`,
  );
  return lines;
}

/** An answer in a few characters: yes/no, the option or level id, the number, the start of a text. */
function answerText(value: AnswerValue | undefined, lang: Lang): string {
  if (value === undefined) return '';
  if (isNotApplicable(value)) return lang === 'en' ? 'n/a' : 'KAD';
  if (typeof value === 'boolean') return value ? (lang === 'en' ? 'yes' : 'có') : lang === 'en' ? 'no' : 'không';
  if (typeof value === 'number') return formatNumber(value);
  const chars = [...value.replace(/\s+/g, ' ')];
  return chars.length > 24 ? `${chars.slice(0, 23).join('')}…` : chars.join('');
}
