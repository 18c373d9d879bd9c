import { concat, concatMap, connect, defer, filter, from, map, merge, of, type Observable } from 'rxjs';
import { withinBudget } from '../cost/budget';
import { estimateCost$, type CostEstimate, type CostRequest } from '../cost/estimate';
import { usageCostUsd } from '../cost/pricing';
import { ConfigurationError, ParseError, TimeoutError } from '../errors';
import type { GenerationEvent, RetryEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import { parsePersonas } from '../parsing/parse-personas';
import { renderPrompt, type RenderedPrompt } from '../prompts/render-prompt';
import type { ChatRequest } from '../providers/provider';
import { abortWith } from '../resilience/abort-with';
import { deadline } from '../resilience/deadline';
import { runDeadline } from '../resilience/run-deadline';
import { retrying, type RetryNotice } from '../resilience/retrying';
import { PersonaConfigSchema, type DataDocument, type PersonaConfig } from '../schemas/config';
import { RunOptionsSchema, type RunOptions } from '../schemas/options';
import type { GenerationResult } from '../schemas/result';
import { parseOrThrow } from '../schemas/validate';
import { AttemptState, type CompletedResponse } from './attempt-state';
import { providerResponse$ } from './provider-response';
import { RunContext, type GeneratorContext } from './run-context';
import { completeUsage } from './usage';

/**
 * One generation as a cold Observable: prepare → render → request → receive → parse (→ save).
 * Everything starts on subscribe, and every resource is owned by the Observable that opened it.
 */
export function generation$(
  generator: GeneratorContext,
  configInput: PersonaConfig,
  runOptions: RunOptions = {},
): Observable<GenerationEvent> {
  return defer(() => {
    const config = parseOrThrow(PersonaConfigSchema, configInput, 'persona config');
    const { timeoutMs = generator.options.timeoutMs, signal } = parseOrThrow(RunOptionsSchema, runOptions, 'run options');
    return stages$(new RunContext(generator, config)).pipe(runDeadline(timeoutMs), abortWith(signal));
  });
}

/** What a run of `configInput` would cost: its data prepared and its prompt rendered, no request made. */
export function costEstimate$(generator: GeneratorContext, configInput: PersonaConfig): Observable<CostEstimate> {
  return defer(() => {
    const run = new RunContext(generator, parseOrThrow(PersonaConfigSchema, configInput, 'persona config'));
    return documents$(run).pipe(concatMap((documents) => estimateCost$(costRequest(run, renderPrompt(run.config, documents)))));
  });
}

function costRequest(run: RunContext, prompt: RenderedPrompt): CostRequest {
  return { provider: run.generator.provider.adapter.name, model: run.generator.provider.model, prompt, config: run.config };
}

function stages$(run: RunContext): Observable<GenerationEvent> {
  return concat(
    of(run.progress('prepare', 'Preparing research data')),
    documents$(run).pipe(
      concatMap((documents) =>
        concat(
          of(run.progress('render', `Rendering the prompt from ${documents.length} source(s)`)),
          defer(() => respond$(run, renderPrompt(run.config, documents), documents)),
        ),
      ),
    ),
  );
}

function documents$(run: RunContext): Observable<DataDocument[]> {
  const { data } = run.config;
  if (typeof data === 'string') return of([{ name: 'data', content: data }]);
  if (data) return of(data);
  const store = run.generator.options.experiment;
  if (store) return store.loadData$();
  throw new ConfigurationError('No research data: pass `data` in the config or bind the generator to an experiment', [
    { path: 'data', message: 'required without an experiment' },
  ]);
}

function respond$(run: RunContext, prompt: RenderedPrompt, documents: DataDocument[]): Observable<GenerationEvent> {
  const { adapter } = run.generator.provider;
  const chat: ChatRequest = {
    model: run.generator.provider.model,
    system: prompt.system,
    prompt: prompt.prompt,
    temperature: run.config.temperature,
    maxTokens: run.config.maxTokens,
    stream: run.generator.options.stream,
  };
  return concat(
    of(run.progress('request', `Requesting ${run.config.count} persona(s) from ${adapter.name} (${chat.model})`)),
    attempts$(run, chat).pipe(
      connect((items$) =>
        merge(
          items$.pipe(filter((item): item is GenerationEvent => item.type !== 'completed')),
          items$.pipe(
            filter((item): item is CompletedResponse => item.type === 'completed'),
            concatMap((response) => finish$(run, response, prompt, documents)),
          ),
        ),
      ),
    ),
  ).pipe(withinBudget(run.config.budgetUsd, costRequest(run, prompt)));
}

/** The HTTP attempts of a run, retried as one policy says, each holding a limiter slot while it runs. */
function attempts$(run: RunContext, chat: ChatRequest): Observable<GenerationEvent | CompletedResponse> {
  const { options, provider, limiter } = run.generator;
  return defer(() => {
    let current: AttemptState | undefined;
    let receiveAnnounced = false;
    const attempt$ = (attempt: number): Observable<GenerationEvent | CompletedResponse> =>
      defer(() => {
        const state = new AttemptState(attempt, chat.stream);
        current = state;
        const response$ = providerResponse$(provider, chat, options).pipe(
          deadline(
            options.requestTimeoutMs,
            () =>
              new TimeoutError(`Attempt ${attempt} exceeded requestTimeoutMs (${options.requestTimeoutMs} ms)`, {
                stage: state.receiving ? 'receive' : 'request',
                timeoutMs: options.requestTimeoutMs,
                retryable: true,
              }),
          ),
        );
        return concat(
          limiter.run(response$).pipe(
            flatMapSync((chunk) => {
              const events = state.accept(chunk);
              if (receiveAnnounced) return events;
              receiveAnnounced = true;
              return [run.progress('receive', `Receiving the response from ${provider.adapter.name}`), ...events];
            }),
          ),
          defer(() => of(state.completed())),
        );
      });
    return retrying(attempt$, {
      maxRetries: options.maxRetries,
      baseDelayMs: options.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs,
    }).pipe(map((item) => (item.type === 'retry-notice' ? retryEvent(item, current) : item)));
  });
}

function retryEvent(notice: RetryNotice, failed: AttemptState | undefined): RetryEvent {
  return {
    type: 'retry',
    attempt: notice.attempt,
    delayMs: notice.delayMs,
    reason: notice.error.message,
    discarded: failed?.emitted ?? { tokens: 0, personas: 0 },
  };
}

function finish$(
  run: RunContext,
  response: CompletedResponse,
  prompt: RenderedPrompt,
  documents: DataDocument[],
): Observable<GenerationEvent> {
  return concat(
    of(run.progress('parse', 'Parsing personas')),
    defer(() => {
      const parsed = parsePersonas(response.text);
      if (parsed.personas.length < response.streamedPersonas) {
        throw new ParseError('The final output holds fewer personas than were streamed', response.text);
      }
      const finishedAt = new Date();
      const usage = completeUsage(response.usage, prompt.system + prompt.prompt, response.text);
      const costUsd = usageCostUsd(run.generator.provider.adapter.name, run.generator.provider.model, usage);
      const result: GenerationResult = {
        runId: run.runId,
        personas: parsed.personas,
        ...(parsed.reasoning ? { reasoning: parsed.reasoning } : {}),
        usage,
        ...(costUsd === undefined ? {} : { costUsd }),
        provider: run.generator.provider.adapter.name,
        model: run.generator.provider.model,
        sourceFiles: documents.map((document) => document.name),
        startedAt: run.startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - run.startedAt.getTime(),
        attempts: response.attempts,
      };
      const remaining = parsed.personas
        .slice(response.streamedPersonas)
        .map((persona, offset): GenerationEvent => ({
          type: 'persona',
          index: response.streamedPersonas + offset,
          persona,
          attempt: response.attempts,
        }));
      return concat(from(remaining), save$(run, result));
    }),
  );
}

function save$(run: RunContext, result: GenerationResult): Observable<GenerationEvent> {
  const store = run.generator.options.experiment;
  if (!store) return of({ type: 'result', result });
  return concat(
    of(run.progress('save', 'Saving the run to the experiment')),
    store
      .saveRun$({ result, config: run.config })
      .pipe(map((outputDir): GenerationEvent => ({ type: 'result', result: { ...result, outputDir } }))),
  );
}
