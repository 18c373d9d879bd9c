import { openAiWire } from '../wire/openai-wire';
import { refusal, SimulatedBatch, type BatchAnswer, type BatchRoute, type SimulatedBatchOptions } from './simulated-batch';

interface InputLine {
  custom_id?: unknown;
  body?: unknown;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** OpenAI's Files and Batch endpoints: `/files`, `/files/{id}/content`, `/batches`, `/batches/{id}`, `/batches/{id}/cancel`. */
export class OpenAiBatchWire {
  private readonly files = new Map<string, string>();
  private readonly batches = new Map<string, SimulatedBatch>();
  private sequence = 0;

  constructor(private readonly options: SimulatedBatchOptions) {}

  route(method: string, path: string): BatchRoute | undefined {
    const match = /(?<!\/messages)\/(files|batches)(?:\/([^/]+))?(?:\/(content|cancel))?$/.exec(path);
    if (!match) return undefined;
    const [, collection, id, action] = match;
    const key = `${method} ${collection}${id ? '/:id' : ''}${action ? `/${action}` : ''}`;
    const handlers: Record<string, BatchRoute['answer'] | undefined> = {
      'POST files': (body, contentType) => this.upload(body, contentType),
      'GET files/:id/content': () => this.content(id),
      'POST batches': (body) => this.create(body),
      'GET batches/:id': () => this.withBatch(id, (batch) => batch.advance()),
      'POST batches/:id/cancel': () => this.withBatch(id, (batch) => batch.cancel()),
    };
    const answer = handlers[key];
    return answer && { wire: openAiWire, answer };
  }

  private async upload(body: unknown, contentType: string | undefined): Promise<BatchAnswer> {
    if (typeof body !== 'string' || !contentType?.startsWith('multipart/form-data')) return refusal(400, 'Expected a multipart/form-data upload');
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
    const file = form?.get('file');
    if (form?.get('purpose') !== 'batch' || !(file instanceof Blob)) return refusal(400, "Expected fields 'purpose' (batch) and 'file'");
    const id = `file-sim${(this.sequence += 1)}`;
    const text = await file.text();
    this.files.set(id, text);
    return { status: 200, json: { id, object: 'file', bytes: text.length, created_at: seconds(new Date()), filename: 'batch.jsonl', purpose: 'batch' } };
  }

  private content(id: string): BatchAnswer {
    const text = this.files.get(id);
    return text === undefined ? refusal(404, `No such File object: ${id}`) : { status: 200, text };
  }

  private create(body: unknown): BatchAnswer {
    const { input_file_id: fileId, endpoint, completion_window: window } = (body ?? {}) as Record<string, unknown>;
    const text = typeof fileId === 'string' ? this.files.get(fileId) : undefined;
    if (text === undefined) return refusal(404, `No such File object: ${String(fileId)}`);
    if (endpoint !== '/v1/chat/completions' || window !== '24h') return refusal(400, 'Unsupported endpoint or completion_window');
    const lines = inputLines(text);
    if (!lines) return refusal(400, 'Every line must be a JSON object with a custom_id');
    const id = `batch_sim${(this.sequence += 1)}`;
    const batch = new SimulatedBatch(
      id,
      lines.map((line) => ({ customId: line.custom_id as string, body: line.body })),
      openAiWire,
      this.options,
      { validating: true, finalizing: true },
    );
    this.batches.set(id, batch);
    return { status: 200, json: this.describe(batch, fileId as string) };
  }

  private withBatch(id: string, change: (batch: SimulatedBatch) => void): BatchAnswer {
    const batch = this.batches.get(id);
    if (!batch) return refusal(404, `No batch found with id '${id}'`);
    change(batch);
    return { status: 200, json: this.describe(batch) };
  }

  private describe(batch: SimulatedBatch, inputFileId?: string): Record<string, unknown> {
    const outcomes = batch.outcomes();
    const files = batch.over ? this.publish(batch, outcomes) : {};
    return {
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      ...(inputFileId ? { input_file_id: inputFileId } : {}),
      completion_window: '24h',
      status: batch.stage,
      created_at: seconds(batch.createdAt),
      request_counts: { total: batch.lines.length, completed: outcomes.length - batch.failed, failed: batch.failed },
      output_file_id: null,
      error_file_id: null,
      ...files,
    };
  }

  /** A batch that is over has its output file (answered lines) and error file (refused ones). */
  private publish(batch: SimulatedBatch, outcomes: ReturnType<SimulatedBatch['outcomes']>): Record<string, string | null> {
    const outputId = `file-${batch.id}-output`;
    const errorId = `file-${batch.id}-errors`;
    const answered = outcomes.flatMap((outcome, index) =>
      'answer' in outcome
        ? [{ id: `batch_req_${index}`, custom_id: outcome.customId, response: { status_code: 200, request_id: `req_${index}`, body: outcome.answer }, error: null }]
        : [],
    );
    const refused = outcomes.flatMap((outcome, index) =>
      'fault' in outcome
        ? [
            {
              id: `batch_req_${index}`,
              custom_id: outcome.customId,
              response: { status_code: outcome.fault.status, request_id: `req_${index}`, body: openAiWire.errorBody(outcome.fault.status, outcome.fault.message) },
              error: null,
            },
          ]
        : [],
    );
    const jsonl = (items: unknown[]): string => items.map((item) => `${JSON.stringify(item)}\n`).join('');
    if (answered.length) this.files.set(outputId, jsonl(answered));
    if (refused.length) this.files.set(errorId, jsonl(refused));
    return { output_file_id: answered.length ? outputId : null, error_file_id: refused.length ? errorId : null };
  }
}

function inputLines(text: string): InputLine[] | undefined {
  try {
    const lines = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as InputLine);
    return lines.every((line) => typeof line?.custom_id === 'string') ? lines : undefined;
  } catch {
    return undefined;
  }
}
