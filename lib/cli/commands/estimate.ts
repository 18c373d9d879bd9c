import type { CostEstimate } from '../../cost/estimate';
import { Experiment } from '../../experiments/experiment';
import { AsyncPersonaGenerator } from '../../promise/async-persona-generator';
import type { CommandContext } from '../command-context';
import { jobsFor, loadDataSets, requireData } from '../data-sets';
import { ExitCode } from '../exit-codes';
import type { EstimateFlags } from '../flags';
import { formatCount, formatTokensShort } from '../format';
import { formatUsd } from '../../cost/format-usd';
import { withExperimentDefaults } from '../provider-session';
import { deprecationNotice } from '../../models/deprecation-notice';

const NEVER_CALLED = 'http://127.0.0.1/';

type LabelledEstimate = CostEstimate & { label: string };

/**
 * `persona estimate`: the tokens and cost of one run per data set, from the exact prompt the run
 * would send, before anything is spent. No request is made, so no key is needed.
 */
export async function estimateCommand(paths: readonly string[], flags: EstimateFlags, { io, interrupt }: CommandContext): Promise<ExitCode> {
  requireData(paths, flags.experiment);
  const { signal } = interrupt;
  const experiment = flags.experiment ? await Experiment.aload(flags.experiment, { baseDir: flags.baseDir, signal }) : undefined;
  const { provider, model } = withExperimentDefaults(flags, experiment);
  // Naming an endpoint tells the generator not to ask for a key; an estimate never calls it.
  const generator = new AsyncPersonaGenerator({ provider: provider ?? 'openai', model, baseURL: NEVER_CALLED, experiment });
  const estimates: LabelledEstimate[] = [];
  for (const job of jobsFor(await loadDataSets(paths, experiment, { signal, strictData: flags.strictData, io }), 1, { count: flags.count })) {
    estimates.push({ label: job.label, ...(await generator.aestimateCost(job.config, { signal })) });
  }
  io.stdout.write(flags.json ? `${JSON.stringify({ estimates }, null, 2)}\n` : estimates.map(describeEstimate).join(''));
  // Said once, whatever the number of data sets: they all use the one model.
  const notice = deprecationNotice(generator.provider, generator.model, new Date().toISOString().slice(0, 10));
  if (notice) io.stderr.write(`warning: ${notice}\n`);
  return ExitCode.ok;
}

function describeEstimate(estimate: LabelledEstimate): string {
  const counted = estimate.tokenCounting === 'tokenizer' ? "counted with the model's tokenizer" : 'approximated at 4 characters a token';
  const cost =
    estimate.costUsd !== undefined
      ? `about ${formatUsd(estimate.costUsd)}`
      : estimate.provider === 'simulated'
        ? 'no cost'
        : 'no price known for this model';
  const asOf = estimate.costUsd !== undefined && estimate.costUsd > 0 ? ` (prices as of ${estimate.registryDate})` : '';
  const window = estimate.contextWindow === undefined ? '' : `; context window ${formatCount(estimate.contextWindow)} tokens`;
  return (
    `${estimate.label}: ${formatCount(estimate.inputTokens)} input tokens (${counted}) + ~${formatCount(estimate.outputTokens)} output tokens, ` +
    `${chunkingOf(estimate)}${cost} with ${estimate.provider} ${estimate.model}${asOf}${estimate.chunks === undefined ? window : ''}\n`
  );
}

/** For data larger than the model's window: the window, and the chunk and consolidation requests the run will make. */
function chunkingOf({ model, contextWindow, chunks, consolidations = 0 }: CostEstimate): string {
  if (chunks === undefined || contextWindow === undefined) return '';
  return `${model} window ${formatTokensShort(contextWindow)}: ${chunks} chunks + ${consolidations} consolidation${consolidations === 1 ? '' : 's'}, `;
}
