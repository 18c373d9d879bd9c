import type { Observable } from 'rxjs';
import { DataPathsSchema } from '../data/data-options';
import type { SavedJob } from '../schemas/job-record';
import type { RunStore, RunToSave } from '../schemas/run-store';
import { operationPromise, type OperationOptions } from '../promise/operation-promise';
import type { DataDocument } from '../schemas/config';
import type { ProviderName } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import type { ProviderBatchRecord, ResolvedProviderBatchRecord } from '../schemas/provider-batch-record';
import { addData, listData, type DataFileInfo } from './data-store';
import {
  createExperimentDirectory,
  deleteExperimentDirectory,
  listExperimentDirectories,
  openExperimentDirectory,
  requireExperiment,
} from './experiment-directory';
import type { ExperimentFile, ExperimentInfo } from './experiment-file';
import { operation$ } from './experiment-operation';
import { ExperimentStore } from './experiment-store';
import {
  AddDataOptionsSchema,
  CreateExperimentOptionsSchema,
  DeleteExperimentOptionsSchema,
  ListExperimentsOptionsSchema,
  LoadExperimentOptionsSchema,
  type AddDataOptions,
  type CreateExperimentOptions,
  type DeleteExperimentOptions,
  type ExperimentLocation,
  type ListExperimentsOptions,
} from './experiment-options';
import { experimentPaths, type ExperimentPaths } from './layout';
import type { RunSummary } from './run-metadata';
import { jobCounts } from './job-counts';
import { listRuns } from './saved-runs';
import { statisticsOf, type ExperimentStatistics } from './statistics';

/**
 * An experiment on the file system: its research data and every run's personas, under
 * `<baseDir>/<name>/` (`experiment.json`, `data/`, `outputs/<runId>/`). Bind it to a generator
 * (`new PersonaGenerator({ experiment })`) to read its data and save each run whole or not at all.
 * Every operation is a cold `op$` with an awaitable `aop` twin.
 */
export class Experiment implements RunStore {
  readonly name: string;
  readonly description: string;
  readonly provider?: ProviderName;
  readonly model?: string;
  readonly createdAt: string;
  readonly #paths: ExperimentPaths;
  readonly #maxFileBytes: number;
  readonly #store: ExperimentStore;

  private constructor(name: string, file: ExperimentFile, paths: ExperimentPaths, maxFileBytes: number) {
    this.name = name;
    this.description = file.description;
    if (file.provider) this.provider = file.provider;
    if (file.model) this.model = file.model;
    this.createdAt = file.createdAt;
    this.#paths = paths;
    this.#maxFileBytes = maxFileBytes;
    this.#store = new ExperimentStore(name, paths, maxFileBytes);
  }

  /** The experiment's directory. */
  get path(): string {
    return this.#paths.root;
  }

  get info(): ExperimentInfo {
    return {
      name: this.name,
      description: this.description,
      ...(this.provider ? { provider: this.provider } : {}),
      ...(this.model ? { model: this.model } : {}),
      createdAt: this.createdAt,
      path: this.path,
    };
  }

  toJSON(): ExperimentInfo {
    return this.info;
  }

  /**
   * Creates `<baseDir>/<name>/` (baseDir defaults to `./experiments`). A name that could leave
   * baseDir fails with ConfigurationError before anything is created; an existing experiment
   * with ExperimentError, untouched.
   */
  static create$(options: CreateExperimentOptions): Observable<Experiment> {
    return operation$('create the experiment', async (signal) => {
      const { name, description, provider, model, baseDir, maxFileBytes } = parseOrThrow(
        CreateExperimentOptionsSchema,
        options,
        'experiment options',
      );
      const paths = experimentPaths(baseDir, name);
      const file: ExperimentFile = {
        formatVersion: 1,
        description,
        ...(provider ? { provider } : {}),
        ...(model ? { model } : {}),
        createdAt: new Date().toISOString(),
      };
      await createExperimentDirectory(paths, name, file, signal);
      return new Experiment(name, file, paths, maxFileBytes);
    });
  }

  static acreate(options: CreateExperimentOptions & OperationOptions): Promise<Experiment> {
    const { signal, cancellationToken, ...createOptions } = options;
    return operationPromise(Experiment.create$(createOptions), { signal, cancellationToken });
  }

  /**
   * Opens an existing experiment (ExperimentError if there is none, or if its `experiment.json`
   * is broken) and removes what killed processes left half-written in it.
   */
  static load$(name: string, options: ExperimentLocation = {}): Observable<Experiment> {
    return operation$(`load experiment '${name}'`, async () => {
      const { baseDir, maxFileBytes } = parseOrThrow(LoadExperimentOptionsSchema, { ...options, name }, 'experiment options');
      const paths = experimentPaths(baseDir, name);
      return new Experiment(name, await openExperimentDirectory(paths, name), paths, maxFileBytes);
    });
  }

  static aload(name: string, options: ExperimentLocation & OperationOptions = {}): Promise<Experiment> {
    const { signal, cancellationToken, ...location } = options;
    return operationPromise(Experiment.load$(name, location), { signal, cancellationToken });
  }

  /** The experiments in `baseDir`, by name; none when baseDir does not exist. */
  static list$(options: ListExperimentsOptions = {}): Observable<ExperimentInfo[]> {
    return operation$('list experiments', async (signal) => {
      const { baseDir } = parseOrThrow(ListExperimentsOptionsSchema, options, 'list options');
      return listExperimentDirectories(baseDir, signal);
    });
  }

  static alist(options: ListExperimentsOptions & OperationOptions = {}): Promise<ExperimentInfo[]> {
    const { signal, cancellationToken, ...listOptions } = options;
    return operationPromise(Experiment.list$(listOptions), { signal, cancellationToken });
  }

  /** Removes the experiment, its data and every run. Refuses (ConfigurationError) without `{ confirm: true }`. */
  delete$(options: DeleteExperimentOptions): Observable<void> {
    return operation$(`delete experiment '${this.name}'`, async () => {
      parseOrThrow(DeleteExperimentOptionsSchema, options, 'delete options');
      await deleteExperimentDirectory(this.#paths, this.name);
    });
  }

  adelete(options: DeleteExperimentOptions & OperationOptions): Promise<void> {
    const { signal, cancellationToken, ...deleteOptions } = options ?? {};
    return operationPromise(this.delete$(deleteOptions as DeleteExperimentOptions), { signal, cancellationToken });
  }

  /**
   * Copies files and directories (recursively) into `data/`. Every file is checked first; one
   * bad file (DataError naming it) or a name already taken means nothing is copied.
   */
  addData$(paths: string | readonly string[], options: AddDataOptions = {}): Observable<DataFileInfo[]> {
    return operation$(`add data to experiment '${this.name}'`, async (signal) => {
      const inputs = parseOrThrow(DataPathsSchema, paths, 'data paths');
      const { maxFileBytes = this.#maxFileBytes } = parseOrThrow(AddDataOptionsSchema, options, 'data options');
      await requireExperiment(this.#paths, this.name);
      return addData(this.#paths, inputs, maxFileBytes, signal);
    });
  }

  aaddData(paths: string | readonly string[], options: AddDataOptions & OperationOptions = {}): Promise<DataFileInfo[]> {
    const { signal, cancellationToken, ...addOptions } = options;
    return operationPromise(this.addData$(paths, addOptions), { signal, cancellationToken });
  }

  /** The files in `data/`, in the order prompts present them. */
  listData$(): Observable<DataFileInfo[]> {
    return operation$(`list the data of experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.#paths, this.name);
      return listData(this.#paths, signal);
    });
  }

  alistData(options: OperationOptions = {}): Promise<DataFileInfo[]> {
    return operationPromise(this.listData$(), options);
  }

  /** The saved runs, oldest first. */
  listRuns$(): Observable<RunSummary[]> {
    return operation$(`list the runs of experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.#paths, this.name);
      return listRuns(this.#paths, this.name, signal);
    });
  }

  alistRuns(options: OperationOptions = {}): Promise<RunSummary[]> {
    return operationPromise(this.listRuns$(), options);
  }

  /** Runs, personas, tokens, cost and the last run's time, over every saved run; batches with done/total. */
  statistics$(): Observable<ExperimentStatistics> {
    return operation$(`read the statistics of experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.#paths, this.name);
      const [runs, data, counts] = await Promise.all([
        listRuns(this.#paths, this.name, signal),
        listData(this.#paths, signal),
        jobCounts(this.#paths, this.name, signal),
      ]);
      return statisticsOf(runs, data.length, counts);
    });
  }

  astatistics(options: OperationOptions = {}): Promise<ExperimentStatistics> {
    return operationPromise(this.statistics$(), options);
  }

  /** The research data as prompt documents: what a bound generator uses when the config has none. */
  loadData$(): Observable<DataDocument[]> {
    return this.#store.loadData$();
  }

  /**
   * Saves a run into `outputs/<runId>/` whole or not at all, and emits that directory. A `job` tag
   * is written with it (in `metadata.json`) and published by the same rename.
   */
  saveRun$(run: RunToSave): Observable<string> {
    return this.#store.saveRun$(run);
  }

  /** The saved runs tagged with job key `key` (see `JobTag`), oldest first, with their results. */
  savedJobs$(key: string): Observable<SavedJob[]> {
    return this.#store.savedJobs$(key);
  }

  /** Keeps a submitted provider batch in `batches/<batchId>.json`, whole or not at all. */
  recordBatch$(record: ProviderBatchRecord): Observable<void> {
    return this.#store.recordBatch$(record);
  }

  /** A batch `recordBatch$` kept, so that `resumeBatch$(batchId)` needs the id alone. */
  loadBatch$(batchId: string): Observable<ResolvedProviderBatchRecord> {
    return this.#store.loadBatch$(batchId);
  }

  /** Records that the work under job key `key` has `total` jobs, for `statistics$` to show progress. */
  recordJobCount$(key: string, total: number): Observable<void> {
    return this.#store.recordJobCount$(key, total);
  }
}
