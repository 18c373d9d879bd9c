import type { SettledBatchEvent } from '../../events/batch-event';
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
