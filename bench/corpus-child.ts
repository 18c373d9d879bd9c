import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { planData, type PlanInput } from '../lib/chunking/plan-data';
import { approximateTokenCount } from '../lib/cost/token-counter';
import { EvidenceIndex } from '../lib/evidence/evidence-index';
import type { DataDocument } from '../lib';
import { quotesFrom } from './corpus-data';

/** One corpus size, measured in a process of its own so that its peak RSS is its own. */
async function main(): Promise<void> {
  const [file, withTokenizer] = process.argv.slice(2);
  const startRss = process.memoryUsage().rss;
  const documents = JSON.parse(readFileSync(file, 'utf8')) as DataDocument[];
  const bytes = documents.reduce((total, document) => total + Buffer.byteLength(document.content), 0);
  const encoding = withTokenizer === 'tokenizer' ? await import('gpt-tokenizer/encoding/o200k_base') : undefined;
  const counters = { approximation: approximateTokenCount, ...(encoding ? { tokenizer: (text: string) => encoding.countTokens(text, { disallowedSpecial: new Set() }) } : {}) };
  const plans: Record<string, unknown>[] = [];
  for (const [counting, count] of Object.entries(counters)) {
    for (const [contextWindow, maxTokens] of [[8_192, 1_000], [128_000, 4_096]]) {
      const input: PlanInput = { documents, contextWindow, count, maxTokens, candidateTokens: Math.min(maxTokens, 1_830), overheadTokens: 600, markerTokens: 30, safetyMargin: Math.ceil(contextWindow * 0.05) };
      const start = performance.now();
      const plan = planData(input);
      const ms = performance.now() - start;
      plans.push({ counting, contextWindow, ms, kind: plan.kind, promptTokens: plan.promptTokens, chunks: plan.kind === 'chunks' ? plan.chunks.length : 0, levels: plan.kind === 'chunks' ? plan.levels : [] });
    }
  }
  const evidence: Record<string, number>[] = [];
  for (const quoteCount of [60, 600]) {
    const quotes = quotesFrom(documents, quoteCount);
    const start = performance.now();
    const index = new EvidenceIndex(documents);
    const built = performance.now();
    const verified = quotes.filter((quote) => index.locate(quote).verified).length;
    evidence.push({ quotes: quoteCount, verified, buildMs: built - start, lookupMs: performance.now() - built });
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ bytes, startRss, peakRss, plans, evidence }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
