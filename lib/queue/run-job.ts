import { map, type Observable } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import type { PersonaGenerator } from '../generator/persona-generator';
import type { QueueJobData } from './job-data';

/**
 * One job's run on the worker's generator. With an experiment bound the run is a one-job
 * resumable batch keyed by the job: a job redone after its worker died once the run was saved
 * replays the saved run (`resumed: true`) instead of generating and saving it a second time.
 */
export function runJob$(generator: PersonaGenerator, data: QueueJobData, signal: AbortSignal | undefined, saved: boolean): Observable<GenerationEvent> {
  const { config, timeoutMs, batch, index } = data;
  if (!saved) return generator.generate$(config, { timeoutMs, signal });
  return generator
    .generateAll$([{ config, timeoutMs }], { resumeKey: `queue-${batch}-${index}`, signal, concurrency: 1 })
    .pipe(map(({ event }) => event));
}
