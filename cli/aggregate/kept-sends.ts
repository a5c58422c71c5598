// The sends phieu aggregate keeps for the duplicate rules of one group (collect.ts): one row per
// answer sheet, found by its cell (normalized) and response id, the two parts of core's
// responseKey (neither can hold its "|"). Columns in arrays, not an object and a key text per file:
// a province keeps 46,000 rows through its whole read, and objects kept that long are what the
// collector copies and marks (~1 KB a file before). The digest is kept as its 32 bytes.
import type { ResponseBundle } from '../../src/core/index.ts';

/** A kept send, as the duplicate rules and their messages read it. */
export interface Send {
  cell: string;
  createdAt: string;
  /** `sha256:` and 64 lower-case hex digits (the schema's pattern). */
  digest: string;
  id: string;
  revision: number;
  /** Where it was read: the file, and which code of a .txt file. */
  file: string;
  index: number | undefined;
  name: string | undefined;
  member: string | undefined;
}

const DIGEST_BYTES = 32;
const PREFIX = 'sha256:';

/** The kept sends of a group, in the order their sheets were first met. */
export class KeptSends {
  /** Rows by normalized cell, then by response id. */
  private readonly byCell = new Map<string, Map<string, number>>();
  /** Rows made (removed ones included: a row's number is its sheet's place in the order met). */
  private length = 0;
  /** Rows kept. */
  size = 0;
  private readonly cellCodes: string[] = [];
  private readonly cells: string[] = [];
  private readonly createdAts: string[] = [];
  private readonly ids: string[] = [];
  private readonly files: string[] = [];
  private readonly names: (string | undefined)[] = [];
  private readonly members: (string | undefined)[] = [];
  private revisions = new Float64Array(1024);
  /** The code's index + 1 (0: the whole file). */
  private indexes = new Int32Array(1024);
  private removed = new Uint8Array(1024);
  private digests = Buffer.alloc(1024 * DIGEST_BYTES);

  /** The row of a sheet, or -1. */
  find(cellCode: string, id: string): number {
    return this.byCell.get(cellCode)?.get(id) ?? -1;
  }

  /** Keeps a send: in `row` (the sheet's, replacing the send kept there) or, with -1, in a new row. Returns its row. */
  put(row: number, cellCode: string, send: Send): number {
    if (row < 0) {
      row = this.length++;
      if (row === this.revisions.length) this.grow();
      let ids = this.byCell.get(cellCode);
      if (!ids) this.byCell.set(cellCode, (ids = new Map<string, number>()));
      ids.set(send.id, row);
      this.size += 1;
      this.cellCodes.push(cellCode);
      this.cells.push(send.cell);
      this.createdAts.push(send.createdAt);
      this.ids.push(send.id);
      this.files.push(send.file);
      this.names.push(send.name);
      this.members.push(send.member);
    } else {
      this.cells[row] = send.cell;
      this.createdAts[row] = send.createdAt;
      this.ids[row] = send.id;
      this.files[row] = send.file;
      this.names[row] = send.name;
      this.members[row] = send.member;
    }
    this.revisions[row] = send.revision;
    this.indexes[row] = send.index === undefined ? 0 : send.index + 1;
    this.digests.write(send.digest.slice(PREFIX.length), row * DIGEST_BYTES, DIGEST_BYTES, 'hex');
    return row;
  }

  private grow(): void {
    const n = this.revisions.length * 2;
    const revisions = new Float64Array(n);
    revisions.set(this.revisions);
    this.revisions = revisions;
    const indexes = new Int32Array(n);
    indexes.set(this.indexes);
    this.indexes = indexes;
    const removed = new Uint8Array(n);
    removed.set(this.removed);
    this.removed = removed;
    const digests = Buffer.alloc(n * DIGEST_BYTES);
    this.digests.copy(digests);
    this.digests = digests;
  }

  /** Drops a row's send (its sheet is no longer kept). */
  remove(row: number): void {
    if (this.removed[row] === 1) return;
    this.removed[row] = 1;
    this.size -= 1;
    this.byCell.get(this.cellCodes[row]!)?.delete(this.ids[row]!);
  }

  /** The cell of a row's send, as written in its file. */
  cellOf(row: number): string {
    return this.cells[row]!;
  }

  /** Whether a row's send has this digest (the same file met again). */
  hasDigest(row: number, digest: string): boolean {
    return this.digestOf(row) === digest;
  }

  private digestOf(row: number): string {
    return PREFIX + this.digests.toString('hex', row * DIGEST_BYTES, (row + 1) * DIGEST_BYTES);
  }

  /** A row's send. */
  send(row: number): Send {
    const index = this.indexes[row]!;
    return {
      cell: this.cells[row]!,
      createdAt: this.createdAts[row]!,
      digest: this.digestOf(row),
      id: this.ids[row]!,
      revision: this.revisions[row]!,
      file: this.files[row]!,
      index: index === 0 ? undefined : index - 1,
      name: this.names[row],
      member: this.members[row],
    };
  }

  /** The kept rows, in the order their sheets were first met. */
  *rows(): IterableIterator<number> {
    for (let row = 0; row < this.length; row++) if (this.removed[row] === 0) yield row;
  }

  /** Whether a row is kept and its cell is among `cells`. */
  isKeptIn(row: number, cells: ReadonlySet<string>): boolean {
    return row >= 0 && this.removed[row] === 0 && cells.has(this.cells[row]!);
  }

  /** A row's member (matched name), for named sheets. */
  memberOf(row: number): string | undefined {
    return this.members[row];
  }

  /** A row's file and code index. */
  fileOf(row: number): string {
    return this.files[row]!;
  }
  indexOf(row: number): number | undefined {
    const index = this.indexes[row]!;
    return index === 0 ? undefined : index - 1;
  }
}

/** What isNewerSend reads of a send, made only when two sends of a sheet are compared. */
export function stubOf(o: Pick<Send, 'createdAt' | 'digest' | 'id' | 'revision'>): ResponseBundle {
  // isNewerSend reads only these fields.
  return {
    createdAt: o.createdAt,
    digest: o.digest,
    payload: { response: { id: o.id, revision: o.revision } },
  } as unknown as ResponseBundle;
}
