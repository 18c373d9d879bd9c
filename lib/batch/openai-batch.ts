import { concatMap, forkJoin, map, of, type Observable } from 'rxjs';
import { z } from 'zod';
import { ProviderError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import { jsonHeaders } from '../providers/provider';
import { providerErrorFor } from '../providers/provider-error';
import type { BatchLine, BatchProtocol, BatchSnapshot, LineResult } from './batch-protocol';
import { batchJson$, batchText$ } from './batch-http';
import { decodeAnswer, jsonLines } from './provider-answer';
import { ProviderBatchIdSchema } from '../schemas/provider-batch-options';

/** The chat endpoint every line calls, as the Batch API names it (a path, not a URL). */
const CHAT_ENDPOINT = '/v1/chat/completions';

const FileSchema = z.object({ id: ProviderBatchIdSchema });

const BatchSchema = z.object({
  id: ProviderBatchIdSchema,
  status: z.enum(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']),
  request_counts: z
    .object({ total: z.number().int().nonnegative(), completed: z.number().int().nonnegative(), failed: z.number().int().nonnegative() })
    .partial()
    .nullish(),
  output_file_id: ProviderBatchIdSchema.nullish(),
  error_file_id: ProviderBatchIdSchema.nullish(),
  errors: z.object({ data: z.array(z.object({ message: z.string().optional() })).optional() }).nullish(),
});

const ResultLineSchema = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number().int(), body: z.unknown() }).nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

/** OpenAI Batch (and servers that copy it): a JSONL file uploaded to `/files`, a batch over it at `/batches`. */
export function openAiBatchProtocol(generator: GeneratorContext): BatchProtocol {
  const { adapter, connection } = generator.provider;
  const provider = adapter.name;
  const base = connection.baseURL;
  const headers = jsonHeaders(connection, (apiKey) => ({ authorization: `Bearer ${apiKey}` }));
  const json$ = (method: 'GET' | 'POST', path: string, body?: unknown): Observable<unknown> =>
    batchJson$(generator, { method, url: `${base}${path}`, headers, body });
  const snapshot = (answer: unknown): BatchSnapshot => snapshotOf(decodeAnswer(BatchSchema, answer, provider, 'batch'));

  const upload$ = (lines: readonly BatchLine[]): Observable<string> => {
    const jsonl = lines.map((line) => JSON.stringify({ custom_id: line.customId, method: 'POST', url: CHAT_ENDPOINT, body: line.body })).join('\n');
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([`${jsonl}\n`], { type: 'application/jsonl' }), 'persona-rx-batch.jsonl');
    // FormData sets its own multipart content-type, with the boundary.
    const { 'content-type': _json, ...multipartHeaders } = headers;
    return batchJson$(generator, { method: 'POST', url: `${base}/files`, headers: multipartHeaders, body: form }).pipe(
      map((answer) => decodeAnswer(FileSchema, answer, provider, 'file upload answer').id),
    );
  };

  const lineResult = (answer: unknown): LineResult[] => {
    const parsed = ResultLineSchema.safeParse(answer);
    if (!parsed.success) return [];
    const { custom_id: customId, response, error } = parsed.data;
    if (response && response.status_code < 300) return [{ customId, body: response.body }];
    if (response) return [{ customId, error: providerErrorFor(provider, response.status_code, adapter.errorMessage(response.body)) }];
    const message = error?.message ?? error?.code ?? 'no reason given';
    return [{ customId, error: new ProviderError(`${provider} refused this request: ${message}`, { provider, retryable: false, providerMessage: message }) }];
  };

  return {
    submit$: (lines) =>
      upload$(lines).pipe(
        concatMap((inputFileId) => json$('POST', '/batches', { input_file_id: inputFileId, endpoint: CHAT_ENDPOINT, completion_window: '24h' })),
        map(snapshot),
      ),
    status$: (batchId) => json$('GET', `/batches/${batchId}`).pipe(map(snapshot)),
    cancel$: (batchId) => json$('POST', `/batches/${batchId}/cancel`).pipe(map(snapshot)),
    results$: ({ resultFiles, total }) =>
      resultFiles.length === 0
        ? of([])
        : forkJoin(resultFiles.map((fileId) => batchText$(generator, { method: 'GET', url: `${base}/files/${fileId}/content`, headers }, total))).pipe(
            map((texts) => texts.flatMap((text) => jsonLines(text).flatMap(lineResult))),
          ),
  };
}

function snapshotOf(batch: z.output<typeof BatchSchema>): BatchSnapshot {
  const counts = batch.request_counts ?? {};
  const problem = (batch.errors?.data ?? []).map((error) => error.message).filter(Boolean).join('; ');
  return {
    batchId: batch.id,
    status: batch.status,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    total: counts.total ?? 0,
    resultFiles: [batch.output_file_id, batch.error_file_id].filter((id): id is string => !!id),
    ...(problem ? { problem } : {}),
  };
}
