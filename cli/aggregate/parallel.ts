// phieu aggregate on several threads: worker threads read, check, re-score and count shares of the
// .json files (batches handed out as they finish; ordinary response files the fast way, as on one
// thread: fast-read.ts, fast-tally.ts), the main thread reads its own batches and every
// .txt file (codes are unpacked within one budget for the whole run, in file order). Each thread
// counts the first send of each sheet it meets; the main thread applies the duplicate rules to
// every outcome in file order (collect.ts) and adds up the threads' counts, recounting the cells
// where a sheet came more than once. The report is the one a single thread makes, byte for byte.
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  MAX_RESPONSE_BYTES,
  createCodeBudget,
  type CodeBudget,
  type Instrument,
  type Lang,
  type ReadOptions,
  type TallyState,
} from '../../src/core/index.ts';
import { createFastUnitTally, type FastUnitTally } from '../../src/core/fast-tally.ts';
import { hasExtension, readFileLimited, readSources, type Source } from '../files.ts';
import { oneLine } from '../output.ts';
import { readOptions, readSource } from '../reader.ts';
import { readResponseFileFast } from './fast-read.ts';
import { outcomeOf, responseOutcomeOf, type Outcome, type ResponseOutcome, type Selection } from './outcome.ts';

/** What a run needs to read files the same way on every thread. */
export interface ReadPlan {
  selection: Selection;
  lang: Lang;
  csv: boolean;
  /** The reader's clock, the same for every thread (files dated after tomorrow are refused). */
  now: number;
}

/** The outcomes of each file, by its position in the list, and the counts each thread made. */
export interface ParallelRead {
  outcomes: Outcome[][];
  counts: { group: string; cell: string; state: TallyState }[];
}

const WORKER_FLAG = 'phieu-aggregate-worker';

/**
 * How many threads to use when not told: one, unless the run is province-sized and the machine has
 * cores to spare. On 2 cores a second thread gained ~5 % at best and cost ~40 % more CPU, and lost
 * badly when the machine was busy with something else (docs/benchmarks.md).
 */
export function defaultJobs(files: number): number {
  const cores = availableParallelism();
  return files < 20000 || cores < 4 ? 1 : Math.min(cores, 8);
}

export function isTxt(file: string): boolean {
  return hasExtension(file, '.txt');
}

/** Reads files on this thread, counting the first send of each sheet met here. */
class ThreadReader {
  readonly counts = new Map<string, { group: string; cell: string; tally: FastUnitTally }>();
  private readonly seen = new Set<string>();
  readonly options: ReadOptions;
  private readonly plan: ReadPlan;
  private readonly budget: CodeBudget | undefined;

  constructor(plan: ReadPlan, budget?: CodeBudget) {
    this.plan = plan;
    this.budget = budget;
    this.options = { ...readOptions(MAX_RESPONSE_BYTES), now: plan.now };
  }

  read(file: string): Outcome[] {
    if (isTxt(file)) {
      const out: Outcome[] = [];
      for (const source of readSources(file, undefined, this.budget)) out.push(this.readOne(source));
      return out;
    }
    // A .json file is one source (readSources). An ordinary response file is read and scored
    // straight into its cell's counts (fast-read.ts), as on one thread; anything else, or with a
    // CSV (its rows need the full score), by readBundle.
    const fast = this.plan.csv ? undefined : readResponseFileFast(file, this.options);
    if (fast) {
      const o = responseOutcomeOf({ file }, fast.bundle, this.plan.selection);
      if (o.kind === 'response')
        this.count(o, fast.instrument, (t) => t.addScored(fast.bundle.payload.response, fast.scorer));
      return [o];
    }
    const input = readFileLimited(file, MAX_RESPONSE_BYTES);
    return [this.readOne({ label: oneLine(file), file, input: input.ok ? { ok: true, value: input.bytes } : input })];
  }

  private readOne(source: Source): Outcome {
    const r = readSource(source, this.options);
    const o = outcomeOf(source, r, this.plan.selection, this.plan.lang, this.plan.csv);
    if (o.kind === 'response' && r.ok && r.kind === 'response')
      this.count(o, r.instrument, (t) => t.add(r.bundle.payload.response, r.score));
    return o;
  }

  /** Counts a response in its cell's tally, unless a send of its sheet was met here before. */
  private count(o: ResponseOutcome, instrument: Instrument, add: (tally: FastUnitTally) => void): void {
    const first = `${o.group}\n${o.cell}|${o.id}`;
    if (this.seen.has(first)) return;
    this.seen.add(first);
    const at = `${o.group}\n${o.cell}`;
    let c = this.counts.get(at);
    if (!c) {
      c = { group: o.group, cell: o.cell, tally: createFastUnitTally(instrument, o.cell) };
      this.counts.set(at, c);
    }
    add(c.tally);
  }

  states(): ParallelRead['counts'] {
    return [...this.counts.values()].map((c) => ({ group: c.group, cell: c.cell, state: c.tally.state() }));
  }
}

type ToWorker = { batch: number; files: string[] } | { done: true };
type FromWorker = { batch: number; outcomes: Outcome[][] } | { counts: ParallelRead['counts'] };

/**
 * Reads every file on `jobs` threads (this one included). `entry` is the module a worker starts
 * from (the CLI's own launcher).
 */
export async function readInParallel(
  files: readonly string[],
  plan: ReadPlan,
  jobs: number,
  entry: URL,
): Promise<ParallelRead> {
  const outcomes: Outcome[][] = new Array<Outcome[]>(files.length);
  const jsonAt: number[] = [];
  const txtAt: number[] = [];
  files.forEach((f, i) => (isTxt(f) ? txtAt : jsonAt).push(i));
  // Batches small enough to share the files out evenly, large enough that messages stay few.
  const size = Math.min(256, Math.max(16, Math.ceil(jsonAt.length / (jobs * 8))));
  const batches: number[][] = [];
  for (let i = 0; i < jsonAt.length; i += size) batches.push(jsonAt.slice(i, i + size));
  let next = 0;
  const here = new ThreadReader(plan, createCodeBudget());
  const counts: ParallelRead['counts'] = [];

  const workers = Array.from({ length: Math.max(0, jobs - 1) }, () => {
    const w = new Worker(entry, { workerData: { [WORKER_FLAG]: plan } });
    return new Promise<void>((resolve, reject) => {
      // Two batches in flight: the next is there when one is done, even while this thread reads.
      const sent = new Map<number, number[]>();
      let closed = false;
      const give = (): void => {
        if (next >= batches.length) {
          if (sent.size === 0 && !closed) {
            closed = true;
            w.postMessage({ done: true } satisfies ToWorker);
          }
          return;
        }
        const batch = next++;
        sent.set(batch, batches[batch]!);
        w.postMessage({ batch, files: batches[batch]!.map((i) => files[i]!) } satisfies ToWorker);
      };
      let counted = false;
      w.on('message', (m: FromWorker) => {
        if ('counts' in m) {
          // Its last message: the thread ends on its own, while this one goes on.
          counts.push(...m.counts);
          counted = true;
          resolve();
          return;
        }
        const at = sent.get(m.batch)!;
        sent.delete(m.batch);
        m.outcomes.forEach((o, k) => (outcomes[at[k]!] = o));
        give();
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (!counted) reject(new Error(`aggregate worker stopped (${code}) before its counts`));
      });
      give();
      give();
    });
  });

  // This thread: the .txt files in their order (one budget of codes), then batches of .json files,
  // letting the workers' messages in between.
  for (const i of txtAt) outcomes[i] = here.read(files[i]!);
  while (next < batches.length) {
    const batch = batches[next++]!;
    for (const i of batch) outcomes[i] = here.read(files[i]!);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  counts.push(...here.states());
  return { outcomes, counts };
}

/** Runs a worker thread when this module was started as one; otherwise does nothing. */
export function runAggregateWorker(): boolean {
  if (isMainThread || !parentPort) return false;
  const data = workerData as Record<string, ReadPlan> | undefined;
  const plan = data?.[WORKER_FLAG];
  if (!plan) return false;
  const port = parentPort;
  const reader = new ThreadReader(plan);
  const onMessage = (m: ToWorker): void => {
    if ('done' in m) {
      port.postMessage({ counts: reader.states() } satisfies FromWorker);
      // Nothing left to wait for: the thread ends once its last message is on its way.
      port.off('message', onMessage);
      return;
    }
    port.postMessage({ batch: m.batch, outcomes: m.files.map((f) => reader.read(f)) } satisfies FromWorker);
  };
  port.on('message', onMessage);
  return true;
}
