import { forkJoin, map, type Observable } from 'rxjs';
import { documents$ } from '../generation/generation';
import { renderedRequest } from '../generation/rendered-request';
import { RunContext, type GeneratorContext } from '../generation/run-context';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { ChatRequest } from '../providers/provider';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';

/** One config of a batch, rendered exactly as `generate$` would render it, with the body a live request would send. */
export interface PreparedJob {
  index: number;
  /** The line's id at the provider: unique in the batch, and within every provider's rules. */
  customId: string;
  run: RunContext;
  documents: DataDocument[];
  prompt: RenderedPrompt;
  /** What the line asks of the model: a live run's request, whole rather than streamed. */
  chat: ChatRequest;
  body: unknown;
}

export function customIdOf(index: number): string {
  return `job-${index}`;
}

/** Loads each config's data and renders its prompt and request body, in input order. */
export function preparedJobs$(generator: GeneratorContext, configs: readonly ResolvedPersonaConfig[]): Observable<PreparedJob[]> {
  const { adapter, connection } = generator.provider;
  return forkJoin(
    configs.map((config, index) => {
      const run = new RunContext(generator, config);
      return documents$(run).pipe(
        map((documents): PreparedJob => {
          const { prompt, chat } = renderedRequest(run, documents, false);
          return { index, customId: customIdOf(index), run, documents, prompt, chat, body: adapter.toRequest(chat, connection).body };
        }),
      );
    }),
  );
}
