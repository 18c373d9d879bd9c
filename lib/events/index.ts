export type * from './generation-event';
export { ofType } from './of-type';
export { progressOf } from './progress-of';
export { personasOf } from './personas-of';
export { resultOf } from './result-of';
export { tokensOf } from './tokens-of';
export { currentPersonas } from './current-personas';
export type * from './batch-event';
export { batchProgress, type BatchProgress } from './batch-progress';
