export * from './index';
export { Experiment } from './experiments/experiment';
export { ExperimentNameSchema } from './experiments/experiment-name';
export { ExperimentInfoSchema, type ExperimentInfo } from './experiments/experiment-file';
export {
  CreateExperimentOptionsSchema,
  DEFAULT_BASE_DIR,
  type CreateExperimentOptions,
  type ExperimentLocation,
  type ListExperimentsOptions,
  type DeleteExperimentOptions,
  type AddDataOptions,
} from './experiments/experiment-options';
export { RunMetadataSchema, RunSummarySchema, type RunMetadata, type RunSummary } from './experiments/run-metadata';
export { ExperimentStatisticsSchema, JobProgressSchema, type ExperimentStatistics, type JobProgress } from './experiments/statistics';
export { DataFileInfoSchema, type DataFileInfo } from './experiments/data-store';
export { loadData$, aloadData } from './data/load-data';
export { DEFAULT_MAX_FILE_BYTES, DataLoadOptionsSchema, type DataLoadOptions } from './data/data-options';
export { SUPPORTED_DATA_EXTENSIONS, type DataExtension } from './data/formats';
export { main as runCli } from './cli/main';
export { processIo, type CliIo, type CliOutput } from './cli/io';
export { ExitCode } from './cli/exit-codes';
