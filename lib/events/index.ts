export type * from './generation-event';
export type * from './batch-event';
export type { BatchOutcome } from './batch-outcome';
