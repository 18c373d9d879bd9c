import { catchError, concat, concatMap, defer, EMPTY, forkJoin, map, of, throwError, type Observable } from 'rxjs';
import { withinBudget, type Resent } from '../operators/within-budget';
import { affordable } from '../cost/affordable';
import { estimateWith, type CostEstimate, type CostRequest } from '../cost/estimate';
import { tokenCounter$, type TokenCounter } from '../cost/token-counter';
import { chunkedTokens } from '../chunking/chunked-estimate';
import { costOf, priceOf } from '../cost/pricing';
import { addUsage, chunkedAnswer$, type ChunkedAnswer } from '../chunking/chunked-answer';
import { consolidationOf } from '../chunking/candidates';
import { contextWindowOf, dataPlan$, planInput } from '../chunking/data-plan';
import { planData, type ChunkedPlan, type DataPlan } from '../chunking/plan-data';
import { ConfigurationError, ContextWindowError, ParseError } from '../errors';
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
interface Planned extends Prepared {
  /** The run, its stages those of its plan. */
  run: RunContext;
  plan: DataPlan;
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
    return runSpan$(generator.telemetry, { provider: generator.provider, config }, (span) =>
      prepare$(new RunContext(generator, config, job, span)).pipe(
        thenStage(({ run, plan, documents }: Planned) => (plan.kind === 'chunks' ? chunked$(run, plan, documents) : single$(run, documents))),
        runDeadline(timeoutMs),
        abortWith(signal),
      ),
    );
  });
}

/**
 * What a run of `configInput` would cost: its data prepared and its prompt rendered, no request
 * made. With data larger than the model's window, every chunk and consolidation request counted.
 */
export function costEstimate$(generator: GeneratorContext, configInput: PersonaConfig): Observable<CostEstimate> {
  return defer(() => {
    const run = new RunContext(generator, parseOrThrow(PersonaConfigSchema, configInput, 'persona config'));
    const { adapter, model } = run.generator.provider;
    return documents$(run).pipe(
      concatMap((documents) =>
        forkJoin([tokenCounter$(adapter.name, model), tokenCounter$(adapter.name, model, 'window')]).pipe(
          map(([priced, windowed]) => estimateOf(run, documents, priced, windowed)),
        ),
      ),
    );
  });
}

/** The estimate of one request, or of every chunk and consolidation request, planned as the run plans (with `windowed`), priced with `priced`. */
function estimateOf(run: RunContext, documents: DataDocument[], priced: TokenCounter, windowed: TokenCounter): CostEstimate {
  const estimate = estimateWith(priced, costRequest(run, renderedRequest(run, documents).prompt));
  const contextWindow = contextWindowOf(run);
  if (contextWindow === undefined || run.config.chunking === 'off') return estimate;
  const plan = planData(planInput(run, documents, contextWindow, windowed));
  if (plan.kind !== 'chunks') return estimate;
  const { inputTokens, outputTokens, consolidations } = chunkedTokens(plan, planInput(run, documents, contextWindow, priced), run.config);
  const price = priceOf(estimate.provider, estimate.model);
  return {
    ...estimate,
    inputTokens,
    outputTokens,
    ...(price ? { costUsd: costOf({ inputTokens, outputTokens }, price) } : {}),
    contextWindow,
    chunks: plan.chunks.length,
    consolidations,
  };
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

/** The stages of a run whose data fits one request; re-planned in chunks when the provider refuses it as too long. */
function single$(run: RunContext, documents: DataDocument[]): Observable<GenerationEvent> {
  return render$(run, { documents }).pipe(
    thenStage((rendered: Rendered) => request$(run, rendered)),
    // Refused as too long before the request (an Ollama model's own length) or by the provider.
    catchError((error: unknown) => replanned$(run, documents, error)),
    thenStage((received: Received) => parse$(run, received)),
    thenStage((result: GenerationResult) => save$(run, result)),
  );
}

/** The stages of a run over data larger than the window: its chunks and consolidations, then parse and save as any run. */
function chunked$(run: RunContext, plan: ChunkedPlan, documents: DataDocument[]): Observable<GenerationEvent> {
  const consolidations = plan.levels.reduce((total, requests) => total + requests, 0);
  return concat(
    of(run.progress('render', `Cut ${documents.length} source(s) into ${plan.chunks.length} chunks for ${consolidations} consolidation request(s)`)),
    chunkedBudget$(run, plan, documents),
    chunkedAnswer$(run, plan, documents, (request, plain) => answer$(run, request, plain)),
  ).pipe(
    thenStage((chunked: ChunkedAnswer) => chunkedParse$(run, plan, documents, chunked)),
    thenStage((result: GenerationResult) => save$(run, result)),
  );
}

/** A chunked run held to `budgetUsd` before its first request, its estimate counting every chunk and consolidation request. */
function chunkedBudget$(run: RunContext, plan: ChunkedPlan, documents: DataDocument[]): Observable<never> {
  const { budgetUsd } = run.config;
  if (budgetUsd === undefined) return EMPTY;
  const { adapter, model } = run.generator.provider;
  return tokenCounter$(adapter.name, model).pipe(
    concatMap((counter) => {
      affordable(budgetUsd, adapter.name, model, chunkedTokens(plan, planInput(run, documents, plan.contextWindow, counter), run.config));
      return EMPTY;
    }),
  );
}

/**
 * After the provider refused the prompt as too long: with chunking 'auto', once more, planned for
 * the window the refusal names (narrowed by how much the provider's count exceeded ours, if it
 * still seems to fit), announced by a `retry` event. Any other failure stays the run's.
 */
function replanned$(run: RunContext, documents: DataDocument[], error: unknown): Observable<GenerationEvent> {
  if (!(error instanceof ContextWindowError) || error.contextWindow === undefined || run.config.chunking !== 'auto') return throwError(() => error);
  const { contextWindow, promptTokens } = error;
  const retry: RetryEvent = {
    type: 'retry',
    attempt: 2,
    delayMs: 0,
    reason: `${run.generator.provider.adapter.name} refused the prompt as too long for its context window of ${contextWindow} tokens; splitting the research data into chunks`,
    discarded: { tokens: 0, personas: 0 },
  };
  const narrowed = (plan: DataPlan): Observable<DataPlan> =>
    plan.kind === 'fits' && promptTokens !== undefined && promptTokens > plan.promptTokens
      ? dataPlan$(run, documents, Math.floor((contextWindow * plan.promptTokens) / promptTokens))
      : of(plan);
  return concat(
    of(retry),
    dataPlan$(run, documents, contextWindow).pipe(
      concatMap(narrowed),
      concatMap((plan) => (plan.kind === 'chunks' ? chunked$(plannedRun(run, plan), plan, documents) : throwError(() => error))),
    ),
  );
}

/**
 * The research data and how it will be sent, decided before the first event so that every
 * progress event carries the run's fixed total: one request, or chunks and consolidations.
 */
function prepare$(run: RunContext): Stage<Planned> {
  return documents$(run).pipe(
    concatMap((documents) => dataPlan$(run, documents).pipe(map((plan) => ({ documents, plan })))),
    concatMap(({ documents, plan }) => {
      const planned = plannedRun(run, plan);
      return of(planned.progress('prepare', withDeprecationNotice(planned, 'Preparing research data')), handoff({ documents, plan, run: planned }));
    }),
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
    answer$(run, rendered.request, () => plainRequest(run, rendered.documents, rendered.request.chat.stream)),
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
function answer$(run: RunContext, request: RenderedRequest, plainFor: () => RenderedRequest): Observable<RunItem | Resent> {
  if (!request.chat.structured) return attempts$(run, request);
  return attempts$(run, request).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof SchemaModeRefused)) return throwError(() => error);
      const { refusal, attempt } = error;
      const rendered = plainFor();
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

/** The whole answer made the result. */
function parse$(run: RunContext, received: Received): Stage<GenerationResult> {
  const { adapter, model } = run.generator.provider;
  return parsed$(run, received.answer, runResult(run, received, received.answer, { price: priceOf(adapter.name, model) }));
}

/**
 * A chunked run's result: the final consolidation's answer made the result, checked against the
 * whole original data, with which candidates each persona merged and every request's usage and cost.
 */
function chunkedParse$(run: RunContext, plan: ChunkedPlan, documents: DataDocument[], { answer, sets, usage }: ChunkedAnswer): Stage<GenerationResult> {
  const { adapter, model } = run.generator.provider;
  const price = priceOf(adapter.name, model);
  const final = runResult(run, { documents }, answer, { price });
  const { personas, consolidation } = consolidationOf(final.personas, sets);
  const total = addUsage(final.usage, usage);
  const costUsd = price && costOf(total, price);
  return parsed$(run, answer, { ...final, personas, usage: total, ...(costUsd === undefined ? {} : { costUsd }), chunks: plan.chunks.length, consolidation });
}

/** The parse stage's events: the personas streaming did not emit yet, then the result for the next stage. */
function parsed$(run: RunContext, answer: Answer, result: GenerationResult): Stage<GenerationResult> {
  const progress = run.progress('parse', 'Parsing personas');
  if (result.personas.length < answer.streamedPersonas) {
    throw new ParseError('The final output holds fewer personas than were streamed', answer.text);
  }
  const remaining = result.personas.slice(answer.streamedPersonas).map(
    (persona, offset): PersonaEvent => ({ type: 'persona', index: answer.streamedPersonas + offset, persona, attempt: answer.attempt }),
  );
  return of(progress, ...remaining, handoff(result));
}

/** The run with the stages of its plan; refused before any request when its data cannot be sent as planned. */
function plannedRun(run: RunContext, plan: DataPlan): RunContext {
  if (plan.kind === 'fits') return run;
  if (plan.kind === 'no-fit') {
    throw new ContextWindowError({ promptTokens: plan.promptTokens, contextWindow: plan.contextWindow, maxTokens: run.config.maxTokens });
  }
  return run.chunked({ chunks: plan.chunks.length, consolidations: plan.levels.reduce((total, requests) => total + requests, 0) });
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
