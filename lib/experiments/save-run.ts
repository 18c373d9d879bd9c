import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ExperimentError } from '../errors';
import { personaToJson, resultToJson } from '../export/json';
import { personaToMarkdown } from '../export/markdown';
import type { RunToSave } from '../schemas/run-store';
import type { Persona } from '../schemas/persona';
import { METADATA_FILE, RESULT_FILE, type ExperimentPaths } from './layout';
import { runMetadata } from './run-metadata';
import { stagingPath } from './staging';

/** `01-maya-chen`: the persona's position, then its name in plain ASCII. */
function personaFileStem(persona: Persona, index: number): string {
  const slug = persona.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${String(index + 1).padStart(2, '0')}-${slug || 'persona'}`;
}

/**
 * Writes a run into a hidden staging directory beside `outputs/`, then renames it to
 * `outputs/<runId>/` in one step, so the run appears whole or not at all. Aborting before the
 * rename removes the staged files; aborting after it removes the run again, since nobody will
 * learn where it went. A job tag goes into `metadata.json`, so it is published by the same rename.
 */
export async function saveRun(
  paths: ExperimentPaths,
  run: RunToSave,
  signal: AbortSignal,
): Promise<string> {
  const { result, config, job } = run;
  const staged = stagingPath(paths.root, result.runId);
  const target = join(paths.outputs, result.runId);
  let published = false;
  try {
    // Never recursive: a run must not recreate an experiment deleted meanwhile.
    await mkdir(staged);
    const files = result.personas.map((persona, index) => {
      const stem = personaFileStem(persona, index);
      return { persona, json: `${stem}.json`, markdown: `${stem}.md` };
    });
    for (const file of files) {
      signal.throwIfAborted();
      await writeFile(join(staged, file.json), personaToJson(file.persona));
      await writeFile(join(staged, file.markdown), personaToMarkdown(file.persona));
    }
    const { outputDir: _unsaved, ...saved } = result;
    await writeFile(join(staged, RESULT_FILE), resultToJson(saved));
    await writeFile(join(staged, METADATA_FILE), `${JSON.stringify(runMetadata(result, config, files, job), null, 2)}\n`);
    signal.throwIfAborted();
    await mkdir(paths.outputs).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await rename(staged, target);
    published = true;
    signal.throwIfAborted();
    return target;
  } catch (error) {
    // The failure that stopped the save is the one to report; a staging entry left behind is
    // hidden, and swept by a load once this process has gone.
    await rm(published ? target : staged, { recursive: true, force: true }).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ExperimentError(`Experiment '${basename(paths.root)}' no longer exists (deleted while run ${result.runId} was being saved)`);
    }
    throw error;
  }
}
