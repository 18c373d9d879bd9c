import { catchError, map, of, type Observable } from 'rxjs';
import type { PersonaError } from '../errors';
import { jobConfigHash } from '../generation/job-config-hash';
import type { SavedJob } from '../schemas/job-record';
import type { GeneratorContext } from '../generation/run-context';
import type { BatchOutcome } from '../events/batch-outcome';
import type { PreparedJob } from './prepared-job';

/** The job key a provider batch's runs are saved under. */
export const batchJobKey = (batchId: string): string => `batch:${batchId}`;

/** The jobs of this batch the bound experiment already saved, by position, when their config is unchanged. */
export function savedJobsOf$(generator: GeneratorContext, batchId: string, jobs: readonly PreparedJob[]): Observable<Map<number, SavedJob>> {
  const store = generator.options.experiment;
  if (!store?.savedJobs$) return of(new Map());
  return store.savedJobs$(batchJobKey(batchId)).pipe(
    map((saved) => {
      const byIndex = new Map<number, SavedJob>();
      for (const entry of saved) {
        const job = jobs[entry.index];
        if (job && !byIndex.has(entry.index) && entry.configHash === jobConfigHash(job.run.config)) byIndex.set(entry.index, entry);
      }
      return byIndex;
    }),
  );
}

/**
 * With an experiment bound, a fulfilled job is saved as a run tagged `batch:<batchId>` (its result
 * then names the directory), once: a job saved by an earlier reading is reported from its saved
 * result, marked `resumed`. A save that fails makes the job rejected with the save's error.
 */
export function savedOnce$(
  generator: GeneratorContext,
  batchId: string,
  saved: ReadonlyMap<number, SavedJob>,
  job: PreparedJob,
  outcome: BatchOutcome,
): Observable<BatchOutcome> {
  const earlier = saved.get(job.index);
  if (earlier) return of({ status: 'fulfilled', value: { ...earlier.result, resumed: true } });
  const store = generator.options.experiment;
  if (!store || outcome.status === 'rejected') return of(outcome);
  const tag = { key: batchJobKey(batchId), index: job.index, configHash: jobConfigHash(job.run.config) };
  return store.saveRun$({ result: outcome.value, config: job.run.config, job: tag }).pipe(
    map((outputDir): BatchOutcome => ({ status: 'fulfilled', value: { ...outcome.value, outputDir } })),
    catchError((error: unknown) => of<BatchOutcome>({ status: 'rejected', reason: error as PersonaError })),
  );
}
