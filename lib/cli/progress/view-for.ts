import type { CliIo } from '../io';
import { LineView } from './line-view';
import { LiveView } from './live-view';
import type { ProgressView, ViewOptions } from './progress-view';

/**
 * Live bars when a person is watching (stdout and stderr both terminals), plain lines free of
 * control codes otherwise (CI logs, pipes, files, `--json | jq`).
 */
export function progressViewFor(io: CliIo, options: ViewOptions): ProgressView {
  const live = Boolean(io.stdout.isTTY && io.stderr.isTTY) && io.env.TERM !== 'dumb';
  return live ? new LiveView(io, options) : new LineView(io, options);
}
