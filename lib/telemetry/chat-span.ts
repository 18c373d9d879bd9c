import type { Attributes } from '@opentelemetry/api';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { ProviderError } from '../errors';
import { redactSecrets } from '../errors/redact';
import type { ResponseChunk } from '../generation/provider-response';
import { mergeUsage } from '../generation/usage';
import type { ResolvedProvider } from '../providers/connection';
import type { ChatRequest, TokenUsage } from '../providers/provider';
import { chatAttributes, textMessages } from './gen-ai';
import { errorType, type OpenSpan } from './open-span';
import { spanned$, type EndingSpan } from './spanned';

/**
 * One HTTP attempt of a run as a GenAI `chat {model}` client span, a child of the run's span,
 * with the conventions' metrics recorded when it ends. Without a run span it changes nothing.
 */
export function chatSpan(run: OpenSpan | undefined, provider: ResolvedProvider, chat: ChatRequest, attempt: number): MonoTypeOperatorFunction<ResponseChunk[]> {
  if (!run) return (response$) => response$;
  return (response$) =>
    spanned$(
      () => new ChatAttempt(run, provider, chat, attempt),
      () => response$,
      { next: (span, chunks) => span.accept(chunks) },
    );
}

/** The span of one attempt and what its response said so far. */
class ChatAttempt implements EndingSpan {
  private readonly span: OpenSpan;
  private readonly shared: Attributes;
  private readonly startedAt = performance.now();
  private usage: TokenUsage = {};
  private finished = false;
  private text = '';

  constructor(
    run: OpenSpan,
    provider: ResolvedProvider,
    chat: ChatRequest,
    attempt: number,
  ) {
    const { api, recordContent } = run.telemetry;
    this.shared = chatAttributes(provider, chat);
    this.span = run.child(
      `chat ${chat.model}`,
      {
        ...this.shared,
        'gen_ai.request.max_tokens': chat.maxTokens,
        'gen_ai.request.temperature': chat.temperature,
        'persona.attempt': attempt,
        ...(recordContent ? requestContent(chat) : {}),
      },
      api.SpanKind.CLIENT,
    );
  }

  private get recordContent(): boolean {
    return this.span.telemetry.recordContent;
  }

  accept(chunks: readonly ResponseChunk[]): void {
    for (const chunk of chunks) {
      if (chunk.type === 'usage') this.usage = mergeUsage(this.usage, chunk.usage);
      else if (chunk.type === 'end') this.finished = true;
      else if (this.recordContent) this.text += chunk.delta;
    }
  }

  end(): void {
    const { span } = this.span;
    const { inputTokens, outputTokens } = this.usage;
    if (this.span.recording) {
      span.setAttributes({
        ...(this.finished ? { 'gen_ai.response.finish_reasons': ['stop'] } : {}),
        ...(inputTokens === undefined ? {} : { 'gen_ai.usage.input_tokens': inputTokens }),
        ...(outputTokens === undefined ? {} : { 'gen_ai.usage.output_tokens': outputTokens }),
        ...(this.recordContent ? { 'gen_ai.output.messages': textMessages('assistant', redactSecrets(this.text), { finish_reason: 'stop' }) } : {}),
      });
    }
    this.recordMetrics();
    this.span.end();
  }

  fail(error: unknown): void {
    if (error instanceof ProviderError && error.status === 429) {
      this.span.span.addEvent('persona.rate_limited', error.retryAfterMs === undefined ? {} : { 'persona.retry_after_ms': error.retryAfterMs });
    }
    this.recordMetrics({ 'error.type': errorType(error) });
    this.span.fail(error);
  }

  cancel(): void {
    this.span.cancel();
  }

  private recordMetrics(outcome: Attributes = {}): void {
    const { tokenUsage, operationDuration } = this.span.telemetry.metrics;
    const attributes = { ...this.shared, ...outcome };
    operationDuration.record((performance.now() - this.startedAt) / 1000, attributes);
    const { inputTokens, outputTokens } = this.usage;
    if (inputTokens !== undefined) tokenUsage.record(inputTokens, { ...attributes, 'gen_ai.token.type': 'input' });
    if (outputTokens !== undefined) tokenUsage.record(outputTokens, { ...attributes, 'gen_ai.token.type': 'output' });
  }
}

/** The prompt as the conventions record it, only when the generator opted in; secrets never. */
function requestContent(chat: ChatRequest): Attributes {
  return {
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: redactSecrets(chat.system) }]),
    'gen_ai.input.messages': textMessages('user', redactSecrets(chat.prompt)),
  };
}
