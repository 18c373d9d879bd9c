import { MultiBar, type SingleBar } from 'cli-progress';
import { formatCount } from '../format';
import type { CliIo } from '../io';
import { terminalText } from '../terminal-text';
import { describeEvent, runPrefix } from './describe';
import type { ProgressView, RunUpdate, ViewOptions } from './progress-view';

const ERASE_TO_END_OF_LINE = '\x1b[K';
const FORMAT = '{label} {bar} {value}/{total} personas | {stage} | {tokens} output tokens | {duration_formatted}';

/**
 * A live bar per run on stderr (stage, tokens streamed, personas so far, elapsed), drawn by
 * cli-progress, with the personas and other news printed above the bars as they come. Documents
 * wait until the bars are gone, so that a terminal's width never cuts them.
 */
export class LiveView implements ProgressView {
  readonly #io: CliIo;
  readonly #labels: readonly string[];
  readonly #paddedLabels: readonly string[];
  readonly #multiBar: MultiBar;
  readonly #bars = new Map<number, SingleBar>();
  readonly #documents: string[] = [];
  #stopped = false;

  constructor(io: CliIo, options: ViewOptions) {
    this.#io = io;
    this.#labels = options.labels;
    const width = Math.max(...options.labels.map((label) => label.length));
    this.#paddedLabels = options.labels.map((label) => label.padEnd(width));
    this.#multiBar = new MultiBar({
      stream: io.stderr as NodeJS.WritableStream,
      format: FORMAT,
      barsize: 20,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      autopadding: true,
      // Lines logged above the bars push them down: every bar must be drawn again, changed or not.
      forceRedraw: true,
    });
  }

  update({ job, status, event }: RunUpdate): void {
    const payload = { label: this.#paddedLabels[job], stage: status.stageLabel, tokens: formatCount(status.tokens) };
    const bar = this.#bars.get(job);
    if (bar) bar.update(status.personas, payload);
    else this.#bars.set(job, this.#multiBar.create(status.count, status.personas, payload));
    if (status.stage === 'done' || status.stage === 'failed') this.#bars.get(job)?.stop();
    // The bar shows the stage and the tokens; the rest deserves a line.
    if (event.type !== 'progress' && event.type !== 'token') this.note(job, describeEvent(status, event));
  }

  note(job: number, text: string): void {
    // Erased to the end of the line: it is written over a bar, which may be longer.
    this.#multiBar.log(`${terminalText(`${runPrefix(this.#labels, job)}${text}`)}${ERASE_TO_END_OF_LINE}\n`);
  }

  print(text: string): void {
    this.#documents.push(terminalText(text));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    // A last redraw prints the lines logged since the previous one; stop() alone would drop them.
    this.#multiBar.update();
    this.#multiBar.stop();
    for (const document of this.#documents) this.#io.stdout.write(document);
  }
}
