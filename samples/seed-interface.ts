/**
 * The seed's async interface (F-088), translated to TypeScript: an experiment, a generator bound
 * to it, one run, three runs in parallel, and a progress callback. Every run lands in
 * ./experiments/my-experiment/outputs/.
 *
 *   npm run seed
 *
 * With OPENAI_API_KEY set it asks OpenAI; without it, it starts the simulated provider from
 * persona-rx/testing on 127.0.0.1 and says so.
 */
import { join } from 'node:path';
import {
  AsyncPersonaGenerator,
  ConfigurationError,
  Experiment,
  ExperimentError,
  type GenerationResult,
  type GeneratorOptions,
  type PersonaConfig,
} from 'persona-rx/node';
import { startFakeLlmServer, type FakeLlmServer } from 'persona-rx/testing';

export interface SeedOptions {
  baseDir?: string;
  log?: (line: string) => void;
  /** Where to send requests; by default OpenAI, or the simulated provider when there is no key. */
  connection?: GeneratorOptions;
}

const config: PersonaConfig = { count: 3 };
const config1: PersonaConfig = { count: 2, complexity: 'simple' };
const config2: PersonaConfig = { count: 3, detailLevel: 'detailed' };
const config3: PersonaConfig = { count: 2, includeReasoning: true };

/** The experiment named in the seed, created on the first run and loaded on later ones. */
async function myExperiment(baseDir: string): Promise<Experiment> {
  const exp = await Experiment.acreate({
    name: 'my-experiment',
    description: 'The async interface on the sample research data',
    baseDir,
  }).catch((error: unknown) => {
    if (error instanceof ExperimentError) return Experiment.aload('my-experiment', { baseDir });
    throw error;
  });
  if ((await exp.alistData()).length === 0) await exp.aaddData(join(__dirname, 'data'));
  return exp;
}

/** A generator bound to the experiment: OpenAI with a key, else the simulated provider. */
async function boundGenerator(
  exp: Experiment,
  connection: GeneratorOptions | undefined,
  log: (line: string) => void,
): Promise<{ generator: AsyncPersonaGenerator; simulated?: FakeLlmServer }> {
  try {
    return { generator: new AsyncPersonaGenerator({ ...connection, experiment: exp }) };
  } catch (error) {
    if (!(error instanceof ConfigurationError && error.fields.includes('apiKey'))) throw error;
    const simulated = await startFakeLlmServer({ defaults: { chunkDelayMs: 5 } });
    log(`No OPENAI_API_KEY set: using the simulated provider at ${simulated.url}.`);
    return { generator: new AsyncPersonaGenerator({ experiment: exp, provider: 'simulated', baseURL: simulated.url }), simulated };
  }
}

const names = (result: GenerationResult): string => result.personas.map((persona) => persona.name).join(', ');

export async function generatePersonas(options: SeedOptions = {}): Promise<GenerationResult[]> {
  const { baseDir = './experiments', log = console.log } = options;
  const exp = await myExperiment(baseDir);
  const { generator, simulated } = await boundGenerator(exp, options.connection, log);
  try {
    // Single generation
    const result = await generator.agenerate(config);
    log(`Single run ${result.runId}: ${names(result)}`);

    // Parallel generation
    const results = await Promise.all([generator.agenerate(config1), generator.agenerate(config2), generator.agenerate(config3)]);
    for (const parallel of results) log(`Parallel run ${parallel.runId}: ${names(parallel)}`);

    // With progress callback
    const onProgress = async (step: number, total: number): Promise<void> => {
      log(`Progress: ${step}/${total}`);
    };
    const withProgress = await generator.agenerate(config, { progressCallback: onProgress });
    log(`Run with progress ${withProgress.runId}: ${names(withProgress)}`);

    const stats = await exp.astatistics();
    const cost = stats.costUsd ? `, $${stats.costUsd.toFixed(4)}` : '';
    log(`${exp.name}: ${stats.runs} runs, ${stats.personas} personas, ${stats.totalTokens} tokens${cost}, in ${exp.path}`);
    return [result, ...results, withProgress];
  } finally {
    await simulated?.close();
  }
}

if (require.main === module) {
  generatePersonas().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
