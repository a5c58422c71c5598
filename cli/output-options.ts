// The options that shape a file a command writes (--out, --csv, --created-at, --scope-name),
// checked before any input is read: a run of 50,000 files does not end in a stack trace because the
// folder of --out does not exist, and never writes a report its own `phieu validate` would refuse.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CreatedAtSchema, MAX_SCOPE_NAME, isLaterThanTomorrow } from '../src/core/index.ts';
import { UsageError } from './args.ts';

/** Refuses an output path whose folder does not exist, or that is a folder itself. */
export function checkOutputFile(option: string, file: string): void {
  const dir = path.dirname(path.resolve(file));
  let folder;
  try {
    folder = statSync(dir);
  } catch {
    folder = undefined;
  }
  if (!folder?.isDirectory())
    throw new UsageError({
      vi: `--${option}: không có thư mục ${dir}; hãy tạo thư mục đó hoặc chọn chỗ ghi khác`,
      en: `--${option}: there is no folder ${dir}; create it or choose another place to write`,
    });
  let target;
  try {
    target = statSync(file);
  } catch {
    return; // a new file
  }
  if (target.isDirectory())
    throw new UsageError({
      vi: `--${option}: ${file} là một thư mục; hãy ghi tên tệp, ví dụ ${path.join(file, 'bao-cao.json')}`,
      en: `--${option}: ${file} is a folder; give a file name, e.g. ${path.join(file, 'report.json')}`,
    });
}

/**
 * The report's `createdAt` and unit name as the options give them, or refused as the file's
 * readers would refuse them: a date or date-time with its offset (ISO 8601), not after tomorrow
 * (`future-time`), a name of at most MAX_SCOPE_NAME characters.
 */
export function reportFileOptions(
  values: { 'created-at'?: string | undefined; 'scope-name'?: string | undefined },
  now: number,
): { createdAt: string; scopeName?: string } {
  const createdAt = values['created-at'] ?? new Date(now).toISOString();
  if (!CreatedAtSchema.safeParse(createdAt).success)
    throw new UsageError({
      vi: `--created-at "${createdAt}" không phải ngày giờ ISO 8601 có múi giờ, ví dụ 2026-12-03T10:00:00+07:00`,
      en: `--created-at "${createdAt}" is not an ISO 8601 date-time with its offset, e.g. 2026-12-03T10:00:00+07:00`,
    });
  if (isLaterThanTomorrow(createdAt, now))
    throw new UsageError({
      vi: `--created-at ${createdAt} là ngày trong tương lai: người đọc sẽ từ chối báo cáo; hãy bỏ tùy chọn này để dùng giờ hiện tại`,
      en: `--created-at ${createdAt} is in the future: readers would refuse the report; leave the option out to use the time now`,
    });
  const scopeName = values['scope-name'];
  if (scopeName === undefined || scopeName === '') return { createdAt };
  if (scopeName.length > MAX_SCOPE_NAME)
    throw new UsageError({
      vi: `--scope-name dài ${scopeName.length} ký tự; tối đa ${MAX_SCOPE_NAME}`,
      en: `--scope-name is ${scopeName.length} characters long; at most ${MAX_SCOPE_NAME}`,
    });
  return { createdAt, scopeName };
}
