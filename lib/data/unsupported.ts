import { DataError } from '../errors';
import { SUPPORTED_DATA_EXTENSIONS } from './formats';

/** The unsupported-type refusal, one wording for a file named on its own and for a strict folder. */
export function unsupported(path: string): DataError {
  return new DataError(`Unsupported data file type: ${path} (supported: ${SUPPORTED_DATA_EXTENSIONS.join(', ')})`, path);
}
