import { PersonaError, type PersonaErrorOptions } from './persona-error';
import type { RunStage } from './run-stage';
import { redactSecrets } from './redact';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ConfigurationError extends PersonaError {
  static override readonly errorName: string = 'ConfigurationError';
  override readonly code = 'configuration_error' as const;
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[] = [], options?: PersonaErrorOptions) {
    super(message, options);
    this.issues = issues;
  }

  /** The dotted names of every offending field. */
  get fields(): string[] {
    return this.issues.map((issue) => issue.path);
  }
}

export class DataError extends PersonaError {
  static override readonly errorName: string = 'DataError';
  override readonly code = 'data_error' as const;
  readonly file?: string;

  constructor(message: string, file?: string, options?: PersonaErrorOptions) {
    super(message, options);
    this.file = file;
  }
}

export interface ProviderErrorDetails {
  provider: string;
  status?: number;
  retryable: boolean;
  requestId?: string;
  /** The provider's own error message, scrubbed of secrets. */
  providerMessage?: string;
  /** How long the provider asked us to wait (`retry-after`, `retry-after-ms`). */
  retryAfterMs?: number;
}

export class ProviderError extends PersonaError {
  static override readonly errorName: string = 'ProviderError';
  override readonly code: 'provider_error' | 'authentication_error' | 'rate_limit_error' =
    'provider_error';
  readonly provider: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly requestId?: string;
  readonly providerMessage?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: ProviderErrorDetails, options?: PersonaErrorOptions) {
    super(message, options);
    this.provider = details.provider;
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
    this.retryable = details.retryable;
    this.requestId = details.requestId;
    this.providerMessage =
      details.providerMessage === undefined ? undefined : redactSecrets(details.providerMessage);
  }
}

export class AuthenticationError extends ProviderError {
  static override readonly errorName: string = 'AuthenticationError';
  override readonly code = 'authentication_error' as const;
}

export class RateLimitError extends ProviderError {
  static override readonly errorName: string = 'RateLimitError';
  override readonly code = 'rate_limit_error' as const;
}

export class ParseError extends PersonaError {
  static override readonly errorName: string = 'ParseError';
  override readonly code = 'parse_error' as const;
  /** The start of the model output that could not be parsed. */
  readonly excerpt: string;

  constructor(message: string, output: string, options?: PersonaErrorOptions) {
    super(message, options);
    this.excerpt = redactSecrets(excerptOf(output));
  }
}

const EXCERPT_LENGTH = 200;
function excerptOf(output: string): string {
  const trimmed = output.trim();
  return trimmed.length > EXCERPT_LENGTH ? `${trimmed.slice(0, EXCERPT_LENGTH)}…` : trimmed;
}

export class TimeoutError extends PersonaError {
  static override readonly errorName: string = 'TimeoutError';
  override readonly code = 'timeout_error' as const;
  readonly stage: RunStage;
  readonly timeoutMs: number;
  /** Attempt timeouts are worth retrying; a whole-run deadline is final. */
  readonly retryable: boolean;

  constructor(
    message: string,
    details: { stage: RunStage; timeoutMs: number; retryable: boolean },
  ) {
    super(message);
    this.stage = details.stage;
    this.timeoutMs = details.timeoutMs;
    this.retryable = details.retryable;
  }
}

export class CancellationError extends PersonaError {
  static override readonly errorName: string = 'CancellationError';
  override readonly code = 'cancellation_error' as const;
  readonly reason?: string;

  constructor(reason?: unknown) {
    const text = reasonText(reason);
    super(text ? `Cancelled: ${text}` : 'Cancelled');
    this.reason = text;
  }
}

function reasonText(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  if (reason instanceof Error) return reason.name === 'AbortError' ? undefined : reason.message;
  return String(reason);
}

export class BudgetExceededError extends PersonaError {
  static override readonly errorName: string = 'BudgetExceededError';
  override readonly code = 'budget_exceeded_error' as const;
  readonly budgetUsd: number;
  readonly costUsd: number;

  constructor(message: string, details: { budgetUsd: number; costUsd: number }) {
    super(message);
    this.budgetUsd = details.budgetUsd;
    this.costUsd = details.costUsd;
  }
}

export interface ContextWindowDetails {
  /** Tokens of the prompt, as counted before the request or as the provider's refusal names them. */
  promptTokens?: number;
  /** Tokens of prompt plus output the model accepts, as known before the request or named by the refusal. */
  contextWindow?: number;
  /** Output tokens the request reserves (`maxTokens`), when the count was made before the request. */
  maxTokens?: number;
  /** The provider's own words, when the provider refused the prompt as too long. */
  providerMessage?: string;
}

const count = (tokens: number): string => tokens.toLocaleString('en-US');

function contextWindowMessage({ promptTokens, contextWindow, maxTokens, providerMessage }: ContextWindowDetails): string {
  const prompt = promptTokens === undefined ? 'The prompt' : `The prompt (${count(promptTokens)} tokens)`;
  const room = maxTokens === undefined ? '' : ` with ${count(maxTokens)} tokens kept for the answer (maxTokens)`;
  const window = contextWindow === undefined ? "the model's context window" : `the model's context window of ${count(contextWindow)} tokens`;
  const refused = providerMessage === undefined ? '' : ` (the provider said: ${providerMessage})`;
  return `${prompt} does not fit ${window}${room}${refused}. Let persona-rx split the data into chunks (chunking: 'auto'), use a model with a larger window, or send less research data.`;
}

/**
 * A prompt that cannot fit the model's context window: found by counting before any request, or
 * refused by the provider as too long. Never retried as it is.
 */
export class ContextWindowError extends PersonaError {
  static override readonly errorName: string = 'ContextWindowError';
  override readonly code = 'CONTEXT_WINDOW' as const;
  readonly promptTokens?: number;
  readonly contextWindow?: number;
  readonly maxTokens?: number;
  readonly providerMessage?: string;

  constructor(details: ContextWindowDetails, options?: PersonaErrorOptions) {
    const providerMessage = details.providerMessage === undefined ? undefined : redactSecrets(details.providerMessage);
    super(contextWindowMessage({ ...details, providerMessage }), options);
    this.promptTokens = details.promptTokens;
    this.contextWindow = details.contextWindow;
    this.maxTokens = details.maxTokens;
    this.providerMessage = providerMessage;
  }
}

export class ExperimentError extends PersonaError {
  static override readonly errorName: string = 'ExperimentError';
  override readonly code = 'experiment_error' as const;
}

/** True for failures worth another attempt: the retry operator asks nothing else. */
export function isRetryable(error: unknown): boolean {
  return (
    (error instanceof ProviderError || error instanceof TimeoutError) && error.retryable
  );
}
