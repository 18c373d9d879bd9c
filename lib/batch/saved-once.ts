import { catchError, map, of, type Observable } from 'rxjs';
import type { PersonaError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import type { BatchOutcome } from '../promise/agenerate-batch';
import type { PreparedJob } from './prepared-job';

/**
 * With an experiment bound, a fulfilled job is saved as a run (its result then names the
 * directory); a save that fails makes the job rejected with the save's error.
 */
export function savedOnce$(generator: GeneratorContext, _batchId: string, job: PreparedJob, outcome: BatchOutcome): Observable<BatchOutcome> {
  const store = generator.options.experiment;
  if (!store || outcome.status === 'rejected') return of(outcome);
  return store.saveRun$({ result: outcome.value, config: job.run.config }).pipe(
    map((outputDir): BatchOutcome => ({ status: 'fulfilled', value: { ...outcome.value, outputDir } })),
    catchError((error: unknown) => of<BatchOutcome>({ status: 'rejected', reason: error as PersonaError })),
  );
}
