import type { CliIo } from '../io';
import { terminalText } from '../terminal-text';
import { describeEvent, runPrefix } from './describe';
import type { ProgressView, RunUpdate, ViewOptions } from './progress-view';

/** One plain line per event worth telling, on stderr: readable in a log, free of control codes. */
export class LineView implements ProgressView {
  readonly #io: CliIo;
  readonly #labels: readonly string[];

  constructor(io: CliIo, options: ViewOptions) {
    this.#io = io;
    this.#labels = options.labels;
  }

  update({ job, status, event }: RunUpdate): void {
    if (event.type !== 'token') this.note(job, describeEvent(status, event));
  }

  note(job: number, text: string): void {
    this.#io.stderr.write(terminalText(`${runPrefix(this.#labels, job)}${text}\n`));
  }

  print(text: string): void {
    this.#io.stdout.write(terminalText(text));
  }

  stop(): void {}
}
