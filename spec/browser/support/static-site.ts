import { context, type BuildOptions } from 'esbuild';

export interface StaticSite {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves `servedir` on a free loopback port with esbuild's own server, plus, when given, `bundle`'s
 * outputs, built and kept in memory (its `outdir` must lie inside `servedir`).
 */
export async function serveStatic(servedir: string, bundle: BuildOptions = {}): Promise<StaticSite> {
  const site = await context({ ...bundle, write: false, logLevel: 'silent' });
  const { port } = await site.serve({ host: '127.0.0.1', port: 0, servedir });
  return { origin: `http://127.0.0.1:${port}`, close: () => site.dispose() };
}
