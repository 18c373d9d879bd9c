import { z } from 'zod';

/**
 * A batch id as providers issue them (`batch_…`, `msgbatch_…`). Anything else is refused before it
 * goes into a URL or a file name.
 */
export const ProviderBatchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a provider batch id (letters, digits, "_" and "-")');
