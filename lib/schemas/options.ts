import { z } from 'zod';
import type { RunStore } from './run-store';
import { LimitMsSchema, TimerMsSchema } from './duration';
import { ProviderNameSchema } from './provider-name';

export { ProviderNameSchema, type ProviderName } from './provider-name';

/** No model comes near this many tokens; a larger window is a typo. */
const MAX_CONTEXT_WINDOW = 100_000_000;

/** Past about this size a JavaScript string cannot hold the answer at all. */
const MAX_RESPONSE_BYTES_LIMIT = 512 * 1024 * 1024;

function isRunStore(value: unknown): value is RunStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RunStore).loadData$ === 'function' &&
    typeof (value as RunStore).saveRun$ === 'function'
  );
}

/** What the library needs of an OpenTelemetry `TracerProvider`, so that its types never require the package. */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): unknown;
}

function isTracerProvider(value: unknown): value is TracerProviderLike {
  return typeof value === 'object' && value !== null && typeof (value as TracerProviderLike).getTracer === 'function';
}

/** `false`: no spans and no metrics. `recordContent`: prompts, research data and answers go on the spans too. */
export const TelemetryOptionsSchema = z.union([z.literal(false), z.strictObject({ recordContent: z.boolean().default(false) })]);
export type TelemetryOptions = z.input<typeof TelemetryOptionsSchema>;

export const GeneratorOptionsSchema = z.strictObject({
  provider: ProviderNameSchema.optional(),
  model: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  /** An `http:` or `https:` endpoint; anything else could never be fetched. */
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http: or https: URL' }).optional(),
  /** Extra request headers, for proxies and opt-in browser headers. */
  headers: z.record(z.string(), z.string()).optional(),
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** First backoff step; later steps double, each drawn with full jitter. */
  retryBaseDelayMs: TimerMsSchema.default(500),
  retryMaxDelayMs: TimerMsSchema.default(30_000),
  /** One HTTP attempt, streaming included: generous, as long answers stream for minutes. */
  requestTimeoutMs: LimitMsSchema.default(600_000),
  /** Silence inside a stream, thinking models included. */
  idleTimeoutMs: LimitMsSchema.default(60_000),
  /** Whole-run deadline applied to every run unless the run sets its own. */
  timeoutMs: LimitMsSchema.optional(),
  maxConcurrentRequests: z.number().int().min(1).max(1000).default(4),
  /** The largest answer accepted, in bytes: a bigger one fails with ParseError while it arrives. */
  maxResponseBytes: z.number().int().positive().max(MAX_RESPONSE_BYTES_LIMIT).default(8 * 1024 * 1024),
  /**
   * Read the providers' rate-limit headers, hold requests while the account's budget is spent,
   * and narrow concurrency on 429s (widening it again on successes), between 1 and
   * `maxConcurrentRequests`. `false`: a fixed `maxConcurrentRequests`.
   */
  adaptiveConcurrency: z.boolean().default(true),
  /**
   * Runs sharing a prompt prefix that would start together start one first and the rest once its
   * response has begun, when the provider has cached the prefix: they read it instead of each
   * writing it. `false`: all start at once.
   */
  cacheWarmup: z.boolean().default(true),
  /** Limits the caller knows its account has: requests are paced to stay within them. */
  rateLimit: z
    .strictObject({
      requestsPerMinute: z.number().positive().max(1e9).optional(),
      tokensPerMinute: z.number().positive().max(1e12).optional(),
    })
    .optional(),
  stream: z.boolean().default(true),
  /**
   * Tokens of prompt plus output the model accepts in one request, for a model the registry does
   * not know or a deployment with a window of its own; overrides the registry's.
   */
  contextWindow: z.number().int().positive().max(MAX_CONTEXT_WINDOW).optional(),
  /**
   * 'auto' asks for the personas through the provider's native JSON-schema mode; 'off' asks in
   * the prompt only. Left out: 'auto', except for 'openai-compatible' servers.
   */
  structuredOutput: z.enum(['auto', 'off']).optional(),
  experiment: z.custom<RunStore>(isRunStore, { message: 'must be an Experiment' }).optional(),
  /** Where the run spans go when `@opentelemetry/api` is installed; left out: the global tracer provider. */
  tracerProvider: z.custom<TracerProviderLike>(isTracerProvider, { message: 'must be an OpenTelemetry TracerProvider' }).optional(),
  telemetry: TelemetryOptionsSchema.default({ recordContent: false }),
});

export type GeneratorOptions = z.input<typeof GeneratorOptionsSchema>;
export type ResolvedGeneratorOptions = z.output<typeof GeneratorOptionsSchema>;

/** Per-run options of `generate$`: a run's own deadline and cancellation sources. */
export const RunOptionsSchema = z.strictObject({
  timeoutMs: LimitMsSchema.optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: 'must be an AbortSignal' }).optional(),
});
export type RunOptions = z.input<typeof RunOptionsSchema>;
