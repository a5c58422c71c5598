// The shape of a command: its name, a one-line summary, its help text and what it does.
import type { Message } from '../../src/core/index.ts';

/** A CLI command. `run` returns the exit code (0 ok, 1 some input invalid); usage errors throw. */
export interface Command {
  name: string;
  summary: Message;
  help: string;
  run(argv: string[]): number | Promise<number>;
}
