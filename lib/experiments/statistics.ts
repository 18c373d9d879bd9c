import { z } from 'zod';
import type { JobCount } from './job-counts';
import type { ReadableRunSummary, RunSummary } from './run-metadata';

/** Work recorded under one job key (a resumable or provider batch): jobs saved of jobs it has. */
export const JobProgressSchema = z.object({
  key: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const ExperimentStatisticsSchema = z.object({
  /** Readable runs: the totals below are over these. */
  runs: z.number().int().nonnegative(),
  /** Entries of `outputs/` that are not readable runs (`alistRuns()` says why). */
  unreadableRuns: z.number().int().nonnegative(),
  personas: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** Input tokens served from the providers' prompt caches (a part of `inputTokens`). */
  cachedInputTokens: z.number().int().nonnegative(),
  /** Input tokens written to the providers' prompt caches (a part of `inputTokens`). */
  cacheWriteInputTokens: z.number().int().nonnegative(),
  /** What the prompt caches saved, in USD, over the runs that say. */
  cacheSavingUsd: z.number(),
  /** The sum over runs whose cost is known. */
  costUsd: z.number().nonnegative(),
  /** Runs without a cost (no price known for their model), left out of `costUsd`. */
  unpricedRuns: z.number().int().nonnegative(),
  /** The finish time of the newest run. */
  lastRunAt: z.string().optional(),
  dataFiles: z.number().int().nonnegative(),
  /** Quotes over runs that recorded their evidence, and how many of them were found in the data. */
  quotesTotal: z.number().int().nonnegative(),
  quotesVerified: z.number().int().nonnegative(),
  /** Resumable and provider batches, by key. */
  batches: z.array(JobProgressSchema),
});
export type ExperimentStatistics = z.infer<typeof ExperimentStatisticsSchema>;

/** Totals over an experiment's runs. */
export function statisticsOf(entries: readonly RunSummary[], dataFiles: number, counts: readonly JobCount[] = []): ExperimentStatistics {
  const runs = entries.filter((entry): entry is ReadableRunSummary => entry.status === 'ok');
  const costUsd = runs.reduce((sum, run) => sum + (run.costUsd ?? 0), 0);
  return {
    runs: runs.length,
    unreadableRuns: entries.length - runs.length,
    personas: runs.reduce((sum, run) => sum + run.personas, 0),
    inputTokens: runs.reduce((sum, run) => sum + run.usage.inputTokens, 0),
    outputTokens: runs.reduce((sum, run) => sum + run.usage.outputTokens, 0),
    totalTokens: runs.reduce((sum, run) => sum + run.usage.totalTokens, 0),
    cachedInputTokens: runs.reduce((sum, run) => sum + (run.usage.cachedInputTokens ?? 0), 0),
    cacheWriteInputTokens: runs.reduce((sum, run) => sum + (run.usage.cacheWriteInputTokens ?? 0), 0),
    cacheSavingUsd: Number(runs.reduce((sum, run) => sum + (run.cacheSavingUsd ?? 0), 0).toFixed(10)),
    costUsd: Number(costUsd.toFixed(10)),
    unpricedRuns: runs.filter((run) => run.costUsd === undefined).length,
    ...(runs.length ? { lastRunAt: runs.map((run) => run.finishedAt).sort().at(-1) } : {}),
    dataFiles,
    quotesTotal: runs.reduce((sum, run) => sum + (run.quality?.quotesTotal ?? 0), 0),
    quotesVerified: runs.reduce((sum, run) => sum + (run.quality?.quotesVerified ?? 0), 0),
    batches: counts.map(({ key, total }) => ({ key, done: doneJobs(runs, key), total })),
  };
}

/** Distinct jobs of `key` with a saved run: a job run again after a config change counts once. */
function doneJobs(runs: readonly ReadableRunSummary[], key: string): number {
  return new Set(runs.filter((run) => run.job?.key === key).map((run) => run.job?.index)).size;
}
