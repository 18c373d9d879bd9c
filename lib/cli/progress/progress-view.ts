import type { SettledBatchEvent } from '../../events/batch-event';
import type { CliIo } from '../io';
import { LineView } from './line-view';
import { LiveView } from './live-view';
import type { RunStatus } from './run-status';

export interface RunUpdate {
  job: number;
  /** The run's status after `event`. */
  status: RunStatus;
  event: SettledBatchEvent['event'];
}

/** How a command shows its runs while they go. Progress goes to stderr, documents to stdout. */
export interface ProgressView {
  update(update: RunUpdate): void;
  /** A line about one run that is not an event (where its files were written). */
  note(job: number, text: string): void;
  /** A finished document for stdout, written as soon as the display allows. */
  print(text: string): void;
  /** Ends the display and restores the terminal; calling it again does nothing. */
  stop(): void;
}

export interface ViewOptions {
  /** Every run's label, in job order. */
  labels: readonly string[];
}

/**
 * Live bars when a person is watching (stdout and stderr both terminals), plain lines free of
 * control codes otherwise (CI logs, pipes, files, `--json | jq`).
 */
export function progressViewFor(io: CliIo, options: ViewOptions): ProgressView {
  const live = Boolean(io.stdout.isTTY && io.stderr.isTTY) && io.env.TERM !== 'dumb';
  return live ? new LiveView(io, options) : new LineView(io, options);
}
