import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_BASE_DIR } from '../experiments/experiment-options';
import { ProviderBatchOptionsSchema } from '../schemas/provider-batch-options';
import { BatchOptionsSchema } from '../schemas/batch-options';
import { PersonaConfigSchema } from '../schemas/config';
import { RunOptionsSchema } from '../schemas/options';
import { ExitCode } from './exit-codes';
import { ProviderNameSchema } from '../schemas/options';

// Flags arrive as text; each is checked here against the library's own schema for the field it
// feeds, so that a flag accepts exactly what the library does and an error names the flag.
// A sign is read, so that `--budget=-1` is told what the range is rather than that it is no number.
const wholeNumber = z.string().regex(/^-?\d+$/, 'must be a whole number').transform(Number);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number such as 0.5').transform(Number);

const MAX_RUNS = 100;

export const ProviderFlagsSchema = z.object({
  provider: ProviderNameSchema.optional(),
  model: z.string().min(1).optional(),
  baseUrl: z.string().min(1).optional(),
});

const location = { baseDir: z.string().min(1).default(DEFAULT_BASE_DIR) };
const output = { json: z.boolean().default(false) };

const strictData = { strictData: z.boolean().default(false) };

export const EstimateFlagsSchema = ProviderFlagsSchema.omit({ baseUrl: true }).extend({
  count: wholeNumber.pipe(PersonaConfigSchema.shape.count.unwrap()).optional(),
  experiment: z.string().min(1).optional(),
  ...strictData,
  ...location,
  ...output,
});
export type EstimateFlags = z.output<typeof EstimateFlagsSchema>;

export const GenerateFlagsSchema = EstimateFlagsSchema.extend({
  baseUrl: ProviderFlagsSchema.shape.baseUrl,
  concurrency: wholeNumber.pipe(BatchOptionsSchema.shape.concurrency.unwrap()).optional(),
  runs: wholeNumber.pipe(z.number().int().min(1).max(MAX_RUNS)).default(1),
  timeout: wholeNumber.pipe(RunOptionsSchema.shape.timeoutMs.unwrap()).optional(),
  stream: z.boolean().optional(),
  budget: decimal.pipe(PersonaConfigSchema.shape.budgetUsd.unwrap()).optional(),
  out: z.string().min(1).optional(),
  resume: BatchOptionsSchema.shape.resumeKey,
});
export type GenerateFlags = z.output<typeof GenerateFlagsSchema>;

export const CreateExperimentFlagsSchema = ProviderFlagsSchema.omit({ baseUrl: true }).extend({
  description: z.string().optional(),
  ...location,
  ...output,
});
export type CreateExperimentFlags = z.output<typeof CreateExperimentFlagsSchema>;

export const DemoFlagsSchema = z.object(output);
export type DemoFlags = z.output<typeof DemoFlagsSchema>;

export const ExperimentFlagsSchema = z.object({ ...location, ...output });
export type ExperimentFlags = z.output<typeof ExperimentFlagsSchema>;

export const DeleteExperimentFlagsSchema = ExperimentFlagsSchema.extend({ yes: z.boolean().default(false) });
export type DeleteExperimentFlags = z.output<typeof DeleteExperimentFlagsSchema>;

export const BatchFlagsSchema = ProviderFlagsSchema.extend({
  experiment: z.string().min(1).optional(),
  pollInterval: wholeNumber.pipe(ProviderBatchOptionsSchema.shape.pollIntervalMs.unwrap()).optional(),
  ...location,
  ...output,
});
export type BatchFlags = z.output<typeof BatchFlagsSchema>;

export const SubmitBatchFlagsSchema = BatchFlagsSchema.extend({
  count: GenerateFlagsSchema.shape.count,
  runs: GenerateFlagsSchema.shape.runs,
  wait: z.boolean().default(false),
  ...strictData,
});
export type SubmitBatchFlags = z.output<typeof SubmitBatchFlagsSchema>;

const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** A range error in words for people (zod's own are written for developers); other messages stay the schema's. */
function rangeText(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'number') {
    if (issue.inclusive) return `must be at least ${issue.minimum}`;
    return Number(issue.minimum) === 0 ? 'must be positive' : `must be more than ${issue.minimum}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${issue.maximum}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty';
  return undefined;
}

/** The command's flags, checked; a bad one is a usage error naming the flag (exit 2). */
export function parseFlags<S extends z.ZodType>(schema: S, command: Command): z.output<S> {
  const parsed = schema.safeParse(command.opts(), { error: rangeText });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `option ${flagName(issue.path.join('.'))}: ${issue.message}`);
  return command.error(`error: ${problems.join('; ')}`, { exitCode: ExitCode.usage, code: 'persona.invalidOption' });
}
