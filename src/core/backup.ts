// The collection backup file: one JSON holding a collection's raw response files and its roster,
// so the secretary can move a collection to another device. It is restored through the same
// import as any file: every response inside is read again with core `readBundle`.
import * as z from 'zod/mini';
import type { ResponseBundle } from './bundle.ts';
import { IdSchema } from './fields.ts';
import { PeriodSchema } from './fields.ts';
import { CellCodeSchema, ResponseIdSchema } from './fields.ts';
import type { Message } from './text.ts';

/** The `format` of a collection backup. */
export const BACKUP_FORMAT = 'phieu-chi-bo-collection';
/** The backup version this app writes. */
export const BACKUP_FORMAT_VERSION = 1;
/** Largest backup accepted (a province-sized collection of raw files). */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
/** Most responses a backup may hold. */
export const MAX_BACKUP_RESPONSES = 200_000;

/** Who is expected to answer: names (named instruments) or just a count (anonymous surveys). */
export const RosterSchema = z.strictObject({
  /** Members' full names, one each, as the secretary typed them. */
  names: z.array(z.string().check(z.minLength(1), z.maxLength(120))).check(z.maxLength(100_000)),
  /** How many are expected when no names are kept (anonymous surveys). */
  count: z.optional(z.int().check(z.gte(0), z.lte(10_000_000))),
});
/** A roster. */
export type Roster = z.infer<typeof RosterSchema>;

/**
 * What the secretary decided for a named collection, by response id: sheets set aside in a
 * conflict, sheets confirmed as different members with one name, and the level the cell decided.
 */
export const DecisionsSchema = z.strictObject({
  /** Sheets kept but not counted (the secretary kept another sheet of that member). */
  setAside: z.optional(z.array(ResponseIdSchema).check(z.maxLength(100_000))),
  /** Sheets of different members who share a name. */
  separate: z.optional(z.array(ResponseIdSchema).check(z.maxLength(100_000))),
  /** The level the cell decided for a sheet's member (level id), by response id. */
  decided: z.optional(
    z
      .record(ResponseIdSchema, IdSchema)
      .check(z.refine((r) => Object.keys(r).length <= 100_000, 'at most 100,000 decided levels')),
  ),
});
/** The secretary's decisions on a collection. */
export type Decisions = z.infer<typeof DecisionsSchema>;

/** Which collection: one cell, one instrument version, one period. */
export const CollectionKeySchema = z.strictObject({
  /** The cell's code. */
  cell: CellCodeSchema,
  /** Instrument id. */
  instrumentId: IdSchema,
  /** Instrument version. */
  instrumentVersion: z.string().check(z.minLength(1), z.maxLength(32)),
  /** The period. */
  period: PeriodSchema,
});
/** A collection's key. */
export type CollectionKey = z.infer<typeof CollectionKeySchema>;

/** Backup format 1. `responses` are response files as written by core (each sealed by its digest). */
export const CollectionBackupSchema = z.strictObject({
  /** Always `phieu-chi-bo-collection`. */
  format: z.literal(BACKUP_FORMAT),
  /** Backup version. */
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  /** Version of the app that wrote it. */
  app: z.string().check(z.maxLength(32)),
  /** When it was written, ISO 8601 date-time. */
  createdAt: z.string().check(z.maxLength(40)),
  /** The collection. */
  collection: CollectionKeySchema,
  /** The cell's name, for people. */
  cellName: z.optional(z.string().check(z.maxLength(200))),
  /** Who is expected to answer. */
  roster: RosterSchema,
  /** The secretary's decisions (named instruments), when there are any. */
  decisions: z.optional(DecisionsSchema),
  /** The raw response files (untrusted on read: each is read again by `readBundle`). */
  responses: z.array(z.unknown()).check(z.maxLength(MAX_BACKUP_RESPONSES)),
});
/** A collection backup. */
export type CollectionBackup = z.infer<typeof CollectionBackupSchema>;

/** What a backup is made from. */
export interface BackupInput {
  key: CollectionKey;
  cellName?: string;
  roster: Roster;
  decisions?: Decisions;
  responses: readonly ResponseBundle[];
  app: string;
  createdAt: string;
}

/** Writes a backup (two-space JSON would double its size: it is written compact). */
export function writeCollectionBackup(input: BackupInput): CollectionBackup {
  const backup: CollectionBackup = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    app: input.app,
    createdAt: input.createdAt,
    collection: input.key,
    roster: input.roster,
    responses: [...input.responses],
  };
  if (input.cellName) backup.cellName = input.cellName;
  if (input.decisions && hasDecisions(input.decisions)) backup.decisions = input.decisions;
  return backup;
}

/** Whether there is any decision to keep (empty ones are not written). */
export function hasDecisions(d: Decisions): boolean {
  return !!(d.setAside?.length || d.separate?.length || (d.decided && Object.keys(d.decided).length));
}

/** Whether text looks like a backup (checked before a full parse; we always write `format` first). */
export function looksLikeBackup(text: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"phieu-chi-bo-collection"/.test(text.slice(0, 200));
}

/** Reads a backup from parsed JSON; never throws. */
export function readCollectionBackup(
  raw: unknown,
): { ok: true; backup: CollectionBackup } | { ok: false; message: Message } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, message: BACKUP_INVALID };
  const v = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof v === 'number' && v > BACKUP_FORMAT_VERSION)
    return {
      ok: false,
      message: {
        vi: `Tệp sao lưu được tạo bởi phiên bản mới hơn (định dạng ${v}). Hãy tải lại trang để cập nhật.`,
        en: `The backup comes from a newer version (format ${v}). Reload the site to update.`,
      },
    };
  const parsed = CollectionBackupSchema.safeParse(raw);
  return parsed.success ? { ok: true, backup: parsed.data } : { ok: false, message: BACKUP_INVALID };
}

const BACKUP_INVALID: Message = {
  vi: 'Tệp sao lưu đợt tổng hợp bị hỏng hoặc bị sửa, không khôi phục được.',
  en: 'The collection backup is damaged or edited and cannot be restored.',
};
