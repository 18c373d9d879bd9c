import type { z } from 'zod';
import { ConfigurationError, type FieldIssue } from '../errors';

/**
 * Parses `input` with `schema` or throws one ConfigurationError naming every offending field.
 * Messages never echo the offending values: one of them might be a key.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ConfigurationError(`Invalid ${what}: ${list}`, issues);
}
