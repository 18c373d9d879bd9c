import { defer, identity, tap, type MonoTypeOperatorFunction } from 'rxjs';
import { TimeoutError } from '../errors';
import type { RunStage } from '../errors/run-stage';
import type { GenerationEvent } from '../events/generation-event';
import { deadline } from './deadline';

/** A whole-run deadline that names the stage the run had reached, read off its progress events. */
export function runDeadline(ms: number | undefined): MonoTypeOperatorFunction<GenerationEvent> {
  if (!ms) return identity; // 0 or nothing: no limit
  return (source) =>
    defer(() => {
      let stage: RunStage = 'prepare';
      return source.pipe(
        tap((event) => {
          if (event.type === 'progress') stage = event.stage;
        }),
        deadline(ms, () => new TimeoutError(`Run exceeded its ${ms} ms deadline during stage '${stage}'`, { stage, timeoutMs: ms, retryable: false })),
      );
    });
}
