export * from './persona-error';
export * from './errors';
export { redactSecrets, registerSecret, REDACTED } from './redact';
export type { RunStage } from './run-stage';
