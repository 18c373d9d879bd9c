import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { CancellationError, ProviderError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import { ANTHROPIC_ERROR_STATUS, ANTHROPIC_VERSION } from '../providers/anthropic';
import { jsonHeaders } from '../providers/provider';
import { providerErrorFor } from '../providers/provider-error';
import type { BatchProtocol, BatchSnapshot, LineResult } from './batch-protocol';
import { batchJson$, batchText$ } from './batch-http';
import { decodeAnswer, jsonLines } from './provider-answer';
import { ProviderBatchIdSchema } from '../schemas/provider-batch-options';

const count = z.number().int().nonnegative();

const BatchSchema = z.object({
  id: ProviderBatchIdSchema,
  processing_status: z.enum(['in_progress', 'canceling', 'ended']),
  request_counts: z.object({ processing: count, succeeded: count, errored: count, canceled: count, expired: count }).partial().nullish(),
  cancel_initiated_at: z.string().nullish(),
});

const ErrorSchema = z.object({ type: z.string().optional(), message: z.string().optional() });

const ResultLineSchema = z.object({
  custom_id: z.string(),
  result: z.discriminatedUnion('type', [
    z.object({ type: z.literal('succeeded'), message: z.unknown() }),
    // The error comes wrapped ({ type: 'error', error: { type, message } }) as in HTTP error bodies.
    z.object({ type: z.literal('errored'), error: ErrorSchema.extend({ error: ErrorSchema.optional() }).optional() }),
    z.object({ type: z.literal('canceled') }),
    z.object({ type: z.literal('expired') }),
  ]),
});

/** Anthropic Message Batches: `/v1/messages/batches`, results as JSONL. */
export function anthropicBatchProtocol(generator: GeneratorContext): BatchProtocol {
  const { adapter, connection } = generator.provider;
  const provider = adapter.name;
  const batches = `${connection.baseURL}/v1/messages/batches`;
  const headers = { 'anthropic-version': ANTHROPIC_VERSION, ...jsonHeaders(connection, (apiKey) => ({ 'x-api-key': apiKey })) };
  const batch$ = (method: 'GET' | 'POST', url: string, body?: unknown): Observable<BatchSnapshot> =>
    batchJson$(generator, { method, url, headers, body }).pipe(map((answer) => snapshotOf(decodeAnswer(BatchSchema, answer, provider, 'message batch'))));

  const lineResult = (answer: unknown): LineResult[] => {
    const parsed = ResultLineSchema.safeParse(answer);
    if (!parsed.success) return [];
    const { custom_id: customId, result } = parsed.data;
    switch (result.type) {
      case 'succeeded':
        return [{ customId, body: result.message }];
      case 'errored': {
        const error = result.error?.error ?? result.error ?? {};
        const message = [error.type, error.message].filter(Boolean).join(': ') || undefined;
        return [{ customId, error: providerErrorFor(provider, ANTHROPIC_ERROR_STATUS[error.type ?? ''] ?? 500, message) }];
      }
      case 'canceled':
        return [{ customId, error: new CancellationError(`${provider} cancelled the batch before this request ran`) }];
      case 'expired':
        return [{ customId, error: new ProviderError(`${provider}: the batch expired before this request ran`, { provider, retryable: false }) }];
    }
  };

  return {
    submit$: (lines) => batch$('POST', batches, { requests: lines.map((line) => ({ custom_id: line.customId, params: line.body })) }),
    status$: (batchId) => batch$('GET', `${batches}/${batchId}`),
    cancel$: (batchId) => batch$('POST', `${batches}/${batchId}/cancel`),
    // Read at its canonical path under the configured base URL, never at a `results_url` the
    // answer names: the key must not follow a URL that came over the wire.
    results$: ({ batchId, total }) =>
      batchText$(generator, { method: 'GET', url: `${batches}/${batchId}/results`, headers }, total).pipe(map((text) => jsonLines(text).flatMap(lineResult))),
  };
}

function snapshotOf(batch: z.output<typeof BatchSchema>): BatchSnapshot {
  const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0, ...batch.request_counts };
  const failed = counts.errored + counts.canceled + counts.expired;
  const status =
    batch.processing_status === 'ended'
      ? batch.cancel_initiated_at
        ? 'cancelled'
        : 'completed'
      : batch.processing_status === 'canceling'
        ? 'cancelling'
        : 'in_progress';
  return {
    batchId: batch.id,
    status,
    completed: counts.succeeded,
    failed,
    total: counts.processing + counts.succeeded + failed,
    resultFiles: [],
  };
}
