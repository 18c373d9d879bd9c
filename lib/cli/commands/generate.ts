import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { concatMap, EMPTY, lastValueFrom, map, of, type Observable } from 'rxjs';
import { fromAbortable } from '../../data/from-abortable';
import { CancellationError, ConfigurationError } from '../../errors';
import type { SettledBatchEvent } from '../../events/batch-event';
import { Experiment } from '../../experiments/experiment';
import { experimentPaths, type ExperimentPaths } from '../../experiments/layout';
import { saveRun } from '../../experiments/save-run';
import { resultToMarkdown } from '../../export/markdown';
import { AsyncPersonaGenerator } from '../../promise/async-persona-generator';
import { PersonaConfigSchema, type ResolvedPersonaConfig } from '../../schemas/config';
import type { GenerationResult } from '../../schemas/result';
import { parseOrThrow } from '../../schemas/validate';
import type { GeneratorOptions } from '../../schemas/options';
import { priceOf } from '../../cost/pricing';
import { providerAdapter } from '../../providers/registry';
import type { CommandContext } from '../command-context';
import { errorMessage } from '../error-line';
import { jobsFor, loadDataSets, requireData, type Job } from '../data-sets';
import { ExitCode } from '../exit-codes';
import type { GenerateFlags } from '../flags';
import { progressViewFor } from '../progress/view-for';
import { initialStatus, nextStatus } from '../progress/run-status';
import { openProviderSession, withExperimentDefaults } from '../provider-session';
import { RunReport } from '../run-report';
import { terminalJson } from '../terminal-text';

/**
 * `persona generate`: every data set × `--runs` as one batch on `generateAll$` (settle mode, so
 * that one failed run does not stop the others), shown live, each finished run written to
 * `--out` whole or not at all. Exit 0 when every run succeeded, 1 when one failed, 130 on Ctrl-C.
 */
export async function generateCommand(paths: readonly string[], flags: GenerateFlags, context: CommandContext): Promise<ExitCode> {
  const { io, interrupt } = context;
  const config = parseOrThrow(PersonaConfigSchema, { count: flags.count, budgetUsd: flags.budget }, 'persona config');
  requireData(paths, flags.experiment);
  if (flags.resume && !flags.experiment) {
    throw new ConfigurationError('--resume needs --experiment: finished runs are recorded in the experiment', [
      { path: 'resume', message: 'requires --experiment' },
    ]);
  }
  if (flags.out) await prepareOutDirectory(flags.out);
  const experiment = flags.experiment ? await Experiment.aload(flags.experiment, { baseDir: flags.baseDir, signal: interrupt.signal }) : undefined;
  // The data first: a problem with it is the first thing the user reads, before any provider banner.
  const sets = await loadDataSets(paths, experiment, { signal: interrupt.signal, strictData: flags.strictData, io });
  const session = await openProviderSession(withExperimentDefaults(flags, experiment), io);
  try {
    requirePriceForBudget(config.budgetUsd, session.options);
    const generator = new AsyncPersonaGenerator({
      ...session.options,
      stream: flags.stream,
      timeoutMs: flags.timeout,
      maxConcurrentRequests: flags.concurrency,
      experiment,
    });
    const jobs = jobsFor(sets, flags.runs, { count: config.count, budgetUsd: config.budgetUsd });
    return await runBatch(generator, jobs, config, flags, context);
  } finally {
    await session.close();
  }
}

async function runBatch(
  generator: AsyncPersonaGenerator,
  jobs: readonly Job[],
  config: ResolvedPersonaConfig,
  flags: GenerateFlags,
  { io, interrupt }: CommandContext,
): Promise<ExitCode> {
  const startedAt = Date.now();
  const labels = jobs.map((job) => job.label);
  const report = new RunReport(labels);
  const statuses = jobs.map((job) => initialStatus(job.label, config.count));
  const view = progressViewFor(io, { labels });
  interrupt.beforeHardExit(() => view.stop());
  const write$ = (result: GenerationResult): Observable<string | undefined> =>
    flags.out ? fromAbortable((signal) => saveRun(outputPaths(flags.out as string), { result, config }, signal)) : of(undefined);

  const handle = ({ job, event }: SettledBatchEvent): Observable<void> => {
    statuses[job] = nextStatus(statuses[job], event);
    view.update({ job, status: statuses[job], event });
    if (event.type === 'failed') report.record(job, { status: 'failed', error: event.error });
    if (event.type !== 'result') return EMPTY;
    if (event.result.resumed) {
      report.record(job, { status: 'done', result: event.result, resumed: true });
      return EMPTY;
    }
    return write$(event.result).pipe(
      map((outDir) => {
        report.record(job, { status: 'done', result: event.result, ...(outDir ? { outDir } : {}) });
        if (outDir) view.note(job, `written to ${outDir}`);
        if (!flags.json) view.print(`${resultToMarkdown(event.result)}\n`);
      }),
    );
  };

  try {
    const batch$ = generator.generateAll$(
      jobs.map((job) => job.config),
      { concurrency: flags.concurrency, mode: 'settle', signal: interrupt.signal, resumeKey: flags.resume },
    );
    await lastValueFrom(batch$.pipe(concatMap(handle)), { defaultValue: undefined });
    if (flags.resume) io.stderr.write(resumeNote(report.resumed, jobs.length, flags.resume));
  } catch (error) {
    if (!(error instanceof CancellationError)) throw error;
    view.stop();
    io.stderr.write(report.cancelled());
    return ExitCode.cancelled;
  } finally {
    view.stop();
  }
  if (flags.json) io.stdout.write(`${terminalJson(report)}\n`);
  io.stderr.write(report.summary(Date.now() - startedAt));
  return report.failed ? ExitCode.generationFailed : ExitCode.ok;
}

/** How many jobs a `--resume` run found done, so that a re-run says what it did not pay for again. */
function resumeNote(skipped: number, total: number, key: string): string {
  return `Resumed ${JSON.stringify(key)}: skipped ${skipped} of ${total} run(s) already done, generated ${total - skipped}\n`;
}

/**
 * `--budget` needs the model's price to be kept. Without one every run would fail the same way,
 * so the command is refused once (exit 2) with what to do instead.
 */
function requirePriceForBudget(budgetUsd: number | undefined, options: GeneratorOptions): void {
  if (budgetUsd === undefined) return;
  const provider = options.provider ?? 'openai';
  const model = options.model ?? providerAdapter(provider).defaultModel;
  if (priceOf(provider, model)) return;
  const next =
    provider === 'simulated'
      ? 'the simulated provider costs nothing, so leave out --budget'
      : `leave out --budget, or choose a model whose price is known (persona estimate --provider ${provider} --model <id> shows it)`;
  throw new ConfigurationError(`--budget cannot be enforced: no price is known for ${provider} model '${model}': ${next}`, [
    { path: 'budget', message: 'no price known for the model' },
  ]);
}

/** A `--out` that cannot be written fails before anything is spent, not after the first run. */
async function prepareOutDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new ConfigurationError(`--out ${directory} cannot be created: ${errorMessage(error)}`, [{ path: 'out', message: 'cannot be created' }]);
  }
}

/** `--out DIR` holds runs as an experiment's `outputs/` does, and is written the same way. */
function outputPaths(directory: string): ExperimentPaths {
  const outputs = resolve(directory);
  // saveRun stages beside the runs (in root) and publishes into `outputs`: both are this directory.
  return { ...experimentPaths(outputs, '.'), outputs };
}
