// Reads and re-scores large batches of files off the main thread, so the page stays responsive.
// The main thread posts the instruments and the File objects (cheap to post: the bytes are read
// here); results come back in chunks, with progress, as plain data.
import { compile } from 'zod/mini';
import { BundleSchema, createCatalog, type Instrument } from '../core/index.ts';
import { isZip, readInput, unzipInputs, type ImportInput, type ReadOutcome } from '../core/import.ts';

/** A request to read files. */
export interface ImportRequest {
  type: 'read';
  id: number;
  instruments: Instrument[];
  files: File[];
  /** Files per chunk of results. */
  chunk: number;
}

/** What the worker posts back. */
export type ImportReply =
  | { type: 'chunk'; id: number; done: number; total: number; outcomes: ReadOutcome[] }
  | { type: 'done'; id: number; readMs: number; parseMs: number }
  | { type: 'failed'; id: number; message: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
  postMessage(message: ImportReply): void;
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

/**
 * The envelope schema compiled to a fast parser (about 7× quicker per file; same results: on any
 * failure it falls back to the ordinary parser). Where eval is refused zod keeps the ordinary one.
 * Only the worker carries the compiler, so the page's own script stays small.
 */
let fastSchema: Pick<typeof BundleSchema, 'safeParse'> | undefined;
function bundleSchema(): Pick<typeof BundleSchema, 'safeParse'> {
  if (!fastSchema) {
    try {
      fastSchema = compile(BundleSchema);
    } catch {
      fastSchema = BundleSchema;
    }
  }
  return fastSchema;
}

scope.onmessage = (event) => {
  const req = event.data;
  if (req.type !== 'read') return;
  void (async () => {
    try {
      const reader = { catalog: createCatalog(req.instruments), schema: bundleSchema() };
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
          scope.postMessage({ type: 'chunk', id: req.id, done, total, outcomes });
          outcomes = [];
          t1 = performance.now();
        };
        for (const [i, bytes] of contents.entries()) {
          const file = req.files[start + i]!;
          const name = file.webkitRelativePath || file.name;
          if (!isZip(bytes)) {
            outcomes.push(...readInput({ name, bytes }, reader));
            continue;
          }
          // A ZIP holds thousands of files: send its results in slices so the page applies them
          // while the rest are read.
          const inner: ImportInput[] | ReadOutcome = unzipInputs(name, bytes);
          if (!Array.isArray(inner)) {
            outcomes.push(inner);
            continue;
          }
          for (let k = 0; k < inner.length; k += req.chunk) {
            for (const input of inner.slice(k, k + req.chunk)) outcomes.push(...readInput(input, reader));
            if (k + req.chunk < inner.length) post(start + i);
          }
        }
        post(start + contents.length);
      }
      scope.postMessage({ type: 'done', id: req.id, readMs, parseMs });
    } catch (error) {
      scope.postMessage({ type: 'failed', id: req.id, message: String(error) });
    }
  })();
};
