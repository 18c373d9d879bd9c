import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { interviewCorpus, quotesFrom } from './corpus-data';
import { scanLocate } from '../spec/evidence/support/scan-oracle';
import { EvidenceIndex } from '../lib/evidence/evidence-index';

const MB = 1_000_000;
const SIZES = [1, 5, 20];

interface ChildReport {
  bytes: number;
  startRss: number;
  peakRss: number;
  plans: { counting: string; contextWindow: number; ms: number; kind: string; promptTokens: number; chunks: number; levels: number[] }[];
  evidence: { quotes: number; verified: number; buildMs: number; lookupMs: number }[];
}

function measure(file: string, counting: string): ChildReport {
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'corpus-child.ts'), file, counting], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  return JSON.parse(output) as ChildReport;
}

/** The scan evidence used before the index, on the smallest corpus: the baseline the index is a ratio to. */
function scanBaseline(megabytes: number, quotes: number): { scanMs: number; indexMs: number } {
  const documents = interviewCorpus(megabytes * MB);
  const asked = quotesFrom(documents, quotes);
  let start = performance.now();
  asked.forEach((quote) => scanLocate(documents, quote));
  const scanMs = performance.now() - start;
  start = performance.now();
  const index = new EvidenceIndex(documents);
  asked.forEach((quote) => index.locate(quote));
  return { scanMs, indexMs: performance.now() - start };
}

/**
 * Research data at real size: 1, 5 and 20 MB of generated interviews, planned for an 8k and a
 * 128k window (with the four-characters approximation and with OpenAI's o200k tokenizer), and
 * every quote verified against the whole corpus. Each size runs in its own process for its peak RSS.
 */
export function runCorpusBench(): void {
  const directory = mkdtempSync(join(tmpdir(), 'persona-corpus-'));
  try {
    const reports = SIZES.map((megabytes) => {
      const file = join(directory, `${megabytes}.json`);
      writeFileSync(file, JSON.stringify(interviewCorpus(megabytes * MB)));
      return { megabytes, report: measure(file, process.argv.includes('--tokenizer') ? 'tokenizer' : 'approximation') };
    });
    for (const { megabytes, report } of reports) {
      for (const plan of report.plans) {
        console.log(
          `corpus ${megabytes} MB, ${plan.counting}, window ${plan.contextWindow / 1000}k: plan ${plan.ms.toFixed(0)} ms, ` +
            `${plan.promptTokens.toLocaleString('en')} tokens, ${plan.kind === 'chunks' ? `${plan.chunks} chunks + ${plan.levels.reduce((a, b) => a + b, 0)} consolidation(s) [${plan.levels.join(', ')}]` : plan.kind}`,
        );
      }
      for (const evidence of report.evidence) {
        console.log(
          `corpus ${megabytes} MB, evidence: index ${evidence.buildMs.toFixed(0)} ms + ${evidence.quotes} quotes ${evidence.lookupMs.toFixed(0)} ms (${evidence.verified} verified)`,
        );
      }
      const planMs = Math.max(...report.plans.filter((plan) => plan.counting === 'approximation').map((plan) => plan.ms));
      const evidenceMs = report.evidence[0].buildMs + report.evidence[0].lookupMs;
      const rssRatio = (report.peakRss - report.startRss) / report.bytes;
      console.log(
        `corpus ${megabytes} MB: planning + evidence ${(planMs + evidenceMs).toFixed(0)} ms (target 2000 ms for 20 MB); ` +
          `peak RSS ${(report.peakRss / MB).toFixed(0)} MB, ${rssRatio.toFixed(2)}x the corpus above the process's start (${(report.startRss / MB).toFixed(0)} MB) (target 3x)`,
      );
    }
    const [small, large] = [reports[0], reports[reports.length - 1]];
    const perMb = (report: ChildReport): number => (report.evidence[0].buildMs + report.evidence[0].lookupMs) / (report.bytes / MB);
    console.log(`evidence linearity: ${perMb(small.report).toFixed(1)} ms/MB at ${small.megabytes} MB, ${perMb(large.report).toFixed(1)} ms/MB at ${large.megabytes} MB`);
    const [few, many] = large.report.evidence;
    console.log(`evidence in quotes: ${few.quotes} → ${many.quotes} quotes adds ${(many.lookupMs - few.lookupMs).toFixed(0)} ms of lookups at ${large.megabytes} MB`);
    const baseline = scanBaseline(1, 600);
    console.log(`evidence vs the old scan, 1 MB and 600 quotes: scan ${baseline.scanMs.toFixed(0)} ms, index ${baseline.indexMs.toFixed(0)} ms, ratio ${(baseline.indexMs / baseline.scanMs).toFixed(2)}`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) runCorpusBench();
