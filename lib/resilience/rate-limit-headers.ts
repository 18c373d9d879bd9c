import { retryAfterMs } from '../providers/provider-error';

/** What one response says about one budget (requests or tokens) of the account. */
export interface BudgetReport {
  remaining: number;
  /** Until the budget is full again (both providers' documented meaning), when the response says. */
  resetMs?: number;
  /** The full budget, when the response says. */
  limit?: number;
}

/** What a response says about the account's rate limits; absent parts were not said. */
export interface RateLimitReport {
  requests?: BudgetReport;
  tokens?: BudgetReport;
  /** How long the server asked the client to wait (`retry-after-ms`, `retry-after`). */
  retryAfterMs?: number;
}

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/** OpenAI's reset durations (`1s`, `6m0s`, `640ms`, `1h2m3.5s`) in milliseconds; undefined if unreadable. */
export function parseResetDuration(text: string): number | undefined {
  const parts = DURATION.exec(text.trim());
  if (!parts || !parts.slice(1).some(Boolean)) return undefined;
  const [hours, minutes, seconds, millis] = parts.slice(1).map((part) => Number(part ?? 0));
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis);
}

/** Anthropic's reset times (RFC 3339) as milliseconds from `now`, never negative. */
export function parseResetTime(text: string, now: number): number | undefined {
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function count(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

function budget(remaining: string | undefined, reset: number | undefined, limit: string | undefined): BudgetReport | undefined {
  const value = count(remaining);
  if (value === undefined) return undefined;
  const full = count(limit);
  return { remaining: value, ...(reset === undefined ? {} : { resetMs: reset }), ...(full === undefined ? {} : { limit: full }) };
}

/** The smaller of two budgets: Anthropic reports input and output tokens apart. */
function tighter(a: BudgetReport | undefined, b: BudgetReport | undefined): BudgetReport | undefined {
  if (!a || !b) return a ?? b;
  return a.remaining <= b.remaining ? a : b;
}

function openAi(headers: Record<string, string>, kind: 'requests' | 'tokens'): BudgetReport | undefined {
  const reset = headers[`x-ratelimit-reset-${kind}`];
  return budget(
    headers[`x-ratelimit-remaining-${kind}`],
    reset === undefined ? undefined : parseResetDuration(reset),
    headers[`x-ratelimit-limit-${kind}`],
  );
}

function anthropic(headers: Record<string, string>, kind: string, now: number): BudgetReport | undefined {
  const reset = headers[`anthropic-ratelimit-${kind}-reset`];
  return budget(
    headers[`anthropic-ratelimit-${kind}-remaining`],
    reset === undefined ? undefined : parseResetTime(reset, now),
    headers[`anthropic-ratelimit-${kind}-limit`],
  );
}

/**
 * Reads the rate-limit headers of OpenAI (and compatible servers) and Anthropic, and
 * `retry-after-ms` / `retry-after` from anyone. `headers` has lower-cased names. Unreadable
 * values are left out rather than guessed.
 */
export function rateLimitReport(headers: Record<string, string>, now: number): RateLimitReport {
  const requests = openAi(headers, 'requests') ?? anthropic(headers, 'requests', now);
  const tokens =
    openAi(headers, 'tokens') ??
    anthropic(headers, 'tokens', now) ??
    tighter(anthropic(headers, 'input-tokens', now), anthropic(headers, 'output-tokens', now));
  const retryAfter = retryAfterMs(headers, now);
  return {
    ...(requests ? { requests } : {}),
    ...(tokens ? { tokens } : {}),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  };
}
