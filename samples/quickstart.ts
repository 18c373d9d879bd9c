/**
 * Personas from the sample research data in samples/data/, printed as they stream in.
 *
 *   npm run quickstart
 *
 * With OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY (or GOOGLE_API_KEY) set it asks that
 * provider; with none it starts the simulated provider on 127.0.0.1 and says so.
 */
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { PersonaGenerator, type GenerationEvent, type GeneratorOptions, type ProviderName } from 'persona-rx';
import { aloadData } from 'persona-rx/node';
import { startFakeLlmServer, type FakeLlmServer } from 'persona-rx/testing';

const KEY_VARIABLES: [ProviderName, string[]][] = [
  ['openai', ['OPENAI_API_KEY']],
  ['anthropic', ['ANTHROPIC_API_KEY']],
  ['gemini', ['GEMINI_API_KEY', 'GOOGLE_API_KEY']],
];

function show(event: GenerationEvent): void {
  if (event.type === 'progress') console.log(`[${event.step}/${event.total}] ${event.message}`);
  if (event.type === 'retry') console.log(`retrying (attempt ${event.attempt}) in ${event.delayMs} ms: ${event.reason}`);
  if (event.type === 'persona') {
    const { name, title, goals, quotes } = event.persona;
    console.log(`\n${name}${title ? `, ${title}` : ''}\n  goal: ${goals[0] ?? '-'}\n  quote: ${quotes[0] ?? '-'}\n`);
  }
  if (event.type === 'result') {
    const { personas, usage, durationMs, costUsd } = event.result;
    const cost = costUsd === undefined ? '' : `, $${costUsd.toFixed(4)}`;
    console.log(`${personas.length} personas in ${durationMs} ms (${usage.totalTokens} tokens${cost})`);
  }
}

export async function quickstart(environment: NodeJS.ProcessEnv = process.env): Promise<void> {
  const withKey = KEY_VARIABLES.find(([, variables]) => variables.some((name) => environment[name]));
  let simulated: FakeLlmServer | undefined;
  let options: GeneratorOptions;
  if (withKey) {
    options = { provider: withKey[0] };
  } else {
    simulated = await startFakeLlmServer({ defaults: { chunkDelayMs: 10 } });
    options = { provider: 'simulated', baseURL: simulated.url };
    console.log(`No API key found (${KEY_VARIABLES.flatMap(([, names]) => names).join(', ')}): using the simulated provider at ${simulated.url}.`);
  }
  try {
    const data = await aloadData(join(__dirname, 'data'));
    const generator = new PersonaGenerator(options);
    console.log(`Generating 3 personas from ${data.map((document) => document.name).join(', ')} with ${generator.provider} (${generator.model})`);
    await lastValueFrom(generator.generate$({ count: 3, data }).pipe(tap(show)));
  } finally {
    await simulated?.close();
  }
}

if (require.main === module) {
  quickstart().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
