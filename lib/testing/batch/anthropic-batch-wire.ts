import { anthropicWire } from '../wire/anthropic-wire';
import { refusal, SimulatedBatch, type BatchAnswer, type BatchRoute, type SimulatedBatchOptions } from './simulated-batch';

interface BatchRequest {
  custom_id?: unknown;
  params?: unknown;
}

const CUSTOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Anthropic Message Batches: `/v1/messages/batches`, `…/{id}`, `…/{id}/cancel`, `…/{id}/results`. */
export class AnthropicBatchWire {
  private readonly batches = new Map<string, SimulatedBatch>();
  private sequence = 0;

  constructor(
    private readonly options: SimulatedBatchOptions,
    private readonly origin: () => string,
  ) {}

  route(method: string, path: string): BatchRoute | undefined {
    const match = /^\/v1\/messages\/batches(?:\/([^/]+))?(?:\/(cancel|results))?$/.exec(path);
    if (!match) return undefined;
    const [, id, action] = match;
    const key = `${method} ${id ? ':id' : ''}${action ? `/${action}` : ''}`;
    const handlers: Record<string, BatchRoute['answer'] | undefined> = {
      'POST ': (body) => this.create(body),
      'GET :id': () => this.withBatch(id, (batch) => batch.advance(), (batch) => ({ status: 200, json: this.describe(batch) })),
      'POST :id/cancel': () => this.withBatch(id, (batch) => batch.cancel(), (batch) => ({ status: 200, json: this.describe(batch) })),
      'GET :id/results': () => this.withBatch(id, () => undefined, (batch) => this.results(batch)),
    };
    const answer = handlers[key];
    return answer && { wire: anthropicWire, answer };
  }

  private create(body: unknown): BatchAnswer {
    const requests = (body as { requests?: BatchRequest[] } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) return refusal(400, 'requests: must be a non-empty list');
    if (requests.some((request) => typeof request.custom_id !== 'string' || !CUSTOM_ID.test(request.custom_id))) {
      return refusal(400, 'requests: every custom_id must match ^[a-zA-Z0-9_-]{1,64}$');
    }
    const id = `msgbatch_sim${(this.sequence += 1)}`;
    const lines = requests.map((request) => ({ customId: request.custom_id as string, body: request.params }));
    const batch = new SimulatedBatch(id, lines, anthropicWire, this.options, { validating: false, finalizing: false });
    this.batches.set(id, batch);
    return { status: 200, json: this.describe(batch) };
  }

  private withBatch(id: string, change: (batch: SimulatedBatch) => void, answer: (batch: SimulatedBatch) => BatchAnswer): BatchAnswer {
    const batch = this.batches.get(id);
    if (!batch) return refusal(404, `No message batch with id ${id}`);
    change(batch);
    return answer(batch);
  }

  private describe(batch: SimulatedBatch): Record<string, unknown> {
    const outcomes = batch.outcomes();
    const canceled = batch.stage === 'cancelled' ? batch.lines.length - outcomes.length : 0;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: batch.over ? 'ended' : batch.stage === 'cancelling' ? 'canceling' : 'in_progress',
      request_counts: {
        processing: batch.lines.length - outcomes.length - canceled,
        succeeded: outcomes.length - batch.failed,
        errored: batch.failed,
        canceled,
        expired: 0,
      },
      created_at: batch.createdAt.toISOString(),
      ended_at: batch.over ? new Date().toISOString() : null,
      cancel_initiated_at: batch.cancelRequested ? new Date().toISOString() : null,
      results_url: batch.over ? `${this.origin()}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  private results(batch: SimulatedBatch): BatchAnswer {
    if (!batch.over) return refusal(400, `Message batch ${batch.id} is still in progress`);
    const outcomes = batch.outcomes();
    const ran = outcomes.map((outcome) => ({
      custom_id: outcome.customId,
      result:
        'answer' in outcome
          ? { type: 'succeeded', message: outcome.answer }
          : { type: 'errored', error: anthropicWire.errorBody(outcome.fault.status, outcome.fault.message) },
    }));
    const canceled = batch.lines.slice(outcomes.length).map((line) => ({ custom_id: line.customId, result: { type: 'canceled' } }));
    return { status: 200, text: [...ran, ...canceled].map((line) => `${JSON.stringify(line)}\n`).join('') };
  }
}
