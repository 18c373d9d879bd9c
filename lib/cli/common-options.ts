import { Option } from 'commander';
import { DEFAULT_BASE_DIR } from '../experiments/experiment-options';
import { ProviderNameSchema } from '../schemas/options';

export const providerOption = (): Option =>
  new Option('-p, --provider <name>', 'who writes the personas; "simulated" runs a built-in stand-in with no key').choices(
    ProviderNameSchema.options,
  );
export const baseDirOption = (): Option => new Option('--base-dir <dir>', 'where experiments live').default(DEFAULT_BASE_DIR);
export const jsonOption = (): Option => new Option('--json', 'print a machine-readable result on stdout');
export const strictDataOption = (): Option =>
  new Option('--strict-data', 'refuse files of unsupported type inside data folders instead of skipping them');
