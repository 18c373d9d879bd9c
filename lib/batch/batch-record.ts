import { EMPTY, ignoreElements, map, type Observable } from 'rxjs';
import { ConfigurationError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import type { ResolvedPersonaConfig } from '../schemas/config';
import type { BatchRun } from './job-outcome';

/** Keeps the batch in the bound experiment, so that it can be resumed by its id alone. */
export function recordBatch$(generator: GeneratorContext, batch: { batchId: string; run: BatchRun }, configs: readonly ResolvedPersonaConfig[]): Observable<never> {
  const store = generator.options.experiment;
  if (!store?.recordBatch$) return EMPTY;
  return store
    .recordBatch$({
      formatVersion: 1,
      batchId: batch.batchId,
      provider: generator.provider.adapter.name,
      model: batch.run.model,
      submittedAt: batch.run.submittedAt.toISOString(),
      configs: [...configs],
    })
    .pipe(ignoreElements());
}

export function recordedBatch$(generator: GeneratorContext, batchId: string): Observable<{ configs: ResolvedPersonaConfig[]; run: BatchRun }> {
  const store = generator.options.experiment;
  const provider = generator.provider.adapter.name;
  if (!store?.loadBatch$) {
    throw new ConfigurationError('Resuming a batch needs its configs, unless the generator is bound to the experiment that recorded it', [
      { path: 'configs', message: 'required without an experiment that recorded the batch' },
    ]);
  }
  return store.loadBatch$(batchId).pipe(
    map((record) => {
      if (record.provider !== provider) {
        throw new ConfigurationError(`Batch ${batchId} was submitted to ${record.provider}, but this generator talks to ${provider}`, [
          { path: 'provider', message: `must be ${record.provider} for this batch` },
        ]);
      }
      return { configs: record.configs, run: { model: record.model, submittedAt: new Date(record.submittedAt) } };
    }),
  );
}
