import type { Command } from 'commander';
import { firstValueFrom, lastValueFrom, tap, type Observable } from 'rxjs';
import type { ProviderBatchEvent, ProviderBatchStatusEvent } from '../../events/provider-batch-event';
import { CancellationError } from '../../errors';
import { Experiment } from '../../experiments/experiment';
import { resultToMarkdown } from '../../export/markdown';
import { PersonaGenerator } from '../../generator/persona-generator';
import { PersonaConfigSchema } from '../../schemas/config';
import { parseOrThrow } from '../../schemas/validate';
import type { CommandContext } from '../command-context';
import { baseDirOption, jsonOption, providerOption, strictDataOption } from '../common-options';
import { jobsFor, loadDataSets, requireData, type DataSet } from '../data-sets';
import { errorMessage } from '../error-line';
import { ExitCode } from '../exit-codes';
import { BatchFlagsSchema, parseFlags, SubmitBatchFlagsSchema, type BatchFlags, type SubmitBatchFlags } from '../flags';
import { openProviderSession, withExperimentDefaults } from '../provider-session';
import { RunReport } from '../run-report';
import { terminalJson, terminalText } from '../terminal-text';

/** `persona batch submit|status|results|cancel`: the providers' own batch engines. */
export function registerBatchCommands(program: Command, context: CommandContext, done: (code: ExitCode) => void): void {
  const batch = program
    .command('batch')
    .description("Use the provider's batch engine (OpenAI Batch, Anthropic Message Batches): half the price, results within 24 h");
  const batchCommand = (name: string, description: string): Command =>
    batch
      .command(name)
      .description(description)
      .addOption(providerOption())
      .option('-m, --model <id>', "the provider's model (default: the provider's usual one)")
      .option('--base-url <url>', 'another endpoint for the provider (a proxy, a local server)')
      .option('-e, --experiment <name>', 'the experiment that records the batch and saves its runs')
      .addOption(baseDirOption())
      .option('--poll-interval <ms>', 'time between two status requests while waiting (default: 30000)')
      .addOption(jsonOption());
  const idArgument = (command: Command): Command => command.argument('<id>', 'the batch id that `persona batch submit` printed');

  batchCommand('submit', 'Submit one request per data set × --runs as one provider batch, and print its id')
    .argument('[data...]', 'research data files or directories (.md .txt .csv .json .yaml .html .docx .pdf .vtt .srt)')
    .option('-n, --count <n>', 'personas per run, 1 to 20 (default: 3)')
    .option('-r, --runs <n>', 'runs per data set (default: 1)')
    .option('-w, --wait', 'wait for the results (Ctrl-C cancels the batch at the provider)')
    .addOption(strictDataOption())
    .action(async (paths: string[], _options: unknown, command: Command) => {
      done(await submitBatch(paths, parseFlags(SubmitBatchFlagsSchema, command), context));
    });
  idArgument(batchCommand('status', "Show a batch's status and counts, in one request")).action(async (id: string, _options: unknown, command: Command) => {
    done(await batchStatus(parseFlags(BatchFlagsSchema, command), context, (generator) => generator.batchStatus$(id)));
  });
  idArgument(batchCommand('cancel', 'Ask the provider to cancel a batch')).action(async (id: string, _options: unknown, command: Command) => {
    done(await batchStatus(parseFlags(BatchFlagsSchema, command), context, (generator) => generator.cancelBatch$(id)));
  });
  idArgument(batchCommand('results', 'Wait for a batch recorded in --experiment and print its personas (Ctrl-C stops waiting, the batch goes on)')).action(
    async (id: string, _options: unknown, command: Command) => {
      done(await batchResults(id, parseFlags(BatchFlagsSchema, command), context));
    },
  );
}

/**
 * A generator for the chosen provider, bound to --experiment if given, for the length of `use`.
 * `prepare` (reading the data) runs before the provider is opened, so that its errors come first.
 */
async function withGenerator<T, D = undefined>(
  flags: BatchFlags,
  context: CommandContext,
  use: (generator: PersonaGenerator, prepared: D) => Promise<T>,
  prepare: (experiment?: Experiment) => Promise<D> = async () => undefined as D,
): Promise<T> {
  const { io, interrupt } = context;
  const experiment = flags.experiment ? await Experiment.aload(flags.experiment, { baseDir: flags.baseDir, signal: interrupt.signal }) : undefined;
  const prepared = await prepare(experiment);
  const session = await openProviderSession(withExperimentDefaults(flags, experiment), io);
  try {
    return await use(new PersonaGenerator({ ...session.options, experiment }), prepared);
  } finally {
    await session.close();
  }
}

export async function submitBatch(paths: readonly string[], flags: SubmitBatchFlags, context: CommandContext): Promise<ExitCode> {
  const config = parseOrThrow(PersonaConfigSchema, { count: flags.count }, 'persona config');
  requireData(paths, flags.experiment);
  const reading = { signal: context.interrupt.signal, strictData: flags.strictData, io: context.io };
  return withGenerator<ExitCode, DataSet[]>(flags, context, async (generator, sets) => {
    const jobs = jobsFor(sets, flags.runs, { count: config.count });
    const events$ = generator.submitBatch$(
      jobs.map((job) => job.config),
      { pollIntervalMs: flags.pollInterval, signal: context.interrupt.signal, cancelOnUnsubscribe: flags.wait },
    );
    if (flags.wait) return followBatch(events$, jobs.map((job) => job.label), flags, context, 'cancelled at the provider');
    const submitted = await firstValueFrom(events$);
    context.io.stderr.write(submittedLine(submitted, flags, false));
    if (flags.json) context.io.stdout.write(`${terminalJson(submitted)}\n`);
    else context.io.stdout.write(`${submitted.type === 'submitted' ? submitted.batchId : ''}\n`);
    return ExitCode.ok;
  }, (experiment) => loadDataSets(paths, experiment, reading));
}

function submittedLine(event: ProviderBatchEvent, flags: BatchFlags, waiting: boolean): string {
  if (event.type !== 'submitted') return '';
  const submitted = `Submitted batch ${event.batchId} to ${event.provider}: ${event.total} request(s).`;
  // The simulated server this command started stops with it, and its batches with it.
  if (event.provider === 'simulated' && !flags.baseUrl) {
    const next = waiting ? 'Waiting for its results.' : "The simulated provider's batches end with this command: add --wait to see the results.";
    return terminalText(`${submitted} ${next}\n`);
  }
  const follow = flags.experiment
    ? `persona batch results ${event.batchId} --experiment ${flags.experiment}`
    : `persona batch status ${event.batchId} (results need --wait or --experiment)`;
  return terminalText(`${submitted} Follow it with: ${follow}\n`);
}

function statusLine(event: ProviderBatchStatusEvent): string {
  return terminalText(`batch ${event.batchId}: ${event.status}, ${event.completed}/${event.total} done, ${event.failed} failed\n`);
}

async function batchStatus(
  flags: BatchFlags,
  context: CommandContext,
  request$: (generator: PersonaGenerator) => Observable<ProviderBatchStatusEvent>,
): Promise<ExitCode> {
  const event = await withGenerator(flags, context, (generator) => firstValueFrom(request$(generator)));
  context.io.stdout.write(flags.json ? `${terminalJson(event)}\n` : statusLine(event));
  return ExitCode.ok;
}

async function batchResults(id: string, flags: BatchFlags, context: CommandContext): Promise<ExitCode> {
  return withGenerator(flags, context, (generator) =>
    followBatch(
      generator.resumeBatch$(id, undefined, { pollIntervalMs: flags.pollInterval, signal: context.interrupt.signal, cancelOnUnsubscribe: false }),
      [],
      flags,
      context,
      'goes on at the provider',
    ),
  );
}

/**
 * Shows a batch to its end: the provider's counts on stderr as they change, each run as Markdown
 * on stdout (or one JSON report with --json). Exit 1 when a run failed, 130 on Ctrl-C.
 */
async function followBatch(
  events$: Observable<ProviderBatchEvent>,
  labels: readonly string[],
  flags: BatchFlags,
  context: CommandContext,
  afterCtrlC: string,
): Promise<ExitCode> {
  const { io } = context;
  const startedAt = Date.now();
  let batchId = '';
  let report = new RunReport(labels);
  const labelOf = (job: number): string => labels[job] ?? `job ${job + 1}`;
  const show = (event: ProviderBatchEvent): void => {
    if (event.type === 'submitted') {
      batchId = event.batchId;
      io.stderr.write(submittedLine(event, flags, true));
    }
    if (event.type === 'status') {
      batchId = event.batchId;
      if (labels.length === 0) report = new RunReport(Array.from({ length: event.total }, (_, job) => labelOf(job)));
      io.stderr.write(statusLine(event));
    }
    if (event.type !== 'job') return;
    const { job, outcome } = event;
    if (outcome.status === 'rejected') {
      report.record(job, { status: 'failed', error: outcome.reason });
      io.stderr.write(terminalText(`[${labelOf(job)}] failed: ${errorMessage(outcome.reason)}\n`));
      return;
    }
    report.record(job, { status: 'done', result: outcome.value, ...(outcome.value.resumed ? { resumed: true as const } : {}) });
    if (!flags.json) io.stdout.write(terminalText(`${resultToMarkdown(outcome.value)}\n`));
  };
  try {
    await lastValueFrom(events$.pipe(tap(show)), { defaultValue: undefined });
  } catch (error) {
    if (!(error instanceof CancellationError)) throw error;
    io.stderr.write(terminalText(`Cancelled (Ctrl-C): batch ${batchId || '(not submitted)'} ${afterCtrlC}.\n`));
    return ExitCode.cancelled;
  }
  if (flags.json) io.stdout.write(`${terminalJson({ batchId, ...report.toJSON() })}\n`);
  io.stderr.write(report.summary(Date.now() - startedAt));
  return report.failed ? ExitCode.generationFailed : ExitCode.ok;
}
