import { z } from 'zod';

// Device names Windows refuses as file names, with or without an extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * An experiment's name is its directory under `baseDir`, so it may hold nothing that could lead
 * elsewhere: no separators, no `..`, not absolute, not hidden, not a reserved device name.
 */
export const ExperimentNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-", and must start with a letter or digit')
  .refine((name) => !name.endsWith('.'), 'must not end with "."')
  .refine((name) => !RESERVED.test(name), 'is a reserved device name');
