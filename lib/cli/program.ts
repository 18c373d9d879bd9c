import { Command } from 'commander';
import { version } from '../../package.json';
import type { CommandContext } from './command-context';
import { registerBatchCommands } from './commands/batch';
import { demoCommand } from './commands/demo';
import { estimateCommand } from './commands/estimate';
import { addData, createExperiment, deleteExperiment, listExperiments, listRuns, showExperiment } from './commands/experiment';
import { generateCommand } from './commands/generate';
import { baseDirOption, jsonOption, providerOption, strictDataOption } from './common-options';
import type { ExitCode } from './exit-codes';
import {
  CreateExperimentFlagsSchema,
  DeleteExperimentFlagsSchema,
  DemoFlagsSchema,
  EstimateFlagsSchema,
  ExperimentFlagsSchema,
  GenerateFlagsSchema,
  parseFlags,
} from './flags';

const EXAMPLES = `
Examples:
  $ persona demo                                            personas from the sample data shipped with persona
  $ persona generate samples/data/ --provider simulated     try it without an API key
  $ persona generate interviews.csv notes/ --count 5        two data sets, run in parallel
  $ persona generate notes/ --runs 3 --out personas/        three runs, written as JSON and Markdown
  $ persona estimate notes/ --provider anthropic            tokens and cost before spending anything
  $ persona experiment create study --provider openai
  $ persona experiment add-data study notes/ && persona generate --experiment study
  $ persona batch submit notes/ --provider openai --wait    the provider's batch engine: half the price, within 24 h

Exit status: 0 done, 1 a generation failed, 2 usage or configuration error, 130 cancelled (Ctrl-C).
`;

/**
 * The `persona` program. Each action reports its exit status through `done`; commander's own
 * failures (unknown flags, missing arguments) throw CommanderError, mapped to 2 by the caller.
 */
export function buildProgram(context: CommandContext, done: (code: ExitCode) => void): Command {
  const { io } = context;
  const program = new Command('persona')
    .description('Evidence-grounded user personas from your research data, with LLMs.')
    .version(version, '-V, --version')
    .option('--debug', 'on failure, print the stack trace and causes')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXAMPLES);

  program
    .command('generate')
    .description('Generate personas from research data: each argument is a data set (a file, or a directory read whole)')
    .argument('[data...]', 'research data files or directories (.md .txt .csv .json .yaml .html .docx .pdf .vtt .srt)')
    .option('-n, --count <n>', 'personas per run, 1 to 20 (default: 3)')
    .addOption(providerOption())
    .option('-m, --model <id>', "the provider's model (default: the provider's usual one)")
    .option('--base-url <url>', 'another endpoint for the provider (a proxy, a local server)')
    .option('-c, --concurrency <n>', 'runs and requests at once (default: 4)')
    .option('-r, --runs <n>', 'runs per data set (default: 1)')
    .option('-e, --experiment <name>', "save the runs in this experiment (and use its data when no data is given)")
    .addOption(baseDirOption())
    .option('--timeout <ms>', 'deadline for each run, retries included')
    .option('--stream', 'stream tokens and show personas as they complete (default)')
    .option('--no-stream', 'ask for whole responses instead')
    .option('--budget <usd>', 'stop any run whose cost would pass this many US dollars')
    .option('-o, --out <dir>', 'write each run to <dir>/<run id>/ as JSON and Markdown')
    .option('--resume <key>', 'with --experiment: record finished runs under <key>; run again, skip the ones already done')
    .addOption(strictDataOption())
    .addOption(jsonOption())
    .action(async (paths: string[], _options: unknown, command: Command) => {
      done(await generateCommand(paths, parseFlags(GenerateFlagsSchema, command), context));
    });

  program
    .command('demo')
    .description(
      'Generate personas from the sample research data shipped with persona: with a provider key in the environment that provider, else the simulated one',
    )
    .addOption(jsonOption())
    .action(async (_options: unknown, command: Command) => {
      done(await demoCommand(parseFlags(DemoFlagsSchema, command), context));
    });

  program
    .command('estimate')
    .description('Estimate the tokens and cost of a run per data set, before spending anything (no key needed)')
    .argument('[data...]', 'research data files or directories')
    .option('-n, --count <n>', 'personas per run, 1 to 20 (default: 3)')
    .addOption(providerOption())
    .option('-m, --model <id>', "the provider's model (default: the provider's usual one)")
    .option('-e, --experiment <name>', "use this experiment's data and provider")
    .addOption(baseDirOption())
    .addOption(strictDataOption())
    .addOption(jsonOption())
    .action(async (paths: string[], _options: unknown, command: Command) => {
      done(await estimateCommand(paths, parseFlags(EstimateFlagsSchema, command), context));
    });

  const experiment = program.command('experiment').description('Create, inspect and delete experiments (data and saved runs)');
  const experimentCommand = (name: string, description: string): Command =>
    experiment.command(name).description(description).addOption(baseDirOption()).addOption(jsonOption());

  experimentCommand('create', 'Create an experiment')
    .argument('<name>', 'letters, digits, ".", "_" and "-"')
    .option('-d, --description <text>', 'what the experiment is for')
    .addOption(providerOption())
    .option('-m, --model <id>', 'the model its runs use by default')
    .action(async (name: string, _options: unknown, command: Command) => {
      done(await createExperiment(name, parseFlags(CreateExperimentFlagsSchema, command), context));
    });
  experimentCommand('list', 'List the experiments').action(async (_options: unknown, command: Command) => {
    done(await listExperiments(parseFlags(ExperimentFlagsSchema, command), context));
  });
  const nameArgument = 'the experiment (see: persona experiment list)';
  experimentCommand('show', "Show an experiment: its settings, data files and runs' totals")
    .argument('<name>', nameArgument)
    .action(async (name: string, _options: unknown, command: Command) => {
      done(await showExperiment(name, parseFlags(ExperimentFlagsSchema, command), context));
    });
  experimentCommand('runs', "List an experiment's saved runs")
    .argument('<name>', nameArgument)
    .action(async (name: string, _options: unknown, command: Command) => {
      done(await listRuns(name, parseFlags(ExperimentFlagsSchema, command), context));
    });
  experimentCommand('add-data', 'Copy research data files or directories into an experiment')
    .argument('<name>', nameArgument)
    .argument('<data...>', 'files or directories')
    .action(async (name: string, paths: string[], _options: unknown, command: Command) => {
      done(await addData(name, paths, parseFlags(ExperimentFlagsSchema, command), context));
    });
  experimentCommand('delete', 'Delete an experiment with its data and every run')
    .argument('<name>', nameArgument)
    .option('-y, --yes', 'confirm the deletion')
    .action(async (name: string, _options: unknown, command: Command) => {
      done(await deleteExperiment(name, parseFlags(DeleteExperimentFlagsSchema, command), context));
    });

  registerBatchCommands(program, context, done);

  return program;
}
