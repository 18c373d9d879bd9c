import type { CommandContext } from '../command-context';
import { demoDataDirectory } from '../demo-data';
import type { ExitCode } from '../exit-codes';
import { GenerateFlagsSchema, type DemoFlags } from '../flags';
import { generateCommand } from './generate';

/**
 * `persona demo`: the main job on the research data shipped in the package, so that someone who
 * only installed persona-rx sees it work. The provider is chosen as `generate` chooses it with no
 * flags: the first whose key is set, else the simulated one, and either is named on stderr.
 */
export async function demoCommand(flags: DemoFlags, context: CommandContext): Promise<ExitCode> {
  const data = demoDataDirectory();
  context.io.stderr.write(`Demo: personas from the sample research data shipped with persona-rx (${data}).\n`);
  return generateCommand([data], GenerateFlagsSchema.parse({ json: flags.json }), context);
}
