import { z } from 'zod';
import { JobTagSchema, type JobTag } from '../schemas/job-record';
import { PersonaConfigSchema, type ResolvedPersonaConfig } from '../schemas/config';
import { QualitySchema } from '../schemas/evidence';
import { UsageSchema, type GenerationResult } from '../schemas/result';

/**
 * `metadata.json` of a saved run: how it was made and what it cost. It holds the config without
 * its inline data (the run's `sourceFiles` name that) and never anything secret.
 */
export const RunMetadataSchema = z.object({
  formatVersion: z.literal(1),
  runId: z.string().min(1),
  provider: z.string(),
  model: z.string(),
  config: PersonaConfigSchema.omit({ data: true }),
  sourceFiles: z.array(z.string()),
  usage: UsageSchema,
  costUsd: z.number().nonnegative().optional(),
  /** What the prompt cache saved, in USD (see `GenerationResult.cacheSavingUsd`). */
  cacheSavingUsd: z.number().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  /** How many quotes were found in the research data; absent from runs saved before evidence existed. */
  quality: QualitySchema.optional(),
  /** One entry per persona, in result order, with the files holding it. */
  personas: z.array(z.object({ id: z.string(), name: z.string(), json: z.string(), markdown: z.string() })),
  /** The job this run was, when it ran as part of resumable or provider-batch work. */
  job: JobTagSchema.optional(),
});
export type RunMetadata = z.infer<typeof RunMetadataSchema>;

/** A saved run as `listRuns$` reports it. */
export const ReadableRunSummarySchema = RunMetadataSchema.pick({
  runId: true,
  provider: true,
  model: true,
  usage: true,
  costUsd: true,
  cacheSavingUsd: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  quality: true,
  job: true,
}).extend({
  status: z.literal('ok'),
  personas: z.number().int().nonnegative(),
  outputDir: z.string(),
});
export type ReadableRunSummary = z.infer<typeof ReadableRunSummarySchema>;

/**
 * An entry of `outputs/` that is not a readable run (a stray file, a damaged `metadata.json`):
 * reported with the reason, so that one bad entry never hides the others.
 */
export const UnreadableRunSummarySchema = z.object({
  status: z.literal('unreadable'),
  /** The entry's name in `outputs/`. */
  runId: z.string(),
  outputDir: z.string(),
  reason: z.string(),
});
export type UnreadableRunSummary = z.infer<typeof UnreadableRunSummarySchema>;

export const RunSummarySchema = z.discriminatedUnion('status', [ReadableRunSummarySchema, UnreadableRunSummarySchema]);
export type RunSummary = z.infer<typeof RunSummarySchema>;

export function runMetadata(
  result: GenerationResult,
  config: ResolvedPersonaConfig,
  personaFiles: readonly { json: string; markdown: string }[],
  job: JobTag | undefined,
): RunMetadata {
  const { data: _inlineData, ...settings } = config;
  return {
    formatVersion: 1,
    runId: result.runId,
    provider: result.provider,
    model: result.model,
    config: settings,
    sourceFiles: result.sourceFiles,
    usage: result.usage,
    ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
    ...(result.cacheSavingUsd === undefined ? {} : { cacheSavingUsd: result.cacheSavingUsd }),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    attempts: result.attempts,
    quality: result.quality,
    personas: result.personas.map((persona, index) => ({
      id: persona.id,
      name: persona.name,
      json: personaFiles[index].json,
      markdown: personaFiles[index].markdown,
    })),
    ...(job ? { job } : {}),
  };
}

export function runSummary(metadata: RunMetadata, outputDir: string): ReadableRunSummary {
  return {
    status: 'ok',
    runId: metadata.runId,
    provider: metadata.provider,
    model: metadata.model,
    personas: metadata.personas.length,
    usage: metadata.usage,
    ...(metadata.costUsd === undefined ? {} : { costUsd: metadata.costUsd }),
    ...(metadata.cacheSavingUsd === undefined ? {} : { cacheSavingUsd: metadata.cacheSavingUsd }),
    startedAt: metadata.startedAt,
    finishedAt: metadata.finishedAt,
    durationMs: metadata.durationMs,
    ...(metadata.quality ? { quality: metadata.quality } : {}),
    ...(metadata.job ? { job: metadata.job } : {}),
    outputDir,
  };
}
