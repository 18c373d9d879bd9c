import { catchError, concat, concatMap, defer, map, of, throwError, type Observable } from 'rxjs';
import { withinBudget, type Resent } from '../operators/within-budget';
import { estimateCost$, type CostEstimate, type CostRequest } from '../cost/estimate';
import { priceOf } from '../cost/pricing';
import { ConfigurationError, ParseError } from '../errors';
import type { GenerationEvent, PersonaEvent, RetryEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import { handoff, thenStage, type Handoff } from '../operators/hand-off';
import type { RenderedPrompt } from '../prompts/render-prompt';
import { abortWith } from '../operators/abort-with';
import { runDeadline } from '../operators/run-deadline';
import { PersonaConfigSchema, type DataDocument, type PersonaConfig } from '../schemas/config';
import { RunOptionsSchema, type RunOptions } from '../schemas/options';
import type { GenerationResult } from '../schemas/result';
import { parseOrThrow } from '../schemas/validate';
import type { Answer } from './attempt-state';
import { attempts$, type RunItem } from './attempts';
import type { JobTag } from '../schemas/job-record';
import { refinePersonas } from './persona-steps';
import { plainRequest, renderedRequest, type RenderedRequest } from './rendered-request';
import { RunContext, type GeneratorContext } from './run-context';
import { runResult } from './run-result';
import { SchemaModeRefused } from './schema-mode-refused';
import { fitWindow$ } from './fit-window';
import { deprecationNotice } from '../models/deprecation-notice';
import { runSpan$ } from '../telemetry/run-span';

/** What a stage emits: its events, and last its output for the next stage. */
type Stage<T> = Observable<GenerationEvent | Handoff<T>>;

interface Prepared {
  documents: DataDocument[];
}
interface Rendered extends Prepared {
  request: RenderedRequest;
}
interface Received extends Rendered {
  answer: Answer;
}

/**
 * One generation as a cold Observable, its stages in the order they run: each emits its progress
 * event (step and total come from the run's plan), its own events, and hands its output to the
 * next. Everything starts on subscribe, and every resource is owned by the Observable that opened it.
 */
export function generation$(
  generator: GeneratorContext,
  configInput: PersonaConfig,
  runOptions: RunOptions = {},
  job?: JobTag,
): Observable<GenerationEvent> {
  return defer(() => {
    const config = parseOrThrow(PersonaConfigSchema, configInput, 'persona config');
    const { timeoutMs = generator.options.timeoutMs, signal } = parseOrThrow(RunOptionsSchema, runOptions, 'run options');
    return runSpan$(generator.telemetry, { provider: generator.provider, config }, (span) => {
      const run = new RunContext(generator, config, job, span);
      return prepare$(run).pipe(
        thenStage((prepared: Prepared) => render$(run, prepared)),
        thenStage((rendered: Rendered) => request$(run, rendered)),
        thenStage((received: Received) => parse$(run, received)),
        thenStage((result: GenerationResult) => save$(run, result)),
        runDeadline(timeoutMs),
        abortWith(signal),
      );
    });
  });
}

/** What a run of `configInput` would cost: its data prepared and its prompt rendered, no request made. */
export function costEstimate$(generator: GeneratorContext, configInput: PersonaConfig): Observable<CostEstimate> {
  return defer(() => {
    const run = new RunContext(generator, parseOrThrow(PersonaConfigSchema, configInput, 'persona config'));
    return documents$(run).pipe(concatMap((documents) => estimateCost$(costRequest(run, renderedRequest(run, documents).prompt))));
  });
}

function costRequest(run: RunContext, prompt: RenderedPrompt): CostRequest {
  const { contextWindow } = run.generator.options;
  return {
    provider: run.generator.provider.adapter.name,
    model: run.generator.provider.model,
    prompt,
    config: run.config,
    ...(contextWindow !== undefined && { contextWindow }),
  };
}

function prepare$(run: RunContext): Stage<Prepared> {
  return concat(
    of(run.progress('prepare', withDeprecationNotice(run, 'Preparing research data'))),
    documents$(run).pipe(map((documents) => handoff({ documents }))),
  );
}

/** The first progress line says once, not as an error, when the run's model is deprecated. */
function withDeprecationNotice(run: RunContext, message: string): string {
  const { adapter, model } = run.generator.provider;
  const notice = deprecationNotice(adapter.name, model, run.startedAt.toISOString().slice(0, 10));
  return notice ? `${message} (warning: ${notice})` : message;
}

/** The research data a run presents: the config's own, else the bound experiment's. */
export function documents$(run: RunContext): Observable<DataDocument[]> {
  const { data } = run.config;
  if (typeof data === 'string') return of([{ name: 'data', content: data }]);
  if (data) return of(data);
  const store = run.generator.options.experiment;
  if (store) return store.loadData$();
  throw new ConfigurationError('No research data: pass `data` in the config or bind the generator to an experiment', [
    { path: 'data', message: 'required without an experiment' },
  ]);
}

function render$(run: RunContext, { documents }: Prepared): Stage<Rendered> {
  return concat(
    of(run.progress('render', `Rendering the prompt from ${documents.length} source(s)`)),
    fitWindow$(run, renderedRequest(run, documents)).pipe(map((request) => handoff({ documents, request }))),
  );
}

function request$(run: RunContext, rendered: Rendered): Stage<Received> {
  const { adapter, model } = run.generator.provider;
  const context = { config: run.config, documents: rendered.documents };
  const announced$: Observable<RunItem | Resent> = concat(
    of(run.progress('request', `Requesting ${run.config.count} persona(s) from ${adapter.name} (${model})`)),
    answer$(run, rendered),
  );
  return announced$.pipe(
    withinBudget(run.config.budgetUsd, costRequest(run, rendered.request.prompt)),
    flatMapSync((item): (GenerationEvent | Handoff<Received>)[] => {
      if (item.type === 'resent') return [];
      if (item.type === 'handoff') return [handoff({ ...rendered, answer: item.value })];
      // Streamed personas pass the same steps as the result's, so their events carry evidence too.
      return [item.type === 'persona' ? { ...item, persona: refinePersonas([item.persona], context)[0] } : item];
    }),
  );
}

/**
 * The attempts, in the provider's schema mode when it is on; when the provider refuses that mode
 * itself, once more with plain JSON prompting, announced by a `retry` event numbered on from the
 * refused attempt (which the refusal carries), its prompt marked for the budget to price.
 */
function answer$(run: RunContext, { documents, request }: Rendered): Observable<RunItem | Resent> {
  if (!request.chat.structured) return attempts$(run, request);
  return attempts$(run, request).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof SchemaModeRefused)) return throwError(() => error);
      const { refusal, attempt } = error;
      const rendered = plainRequest(run, documents, request.chat.stream);
      // The context fitted to the schema-mode request holds the plain one: the schema it drops is longer than the format it spells out.
      const plain = { ...rendered, chat: { ...rendered.chat, ...(request.chat.contextWindow !== undefined && { contextWindow: request.chat.contextWindow }) } };
      const fallback: RetryEvent = {
        type: 'retry',
        attempt: attempt + 1,
        delayMs: 0,
        reason: `${run.generator.provider.adapter.name} refused its JSON-schema mode (${refusal.providerMessage ?? refusal.message}); asking again with plain JSON prompting`,
        discarded: { tokens: 0, personas: 0 },
      };
      const resent: Resent = { type: 'resent', prompt: plain.prompt };
      return concat(of(resent, fallback), attempts$(run, plain, attempt + 1));
    }),
  );
}

/** The whole answer made the result; the personas streaming did not emit yet follow as events. */
function parse$(run: RunContext, received: Received): Stage<GenerationResult> {
  const progress = run.progress('parse', 'Parsing personas');
  const { adapter, model } = run.generator.provider;
  const { answer } = received;
  const result = runResult(run, received, answer, { price: priceOf(adapter.name, model) });
  if (result.personas.length < answer.streamedPersonas) {
    throw new ParseError('The final output holds fewer personas than were streamed', answer.text);
  }
  const remaining = result.personas.slice(answer.streamedPersonas).map(
    (persona, offset): PersonaEvent => ({ type: 'persona', index: answer.streamedPersonas + offset, persona, attempt: answer.attempt }),
  );
  return of(progress, ...remaining, handoff(result));
}

function save$(run: RunContext, result: GenerationResult): Observable<GenerationEvent> {
  const store = run.generator.options.experiment;
  if (!store) return of({ type: 'result', result });
  return concat(
    of(run.progress('save', 'Saving the run to the experiment')),
    store
      .saveRun$({ result, config: run.config, ...(run.job ? { job: run.job } : {}) })
      .pipe(map((outputDir): GenerationEvent => ({ type: 'result', result: { ...result, outputDir } }))),
  );
}
