import { CancellationError, ProviderError } from '../../lib';
import { batchStep, initialBatchState, type BatchState } from '../../lib/queue/batch-state';
import type { JobMessage } from '../../lib/queue/queue-events';
import { QueueError } from '../../lib/queue';
import type { GenerationResult } from '../../lib';

const progress = (job: number, attempt: number, step: number): JobMessage => ({
  kind: 'progress',
  job,
  progress: { attempt, event: { type: 'progress', step, total: 3, stage: 'request', message: 'asking' } },
});
const persona = (job: number, attempt: number): JobMessage => ({
  kind: 'progress',
  job,
  progress: { attempt, event: { type: 'persona', index: 0, persona: { name: 'Ana' } as never, attempt: 1 } },
});
const result = { runId: 'r1', personas: [] } as unknown as GenerationResult;
const completed = (job: number): JobMessage => ({ kind: 'completed', job, outcome: { result } });

function fold(settle: boolean, messages: JobMessage[]): { emitted: BatchState['emit']; finished: number } {
  const step = batchStep(settle);
  let state = initialBatchState();
  const emitted: BatchState['emit'] = [];
  for (const message of messages) {
    state = step(state, message);
    emitted.push(...state.emit);
  }
  return { emitted, finished: state.finished };
}

describe('batchStep', () => {
  it('passes a job’s events on in order and its result once, dropping whatever comes after it', () => {
    const { emitted, finished } = fold(false, [progress(0, 1, 1), persona(0, 1), completed(0), completed(0), progress(0, 1, 2)]);
    expect(emitted.map(({ job, event }) => `${job}:${event.type}`)).toEqual(['0:progress', '0:persona', '0:result']);
    expect(finished).toBe(1);
  });

  it('closes the events of an attempt a dead worker left with a retry event, and drops any that arrive late from it', () => {
    const { emitted } = fold(true, [progress(0, 1, 1), persona(0, 1), progress(0, 2, 1), progress(0, 1, 2), completed(0)]);
    expect(emitted.map(({ event }) => event.type)).toEqual(['progress', 'persona', 'retry', 'progress', 'result']);
    expect(emitted[2].event).toEqual({
      type: 'retry',
      attempt: 2,
      delayMs: 0,
      reason: 'the worker running this job stopped; another worker took it up',
      discarded: { tokens: 0, personas: 1 },
    });
  });

  it('in settle mode turns a run’s error into a failed event of the same class, and a job BullMQ failed into a QueueError', () => {
    const error = new ProviderError('openai responded 500', { provider: 'openai', status: 500, retryable: true }).toJSON();
    const { emitted } = fold(true, [
      { kind: 'completed', job: 0, outcome: { error } },
      { kind: 'failed', job: 1, reason: 'job stalled more than allowable limit' },
    ]);
    const [first, second] = emitted.map(({ event }) => (event as { error: Error }).error);
    expect(first).toBeInstanceOf(ProviderError);
    expect(first).toMatchObject({ status: 500, provider: 'openai', retryable: true, message: 'openai responded 500' });
    expect(second).toBeInstanceOf(QueueError);
    expect(second.message).toBe('Job 1 failed on its worker: job stalled more than allowable limit');
  });

  it('in fail-fast mode throws the first error', () => {
    expect(() => fold(false, [completed(1), { kind: 'completed', job: 0, outcome: { error: new CancellationError('stop').toJSON() } }])).toThrow(CancellationError);
  });
});
