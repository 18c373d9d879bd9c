import type { PersonaError } from '../errors';
import type { GenerationResult } from '../schemas/result';
import { formatUsd } from '../cost/format-usd';
import { formatSeconds, formatTokens } from './format';

export type RunOutcome =
  | { status: 'done'; result: GenerationResult; outDir?: string; resumed?: true }
  | { status: 'failed'; error: PersonaError };

/** How each run of a `generate` ended, and what the command says about all of them. */
export class RunReport {
  readonly #labels: readonly string[];
  readonly #outcomes: (RunOutcome | undefined)[] = [];

  constructor(labels: readonly string[]) {
    this.#labels = labels;
  }

  record(job: number, outcome: RunOutcome): void {
    this.#outcomes[job] = outcome;
  }

  get failed(): number {
    return this.#count('failed');
  }

  /** Runs replayed from an earlier, interrupted run of the same `--resume` batch. */
  get resumed(): number {
    return this.#outcomes.filter((outcome) => outcome?.status === 'done' && outcome.resumed).length;
  }

  /** One line once every run has ended. */
  summary(elapsedMs: number): string {
    const results = this.#results();
    const personas = results.reduce((sum, result) => sum + result.personas.length, 0);
    const total = (pick: (result: GenerationResult) => number): number => results.reduce((sum, result) => sum + pick(result), 0);
    const tokens = {
      inputTokens: total((result) => result.usage.inputTokens),
      outputTokens: total((result) => result.usage.outputTokens),
      totalTokens: total((result) => result.usage.totalTokens),
    };
    const priced = results.filter((result) => result.costUsd !== undefined);
    const cost = priced.length ? `, ${formatUsd(priced.reduce((sum, result) => sum + (result.costUsd ?? 0), 0))}` : '';
    const quotesVerified = results.reduce((sum, result) => sum + result.quality.quotesVerified, 0);
    const quotesTotal = results.reduce((sum, result) => sum + result.quality.quotesTotal, 0);
    const failed = this.failed ? `; ${this.failed} failed` : '';
    return `${results.length} of ${this.#labels.length} run(s) done: ${personas} persona(s), quotes verified ${quotesVerified}/${quotesTotal}, ${formatTokens(tokens)}${cost}, ${formatSeconds(elapsedMs)}${failed}\n`;
  }

  /** One line after Ctrl-C stopped the batch. */
  cancelled(): string {
    const finished = this.#count('done');
    const stopped = this.#labels.length - finished - this.failed;
    return `Cancelled (Ctrl-C): ${finished} of ${this.#labels.length} run(s) had finished, ${stopped} stopped; a stopped run leaves nothing on disk.\n`;
  }

  /** The `--json` document: every run in job order, with its result or its error. */
  toJSON(): { runs: unknown[] } {
    return {
      runs: this.#labels.map((label, job) => {
        const outcome = this.#outcomes[job];
        if (outcome?.status === 'failed') return { label, status: 'failed', error: outcome.error.toJSON() };
        return { label, ...outcome };
      }),
    };
  }

  #count(status: RunOutcome['status']): number {
    return this.#outcomes.filter((outcome) => outcome?.status === status).length;
  }

  #results(): GenerationResult[] {
    return this.#outcomes.flatMap((outcome) => (outcome?.status === 'done' ? [outcome.result] : []));
  }
}
