import { ConfigurationError } from '../../errors';
import { Experiment } from '../../experiments/experiment';
import type { RunSummary } from '../../experiments/run-metadata';
import type { ExperimentStatistics } from '../../experiments/statistics';
import type { CommandContext } from '../command-context';
import { ExitCode } from '../exit-codes';
import type { CreateExperimentFlags, DeleteExperimentFlags, ExperimentFlags } from '../flags';
import { formatCount, formatSeconds } from '../format';
import { formatUsd } from '../../cost/format-usd';
import { table } from '../table';
import { terminalJson, terminalText } from '../terminal-text';

/** Writes `value` as JSON with `--json`, else the text made for people. */
function reply(context: CommandContext, flags: ExperimentFlags, value: unknown, text: () => string): ExitCode {
  context.io.stdout.write(flags.json ? `${terminalJson(value)}\n` : terminalText(text()));
  return ExitCode.ok;
}

function load(name: string, flags: ExperimentFlags, context: CommandContext): Promise<Experiment> {
  return Experiment.aload(name, { baseDir: flags.baseDir, signal: context.interrupt.signal });
}

export async function createExperiment(name: string, flags: CreateExperimentFlags, context: CommandContext): Promise<ExitCode> {
  const { provider, model, description, baseDir } = flags;
  const experiment = await Experiment.acreate({ name, provider, model, description, baseDir, signal: context.interrupt.signal });
  return reply(context, flags, experiment, () => `Created experiment ${experiment.name} in ${experiment.path}\n`);
}

export async function listExperiments(flags: ExperimentFlags, context: CommandContext): Promise<ExitCode> {
  const experiments = await Experiment.alist({ baseDir: flags.baseDir, signal: context.interrupt.signal });
  return reply(context, flags, experiments, () =>
    experiments.length === 0
      ? `No experiments in ${flags.baseDir}; create one with: persona experiment create NAME\n`
      : table([
          ['NAME', 'PROVIDER', 'CREATED', 'DESCRIPTION'],
          ...experiments.map((info) => [info.name, [info.provider, info.model].filter(Boolean).join(' ') || '-', info.createdAt, info.description]),
        ]),
  );
}

export async function showExperiment(name: string, flags: ExperimentFlags, context: CommandContext): Promise<ExitCode> {
  const experiment = await load(name, flags, context);
  const options = { signal: context.interrupt.signal };
  const [data, statistics] = await Promise.all([experiment.alistData(options), experiment.astatistics(options)]);
  return reply(context, flags, { experiment, data, statistics }, () => {
    const { info } = experiment;
    const cost = statistics.costUsd ? `, ${formatUsd(statistics.costUsd)}` : '';
    return [
      `${info.name}${info.description ? `: ${info.description}` : ''}\n`,
      `  path      ${info.path}\n`,
      `  provider  ${[info.provider, info.model].filter(Boolean).join(' ') || '(chosen when generating)'}\n`,
      `  created   ${info.createdAt}\n`,
      `  data      ${data.length} file(s)${data.map((file) => `\n            ${file.name} (${formatCount(file.bytes)} bytes)`).join('')}\n`,
      `  runs      ${statistics.runs} run(s), ${statistics.personas} persona(s), ${formatCount(statistics.totalTokens)} tokens${cost}\n`,
      ...cacheLine(statistics),
      `  quotes    ${statistics.quotesVerified}/${statistics.quotesTotal} verified in the research data\n`,
      ...(statistics.unreadableRuns ? [`  unreadable ${statistics.unreadableRuns} entry(ies) in outputs/ (see: persona experiment runs ${info.name})\n`] : []),
      ...statistics.batches.map((batch, index) => `  ${index === 0 ? 'batches ' : '        '}  ${batch.key}: ${batch.done}/${batch.total} done\n`),
    ].join('');
  });
}

/** How much input the prompt caches served, and what that saved; nothing for an experiment that never used them. */
function cacheLine({ inputTokens, cachedInputTokens, cacheWriteInputTokens, cacheSavingUsd }: ExperimentStatistics): string[] {
  if (cachedInputTokens === 0 && cacheWriteInputTokens === 0) return [];
  const share = inputTokens ? Math.round((cachedInputTokens / inputTokens) * 100) : 0;
  // Unpriced runs (the simulated provider, unknown models) say nothing of a saving.
  const saving = cacheSavingUsd > 0 ? `; saved ${formatUsd(cacheSavingUsd)}` : cacheSavingUsd < 0 ? `; cost ${formatUsd(-cacheSavingUsd)} more` : '';
  return [
    `  cache     ${formatCount(cachedInputTokens)} of ${formatCount(inputTokens)} input tokens read from the prompt cache (${share}%), ${formatCount(cacheWriteInputTokens)} written${saving}\n`,
  ];
}

function runRow(run: RunSummary): string[] {
  if (run.status === 'unreadable') return [run.runId, '-', '-', '-', '-', '-', '-', `unreadable: ${run.reason}`];
  return [
    run.runId,
    String(run.personas),
    run.quality ? `${run.quality.quotesVerified}/${run.quality.quotesTotal}` : '-',
    formatCount(run.usage.totalTokens),
    run.costUsd === undefined ? '-' : formatUsd(run.costUsd),
    formatSeconds(run.durationMs),
    run.finishedAt,
    `${run.provider} ${run.model}`,
  ];
}

export async function listRuns(name: string, flags: ExperimentFlags, context: CommandContext): Promise<ExitCode> {
  const experiment = await load(name, flags, context);
  const runs = await experiment.alistRuns({ signal: context.interrupt.signal });
  return reply(context, flags, runs, () =>
    runs.length === 0
      ? `No runs in experiment ${name} yet; make one with: persona generate --experiment ${name}\n`
      : table([
          ['RUN', 'PERSONAS', 'QUOTES VERIFIED', 'TOKENS', 'COST', 'TIME', 'FINISHED', 'MODEL'],
          ...runs.map(runRow),
        ]),
  );
}

export async function addData(name: string, paths: readonly string[], flags: ExperimentFlags, context: CommandContext): Promise<ExitCode> {
  const experiment = await load(name, flags, context);
  const added = await experiment.aaddData(paths, { signal: context.interrupt.signal });
  return reply(context, flags, added, () => `Added ${added.length} file(s) to ${name}: ${added.map((file) => file.name).join(', ')}\n`);
}

export async function deleteExperiment(name: string, flags: DeleteExperimentFlags, context: CommandContext): Promise<ExitCode> {
  if (!flags.yes) {
    throw new ConfigurationError(`Deleting removes experiment ${name}, its data and every run: add --yes to confirm`, [
      { path: 'yes', message: 'required to delete' },
    ]);
  }
  const experiment = await load(name, flags, context);
  await experiment.adelete({ confirm: true, signal: context.interrupt.signal });
  return reply(context, flags, { deleted: name }, () => `Deleted experiment ${name}\n`);
}
