// Reads and re-scores large batches of files off the main thread, so the page stays responsive.
// The main thread posts the instruments and the File objects (cheap to post: the bytes are read
// here); results come back in chunks, with progress, as plain data.
import { createCodeBudget, type Instrument } from '../core/index.ts';
import { isOutcome, isZip, unzipInputs, type ImportInput, type Part, type ReadOutcome } from '../core/import.ts';
import { createFastReader } from './fast-reader.ts';
import { packOutcomes, type PackedOutcomes } from './outcome-wire.ts';

/** A request to read files. */
export interface ImportRequest {
  type: 'read';
  id: number;
  instruments: Instrument[];
  files: File[];
  /**
   * Set when several workers share ZIP archives: the first `shared` files are those archives, of
   * which this worker unpacks and reads only its part of the entries (it reports an archive's own
   * errors like the others do; the page keeps one). A shared file that is no archive is read by
   * part 0 alone. The files after them are this worker's own, read whole.
   */
  part?: Part & { shared: number };
  /** Files per chunk of results. */
  chunk: number;
}

/** What the worker posts back. */
export type ImportReply =
  | { type: 'chunk'; id: number; done: number; total: number; packed: PackedOutcomes }
  | { type: 'done'; id: number; readMs: number; parseMs: number }
  | { type: 'failed'; id: number; message: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
  postMessage(message: ImportReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

/** A file's bytes (empty when the browser cannot read it: it is then reported as empty). */
async function bytesOf(file: File): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * Many files' bytes. One Blob over all of them is read in a single round trip (much faster than
 * one read per file), then cut by the files' sizes; if that fails (a file vanished), each is read alone.
 */
async function readMany(files: File[]): Promise<Uint8Array[]> {
  try {
    const all = new Uint8Array(await new Blob(files).arrayBuffer());
    const out: Uint8Array[] = [];
    let at = 0;
    for (const f of files) {
      out.push(all.subarray(at, at + f.size));
      at += f.size;
    }
    if (at === all.length) return out;
  } catch {
    // Fall through to reading each file alone.
  }
  return Promise.all(files.map(bytesOf));
}

scope.onmessage = (event) => {
  const req = event.data;
  if (req.type !== 'read') return;
  void (async () => {
    try {
      // The compiled schema and WebCrypto digests (see fast-reader.ts): same outcomes, faster.
      const reader = createFastReader(req.instruments, Date.now());
      // Codes in text files: caps per text, and this budget for the whole request.
      const budget = createCodeBudget();
      const total = req.files.length;
      // Where the time goes, reported with 'done' (shown on the page for measurements).
      let readMs = 0;
      let parseMs = 0;
      // Reading a file is a round trip to the browser process: a whole chunk is read concurrently,
      // and the next chunk is being read while this one is parsed.
      const readChunk = async (start: number): Promise<Uint8Array[]> => {
        const t0 = performance.now();
        const contents = await readMany(req.files.slice(start, start + req.chunk));
        readMs += performance.now() - t0;
        return contents;
      };
      let next = total > 0 ? readChunk(0) : undefined;
      for (let start = 0; start < total && next; start += req.chunk) {
        const contents = await next;
        next = start + req.chunk < total ? readChunk(start + req.chunk) : undefined;
        let t1 = performance.now();
        let outcomes: ReadOutcome[] = [];
        const post = (done: number): void => {
          parseMs += performance.now() - t1;
          // Packed (see outcome-wire.ts): a structured clone of whole scores cost more than reading.
          const packed = packOutcomes(outcomes);
          scope.postMessage({ type: 'chunk', id: req.id, done, total, packed }, [packed.numbers.buffer]);
          outcomes = [];
          t1 = performance.now();
        };
        // Files are read a run at a time (their digests are checked together at the end of a run).
        let run: ImportInput[] = [];
        const flush = async (): Promise<void> => {
          if (run.length > 0) outcomes.push(...(await reader.read(run, budget)));
          run = [];
        };
        for (const [i, bytes] of contents.entries()) {
          const file = req.files[start + i]!;
          const name = file.webkitRelativePath || file.name;
          const shared = req.part !== undefined && start + i < req.part.shared;
          if (shared && !isZip(bytes) && req.part?.index !== 0) continue;
          if (!isZip(bytes)) {
            run.push({ name, bytes });
            continue;
          }
          await flush();
          // A ZIP holds thousands of files: send its results in slices so the page applies them
          // while the rest are read.
          // Entries are unpacked a chunk at a time (memory holds one chunk, not the archive's
          // contents); skipped and refused entries give their line in place.
          const inner = unzipInputs(name, bytes, shared ? req.part : undefined);
          if (!Array.isArray(inner)) {
            outcomes.push(inner);
            continue;
          }
          for (let k = 0; k < inner.length; k += req.chunk) {
            const opened = inner.slice(k, k + req.chunk).map((item) => item.open());
            outcomes.push(...opened.filter(isOutcome));
            outcomes.push(
              ...(await reader.read(
                opened.filter((x): x is ImportInput => !isOutcome(x)),
                budget,
              )),
            );
            if (k + req.chunk < inner.length) post(start + i);
          }
        }
        await flush();
        post(start + contents.length);
      }
      scope.postMessage({ type: 'done', id: req.id, readMs, parseMs });
    } catch (error) {
      scope.postMessage({ type: 'failed', id: req.id, message: String(error) });
    }
  })();
};
